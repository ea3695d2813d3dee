/**
 * Verification, the server half: EXPLAIN (and optionally time) each affected query, create the
 * trial indexes, EXPLAIN again, and return the comparison plus the statements that keep or roll
 * back the trial. On MySQL 8+ the indexes are created INVISIBLE and compared in this session
 * only (optimizer_switch use_invisible_indexes=on), so the application's plans do not change
 * until the user keeps them; on MariaDB they are created normally.
 * https://dev.mysql.com/doc/refman/8.4/en/switchable-optimizations.html#optflag_use-invisible-indexes
 */
import type { ExplainRow, IndexRecommendation, SchemaSnapshot, VerifyResult } from '../../../shared/contract/advisor';
import type { PlanStep } from '../../../shared/contract/plan';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import type { AdvisorCapabilities } from '../../engines/advisor/capabilities';
import { buildIndexPlan } from '../../engines/advisor/index-plan';
import { withDefaults } from '../../engines/advisor/options';
import { compareExplains } from '../../engines/advisor/verify';
import type { SqlReader } from '../sql-reader';

/** A query to verify, with concrete parameter values. */
export interface VerifyQuery {
  readonly name: string;
  readonly sql: string;
  readonly params?: readonly unknown[];
}

/** Runs one plan step; the executor supplies it (tests pass a plain connection). */
export type StepRunner = (step: PlanStep) => Promise<void>;

/** Verification outcome and how to finish it. */
export interface VerifyOutcome {
  readonly results: VerifyResult[];
  /** Run to keep the trial indexes (make them visible), empty when already visible. */
  readonly keep: string[];
  /** Run to remove the trial indexes. */
  readonly rollback: string[];
  readonly notes: string[];
}

/** EXPLAIN of one statement as compact rows. FORMAT=TRADITIONAL is explicit because MySQL 9
 * may default explain_format to TREE; MariaDB accepts the same clause. */
export async function explainQuery(session: SqlReader, sql: string, params: readonly unknown[] = []): Promise<ExplainRow[]> {
  const rows = await session.query<Record<string, unknown>>(`EXPLAIN FORMAT=TRADITIONAL ${sql}`, params);
  return rows.map((r) => ({
    table: r.table == null ? null : String(r.table),
    accessType: r.type == null ? null : String(r.type),
    key: r.key == null ? null : String(r.key),
    rows: r.rows == null ? null : Number(r.rows),
    extra: r.Extra == null ? null : String(r.Extra),
  }));
}

/** Runs the query `runs` times and returns each duration in milliseconds. */
async function time(session: SqlReader, q: VerifyQuery, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.query(q.sql, q.params ?? []);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Creates the recommended indexes as a trial and compares every query before and after. */
export async function verifyRecommendations(
  session: SqlReader,
  run: StepRunner,
  input: {
    schema: SchemaSnapshot;
    recommendations: readonly IndexRecommendation[];
    capabilities: AdvisorCapabilities;
    queries: readonly VerifyQuery[];
    runs?: number;
  },
): Promise<VerifyOutcome> {
  const caps = input.capabilities;
  const runs = input.runs ?? 0;
  const notes: string[] = [];
  const before = new Map<string, { plan: ExplainRow[]; ms: number[] }>();
  for (const q of input.queries) before.set(q.name, { plan: await explainQuery(session, q.sql, q.params), ms: await time(session, q, runs) });
  const trial = buildIndexPlan({
    recommendations: input.recommendations,
    drops: [],
    schema: input.schema,
    capabilities: caps,
    options: withDefaults({}),
    finalDrops: false,
    createInvisible: true,
  });
  const created: IndexRecommendation[] = [];
  for (const step of trial.steps) {
    try {
      await run(step);
      // One step alters one table with all of its new indexes.
      created.push(
        ...input.recommendations.filter(
          (r) => step.sql.includes(`ADD INDEX ${quoteIdent(r.name)} `) || step.sql.includes(`ADD FULLTEXT INDEX ${quoteIdent(r.name)} `),
        ),
      );
    } catch (e) {
      notes.push(`Step ${step.id} failed, verification stopped there: ${e instanceof Error ? e.message : String(e)}`);
      break;
    }
  }
  const invisible = caps.sessionInvisibleIndexes;
  if (invisible) await session.query("SET SESSION optimizer_switch = 'use_invisible_indexes=on'");
  const results: VerifyResult[] = [];
  try {
    for (const q of input.queries) {
      const b = before.get(q.name)!;
      const after = await explainQuery(session, q.sql, q.params);
      results.push(
        compareExplains(
          q.name,
          b.plan,
          after,
          created.map((r) => r.name),
          { before: { timingsMs: b.ms }, after: { timingsMs: await time(session, q, runs) } },
        ),
      );
    }
  } finally {
    if (invisible) await session.query("SET SESSION optimizer_switch = 'use_invisible_indexes=off'");
  }
  const target = (r: IndexRecommendation): string => quoteQualified(r.schema, r.table);
  return {
    results,
    keep: invisible ? created.map((r) => `ALTER TABLE ${target(r)} ALTER INDEX ${quoteIdent(r.name)} VISIBLE`) : [],
    rollback: created.map((r) => `ALTER TABLE ${target(r)} DROP INDEX ${quoteIdent(r.name)}`),
    notes: invisible
      ? [...notes, 'Trial indexes are INVISIBLE: only this session used them. Keep makes them visible; roll back drops them.']
      : [...notes, 'Trial indexes are live (this server has no session-only invisible indexes). Roll back drops them.'],
  };
}
