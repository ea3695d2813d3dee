import { describe, expect, it } from 'vitest';
import { advisorCapabilities } from '../advisor/capabilities';
import { capabilitiesOf } from '../tuner/capabilities';
import { detectRedisFlavor, detectSqlFlavor, featuresOf } from './flavor';

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

describe('featuresOf: the one map the advisor and the tuner read', () => {
  it('holds the index and tuning features beside the contract capabilities', () => {
    const ma = featuresOf('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');
    expect(ma).toMatchObject({ family: 'mariadb', indexVisibility: 'ignored', descendingIndexes: true, userStatistics: true, hasBufferPoolInstances: false });
    expect(featuresOf('10.6.20-MariaDB', '')).toMatchObject({ descendingIndexes: false, utf8mb4Collation: 'utf8mb4_unicode_520_ci' });
    const my = featuresOf('9.7.4-2', '(Debian)');
    expect(my).toMatchObject({ family: 'mysql', sessionInvisibleIndexes: true, digestSampleText: true, hasExpireLogsDays: false, redoDynamic: true });
    expect(featuresOf('8.0.36-28', 'Percona Server (GPL), Release 28')).toMatchObject({ family: 'mysql', hasExpireLogsDays: true });
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
