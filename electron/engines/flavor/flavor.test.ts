import { describe, expect, it } from 'vitest';
import { advisorCapabilities } from '../advisor/capabilities';
import { capabilitiesOf } from '../tuner/capabilities';
import { dialectForTarget, dialectOf, detectSqlFlavor } from './dialect';
import { detectRedisFlavor } from './flavor';

// Version strings as the real servers report them (captured from the sandboxes and from docs).
describe('detectSqlFlavor', () => {
  it('MariaDB 10.11 from Debian: ignored indexes, max_statement_time, no SET PERSIST', () => {
    const f = detectSqlFlavor('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');
    expect(f.product).toBe('mariadb');
    expect(f.label).toBe('MariaDB 10.11');
    expect(f.capabilities).toMatchObject({
      indexVisibility: 'ignored',
      setPersist: false,
      statementTimeLimit: 'max_statement_time',
      explainAnalyze: 'mariadb-analyze',
      replicaStatusSyntax: 'SHOW REPLICA STATUS',
      queryCache: true,
    });
  });
  it('MySQL 9.7: JSON v1 and v2, EXPLAIN ANALYZE, invisible indexes, redo capacity', () => {
    const f = detectSqlFlavor('9.7.4-2', '(Debian)');
    expect(f.product).toBe('mysql');
    expect(f.label).toBe('MySQL 9.7');
    expect(f.capabilities).toMatchObject({
      explainJsonVersions: [1, 2],
      explainAnalyze: 'mysql-tree',
      setPersist: true,
      indexVisibility: 'invisible',
      queryCache: false,
      redoCapacityVariable: 'innodb_redo_log_capacity',
      statementTimeLimit: 'max_execution_time',
    });
  });
  it('MySQL 8.0.21 still uses SHOW SLAVE STATUS and innodb_log_file_size', () => {
    const f = detectSqlFlavor('8.0.21', 'MySQL Community Server - GPL');
    expect(f.capabilities.replicaStatusSyntax).toBe('SHOW SLAVE STATUS');
    expect(f.capabilities.redoCapacityVariable).toBe('innodb_log_file_size');
    expect(f.capabilities.explainJsonVersions).toEqual([1]);
  });
  it('MySQL 5.7 has the query cache and no invisible indexes', () => {
    const f = detectSqlFlavor('5.7.44-log', 'MySQL Community Server (GPL)');
    expect(f.capabilities.queryCache).toBe(true);
    expect(f.capabilities.indexVisibility).toBe('none');
    expect(f.capabilities.explainAnalyze).toBe('none');
  });
  it('Percona Server is told apart by its version comment', () => {
    const f = detectSqlFlavor('8.0.36-28', 'Percona Server (GPL), Release 28, Revision 47601f19');
    expect(f.product).toBe('percona');
    expect(f.label).toBe('Percona Server 8.0');
    expect(f.capabilities.setPersist).toBe(true);
  });
  it('MariaDB 11.4 and 10.5', () => {
    expect(detectSqlFlavor('11.4.2-MariaDB', 'mariadb.org binary distribution').label).toBe('MariaDB 11.4');
    expect(detectSqlFlavor('10.5.0-MariaDB', '').capabilities.replicaStatusSyntax).toBe('SHOW SLAVE STATUS');
    expect(detectSqlFlavor('10.5.0-MariaDB', '').capabilities.indexVisibility).toBe('none');
  });
});

describe('detectRedisFlavor', () => {
  it('reads the version', () => {
    expect(detectRedisFlavor('7.0.15').label).toBe('Redis 7.0');
  });
});

