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
import { tablesOf, writeShape, type TableName, type WriteShape } from '../../engines/sql-parse/write-statement';
import type { Capabilities, Flavor } from '../../../shared/contract/connections';
import { fmtBytes } from '../../../shared/format-bytes';
import { makePlan } from '../../engines/plan/make-plan';
import { dialectOfFlavor } from '../../engines/flavor/dialect';
import type { ParamsOf, Planner } from '../planner';

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

/** Tables a write statement names as its target (from its tokens: a database or index name is not a table). */
export function targetTables(sql: string): TableName[] {
  return tablesOf(writeShape(sql));
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

/** Largest EXPLAIN estimate for which a preview counts the WHERE's rows exactly (the read session's time limit still applies). */
const COUNT_LIMIT = 2_000_000;

type Details = StepTouch['details'];

/** A table's size as information_schema has it, with an exact row count when the table is small. */
interface TableFacts {
  key: string;
  exists: boolean;
  rows: number | null;
  bytes: number | null;
  /** Why the exact count was not taken (a view the guard refused), else undefined. */
  skipped?: string;
}

async function tableFacts(reader: SqlReader, t: TableName, db: string | null): Promise<TableFacts | null> {
  const schema = t.schema ?? db;
  if (!schema) return null;
  const key = `${schema}.${t.table}`;
  const [row] = await reader.query<{ n: number | null; bytes: number | null }>(
    'SELECT TABLE_ROWS AS n, DATA_LENGTH + INDEX_LENGTH AS bytes FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [schema, t.table],
  );
  if (!row) return { key, exists: false, rows: null, bytes: null };
  const bytes = row.bytes === null ? null : Number(row.bytes);
  // Exact counts for tables small enough to count quickly; the estimate otherwise. A view that
  // calls a function that may write is not counted: the guard refuses to read it.
  try {
    const exact = Number(row.n ?? 0) < COUNT_LIMIT ? await reader.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteQualified(schema, t.table)}`) : null;
    return { key, exists: true, rows: exact ? Number(exact[0]!.n) : row.n === null ? null : Number(row.n), bytes };
  } catch (err) {
    const why = notEvaluated(err);
    if (why === null) throw err;
    return { key, exists: true, rows: null, bytes, skipped: `not counted: ${why}` };
  }
}

/** What a database holds: its tables, their rows (information_schema's estimate) and bytes. */
async function databaseFacts(reader: SqlReader, name: string): Promise<{ exists: boolean; tables: number; rows: number; bytes: number }> {
  const [schema] = await reader.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
  const [row] = await reader.query<{ tables: number; n: number | null; bytes: number | null }>(
    'SELECT COUNT(*) AS tables, SUM(TABLE_ROWS) AS n, SUM(DATA_LENGTH + INDEX_LENGTH) AS bytes FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [name],
  );
  return { exists: !!schema, tables: Number(row?.tables ?? 0), rows: Number(row?.n ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/**
 * The statement that recreates an index as information_schema describes it, hidden again when it
 * was INVISIBLE / IGNORED (`hide`: how this server hides one), or null (a functional index, or none).
 * The one rollback of a DROP INDEX: the editor's statements and the unused-index drop plan use it.
 */
export async function recreateIndex(
  reader: SqlReader,
  schema: string,
  table: string,
  index: string,
  hide: Capabilities['indexVisibility'] = 'none',
): Promise<string | null> {
  const hidden = hide === 'invisible' ? ", IS_VISIBLE = 'NO' AS hidden" : hide === 'ignored' ? ", IGNORED = 'YES' AS hidden" : ', 0 AS hidden';
  const cols = await reader.query<{ nonUnique: number; col: string | null; sub: number | null; type: string; coll: string | null; hidden: number }>(
    `SELECT NON_UNIQUE AS nonUnique, COLUMN_NAME AS col, SUB_PART AS sub, INDEX_TYPE AS type, COLLATION AS coll${hidden}
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = ? ORDER BY SEQ_IN_INDEX`,
    [schema, table, index],
  );
  if (!cols.length || cols.some((c) => c.col === null)) return null;
  const list = cols.map((c) => `${quoteIdent(c.col!)}${c.sub !== null ? `(${Number(c.sub)})` : ''}${c.coll === 'D' ? ' DESC' : ''}`).join(', ');
  const first = cols[0]!;
  const what =
    index === 'PRIMARY'
      ? 'PRIMARY KEY'
      : first.type === 'FULLTEXT'
        ? `FULLTEXT INDEX ${quoteIdent(index)}`
        : first.type === 'SPATIAL'
          ? `SPATIAL INDEX ${quoteIdent(index)}`
          : `${Number(first.nonUnique) === 0 ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index)}`;
  const attr = Number(first.hidden) === 1 ? (hide === 'invisible' ? ' INVISIBLE' : ' IGNORED') : '';
  return `ALTER TABLE ${quoteQualified(schema, table)} ADD ${what} (${list})${attr}`;
}

/** EXPLAIN of an UPDATE/DELETE, one line per table, and the target table's row estimate. */
async function explainWrite(reader: SqlReader, flavor: Flavor, sql: string, table: string | null): Promise<{ text: string; rows: number | null }> {
  try {
    const rows = await reader.query<Record<string, unknown>>(`${dialectOfFlavor(flavor).explain.traditional} ${sql}`);
    const target = rows.find((r) => r.table === table) ?? rows[0];
    const estimate = target?.rows === null || target?.rows === undefined ? null : Math.round((Number(target.rows) * Number(target.filtered ?? 100)) / 100);
    const text = rows
      .map(
        (r) =>
          `${String(r.table ?? '')}: type=${String(r.type ?? '')} key=${String(r.key ?? 'none')} rows=${String(r.rows ?? '?')}${r.filtered !== undefined && r.filtered !== null ? ` filtered=${String(r.filtered)}%` : ''}${r.Extra ? ` (${String(r.Extra)})` : ''}`,
      )
      .join('; ');
    return { text, rows: estimate };
  } catch (err) {
    const why = notEvaluated(err);
    return { text: why ? `not run: ${why}` : `not available: ${err instanceof Error ? err.message : String(err)}`, rows: null };
  }
}

/** The exact number of rows an UPDATE/DELETE's WHERE matches, read through the guard; a reason when not counted. */
async function countMatching(
  reader: SqlReader,
  shape: Extract<WriteShape, { verb: 'update' | 'delete' }>,
  db: string | null,
  estimate: number | null,
): Promise<{ rows: number | null; why: string | null }> {
  if (!shape.table) return { rows: null, why: 'not counted: the statement joins several tables' };
  const schema = shape.table.schema ?? db;
  if (!schema) return { rows: null, why: 'not counted: no database selected' };
  if (estimate !== null && estimate > COUNT_LIMIT) return { rows: null, why: `not counted: EXPLAIN expects ~${estimate.toLocaleString('en-US')} rows` };
  const from = `${quoteQualified(schema, shape.table.table)}${shape.alias ? ` AS ${quoteIdent(shape.alias)}` : ''}`;
  try {
    const [row] = await reader.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${from}${shape.where ? ` WHERE ${shape.where}` : ''}`);
    const n = Number(row?.n ?? 0);
    return { rows: shape.limit !== null ? Math.min(n, shape.limit) : n, why: null };
  } catch (err) {
    const why = notEvaluated(err);
    return { rows: null, why: `not counted: ${why ?? (err instanceof Error ? err.message : String(err))}` };
  }
}

