import { describe, expect, it } from 'vitest';
import { capabilitiesOf, parseServerVersion } from './capabilities';

describe('parseServerVersion', () => {
  it('reads flavor and series from VERSION() and version_comment', () => {
    expect(parseServerVersion('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12')).toMatchObject({
      flavor: 'mariadb',
      major: 10,
      minor: 11,
      patch: 19,
      series: '10.11',
    });
    expect(parseServerVersion('9.7.4-2', '(Debian)')).toMatchObject({ flavor: 'mysql', series: '9.7' });
    expect(parseServerVersion('5.5.5-10.6.18', 'mariadb.org binary distribution').flavor).toBe('mariadb');
  });
});

describe('capabilitiesOf', () => {
  it('MySQL 9.7: persist, redo capacity, no query cache, REPLICA syntax', () => {
    expect(capabilitiesOf('9.7.4-2')).toMatchObject({
      supportsPersist: true,
      redoVariable: 'innodb_redo_log_capacity',
      redoDynamic: true,
      hasQueryCache: false,
      replicaStatusSyntax: 'SHOW REPLICA STATUS',
      hasBufferPoolInstances: true,
      chunkSizeZeroIsAuto: false,
      hasExpireLogsDays: false,
      utf8mb4Collation: 'utf8mb4_0900_ai_ci',
    });
  });

  it('MySQL 8.0.21 and 8.0.29 sit before the REPLICA syntax and redo capacity', () => {
    expect(capabilitiesOf('8.0.21').replicaStatusSyntax).toBe('SHOW SLAVE STATUS');
    expect(capabilitiesOf('8.0.29')).toMatchObject({ redoVariable: 'innodb_log_file_size', redoDynamic: false, hasExpireLogsDays: true });
    expect(capabilitiesOf('8.0.30').redoVariable).toBe('innodb_redo_log_capacity');
  });

  it('MariaDB 10.11: no persist, query cache, chunk size 0 = autosize, no buffer pool instances', () => {
    expect(capabilitiesOf('10.11.19-MariaDB')).toMatchObject({
      supportsPersist: false,
      redoVariable: 'innodb_log_file_size',
      redoDynamic: true,
      hasQueryCache: true,
      replicaStatusSyntax: 'SHOW REPLICA STATUS',
      hasBufferPoolInstances: false,
      chunkSizeZeroIsAuto: true,
      hasBinlogExpireSeconds: true,
      utf8mb4Collation: 'utf8mb4_uca1400_ai_ci',
    });
  });

  it('MariaDB 10.5.0 still uses SHOW SLAVE STATUS and buffer pool instances', () => {
    expect(capabilitiesOf('10.5.0-MariaDB')).toMatchObject({
      replicaStatusSyntax: 'SHOW SLAVE STATUS',
      hasBufferPoolInstances: true,
      redoDynamic: false,
      chunkSizeZeroIsAuto: false,
    });
  });
});
