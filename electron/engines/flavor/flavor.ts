/**
 * Server flavor detection and the one capability map. Engines branch on capabilities, never on
 * version strings. Sources: MySQL 8.4/9.x and MariaDB 10.11/11.x reference manuals (links in
 * `docsUrl`), e.g. https://dev.mysql.com/doc/refman/8.4/en/explain.html and
 * https://mariadb.com/kb/en/ignored-indexes/.
 */
import type { Capabilities, Flavor } from '../../../shared/contract/connections';
import { partitioningFacts, type PartitioningFacts } from './partitioning';

/** Version triple compare: negative when a < b. */
export function compareVersion(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The version triple at the start of a version string ("10.11.19-MariaDB-..." → [10, 11, 19]). */
export function parseTriple(version: string): [number, number, number] {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
}

/** Products of the MySQL family the app knows: Percona Server speaks MySQL. */
export type SqlProduct = 'mysql' | 'mariadb' | 'percona';

/** The product from `VERSION()` and `@@version_comment`. */
export function detectProduct(version: string, versionComment: string): SqlProduct {
  const lower = `${version} ${versionComment}`.toLowerCase();
  return lower.includes('mariadb') ? 'mariadb' : lower.includes('percona') ? 'percona' : 'mysql';
}

/** The two SQL families every engine branches on: Oracle MySQL and Percona Server are 'mysql'. */
export type Family = 'mysql' | 'mariadb';

/**
 * Everything engines branch on for one MySQL-family server: the contract's capabilities (sent to
 * the renderer) plus the index and tuning features the advisor and the tuner read. This is the
 * only place that compares version numbers; `advisor/capabilities.ts` and `tuner/capabilities.ts`
 * are views of it in their engines' own words.
 */
export interface ServerFeatures extends Capabilities {
  /** MariaDB, or the MySQL family (Oracle MySQL and Percona Server). */
  readonly family: Family;
  readonly replicaStatusSyntax: 'SHOW REPLICA STATUS' | 'SHOW SLAVE STATUS';
  readonly redoCapacityVariable: 'innodb_redo_log_capacity' | 'innodb_log_file_size';
  /** optimizer_switch use_invisible_indexes: test an invisible index in one session (MySQL 8.0+). https://dev.mysql.com/doc/refman/8.4/en/invisible-indexes.html */
  readonly sessionInvisibleIndexes: boolean;
  /** Descending keys stored descending (MySQL 8.0+, MariaDB 10.8+); earlier parsed and ignored. https://mariadb.com/kb/en/descending-indexes/ */
  readonly descendingIndexes: boolean;
  /** sys.schema_unused_indexes / table_io_waits_summary_by_index_usage (MySQL 5.7+). */
  readonly perfSchemaIndexUsage: boolean;
  /** information_schema.INDEX_STATISTICS with userstat=1 (MariaDB). https://mariadb.com/kb/en/user-statistics/ */
  readonly userStatistics: boolean;
  /** events_statements_summary_by_digest.QUERY_SAMPLE_TEXT (MySQL 8.0+). */
  readonly digestSampleText: boolean;
  /** The redo log can be resized at runtime (MySQL 8.0.30+, MariaDB 10.9+). */
  readonly redoDynamic: boolean;
  /** innodb_buffer_pool_instances exists (removed in MariaDB 10.6). */
  readonly hasBufferPoolInstances: boolean;
  /** innodb_buffer_pool_chunk_size = 0 means "autosize" (MariaDB 10.8+). */
  readonly chunkSizeZeroIsAuto: boolean;
  /** binlog_expire_logs_seconds exists (MySQL 8.0.1+, MariaDB 10.6.1+). */
  readonly hasBinlogExpireSeconds: boolean;
  /** expire_logs_days is still accepted (removed in MySQL 8.4; a deprecated alias on MariaDB). */
  readonly hasExpireLogsDays: boolean;
  /** innodb_log_buffer_size can be set at runtime (MySQL 8.0+; static on MariaDB). */
  readonly logBufferDynamic: boolean;
  /** `utf8` means utf8mb3 and utf8mb4 is available (all supported releases). */
  readonly utf8IsUtf8mb3: boolean;
  /** The modern utf8mb4 collation to recommend (MySQL 8.0+: 0900; MariaDB 10.10+: UCA 14.0). */
  readonly utf8mb4Collation: string;
  /** binlog_format is deprecated (MySQL 8.0.34+). */
  readonly binlogFormatDeprecated: boolean;
  /** Partition limits, functions, pruning and the error numbers preflight predicts (flavor/partitioning.ts). */
  readonly partitioning: PartitioningFacts;
  /** Where the binlog file, position and GTID set stand (SHOW MASTER STATUS was removed in MySQL 8.4; MariaDB's GTID is a variable). */
  readonly binlogStatus: { statement: 'SHOW BINARY LOG STATUS' | 'SHOW MASTER STATUS'; gtidVariable: 'gtid_binlog_pos' | 'gtid_executed' };
  /** ADD INDEX runs ALGORITHM=INPLACE, LOCK=NONE: reads and writes go on while it builds (MySQL 5.6+, MariaDB 10.0+). https://dev.mysql.com/doc/refman/8.4/en/innodb-online-ddl-operations.html#online-ddl-index-operations */
  readonly onlineAddIndex: boolean;
  /** DROP INDEX only changes metadata: no table copy, instant (MySQL 5.6+, MariaDB 10.0+). */
  readonly metadataOnlyDropIndex: boolean;
  /** Functional key parts `INDEX ((expr))` (MySQL 8.0.13+; MariaDB has none: a generated column + index instead). https://mariadb.com/kb/en/generated-columns/#index-support */
  readonly functionalIndexes: boolean;
  /** FULLTEXT `WITH PARSER ngram` for CJK text (MySQL 5.7.6+; MariaDB ships no ngram parser). https://dev.mysql.com/doc/refman/8.4/en/fulltext-search-ngram.html */
  readonly fulltextNgram: boolean;
  /** ADD COLUMN with ALGORITHM=INSTANT (MySQL 8.0.12+, MariaDB 10.3.2+). */
  readonly instantAddColumn: boolean;
  /** Column histograms: MySQL's ANALYZE TABLE … UPDATE HISTOGRAM (8.0+) or MariaDB's engine-independent statistics (10.0+). https://mariadb.com/kb/en/histogram-based-statistics/ */
  readonly histograms: 'mysql-histogram' | 'mariadb-eits' | 'none';
}

/** The one capability map: features of a MySQL-family server of a given product and version. */
export function featuresFor(product: SqlProduct, v: readonly number[]): ServerFeatures {
  const at = (x: number, y: number, z: number) => compareVersion(v, [x, y, z]) >= 0;
  if (product === 'mariadb') {
    return {
      family: 'mariadb',
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
      sessionInvisibleIndexes: false,
      descendingIndexes: at(10, 8, 0),
      perfSchemaIndexUsage: false,
      userStatistics: true,
      digestSampleText: false,
      redoDynamic: at(10, 9, 0),
      hasBufferPoolInstances: !at(10, 6, 0),
      chunkSizeZeroIsAuto: at(10, 8, 0),
      hasBinlogExpireSeconds: at(10, 6, 1),
      hasExpireLogsDays: true,
      logBufferDynamic: false,
      utf8IsUtf8mb3: true,
      utf8mb4Collation: at(10, 10, 0) ? 'utf8mb4_uca1400_ai_ci' : 'utf8mb4_unicode_520_ci',
      binlogFormatDeprecated: false,
      partitioning: partitioningFacts('mariadb', v),
      binlogStatus: { statement: 'SHOW MASTER STATUS', gtidVariable: 'gtid_binlog_pos' },
      onlineAddIndex: at(10, 0, 0),
      metadataOnlyDropIndex: at(10, 0, 0),
      functionalIndexes: false,
      fulltextNgram: false,
      instantAddColumn: at(10, 3, 2),
      histograms: at(10, 0, 2) ? 'mariadb-eits' : 'none',
    };
  }
  return {
    family: 'mysql',
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
    sessionInvisibleIndexes: at(8, 0, 0),
    descendingIndexes: at(8, 0, 0),
    perfSchemaIndexUsage: at(5, 7, 0),
    userStatistics: false,
    digestSampleText: at(8, 0, 0),
    redoDynamic: at(8, 0, 30),
    hasBufferPoolInstances: true,
    chunkSizeZeroIsAuto: false,
    hasBinlogExpireSeconds: at(8, 0, 1),
    hasExpireLogsDays: !at(8, 4, 0),
    logBufferDynamic: at(8, 0, 0),
    utf8IsUtf8mb3: true,
    utf8mb4Collation: at(8, 0, 0) ? 'utf8mb4_0900_ai_ci' : 'utf8mb4_unicode_520_ci',
    binlogFormatDeprecated: at(8, 0, 34),
    partitioning: partitioningFacts('mysql', v),
    binlogStatus: { statement: at(8, 2, 0) ? 'SHOW BINARY LOG STATUS' : 'SHOW MASTER STATUS', gtidVariable: 'gtid_executed' },
    onlineAddIndex: at(5, 6, 0),
    metadataOnlyDropIndex: at(5, 6, 0),
    functionalIndexes: at(8, 0, 13),
    fulltextNgram: at(5, 7, 6),
    instantAddColumn: at(8, 0, 12),
    histograms: at(8, 0, 0) ? 'mysql-histogram' : 'none',
  };
}

/** The contract's capabilities: the wire subset of the features, what the renderer sees. */
export function contractCapabilities(f: ServerFeatures): Capabilities {
  return {
    explainJsonVersions: f.explainJsonVersions,
    explainAnalyze: f.explainAnalyze,
    setPersist: f.setPersist,
    indexVisibility: f.indexVisibility,
    queryCache: f.queryCache,
    sysSchema: f.sysSchema,
    performanceSchemaDigests: f.performanceSchemaDigests,
    replicaStatusSyntax: f.replicaStatusSyntax,
    statementTimeLimit: f.statementTimeLimit,
    redoCapacityVariable: f.redoCapacityVariable,
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
