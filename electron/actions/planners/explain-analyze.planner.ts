/**
 * ANALYZE of a statement that writes, as a plan: the pure engine (engines/explain/analyze-write)
 * decides from the collected facts whether a ROLLBACK undoes it, and builds START TRANSACTION →
 * ANALYZE → ROLLBACK. Measure is a row count and content checksum of every table it names, so
 * before/after show the data unchanged.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import type { SqlReader } from '../../connections/sql-reader';
import { collectCalledFunctions, collectTableChecksum, collectWriteSafety } from '../../connections/collectors/write-safety.collector';
import { planAnalyzeWrite, tablesOfStatement } from '../../engines/explain/analyze-write';
import { splitStatements } from '../../engines/query-lint/sql-ast';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'explain-analyze'>;

function single(params: Params): string {
  const statements = splitStatements(params.sql);
  if (statements.length !== 1) throw new AppError('BAD_INPUT', `ANALYZE runs one statement at a time; this text has ${statements.length}.`);
  return statements[0]!.sql.trim().replace(/;\s*$/, '');
}

async function currentDb(reader: SqlReader): Promise<string | null> {
  return (await reader.query<{ db: string | null }>('SELECT DATABASE() AS db'))[0]?.db ?? null;
}

/** The statement's tables with unqualified names resolved in the database it will run in. */
async function namedTables(params: Params, reader: SqlReader, product: Parameters<typeof tablesOfStatement>[1]) {
  const sql = single(params);
  const db = await currentDb(reader);
  const useDatabase = params.database && params.database !== db ? params.database : null;
  const home = useDatabase ?? db;
  const uses = tablesOfStatement(sql, product) ?? [];
  const tables = uses.map((t) => ({ schema: t.schema ?? home ?? '', table: t.table, op: t.op }));
  return { sql, useDatabase, tables, home };
}

/** The explain-analyze planner. */
export const explainAnalyzePlanner: Planner<Params> = {
  async derive(params, reader, flavor) {
    const { sql, useDatabase, tables, home } = await namedTables(params, reader, flavor.product);
    const facts = await collectWriteSafety(reader, tables);
    const storedFunctions = await collectCalledFunctions(reader, sql, home);
    const out = planAnalyzeWrite({ sql, flavor, useDatabase, tables: facts, storedFunctions });
    if ('refused' in out) throw new AppError('UNSUPPORTED', out.refused);
    return out;
  },
  async measure(params, reader, flavor): Promise<Measurement> {
    const { tables } = await namedTables(params, reader, flavor.product);
    const metrics: Measurement['metrics'] = [];
    const seen = new Set<string>();
    for (const t of tables) {
      const key = `${t.schema}.${t.table}`;
      if (seen.has(key) || !t.schema) continue;
      seen.add(key);
      const { rows, checksum } = await collectTableChecksum(reader, t.schema, t.table);
      metrics.push({ key: `rows:${key}`, label: `Rows in ${key}`, value: rows }, { key: `checksum:${key}`, label: `Checksum of ${key}`, value: checksum });
    }
    return { at: new Date().toISOString(), metrics };
  },
};