const BACKUP = 'restore from a backup taken before applying (mydumper, mariadb-backup or mysqldump)';

/** One step's estimate, rollback and what replaces a rollback that cannot exist, from what the preview measured. */
interface StepFacts {
  estimate: string;
  rollback: string | null;
  noRollback?: string;
  touches: string;
  details: Details;
}

async function stepFacts(reader: SqlReader, flavor: Flavor, sql: string, shape: WriteShape, db: string | null, explainable: boolean): Promise<StepFacts> {
  const details: Details = {};
  const sizes: TableFacts[] = [];
  for (const t of tablesOf(shape)) {
    const f = await tableFacts(reader, t, db);
    if (!f) continue;
    sizes.push(f);
    details[`rows in ${f.key}`] = f.rows;
    if (f.bytes !== null) details[`size of ${f.key}`] = fmtBytes(f.bytes);
    if (f.skipped) details[`count of ${f.key}`] = f.skipped;
  }
  const touches = sizes.map((f) => f.key).join(', ');
  const size = (f: TableFacts | undefined) =>
    f?.exists ? `${f.rows === null ? 'unknown' : f.rows.toLocaleString('en-US')} rows, ${fmtBytes(f.bytes)}` : 'the table does not exist yet';
  switch (shape.verb) {
    case 'create-database': {
      const facts = await databaseFacts(reader, shape.name);
      details[`database ${shape.name} exists`] = facts.exists ? 'yes' : 'no';
      if (facts.exists)
        return {
          estimate: shape.ifNotExists
            ? 'the database exists already: IF NOT EXISTS makes this a no-op'
            : 'the database exists already: the server will refuse this',
          rollback: null,
          touches: `database ${shape.name}`,
          details,
        };
      return {
        estimate: 'creates an empty database: no rows are read or written, no table is rebuilt',
        rollback: `DROP DATABASE ${quoteIdent(shape.name)}`,
        touches: `database ${shape.name}`,
        details,
      };
    }
    case 'drop-database': {
      const facts = await databaseFacts(reader, shape.name);
      details[`tables in ${shape.name}`] = facts.tables;
      details[`rows in ${shape.name} (estimate)`] = facts.rows;
      details[`size of ${shape.name}`] = fmtBytes(facts.bytes);
      return {
        estimate: facts.exists
          ? `destroys ${facts.tables} table(s), ~${facts.rows.toLocaleString('en-US')} rows, ${fmtBytes(facts.bytes)} of data and indexes`
          : 'the database does not exist: nothing is destroyed',
        rollback: null,
        noRollback: facts.exists ? `none: a dropped database cannot be undone by a statement — ${BACKUP}` : undefined,
        touches: `database ${shape.name}`,
        details,
      };
    }
    case 'drop-table':
      return {
        estimate: `destroys ${sizes.map((f) => `${f.key} (${size(f)})`).join(', ') || 'the named tables'}`,
        rollback: null,
        noRollback: `none: a dropped table cannot be undone by a statement — ${BACKUP}`,
        touches,
        details,
      };
    case 'truncate':
      return {
        estimate: `deletes every row of ${sizes[0]?.key ?? shape.table.table} (${size(sizes[0])}); recreates the table, so it is instant but not transactional`,
        rollback: null,
        noRollback: `none: truncated rows are not kept — ${BACKUP}`,
        touches,
        details,
      };
    case 'create-table': {
      const f = sizes[0];
      const qualified = quoteQualified(shape.table.schema ?? db ?? '', shape.table.table);
      if (f?.exists)
        return {
          estimate: shape.ifNotExists ? 'the table exists already: IF NOT EXISTS makes this a no-op' : 'the table exists already: the server will refuse this',
          rollback: null,
          touches,
          details,
        };
      return {
        estimate: shape.copiesRows ? 'creates a new table and copies rows into it (reads its source)' : 'creates a new, empty table',
        rollback: shape.table.schema || db ? `DROP TABLE ${qualified}` : null,
        touches: touches || shape.table.table,
        details,
      };
    }
    case 'create-index': {
      const schema = shape.table.schema ?? db;
      return {
        estimate: `builds an index over ${sizes[0]?.key ?? shape.table.table} (${size(sizes[0])}); takes a metadata lock, and rebuilds the table where the change is not online`,
        rollback: schema ? `DROP INDEX ${quoteIdent(shape.index)} ON ${quoteQualified(schema, shape.table.table)}` : null,
        touches,
        details,
      };
    }
    case 'drop-index': {
      const schema = shape.table.schema ?? db;
      const rollback = schema ? await recreateIndex(reader, schema, shape.table.table, shape.index, flavor.capabilities.indexVisibility) : null;
      return {
        estimate: `drops index ${shape.index} of ${sizes[0]?.key ?? shape.table.table} (${size(sizes[0])}); metadata only on InnoDB, queries that used it change plan`,
        rollback,
        noRollback: rollback ? undefined : 'none generated: recreate the index from SHOW CREATE TABLE, saved before applying',
        touches,
        details,
      };
    }
    case 'alter-table':
      return {
        estimate: `may rebuild ${sizes[0]?.key ?? shape.table.table} (${size(sizes[0])}) and takes a metadata lock`,
        rollback: null,
        noRollback: 'none generated: write the inverse ALTER TABLE (or keep SHOW CREATE TABLE) before applying',
        touches,
        details,
      };
    case 'insert':
      return {
        estimate: `adds rows to ${sizes[0]?.key ?? shape.table.table} (now ${size(sizes[0])}); EXPLAIN of an INSERT is not run, since servers count it as a write`,
        rollback: null,
        noRollback: 'none generated: delete the inserted rows by their keys, or restore from a backup',
        touches,
        details,
      };
    case 'update':
    case 'delete': {
      let estimate: number | null = null;
      if (explainable) {
        const explain = await explainWrite(reader, flavor, sql, shape.table?.table ?? null);
        details.explain = explain.text;
        estimate = explain.rows;
        details['rows affected (EXPLAIN estimate)'] = explain.rows;
      } else details.explain = 'not run: the statement names resolve in another database than the preview session';
      const matched = await countMatching(reader, shape, db, estimate);
      details['rows affected (exact count of the WHERE)'] = matched.rows ?? matched.why;
      const n = matched.rows ?? estimate;
      const verb = shape.verb === 'update' ? 'changes' : 'deletes';
      return {
        estimate: `${verb} ${n === null ? 'an unknown number of' : `${matched.rows === null ? '~' : ''}${n.toLocaleString('en-US')}`} row(s)${shape.where ? '' : ' — every row: no WHERE'}; see the EXPLAIN below`,
        rollback: null,
        noRollback: `none: the old rows are not kept — copy them first (SELECT … WHERE the same condition) or ${BACKUP}`,
        touches,
        details,
      };
    }
    default:
      return {
        estimate: 'see the statement',
        rollback: null,
        noRollback: 'none generated: write the undo statement before applying',
        touches: 'see the statement',
        details,
      };
  }
}

