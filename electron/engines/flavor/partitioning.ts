/**
 * Partitioning facts of each server flavor: the limits, the functions a partitioning expression
 * may use and which of them prune a range, and the error numbers each server gives for the
 * statements partition preflight predicts. Every number here was read from a real MariaDB 10.11
 * and MySQL 9.7 (the integration tests run the statements and compare), with the manual pages:
 * https://dev.mysql.com/doc/refman/8.4/en/partitioning-limitations.html,
 * https://mariadb.com/kb/en/partitioning-limitations/.
 */

/** Where each rule is documented, per flavor. */
export interface PartitioningDocs {
  readonly keys: string;
  readonly functions: string;
  readonly pruning: string;
  readonly management: string;
  readonly limitations: string;
  readonly storageEngine: string;
  readonly columns: string;
}

/** What preflight and the rotation engine need to know about one flavor's partitioning. */
export interface PartitioningFacts {
  /** Partitions plus subpartitions a table may have (8192 on both since MySQL 5.6.7 / MariaDB 10.0.4). */
  readonly maxPartitions: number;
  /** Functions allowed in a RANGE/LIST/HASH expression, upper-case. */
  readonly allowedFunctions: ReadonlySet<string>;
  /** Functions the optimizer inverts to prune a range on the column (a bare column prunes too). */
  readonly pruningFunctions: ReadonlySet<string>;
  /** An InnoDB partitioned table may have FULLTEXT indexes (MariaDB accepts them; MySQL answers 1214). */
  readonly fulltextOnPartitioned: boolean;
  /** Error a table referenced by a foreign key gets when partitioned (MariaDB 1217, MySQL 1506). */
  readonly referencedByForeignKeyErrno: number;
  readonly docs: PartitioningDocs;
}

/** Allowed partitioning functions; the two manuals list the same set. */
const ALLOWED = [
  'ABS',
  'CEILING',
  'CEIL',
  'DATEDIFF',
  'DAY',
  'DAYOFMONTH',
  'DAYOFWEEK',
  'DAYOFYEAR',
  'EXTRACT',
  'FLOOR',
  'HOUR',
  'MICROSECOND',
  'MINUTE',
  'MOD',
  'MONTH',
  'QUARTER',
  'SECOND',
  'TIME_TO_SEC',
  'TO_DAYS',
  'TO_SECONDS',
  'UNIX_TIMESTAMP',
  'WEEKDAY',
  'YEAR',
  'YEARWEEK',
];

/** Functions range pruning can see through (https://dev.mysql.com/doc/refman/8.4/en/partitioning-pruning.html). */
const PRUNING = ['YEAR', 'TO_DAYS', 'TO_SECONDS', 'UNIX_TIMESTAMP'];

/** The partitioning facts of a MySQL-family product. */
export function partitioningFacts(family: 'mysql' | 'mariadb', v: readonly number[]): PartitioningFacts {
  const allowedFunctions = new Set(ALLOWED);
  const pruningFunctions = new Set(PRUNING);
  if (family === 'mariadb') {
    return {
      maxPartitions: 8192,
      allowedFunctions,
      pruningFunctions,
      fulltextOnPartitioned: true,
      referencedByForeignKeyErrno: 1217,
      docs: {
        keys: 'https://mariadb.com/kb/en/partitioning-limitations/',
        functions: 'https://mariadb.com/kb/en/partitioning-limitations/',
        pruning: 'https://mariadb.com/kb/en/partition-pruning-and-selection/',
        management: 'https://mariadb.com/kb/en/partition-maintenance/',
        limitations: 'https://mariadb.com/kb/en/partitioning-limitations/',
        storageEngine: 'https://mariadb.com/kb/en/partitioning-limitations/',
        columns: 'https://mariadb.com/kb/en/range-columns-and-list-columns-partitioning-types/',
      },
    };
  }
  // The 9.x innovation releases share the 8.4 LTS manual's partitioning chapter.
  const major = v[0] ?? 8;
  const base = `https://dev.mysql.com/doc/refman/${major >= 9 || (major === 8 && (v[1] ?? 0) >= 4) ? '8.4' : `${major}.${v[1] ?? 0}`}/en/`;
  return {
    maxPartitions: 8192,
    allowedFunctions,
    pruningFunctions,
    fulltextOnPartitioned: false,
    referencedByForeignKeyErrno: 1506,
    docs: {
      keys: `${base}partitioning-limitations-partitioning-keys-unique-keys.html`,
      functions: `${base}partitioning-limitations-functions.html`,
      pruning: `${base}partitioning-pruning.html`,
      management: `${base}partitioning-management-range-list.html`,
      limitations: `${base}partitioning-limitations.html`,
      storageEngine: `${base}partitioning-limitations-storage-engines.html`,
      columns: `${base}partitioning-columns-range.html`,
    },
  };
}
