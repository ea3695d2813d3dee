/**
 * `advisor.verify`: EXPLAIN (type/key/rows), rows read (Handler_read_* per run) and timings of the
 * queries the planned indexes serve, without and with them, with parameter values drawn from the
 * tables. It only reads; creating, keeping and dropping an index are plans. The verdict is the
 * engine's (engines/advisor/verify.ts): work done first, time only when significant.
 *
 * The flow, each change a plan through the executor (preview first, audited):
 *   1. verify before apply  → phase 'baseline': the indexes do not exist; "before" is measured now
 *      and returned for the client to keep.
 *   2. apply the add plan. On MySQL 8+ the indexes are created INVISIBLE (`createInvisible`), so
 *      the application's plans do not change yet.
 *   3. verify after apply  → phase 'compared'.
 *      MySQL, index invisible: "before" is the normal session, "after" the same statement with the
 *      `SET_VAR(optimizer_switch='use_invisible_indexes=on')` hint: one session, nothing else sees it.
 *      https://dev.mysql.com/doc/refman/8.4/en/invisible-indexes.html
 *      MariaDB (or a visible index): an IGNORED index cannot be un-ignored for one session
 *      (https://mariadb.com/kb/en/ignored-indexes/), so the index is applied for real and
 *      "before" is the baseline of step 1.
 *   4. keep (a plan making the index visible, MySQL) or roll back (a plan dropping it).
 */
import type { z } from 'zod';
import type { advisorContract } from '../../../shared/contract/advisor.calls';
import type { ExplainRow } from '../../../shared/contract/advisor';
import { AppError } from '../../../shared/contract/core';
import { collectCapabilities } from '../../connections/collectors/schema.collector';
import { withMysqlSession, type MysqlSession } from '../../connections/mysql-session';
import type { CallContext } from '../../dispatch/dispatcher';
import { compareExplains } from '../../engines/advisor/verify';
import { dialectOfFlavor } from '../../engines/flavor/dialect';
import { isQuery } from '../../engines/sql-parse/read-statement';
import type { ConnectionsRepo } from '../../store/connections.repo';
import { bindDrawn, drawParameters } from './sample-params';

type Input = z.output<(typeof advisorContract)['advisor.verify']['input']>;
type Output = z.input<(typeof advisorContract)['advisor.verify']['output']>;
type Baseline = Output['baseline'][number];

const INVISIBLE_ON = "/*+ SET_VAR(optimizer_switch = 'use_invisible_indexes=on') */";

/** Adds the use-invisible-indexes hint after the statement's first keyword (hints go right after it). */
export function withInvisibleIndexes(sql: string): string {
  return sql.replace(/^(\s*)(select|update|delete)\b/i, `$1$2 ${INVISIBLE_ON}`);
}

/** Maps traditional EXPLAIN rows to the comparison's shape. */
export function explainRows(rows: readonly Record<string, unknown>[]): ExplainRow[] {
  const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
  return rows.map((r) => ({
    table: str(r.table),
    accessType: str(r.type),
    key: str(r.key),
    rows: r.rows === null || r.rows === undefined ? null : Number(r.rows),
    extra: str(r.Extra),
  }));
}

/** Fallback sample values for placeholders no column names, tried in turn (strict mode rejects '1' against a DATETIME). */
const SAMPLE_VALUES = ["'1'", "'2024-01-01 00:00:00'"];

/** A statement bound with values the server accepts in EXPLAIN, and where the values came from. */
interface Bound {
  readonly sql: string;
  readonly parameters: string | null;
}