/** The sql-statement planner. */
export const sqlStatementPlanner: Planner<Params> = {
  async derive(params, reader, flavor) {
    const sql = single(params);
    const { keyword, kind, risk } = classify(sql);
    const shape = writeShape(sql);
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
    const facts = await stepFacts(reader, flavor, sql, shape, useDb ?? db, !useDb);
    steps.push({
      id: 'statement',
      kind,
      sql,
      description: params.rollbackOf
        ? `The rollback statement audit entry #${params.rollbackOf} recorded, as recorded.`
        : `The ${keyword.toUpperCase()} statement from the editor, as typed.`,
      risk: shape.verb === 'drop-database' ? 'high' : risk,
      estimate: facts.estimate,
      rollback: facts.rollback,
      ...(facts.noRollback ? { noRollback: facts.noRollback } : {}),
      needsRestart: false,
    });
    const touches: StepTouch[] = [{ stepId: 'statement', touches: facts.touches || 'see the statement', details: facts.details }];
    const title = params.rollbackOf ? `Roll back audit entry #${params.rollbackOf}` : `Run ${keyword.toUpperCase()} from the editor`;
    const plan = makePlan({ planner: 'sql-statement', title, steps });
    return { plan, touches };
  },
  async measure(params, reader): Promise<Measurement> {
    const sql = single(params);
    const db = params.database ?? (await currentDb(reader));
    const shape = writeShape(sql);
    const metrics: Measurement['metrics'] = [];
    if (shape.verb === 'create-database' || shape.verb === 'drop-database') {
      const f = await databaseFacts(reader, shape.name);
      metrics.push({ key: `database:${shape.name}`, label: `Database ${shape.name} exists`, value: f.exists ? 'yes' : 'no' });
      if (shape.verb === 'drop-database') {
        metrics.push({ key: `tables:${shape.name}`, label: `Tables in ${shape.name}`, value: f.tables });
        metrics.push({ key: `bytes:${shape.name}`, label: `Size of ${shape.name}`, value: fmtBytes(f.bytes) });
      }
    }
    for (const t of tablesOf(shape)) {
      const f = await tableFacts(reader, t, db);
      if (f) metrics.push({ key: `rows:${f.key}`, label: `Rows in ${f.key}`, value: f.exists ? f.rows : 'no such table' });
    }
    if (shape.verb === 'delete' && shape.where) {
      const m = await countMatching(reader, { ...shape, limit: null }, db, null);
      metrics.push({ key: 'rows:where', label: 'Rows the WHERE matches', value: m.rows ?? m.why });
    }
    return { at: new Date().toISOString(), metrics };
  },
};
