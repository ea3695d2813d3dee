/**
 * What the advisor may use on a server, in the advisor's words: a view of the one dialect object
 * (`engines/flavor/dialect.ts`), which holds every version threshold.
 * https://dev.mysql.com/doc/refman/8.4/en/invisible-indexes.html
 * https://mariadb.com/kb/en/ignored-indexes/
 */
import { dialectOf, type Dialect } from '../flavor/dialect';

/** Dialect facts the advisor reads under the dialect's own names (documented there). */
type SharedFlags = 'onlineAddIndex' | 'metadataOnlyDropIndex' | 'functionalIndexes' | 'fulltextNgram' | 'label';

/** Index-related capabilities of one server. */
export interface AdvisorCapabilities extends Pick<Dialect, SharedFlags> {
  readonly flavor: Dialect['family'];
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

/** The advisor's view of a server from "10.11.19-MariaDB-0+deb12u1-log" / "9.7.4" and the version comment. */
export function advisorCapabilities(version: string, versionComment = ''): AdvisorCapabilities {
  const f = dialectOf(version, versionComment);
  return {
    flavor: f.family,
    label: f.label,
    onlineAddIndex: f.onlineAddIndex,
    metadataOnlyDropIndex: f.metadataOnlyDropIndex,
    functionalIndexes: f.functionalIndexes,
    fulltextNgram: f.fulltextNgram,
    version,
    invisibleIndexes: f.indexVisibility === 'invisible',
    ignoredIndexes: f.indexVisibility === 'ignored',
    sessionInvisibleIndexes: f.sessionInvisibleIndexes,
    descendingIndexes: f.descendingIndexes,
    perfSchemaIndexUsage: f.perfSchemaIndexUsage,
    userStatistics: f.userStatistics,
    digestSampleText: f.digestSampleText,
  };
}
