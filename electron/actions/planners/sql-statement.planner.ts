/**
 * A statement typed in the editor that could write, as a one-step plan: kind from its first
 * keyword, risk from the kind, no automatic rollback (said so in the plan). Preview shows the
 * server's EXPLAIN for DML where it supports one and the affected tables' row counts. Both go
 * through the read session's guard: when the EXPLAIN would evaluate (MariaDB does, in a WHERE) or
 * the count would read (a view) a function that may write, they are not run, and the preview says
 * so instead of a figure.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import type { PlanStep } from '../../../shared/contract/plan';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import type { SqlReader } from '../../connections/sql-reader';
import { splitStatements } from '../../engines/query-lint/sql-ast';
import type { StepTouch } from '../../engines/maintenance/analyze-table.plan';
import { makePlan } from '../../engines/plan/make-plan';
import type { ParamsOf, Planner } from '../planners';

type Params = ParamsOf<'sql-statement'>;

const DML = new Set(['insert', 'update', 'delete', 'replace', 'load', 'call', 'do']);
const DDL = new Set(['create', 'alter', 'drop', 'truncate', 'rename']);

/** Kind and risk of a statement from its first keyword (comments skipped). */
export function classify(sql: string): { keyword: string; kind: PlanStep['kind']; risk: PlanStep['risk'] } {
  const keyword = (/^\s*(?:\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*|#[^\n]*\n\s*)*([a-z]+)/i.exec(sql)?.[1] ?? '').toLowerCase();
  if (DDL.has(keyword)) return { keyword, kind: 'DDL', risk: keyword === 'drop' || keyword === 'truncate' ? 'high' : 'medium' };
  if (DML.has(keyword)) {
    const unbounded = (keyword === 'update' || keyword === 'delete') && !/\bwhere\b/i.test(sql);
    return { keyword, kind: 'DML', risk: unbounded ? 'high' : 'medium' };
  }
  if (keyword === 'set') return { keyword, kind: 'SET', risk: 'medium' };
  return { keyword, kind: 'ADMIN', risk: 'medium' };
}

/** Tables a write statement names as its target (best effort from the text). */
export function targetTables(sql: string): Array<{ schema: string | null; table: string }> {
  const ident = '(`[^`]+`|[\\w$]+)(?:\\s*\\.\\s*(`[^`]+`|[\\w$]+))?';
  const patterns = [
    new RegExp(`^\\s*(?:insert|replace)\\s+(?:low_priority\\s+|delayed\\s+|high_priority\\s+|ignore\\s+)*(?:into\\s+)?${ident}`, 'i'),
    new RegExp(`^\\s*update\\s+(?:low_priority\\s+|ignore\\s+)*${ident}`, 'i'),
    new RegExp(`^\\s*delete\\s+(?:low_priority\\s+|quick\\s+|ignore\\s+)*from\\s+${ident}`, 'i'),
    new RegExp(`^\\s*(?:alter|truncate|drop|optimize|create)\\s+(?:online\\s+|ignore\\s+)?(?:table\\s+)?(?:if\\s+(?:not\\s+)?exists\\s+)?${ident}`, 'i'),
  ];
  const strip = (s: string) => s.replace(/^`|`$/g, '');
  for (const p of patterns) {
    const m = p.exec(sql);
    if (m) return m[2] ? [{ schema: strip(m[1]!), table: strip(m[2]) }] : [{ schema: null, table: strip(m[1]!) }];
  }
  return [];
}

function single(params: Params): string {
  const statements = splitStatements(params.sql);
  if (statements.length !== 1) throw new AppError('BAD_INPUT', `A plan runs one statement at a time; this text has ${statements.length}.`);
  return statements[0]!.sql;
}

async function currentDb(reader: SqlReader): Promise<string | null> {
  return (await reader.query<{ db: string | null }>('SELECT DATABASE() AS db'))[0]?.db ?? null;
}

/** The guard's reason when it refused to evaluate something that may write, else null (other errors propagate). */
function notEvaluated(err: unknown): string | null {
  return err instanceof AppError && err.code === 'READ_ONLY' ? err.message : null;
}

async function rowCounts(reader: SqlReader, sql: string, db: string | null): Promise<Array<{ key: string; rows: number | null; skipped?: string }>> {
  const out: Array<{ key: string; rows: number | null; skipped?: string }> = [];
  for (const t of targetTables(sql)) {
    const schema = t.schema ?? db;
    if (!schema) continue;
    const [row] = await reader.query<{ n: number | null }>('SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
      schema,
      t.table,
    ]);
    if (!row) {
      out.push({ key: `${schema}.${t.table}`, rows: null });
      continue;
    }
    // Exact counts for tables small enough to count quickly; the estimate otherwise. A view that
    // calls a function that may write is not counted: the guard refuses to read it.
    let exact: Array<{ n: number }> | null = null;
    try {
      exact = Number(row.n ?? 0) < 2_000_000 ? await reader.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteQualified(schema, t.table)}`) : null;
    } catch (err) {
      const why = notEvaluated(err);
      if (why === null) throw err;
      out.push({ key: `${schema}.${t.table}`, rows: null, skipped: `not counted: ${why}` });
      continue;
    }
    out.push({ key: `${schema}.${t.table}`, rows: exact ? Number(exact[0]!.n) : row.n === null ? null : Number(row.n) });
  }
  return out;
}

/** The sql-statement planner. */
export const sqlStatementPlanner: Planner<Params> = {
  async derive(params, reader, flavor) {
    const sql = single(params);
    const { keyword, kind, risk } = classify(sql);
    const db = await currentDb(reader);
    const useDb = params.database && params.database !== db ? params.database : null;
    const steps: PlanStep[] = [];
    if (useDb) {
      steps.push({
        id: 'use',
        kind: 'ADMIN',
        sql: `USE ${quoteIdent(useDb)}`,
        description: `Resolve unqualified names in ${useDb}.`,
        risk: 'low',
        estimate: 'session only',
        rollback: null,
        needsRestart: false,
      });
    }
    steps.push({
      id: 'statement',
      kind,
      sql,
      description: `The ${keyword.toUpperCase()} statement from the editor, as typed.`,
      risk,
      estimate:
        kind === 'DML'
          ? 'rows changed: see EXPLAIN and table sizes below'
          : kind === 'DDL'
            ? 'may rebuild the table and take a metadata lock'
            : 'see the statement',
      rollback: null,
      needsRestart: false,
    });
    const touches: StepTouch[] = [];
    const details: StepTouch['details'] = {};
    for (const t of await rowCounts(reader, sql, useDb ?? db)) {
      details[`rows in ${t.key}`] = t.rows;
      if (t.skipped) details[`count of ${t.key}`] = t.skipped;
    }
    // EXPLAIN UPDATE/DELETE reads only. EXPLAIN INSERT is skipped: both servers count it in
    // Com_insert, and a preview must leave every write counter where it was.
    if ((keyword === 'update' || keyword === 'delete') && !useDb) {
      try {
        const rows = await reader.query<Record<string, unknown>>(flavor.product === 'mariadb' ? `EXPLAIN ${sql}` : `EXPLAIN FORMAT=TRADITIONAL ${sql}`);
        details.explain = rows
          .map(
            (r) =>
              `${String(r.table ?? '')}: type=${String(r.type ?? '')} key=${String(r.key ?? 'none')} rows=${String(r.rows ?? '?')}${r.Extra ? ` (${String(r.Extra)})` : ''}`,
          )
          .join('; ');
      } catch (err) {
        const why = notEvaluated(err);
        details.explain = why ? `not run: ${why}` : `not available: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    touches.push({
      stepId: 'statement',
      touches:
        targetTables(sql)
          .map((t) => (t.schema ? `${t.schema}.${t.table}` : t.table))
          .join(', ') || 'see the statement',
      details,
    });
    const plan = makePlan({
      planner: 'sql-statement',
      title: `Run ${keyword.toUpperCase()} from the editor`,
      steps,
      notes: ['No automatic rollback: the statement is run as typed. Keep a backup or write the undo statement before applying.'],
    });
    return { plan, touches };
  },
  async measure(params, reader): Promise<Measurement> {
    const sql = single(params);
    const db = params.database ?? (await currentDb(reader));
    const counts = await rowCounts(reader, sql, db);
    return { at: new Date().toISOString(), metrics: counts.map((c) => ({ key: `rows:${c.key}`, label: `Rows in ${c.key}`, value: c.rows })) };
  },
};
