/**
 * Server flavor detection and the one capability map. Engines branch on capabilities, never on
 * version strings. Sources: MySQL 8.4/9.x and MariaDB 10.11/11.x reference manuals (links in
 * `docsUrl`), e.g. https://dev.mysql.com/doc/refman/8.4/en/explain.html and
 * https://mariadb.com/kb/en/ignored-indexes/.
 */
import type { Capabilities, Flavor } from '../../../shared/contract/connections';

/** Version triple compare: negative when a < b. */
export function compareVersion(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function parseTriple(version: string): [number, number, number] {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
}

/** Capabilities of a MySQL-family server of a given product and version. */
export function capabilitiesFor(product: 'mysql' | 'mariadb' | 'percona', v: readonly number[]): Capabilities {
  const at = (x: number, y: number, z: number) => compareVersion(v, [x, y, z]) >= 0;
  if (product === 'mariadb') {
    return {
      explainJsonVersions: [1],
      explainAnalyze: at(10, 1, 0) ? 'mariadb-analyze' : 'none',
      setPersist: false,
      indexVisibility: at(10, 6, 0) ? 'ignored' : 'none',
      queryCache: true,
      sysSchema: at(10, 6, 0),
      performanceSchemaDigests: true,
      replicaStatusSyntax: at(10, 5, 1) ? 'SHOW REPLICA STATUS' : 'SHOW SLAVE STATUS',
      statementTimeLimit: at(10, 1, 1) ? 'max_statement_time' : 'none',
      redoCapacityVariable: 'innodb_log_file_size',
    };
  }
  return {
    explainJsonVersions: at(8, 3, 0) ? [1, 2] : [1],
    explainAnalyze: at(8, 0, 18) ? 'mysql-tree' : 'none',
    setPersist: at(8, 0, 0),
    indexVisibility: at(8, 0, 0) ? 'invisible' : 'none',
    queryCache: !at(8, 0, 0),
    sysSchema: at(5, 7, 7),
    performanceSchemaDigests: at(5, 6, 0),
    replicaStatusSyntax: at(8, 0, 22) ? 'SHOW REPLICA STATUS' : 'SHOW SLAVE STATUS',
    statementTimeLimit: at(5, 7, 8) ? 'max_execution_time' : 'none',
    redoCapacityVariable: at(8, 0, 30) ? 'innodb_redo_log_capacity' : 'innodb_log_file_size',
  };
}

/** Detects the flavor from `SELECT VERSION(), @@version_comment`. */
export function detectSqlFlavor(version: string, versionComment: string): Flavor {
  const lower = `${version} ${versionComment}`.toLowerCase();
  const product = lower.includes('mariadb') ? 'mariadb' : lower.includes('percona') ? 'percona' : 'mysql';
  const [major, minor, patch] = parseTriple(version);
  const name = product === 'mariadb' ? 'MariaDB' : product === 'percona' ? 'Percona Server' : 'MySQL';
  const docsUrl =
    product === 'mariadb'
      ? 'https://mariadb.com/kb/en/documentation/'
      : product === 'percona'
        ? `https://docs.percona.com/percona-server/${major}.${minor}/`
        : `https://dev.mysql.com/doc/refman/${major}.${minor}/en/`;
  return {
    product,
    version,
    versionComment,
    major,
    minor,
    patch,
    label: `${name} ${major}.${minor}`,
    docsUrl,
    capabilities: capabilitiesFor(product, [major, minor, patch]),
  };
}

/** Flavor of a Redis server from its INFO `redis_version`. */
export function detectRedisFlavor(redisVersion: string): Flavor {
  const [major, minor, patch] = parseTriple(redisVersion);
  return {
    product: 'redis',
    version: redisVersion,
    versionComment: '',
    major,
    minor,
    patch,
    label: `Redis ${major}.${minor}`,
    docsUrl: 'https://redis.io/docs/latest/',
    capabilities: {
      explainJsonVersions: [],
      explainAnalyze: 'none',
      setPersist: false,
      indexVisibility: 'none',
      queryCache: false,
      sysSchema: false,
      performanceSchemaDigests: false,
      replicaStatusSyntax: 'none',
      statementTimeLimit: 'none',
      redoCapacityVariable: 'none',
    },
  };
}
