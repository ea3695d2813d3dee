/**
 * What the advisor may use on a server, derived once from flavor and version; engines branch on
 * these flags, never on version strings.
 * https://dev.mysql.com/doc/refman/8.4/en/invisible-indexes.html
 * https://mariadb.com/kb/en/ignored-indexes/
 */

/** Index-related capabilities of one server. */
export interface AdvisorCapabilities {
  readonly flavor: 'mysql' | 'mariadb';
  readonly version: string;
  /** ALTER INDEX ... INVISIBLE and STATISTICS.IS_VISIBLE (MySQL 8.0+). */
  readonly invisibleIndexes: boolean;
  /** ALTER INDEX ... IGNORED and STATISTICS.IGNORED (MariaDB 10.6+). */
  readonly ignoredIndexes: boolean;
  /** optimizer_switch use_invisible_indexes (MySQL 8.0+): test an invisible index in one session. */
  readonly sessionInvisibleIndexes: boolean;
  /** Descending index keys are stored descending (MySQL 8.0+, MariaDB 10.8+); earlier they are parsed and ignored. */
  readonly descendingIndexes: boolean;
  /** sys.schema_unused_indexes and table_io_waits_summary_by_index_usage (MySQL 5.7+). */
  readonly perfSchemaIndexUsage: boolean;
  /** information_schema.INDEX_STATISTICS with userstat=1 (MariaDB). */
  readonly userStatistics: boolean;
  /** events_statements_summary_by_digest has QUERY_SAMPLE_TEXT (MySQL 8.0+). */
  readonly digestSampleText: boolean;
}

/** Parses "10.11.19-MariaDB-0+deb12u1-log" / "9.7.4" and the version comment into capabilities. */
export function advisorCapabilities(version: string, versionComment = ''): AdvisorCapabilities {
  const mariadb = /mariadb/i.test(version) || /mariadb/i.test(versionComment);
  const [major = 0, minor = 0] = (/^(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  const atLeast = (a: number, b: number): boolean => major > a || (major === a && minor >= b);
  return {
    flavor: mariadb ? 'mariadb' : 'mysql',
    version,
    invisibleIndexes: !mariadb && atLeast(8, 0),
    ignoredIndexes: mariadb && atLeast(10, 6),
    sessionInvisibleIndexes: !mariadb && atLeast(8, 0),
    descendingIndexes: mariadb ? atLeast(10, 8) : atLeast(8, 0),
    perfSchemaIndexUsage: !mariadb && atLeast(5, 7),
    userStatistics: mariadb,
    digestSampleText: !mariadb && atLeast(8, 0),
  };
}
