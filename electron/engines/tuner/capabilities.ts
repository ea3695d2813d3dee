/**
 * What the tuner may use on a server, in the tuner's words: a view of the one dialect object
 * (`engines/flavor/dialect.ts`, which holds every version threshold). Rules and plans read these
 * flags; no tuner file compares version numbers.
 */
import { dialectOf, type Dialect } from '../flavor/dialect';
import type { Family, ServerFeatures } from '../flavor/flavor';

/** A parsed server version. */
export interface ServerVersion {
  readonly flavor: Family;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** "10.11", "8.4", "9.7": the release series used for end-of-life data. */
  readonly series: string;
}

/** Capability flags the tuner reads under the flavor map's own names (documented there). */
type SharedFlags =
  | 'replicaStatusSyntax'
  | 'redoDynamic'
  | 'hasBufferPoolInstances'
  | 'chunkSizeZeroIsAuto'
  | 'hasBinlogExpireSeconds'
  | 'hasExpireLogsDays'
  | 'logBufferDynamic'
  | 'utf8IsUtf8mb3'
  | 'utf8mb4Collation'
  | 'binlogFormatDeprecated';

/** What the server can do, as far as the tuner cares. */
export interface ServerCapabilities extends Pick<ServerFeatures, SharedFlags> {
  readonly version: ServerVersion;
  /** SET PERSIST / PERSIST_ONLY (MySQL 8.0+). https://dev.mysql.com/doc/refman/8.4/en/persisted-system-variables.html */
  readonly supportsPersist: boolean;
  /** Variable that sizes the redo log: innodb_redo_log_capacity on MySQL 8.0.30+. */
  readonly redoVariable: ServerFeatures['redoCapacityVariable'];
  /** Query cache exists (removed in MySQL 8.0). */
  readonly hasQueryCache: boolean;
}

/** Detects the flavor and version from SELECT VERSION() and @@version_comment. */
export function parseServerVersion(version: string, versionComment = ''): ServerVersion {
  return versionOf(dialectOf(version, versionComment));
}

function versionOf(d: Dialect): ServerVersion {
  const [major, minor, patch] = d.version;
  return { flavor: d.family, major, minor, patch, series: d.series };
}

/** The tuner's view of a dialect. */
export function tunerCapabilities(f: Dialect): ServerCapabilities {
  return {
    version: versionOf(f),
    supportsPersist: f.setPersist,
    redoVariable: f.redoCapacityVariable,
    hasQueryCache: f.queryCache,
    replicaStatusSyntax: f.replicaStatusSyntax,
    redoDynamic: f.redoDynamic,
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
  return tunerCapabilities(dialectOf(version, versionComment));
}
