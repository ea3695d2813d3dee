/**
 * ANALYZE of a statement that writes (MySQL `EXPLAIN ANALYZE`, MariaDB `ANALYZE FORMAT=JSON`),
 * as a plan: START TRANSACTION → ANALYZE (executes the statement) → ROLLBACK, so the rows are
 * left as they were. Pure: the planner collects the facts (engines, triggers, stored functions)
 * and this module decides whether a rollback can undo everything and builds the steps.
 *
 * What each server accepts (tried on the sandboxes):
 * - MariaDB 10.11 `ANALYZE FORMAT=JSON` runs UPDATE, DELETE (single- and multi-table), INSERT
 *   and REPLACE, with r_rows/r_loops/r_total_time_ms.
 *   https://mariadb.com/kb/en/analyze-statement/
 * - MySQL 9.7 `EXPLAIN ANALYZE` measures multi-table UPDATE/DELETE and INSERT/REPLACE … SELECT;
 *   a single-table UPDATE/DELETE prints only "<not executable by iterator executor>", and
 *   INSERT … VALUES has nothing to measure ("Rows fetched before execution").
 *   https://dev.mysql.com/doc/refman/9.4/en/explain.html#explain-analyze
 */
import { grammarParser } from '../sql-parse/sql-parse';
import type { Flavor } from '../../../shared/contract/connections';
import type { PlanStep } from '../../../shared/contract/plan';
import { quoteIdent } from '../../../shared/sql-quote';
import type { StepTouch } from '../maintenance/analyze-table.plan';
import { makePlan } from '../plan/make-plan';
import { analyzePrefix } from '../flavor/dialect';
import type { Plan } from '../../../shared/contract/plan';

/** The planner name. */
export const ANALYZE_WRITE_PLANNER = 'explain-analyze';

/** Statements an ANALYZE inside a transaction can run and a ROLLBACK undoes. */
const WRITES = new Set(['update', 'delete', 'insert', 'replace']);

/** Output MySQL prints when its EXPLAIN ANALYZE could not execute the statement with the iterator executor. */
export const NOT_EXECUTABLE = '<not executable by iterator executor>';

/** A table the statement names, with what it does to it. */
export interface TableUse {
  readonly schema: string | null;
  readonly table: string;
  /** 'select' for tables only read; otherwise the write. */
  readonly op: string;
}

