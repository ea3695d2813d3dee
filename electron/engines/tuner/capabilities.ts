/**
 * What the tuner may use on a server, in the tuner's words: a view of the one capability map
 * (`engines/flavor/flavor.ts`, which holds every version threshold). Rules and plans read these
 * flags; no tuner file compares version numbers.
 */
import { featuresFor, parseTriple } from '../flavor/flavor';

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
  const [major, minor, patch] = parseTriple(version.trim());
  const flavor: Flavor = /mariadb/i.test(version) || /mariadb/i.test(versionComment) ? 'mariadb' : 'mysql';
  return { flavor, major, minor, patch, series: `${major}.${minor}` };
}

/** The tuner's view of a parsed version. */
export function capabilitiesFor(v: ServerVersion): ServerCapabilities {
  const f = featuresFor(v.flavor, [v.major, v.minor, v.patch]);
  return {
    version: v,
    supportsPersist: f.setPersist,
    redoVariable: f.redoCapacityVariable,
    redoDynamic: f.redoDynamic,
    hasQueryCache: f.queryCache,
    replicaStatusSyntax: f.replicaStatusSyntax,
    hasBufferPoolInstances: f.hasBufferPoolInstances,
    chunkSizeZeroIsAuto: f.chunkSizeZeroIsAuto,
    hasBinlogExpireSeconds: f.hasBinlogExpireSeconds,
    hasExpireLogsDays: f.hasExpireLogsDays,
    logBufferDynamic: f.logBufferDynamic,
    utf8IsUtf8mb3: f.utf8IsUtf8mb3,
    utf8mb4Collation: f.utf8mb4Collation,
    binlogFormatDeprecated: f.binlogFormatDeprecated,
  };
}

/** Shorthand: capabilities straight from the two version strings. */
export function capabilitiesOf(version: string, versionComment = ''): ServerCapabilities {
  return capabilitiesFor(parseServerVersion(version, versionComment));
}