/** Binds the placeholders with values drawn from the tables (generic samples elsewhere) that the server accepts in EXPLAIN, or says why none was. */
export async function bindable(s: MysqlSession, database: string, sql: string, hint: (sql: string) => string): Promise<Bound | { error: string }> {
  const drawn = await drawParameters(s, database, sql).catch(() => ({ literals: new Map<number, string>(), described: null }));
  let error = '';
  for (const v of SAMPLE_VALUES) {
    const bound = bindDrawn(sql, drawn, v);
    try {
      await s.query(`${explainPrefix(s)} ${hint(bound)}`);
      return { sql: bound, parameters: drawn.described };
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  return { error };
}

/** The tabular EXPLAIN of the session's dialect (MySQL 8.3+ may default to TREE). */
export function explainPrefix(s: MysqlSession): string {
  return dialectOfFlavor(s.flavor).explain.traditional;
}

/** The session's Handler_read_* counters (SHOW SESSION STATUS itself moves none of them). */
async function handlerReads(s: MysqlSession): Promise<Record<string, number>> {
  const rows = await s.query<{ Variable_name: string; Value: string }>("SHOW SESSION STATUS LIKE 'Handler\\_read\\_%'");
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

/** One run of a query: its wall time and the rows the storage engine read for it. */
async function runOnce(s: MysqlSession, sql: string): Promise<{ ms: number; handler: Record<string, number> }> {
  const h0 = await handlerReads(s);
  const t0 = performance.now();
  await s.query(sql);
  const ms = performance.now() - t0;
  const h1 = await handlerReads(s);
  return { ms, handler: Object.fromEntries(Object.keys(h1).map((k) => [k, (h1[k] ?? 0) - (h0[k] ?? 0)])) };
}

/** What one side measured. */
interface Side {
  explain: ExplainRow[];
  timingsMs: number[];
  handler: Record<string, number>[];
}

/**
 * EXPLAIN and `runs` runs of each statement, the runs interleaved (a, b, a, b…) so a change of load
 * on the server weighs on both sides alike. Only queries run: running an UPDATE or DELETE (or a
 * WITH … DELETE) would change data.
 */
async function measure(s: MysqlSession, sqls: readonly string[], runs: number, signal: AbortSignal): Promise<Side[]> {
  const sides: Side[] = [];
  for (const sql of sqls)
    sides.push({ explain: explainRows(await s.query<Record<string, unknown>>(`${explainPrefix(s)} ${sql}`)), timingsMs: [], handler: [] });
  if (!sqls.every((x) => isQuery(x))) return sides;
  for (let i = 0; i < runs && !signal.aborted; i++) {
    for (const [k, sql] of sqls.entries()) {
      const r = await runOnce(s, sql);
      sides[k]!.timingsMs.push(r.ms);
      sides[k]!.handler.push(r.handler);
    }
  }
  return sides;
}

/** Runs the verification (reads only). */
export async function runVerify(input: Input, connections: ConnectionsRepo, ctx: CallContext): Promise<Output> {
  const cfg = connections.config(input.connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is not a MySQL-family connection`);
  const adds = input.request.params.add;
  if (adds.length === 0) throw new AppError('BAD_INPUT', 'Nothing to verify: the plan adds no index');
  const database = adds[0]!.schema;
  const tables = [...new Set(adds.map((a) => a.table.toLowerCase()))];
  const names = adds.map((a) => a.name);
  const mentions = (sql: string) => tables.some((t) => new RegExp(`(^|[^\\w$])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w$]|$)`, 'i').test(sql));
  const queries = input.queries.filter((q) => mentions(q.sql)).map((q) => ({ name: q.name, sql: q.sql }));
  const notes: string[] = [`${queries.length} of ${input.queries.length} queries touch ${tables.join(', ')}; '?' placeholders were given sample literals.`];
  return withMysqlSession({ ...cfg, database }, async (s) => {
    const caps = await collectCapabilities(s);
    const state = await s.query<{ t: string; i: string; vis: string }>(
      `SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i, ${caps.invisibleIndexes ? 'IS_VISIBLE' : caps.ignoredIndexes ? "IF(IGNORED = 'YES', 'NO', 'YES')" : "'YES'"} AS vis
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME IN (${names.map(() => '?').join(',')})`,
      [database, ...names],
    );
    const existing = adds.filter((a) => state.some((r) => r.t.toLowerCase() === a.table.toLowerCase() && r.i.toLowerCase() === a.name.toLowerCase()));
    const hidden = existing.filter((a) => state.some((r) => r.i.toLowerCase() === a.name.toLowerCase() && String(r.vis).toUpperCase() === 'NO'));
    const step = (i: number, name: string) =>
      ctx.progress({ phase: 'verify', done: i, total: queries.length, unit: 'steps', message: `EXPLAIN and ${input.runs} runs: ${name}` });
    if (existing.length === 0) {
      const baseline: Baseline[] = [];
      for (const [i, q] of queries.entries()) {
        step(i, q.name);
        const b = await bindable(s, database, q.sql, (x) => x);
        if ('error' in b) notes.push(`${q.name}: skipped, the server rejects it with sample values (${b.error}).`);
        else {
          const [m] = await measure(s, [b.sql], input.runs, ctx.signal);
          baseline.push({ query: q.name, explain: m!.explain, timingsMs: m!.timingsMs, handler: m!.handler, boundSql: b.sql, parameters: b.parameters });
        }
      }
      notes.push('The indexes do not exist yet: this is the baseline. Apply the plan, then verify again.');
      return { phase: 'baseline' as const, method: 'not-created' as const, results: [], baseline, notes };
    }
    if (existing.length < adds.length)
      notes.push(
        `Not created: ${adds
          .filter((a) => !existing.includes(a))
          .map((a) => a.name)
          .join(', ')}.`,
      );
    const results: Output['results'] = [];
    const invisibleSession = hidden.length > 0 && caps.sessionInvisibleIndexes;
    if (!invisibleSession && !input.baseline)
      throw new AppError('BAD_INPUT', 'The indexes are already visible: verify needs the baseline measured before they were created');
    for (const [i, q] of queries.entries()) {
      step(i, q.name);
      const before = input.baseline?.find((x) => x.query === q.name);
      if (!invisibleSession && !before) {
        notes.push(`${q.name}: no baseline, skipped.`);
        continue;
      }
      // "After" runs the very values "before" ran: the baseline's bound statement when there is one.
      const b: Bound | { error: string } = before?.boundSql
        ? { sql: before.boundSql, parameters: before.parameters ?? null }
        : await bindable(s, database, q.sql, invisibleSession ? withInvisibleIndexes : (x) => x);
      if ('error' in b) {
        notes.push(`${q.name}: skipped, the server rejects it with sample values (${b.error}).`);
        continue;
      }
      if (invisibleSession) {
        const [without, withIdx] = await measure(s, [b.sql, withInvisibleIndexes(b.sql)], input.runs, ctx.signal);
        results.push(compareExplains(q.name, without!.explain, withIdx!.explain, names, { before: without, after: withIdx, parameters: b.parameters }));
      } else {
        const [after] = await measure(s, [b.sql], input.runs, ctx.signal);
        results.push(compareExplains(q.name, before!.explain, after!.explain, names, { before: before!, after: after!, parameters: b.parameters }));
      }
    }
    if (invisibleSession)
      notes.push(
        `Compared in one session with use_invisible_indexes=on; ${hidden.map((a) => a.name).join(', ')} stay invisible to the application until kept.`,
      );
    else
      notes.push(
        `${caps.flavor === 'mariadb' ? 'MariaDB cannot test an ignored index per session, so' : 'The indexes are visible, so'} "before" is the baseline measured before apply.`,
      );
    return {
      phase: 'compared' as const,
      method: invisibleSession ? ('invisible-session' as const) : ('baseline' as const),
      results,
      baseline: input.baseline ?? [],
      notes,
    };
  });
}