/** First keyword of a statement, comments skipped, lower-case. */
export function firstKeyword(sql: string): string {
  return (/^\s*(?:\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*|#[^\n]*\n\s*)*([a-z]+)/i.exec(sql)?.[1] ?? '').toLowerCase();
}

/** True for statements this plan handles (the editor's read path handles the rest). */
export function isAnalyzableWrite(sql: string): boolean {
  return WRITES.has(firstKeyword(sql));
}

/** Tables a statement reads and writes (node-sql-parser's table list), or null when it does not parse. */
export function tablesOfStatement(sql: string, product: Flavor['product']): TableUse[] | null {
  try {
    const grammar = product === 'mariadb' ? 'MariaDB' : 'MySQL';
    const list = grammarParser(grammar).tableList(sql, { database: grammar });
    const seen = new Set<string>();
    const out: TableUse[] = [];
    for (const entry of list) {
      const [op, schema, table] = entry.split('::');
      if (!op || !table) continue;
      const key = `${op}|${schema}|${table}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ op, schema: schema && schema !== 'null' ? schema : null, table });
    }
    return out;
  } catch {
    return null;
  }
}

/** What the planner found out about a table the statement names. */
export interface TableFacts {
  readonly schema: string;
  readonly table: string;
  readonly op: string;
  /** Storage engine, or null when the name is not a base table (missing, or a view). */
  readonly engine: string | null;
  /** Whether the engine supports transactions (information_schema.ENGINES.TRANSACTIONS). */
  readonly transactional: boolean;
  readonly triggers: readonly string[];
  /** Exact row count, or the estimate for big tables. */
  readonly rows: number | null;
}

/** Everything the plan is derived from. */
export interface AnalyzeWriteInput {
  readonly sql: string;
  readonly flavor: Pick<Flavor, 'product' | 'label' | 'capabilities'>;
  /** A database to USE first (the editor's database), or null. */
  readonly useDatabase: string | null;
  readonly tables: readonly TableFacts[];
  /** Stored functions (schema.name) the statement calls. */
  readonly storedFunctions: readonly string[];
}

/** A plan, or the reason there is none. */
export type AnalyzeWriteResult = { plan: Plan; touches: StepTouch[] } | { refused: string };

/** True for a single-table UPDATE/DELETE, which MySQL's EXPLAIN ANALYZE cannot measure. */
function singleTableWrite(keyword: string, tables: readonly TableFacts[]): boolean {
  return (keyword === 'update' || keyword === 'delete') && tables.length === 1;
}

/** Why a rollback could not undo the statement, or null when it can. */
export function refusalOf(input: AnalyzeWriteInput): string | null {
  const keyword = firstKeyword(input.sql);
  if (!WRITES.has(keyword)) {
    return `ANALYZE under a rollback is for INSERT, UPDATE, DELETE and REPLACE; ${keyword.toUpperCase() || 'this statement'} is DDL or an administrative statement that commits implicitly (or cannot be measured), so it cannot be rolled back.`;
  }
  const analyze = input.flavor.capabilities.explainAnalyze;
  if (analyze === 'none') return `${input.flavor.label} has no EXPLAIN ANALYZE.`;
  if (!input.tables.length) return 'Could not tell which tables the statement touches (it did not parse), so it is not run.';
  const missing = input.tables.filter((t) => t.engine === null);
  if (missing.length) {
    return `Not a base table: ${missing.map((t) => `${t.schema}.${t.table}`).join(', ')} (missing, or a view whose tables cannot be checked). Name the tables directly.`;
  }
  const nonTx = input.tables.filter((t) => !t.transactional);
  if (nonTx.length) {
    return `Refused: ${nonTx.map((t) => `${t.schema}.${t.table} is ${t.engine}`).join(', ')} — a non-transactional engine, so ROLLBACK would not undo the change. Use EXPLAIN (estimates) instead.`;
  }
  const triggered = input.tables.filter((t) => t.op !== 'select' && t.triggers.length);
  if (triggered.length) {
    return `Refused: triggers (${triggered.flatMap((t) => t.triggers.map((g) => `${t.schema}.${g}`)).join(', ')}) would run too, and what they write cannot be checked for rollback safety.`;
  }
  if (input.storedFunctions.length) {
    return `Refused: the statement calls stored functions (${input.storedFunctions.join(', ')}), whose writes cannot be checked for rollback safety.`;
  }
  if (/\bnext\s+value\s+for\b|\bnextval\s*\(|\bsetval\s*\(/i.test(input.sql))
    return 'Refused: sequences are not transactional, so ROLLBACK would not undo NEXTVAL.';
  if (analyze === 'mysql-tree' && singleTableWrite(keyword, input.tables)) {
    return `${input.flavor.label}'s EXPLAIN ANALYZE does not execute a single-table ${keyword.toUpperCase()} (it prints "${NOT_EXECUTABLE}"). Use EXPLAIN for its estimates, or write it in multi-table form (UPDATE t JOIN … / DELETE t FROM t JOIN …).`;
  }
  return null;
}

/** The ANALYZE statement for the flavor. */
export function analyzeSqlOf(flavor: AnalyzeWriteInput['flavor'], sql: string): string {
  return `${analyzePrefix(flavor.capabilities.explainAnalyze) ?? 'EXPLAIN ANALYZE'} ${sql}`;
}

/** Derives the plan: [USE db], START TRANSACTION, the ANALYZE, ROLLBACK. */
export function planAnalyzeWrite(input: AnalyzeWriteInput): AnalyzeWriteResult {
  const refused = refusalOf(input);
  if (refused) return { refused };
  const sql = input.sql.trim().replace(/;\s*$/, '');
  const keyword = firstKeyword(sql).toUpperCase();
  const written = input.tables.filter((t) => t.op !== 'select');
  const steps: PlanStep[] = [];
  if (input.useDatabase) {
    steps.push({
      id: 'use',
      kind: 'ADMIN',
      sql: `USE ${quoteIdent(input.useDatabase)}`,
      description: `Resolve unqualified names in ${input.useDatabase}.`,
      risk: 'low',
      estimate: 'session only',
      rollback: null,
      needsRestart: false,
    });
  }
  steps.push(
    {
      id: 'begin',
      kind: 'ADMIN',
      sql: 'START TRANSACTION',
      description: 'Open a transaction so the statement can be rolled back.',
      risk: 'low',
      estimate: 'session only',
      rollback: 'ROLLBACK',
      needsRestart: false,
    },
    {
      id: 'analyze',
      kind: 'DML',
      sql: analyzeSqlOf(input.flavor, sql),
      description: `Executes the ${keyword} and reports actual rows, loops and time per plan node; the changes stay inside the transaction.`,
      risk: 'medium',
      estimate: `row locks on what it changes in ${written.map((t) => `${t.schema}.${t.table}`).join(', ')} until the ROLLBACK`,
      rollback: 'ROLLBACK',
      needsRestart: false,
    },
    {
      id: 'rollback',
      kind: 'ADMIN',
      sql: 'ROLLBACK',
      description: 'Undo every change the statement made.',
      risk: 'low',
      estimate: 'as long as the statement took to write',
      rollback: null,
      needsRestart: false,
    },
  );
  const details: StepTouch['details'] = {};
  for (const t of input.tables) {
    details[`${t.op === 'select' ? 'reads' : 'writes'} ${t.schema}.${t.table}`] = `${t.engine} (transactional), ${t.rows ?? '?'} rows`;
  }
  const notes = [
    'The statement really runs (as long as it takes, holding its row locks) and is rolled back: the data is unchanged afterwards.',
    'If a step fails, the connection closes before ROLLBACK runs, and the server rolls the open transaction back.',
  ];
  if (keyword === 'INSERT' || keyword === 'REPLACE') notes.push('AUTO_INCREMENT values the INSERT takes are not given back by ROLLBACK (ids skip ahead).');
  if (input.flavor.capabilities.explainAnalyze === 'mysql-tree' && /^\s*(?:insert|replace)\b(?![\s\S]*\bselect\b)/i.test(sql)) {
    notes.push(`${input.flavor.label} measures nothing for INSERT … VALUES: the plan will have no actual rows.`);
  }
  const plan = makePlan({ planner: ANALYZE_WRITE_PLANNER, title: `ANALYZE the ${keyword} (runs it, rolled back)`, steps, notes });
  return { plan, touches: [{ stepId: 'analyze', touches: written.map((t) => `${t.schema}.${t.table}`).join(', '), details }] };
}
