/** Advisor options with their defaults; every threshold the engine uses is here. */

/** Tunable thresholds of the advisor. */
export interface AdvisorOptions {
  /** Warn when a table would have more indexes than this (a common guideline). */
  readonly maxIndexesPerTable: number;
  /** Covering variants may append at most this many columns... */
  readonly coveringMaxExtraColumns: number;
  /** ...each at most this wide in bytes. */
  readonly coveringMaxColumnBytes: number;
  /** Seconds one write spends maintaining one secondary index entry (estimate). */
  readonly writeCostPerIndexSec: number;
  /** Rows assumed for a table whose size is unknown (offline DDL). */
  readonly assumedRows: number;
  /** Tables at least this big also get pt-online-schema-change / gh-ost commands in the notes. */
  readonly largeTableBytes: number;
  /** Tables with fewer rows than this get no index advice (a scan is cheap). */
  readonly minRows: number;
  /** Index selectivity (cardinality / rows) below which an index is low-selectivity. */
  readonly lowSelectivity: number;
  /** Prefix length (characters; bytes for binary types) for TEXT/BLOB key columns when no sample says better. */
  readonly prefixDefaultLength: number;
  /** A sampled prefix length is chosen when it keeps at least (1 - this) of the column's distinct values. */
  readonly prefixTolerance: number;
  /** Known writes per weight period per table (from status counters), overriding the workload's. */
  readonly tableWriteRates: Readonly<Record<string, number>>;
  /** Where each of `tableWriteRates` came from (lower-case table → the counters it was read from). */
  readonly tableWriteSources: Readonly<Record<string, string>>;
}

/** The defaults. */
export const defaultAdvisorOptions: AdvisorOptions = {
  maxIndexesPerTable: 6,
  coveringMaxExtraColumns: 2,
  coveringMaxColumnBytes: 32,
  writeCostPerIndexSec: 0.00002,
  assumedRows: 100_000,
  largeTableBytes: 1024 ** 3,
  minRows: 1000,
  lowSelectivity: 0.01,
  prefixDefaultLength: 32,
  prefixTolerance: 0.01,
  tableWriteRates: {},
  tableWriteSources: {},
};

/** Defaults overridden by the given values. */
export function withDefaults(partial: Partial<AdvisorOptions> | undefined): AdvisorOptions {
  return { ...defaultAdvisorOptions, ...(partial ?? {}) };
}
