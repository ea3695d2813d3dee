/**
 * The one place the tuner turns a version string into behaviour. Rules and plans read these
 * flags; no other tuner file compares version numbers.
 */

/** Server family. */
export type Flavor = 'mysql' | 'mariadb';

/** A parsed server version. */
export interface ServerVersion {
  readonly flavor: Flavor;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** "10.11", "8.4", "9.7": the release series used for end-of-life data. */
  readonly series: string;
}

/** What the server can do, as far as the tuner cares. */
export interface ServerCapabilities {
  readonly version: ServerVersion;
  /** SET PERSIST / PERSIST_ONLY (MySQL 8.0+). https://dev.mysql.com/doc/refman/8.4/en/persisted-system-variables.html */
  readonly supportsPersist: boolean;
  /** Variable that sizes the redo log: innodb_redo_log_capacity on MySQL 8.0.30+. */
  readonly redoVariable: 'innodb_redo_log_capacity' | 'innodb_log_file_size';
  /** Whether the redo size can change at runtime (MySQL 8.0.30+, MariaDB 10.9+). */
  readonly redoDynamic: boolean;
  /** Query cache exists (removed in MySQL 8.0). */
  readonly hasQueryCache: boolean;
  /** Replica status statement (MySQL 8.0.22+, MariaDB 10.5.1+ accept SHOW REPLICA STATUS). */
  readonly replicaStatusSyntax: 'SHOW REPLICA STATUS' | 'SHOW SLAVE STATUS';
  /** innodb_buffer_pool_instances exists (removed in MariaDB 10.6). */
  readonly hasBufferPoolInstances: boolean;
  /** innodb_buffer_pool_chunk_size = 0 means "autosize" (MariaDB 10.8+). */
  readonly chunkSizeZeroIsAuto: boolean;
  /** binlog_expire_logs_seconds exists (MySQL 8.0.1+, MariaDB 10.6.1+). */
  readonly hasBinlogExpireSeconds: boolean;
  /** expire_logs_days is still accepted (removed in MySQL 8.4; deprecated alias on MariaDB). */
  readonly hasExpireLogsDays: boolean;
  /** innodb_log_buffer_size can be set at runtime (MySQL 8.0+; static on MariaDB). */
  readonly logBufferDynamic: boolean;
  /** `utf8` means utf8mb3 here and utf8mb4 is available (all supported releases). */
  readonly utf8IsUtf8mb3: boolean;
  /** The modern utf8mb4 collation to recommend (MySQL 8.0+: 0900; MariaDB 10.10+: UCA 14.0). */
  readonly utf8mb4Collation: string;
  /** binlog_format is deprecated (MySQL 8.0.34+). */
  readonly binlogFormatDeprecated: boolean;
}

/** Detects the flavor and version from SELECT VERSION() and @@version_comment. */
export function parseServerVersion(version: string, versionComment = ''): ServerVersion {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  const major = m ? Number(m[1]) : 0;
  const minor = m ? Number(m[2]) : 0;
  const patch = m ? Number(m[3]) : 0;
  const flavor: Flavor = /mariadb/i.test(version) || /mariadb/i.test(versionComment) ? 'mariadb' : 'mysql';
  return { flavor, major, minor, patch, series: `${major}.${minor}` };
}

/** Orders versions: negative when a < b. */
function cmp(v: ServerVersion, major: number, minor: number, patch = 0): number {
  return v.major - major || v.minor - minor || v.patch - patch;
}

/** The capability map for a parsed version. */
export function capabilitiesFor(v: ServerVersion): ServerCapabilities {
  const my = v.flavor === 'mysql';
  const atLeast = (a: number, b: number, c = 0): boolean => cmp(v, a, b, c) >= 0;
  return {
    version: v,
    supportsPersist: my && atLeast(8, 0),
    redoVariable: my && atLeast(8, 0, 30) ? 'innodb_redo_log_capacity' : 'innodb_log_file_size',
    redoDynamic: my ? atLeast(8, 0, 30) : atLeast(10, 9),
    hasQueryCache: my ? !atLeast(8, 0) : true,
    replicaStatusSyntax: (my ? atLeast(8, 0, 22) : atLeast(10, 5, 1)) ? 'SHOW REPLICA STATUS' : 'SHOW SLAVE STATUS',
    hasBufferPoolInstances: my || !atLeast(10, 6),
    chunkSizeZeroIsAuto: !my && atLeast(10, 8),
    hasBinlogExpireSeconds: my ? atLeast(8, 0, 1) : atLeast(10, 6, 1),
    hasExpireLogsDays: my ? !atLeast(8, 4) : true,
    logBufferDynamic: my && atLeast(8, 0),
    utf8IsUtf8mb3: true,
    utf8mb4Collation: my
      ? atLeast(8, 0)
        ? 'utf8mb4_0900_ai_ci'
        : 'utf8mb4_unicode_520_ci'
      : atLeast(10, 10)
        ? 'utf8mb4_uca1400_ai_ci'
        : 'utf8mb4_unicode_520_ci',
    binlogFormatDeprecated: my && atLeast(8, 0, 34),
  };
}

/** Shorthand: capabilities straight from the two version strings. */
export function capabilitiesOf(version: string, versionComment = ''): ServerCapabilities {
  return capabilitiesFor(parseServerVersion(version, versionComment));
}
