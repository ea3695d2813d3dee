/**
 * The index advisor's pipeline as named stages: analyze workload → missing indexes →
 * duplicates → unused → other findings → plan. Pure: snapshots in, report out.
 */
import type { AdvisorFinding, AdvisorReport, SchemaSnapshot, WorkloadQuery } from '../../../shared/contract/advisor';
import { analyzeWorkload, type ParseCache, type ShapeMap } from './analyze-workload';
import type { AdvisorCapabilities } from './capabilities';
import { duplicateFindings } from './duplicates';
import { finding } from './finding';
import { buildIndexPlan, type IndexDrop } from './index-plan';
import type { ColumnWidths } from './index-size';
import { unbatchedWriteFindings, type WriteScope } from './unbatched-writes';
import { fkWithoutIndexFindings, lowSelectivityFindings, secretIndexFindings } from './index-rules';
import { adviseMissingIndexes } from './missing-indexes';
import { withDefaults, type AdvisorOptions } from './options';
import type { PrefixSamples } from './prefix-length';
import { unusedIndexFindings, type IndexUsageSnapshot } from './unused';

/** Everything the advisor reads. */
export interface AdviseInput {
  readonly schema: SchemaSnapshot;
  readonly workload: readonly WorkloadQuery[];
  readonly capabilities?: AdvisorCapabilities | null;
  readonly usage?: IndexUsageSnapshot | null;
  readonly options?: Partial<AdvisorOptions>;
  /** Which existing indexes the plan removes: none (default), or the pt-compatible duplicates. */
  readonly drop?: 'none' | 'duplicates';
  /** Include the final DROP steps after the hide steps. */
  readonly finalDrops?: boolean;
  /** Parse results to reuse across calls (owned by the caller, e.g. one per open workload). */
  readonly parseCache?: ParseCache;
  /** Sampled prefix selectivity of long string columns (connected), for choosing `col(N)`. */
  readonly prefixSamples?: PrefixSamples;
  /** Sampled average bytes of string columns (connected), for the new indexes' size estimates. */
  readonly columnWidths?: ColumnWidths;
  /** Rows each unbatched DELETE/UPDATE matches by EXPLAIN (connected), keyed by statement text. */
  readonly writeScopes?: Readonly<Record<string, WriteScope>>;
  /** Statement shapes already computed by `shapeStatements` (e.g. in parser worker threads). */
  readonly shapes?: ShapeMap;
}

/** Runs the advisor (pure, deterministic). */
export function advise(input: AdviseInput): AdvisorReport {
  const options = withDefaults(input.options);
  const caps = input.capabilities ?? null;
  const flavor = caps?.flavor ?? input.schema.flavor ?? 'mysql';
  const queries = analyzeWorkload(input.workload, input.schema, flavor, input.parseCache, input.shapes);
  const missing = adviseMissingIndexes(queries, input.schema, options, input.prefixSamples ?? {}, caps, input.columnWidths ?? {});
  const dups = duplicateFindings(input.schema);
  const findings: AdvisorFinding[] = [
    ...dups,
    ...(input.usage ? unusedIndexFindings(input.schema, input.usage) : []),
    ...lowSelectivityFindings(input.schema, options),
    ...secretIndexFindings(input.schema),
    ...fkWithoutIndexFindings(input.schema, queries, missing.recommendations),
    ...missing.findings,
    ...unbatchedWriteFindings(queries, input.workload, input.schema, input.writeScopes ?? {}, options.minRows),
  ];
  const unparsed = queries.filter((q) => !q.shape).map((q) => ({ index: q.index, sql: q.sql, error: q.error ?? 'unparseable' }));
  for (const u of unparsed) {
    findings.push(
      finding('unparsed-statement', null, null, {
        severity: 'info',
        confidence: 'high',
        title: `Statement ${u.index + 1} could not be parsed`,
        detail: `${u.error}. It was left out of the advice.`,
        evidence: { sql: u.sql.slice(0, 200) },
      }),
    );
  }
  const drops: IndexDrop[] =
    input.drop === 'duplicates'
      ? dups
          .filter((f) => f.fix?.includes('DROP INDEX') && f.evidence.ptCompatible === true && f.evidence.prefixCaveat !== true && f.table && f.index)
          .map((f) => ({ schema: f.schema, table: f.table!, index: f.index!, why: f.title }))
      : [];
  const plan = buildIndexPlan({
    recommendations: missing.recommendations,
    drops,
    schema: input.schema,
    capabilities: caps,
    options,
    finalDrops: input.finalDrops ?? false,
  });
  const notes = [...input.schema.notes];
  if (input.usage?.note) notes.push(input.usage.note);
  if (unparsed.length > 0) notes.push(`${unparsed.length} of ${queries.length} workload statements could not be parsed and are listed in "unparsed".`);
  return {
    recommendations: missing.recommendations,
    findings,
    queries: queries.map((q) => ({
      name: q.name,
      sql: q.sql,
      parsed: q.shape !== null,
      tables: [...new Set(q.shape?.accesses.map((a) => a.table) ?? [])],
      weight: q.weight,
    })),
    unparsed,
    plan,
    notes,
  };
}