describe('dialectOf: the one map the advisor and the tuner read', () => {
  it('holds the index and tuning features beside the contract capabilities', () => {
    const ma = dialectOf('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');
    expect(ma).toMatchObject({ family: 'mariadb', indexVisibility: 'ignored', descendingIndexes: true, userStatistics: true, hasBufferPoolInstances: false });
    expect(dialectOf('10.6.20-MariaDB', '')).toMatchObject({ descendingIndexes: false, utf8mb4Collation: 'utf8mb4_unicode_520_ci' });
    const my = dialectOf('9.7.4-2', '(Debian)');
    expect(my).toMatchObject({ family: 'mysql', sessionInvisibleIndexes: true, digestSampleText: true, hasExpireLogsDays: false, redoDynamic: true });
    expect(dialectOf('8.0.36-28', 'Percona Server (GPL), Release 28')).toMatchObject({ family: 'mysql', hasExpireLogsDays: true });
    // The contract's capabilities are exactly the wire subset of the features.
    const f = detectSqlFlavor('9.7.4-2', '(Debian)');
    for (const [k, v] of Object.entries(f.capabilities)) expect(my[k as keyof typeof my]).toEqual(v);
  });

  it('is what the advisor and tuner views say', () => {
    const adv = advisorCapabilities('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');
    expect(adv).toMatchObject({ flavor: 'mariadb', ignoredIndexes: true, invisibleIndexes: false, descendingIndexes: true });
    const tun = capabilitiesOf('8.0.29', 'MySQL Community Server - GPL');
    expect(tun).toMatchObject({ supportsPersist: true, redoVariable: 'innodb_log_file_size', redoDynamic: false, hasQueryCache: false });
  });
});

describe('the dialect object', () => {
  it('answers grammar, EXPLAIN syntax, lint target and index DDL facts for each server the app meets', () => {
    const ma = dialectOf('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');
    expect(ma).toMatchObject({
      label: 'MariaDB 10.11',
      parserGrammar: 'mariadb',
      lintTarget: 'mariadb-10.11',
      explain: { traditional: 'EXPLAIN', json: 'EXPLAIN FORMAT=JSON', tree: null, analyze: 'ANALYZE FORMAT=JSON', partitions: 'EXPLAIN PARTITIONS' },
      onlineAddIndex: true,
      metadataOnlyDropIndex: true,
      functionalIndexes: false,
      fulltextNgram: false,
      histograms: 'mariadb-eits',
    });
    const my = dialectOf('9.7.4-2', '(Debian)');
    expect(my).toMatchObject({
      label: 'MySQL 9.7',
      parserGrammar: 'mysql',
      lintTarget: 'mysql-9.7',
      explain: { traditional: 'EXPLAIN FORMAT=TRADITIONAL', tree: 'EXPLAIN FORMAT=TREE', analyze: 'EXPLAIN ANALYZE', partitions: 'EXPLAIN FORMAT=TRADITIONAL' },
      functionalIndexes: true,
      fulltextNgram: true,
      histograms: 'mysql-histogram',
      docsUrl: 'https://dev.mysql.com/doc/refman/9.7/en/',
    });
    expect(dialectOf('8.0.12', '')).toMatchObject({ lintTarget: 'mysql-8.4', functionalIndexes: false, instantAddColumn: true });
    expect(dialectOf('8.0.36-28', 'Percona Server (GPL), Release 28')).toMatchObject({ product: 'percona', family: 'mysql', parserGrammar: 'mysql' });
    expect(dialectOf('5.7.44', '').explain).toMatchObject({ analyze: null, tree: null });
    expect(dialectOf('8.0.16', '').explain).toMatchObject({ analyze: null, tree: 'EXPLAIN FORMAT=TREE' });
    expect(dialectForTarget('mariadb-10.11').family).toBe('mariadb');
    expect(() => dialectForTarget('oracle-23')).toThrow(/Unknown flavor/);
  });

  it('is what the connection flavor, the advisor and the tuner report', () => {
    const f = detectSqlFlavor('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');
    const d = dialectOf('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');
    expect(f).toMatchObject({ label: d.label, docsUrl: d.docsUrl });
    for (const [k, v] of Object.entries(f.capabilities)) expect(d[k as keyof typeof d]).toEqual(v);
    expect(advisorCapabilities('10.11.19-MariaDB', '')).toMatchObject({
      flavor: d.family,
      functionalIndexes: false,
      fulltextNgram: false,
      onlineAddIndex: true,
    });
    expect(capabilitiesOf('10.11.19-MariaDB', '').version).toMatchObject({ flavor: 'mariadb', series: d.series });
  });
});
