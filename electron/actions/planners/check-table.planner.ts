/**
 * CHECK TABLE as a plan, one step per table, so a run reports progress and stops between tables
 * when cancelled. Why through the executor and not the read session: the statement needs only
 * SELECT and runs inside a READ ONLY transaction on both MariaDB 10.11 and MySQL 9.7, but on MyISAM
 * and Aria it writes the table header (its check time, and the crashed flag when it finds damage) —
 * measured: CHECK_TIME moved on MariaDB after a CHECK inside a read-only transaction.
 * https://dev.mysql.com/doc/refman/8.4/en/check-table.html, https://mariadb.com/kb/en/check-table/
 */
import { AppError } from '../../../shared/contract/core';
import type { Measurement } from '../../../shared/contract/actions';
import { fmtBytes } from '../../../shared/format-bytes';
import { quoteQualified } from '../../../shared/sql-quote';
import type { SqlReader } from '../../connections/sql-reader';
import { makePlan } from '../../engines/plan/make-plan';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'check-table'>;

interface TableRow {
  t: string;
  engine: string | null;
  bytes: number | null;
  rows: number | null;
  checked: string | null;
}

async function tablesOf(reader: SqlReader, p: Params): Promise<TableRow[]> {
  const rows = await reader.query<TableRow>(
    `SELECT TABLE_NAME AS t, ENGINE AS engine, DATA_LENGTH + INDEX_LENGTH AS bytes, TABLE_ROWS AS \`rows\`, CHECK_TIME AS checked
       FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [p.schema],
  );
  if (p.tables.length === 0) {
    if (rows.length === 0) throw new AppError('NOT_FOUND', `No tables in database ${p.schema} (or no such database)`);
    return rows;
  }
  const byName = new Map(rows.map((r) => [r.t.toLowerCase(), r]));
  const missing = p.tables.filter((t) => !byName.has(t.toLowerCase()));
  if (missing.length) throw new AppError('NOT_FOUND', `No such table in ${p.schema}: ${missing.join(', ')}`);
  return [...new Set(p.tables.map((t) => t.toLowerCase()))].map((t) => byName.get(t)!);
}

/** What CHECK does to a table of this engine while it runs. */
function lockText(engine: string | null): string {
  const e = (engine ?? '').toLowerCase();
  if (e === 'innodb') return 'InnoDB: reads every index (a shared lock: writes to the table wait until it ends)';
  if (e === 'myisam' || e === 'aria')
    return `${engine}: read lock for the whole run; records the check time (and a crashed flag on damage) in the table header`;
  return `${engine ?? 'unknown engine'}: engine-specific check`;
}

/** The check-table planner. */
export const checkTablePlanner: Planner<Params> = {
  async derive(params, reader) {
    const tables = await tablesOf(reader, params);
    const mode = params.mode.toUpperCase();
    const plan = makePlan({
      planner: 'check-table',
      title: `CHECK TABLE ${mode} on ${tables.length} table(s) of ${params.schema}`,
      steps: tables.map((t) => ({
        id: `check:${t.t}`,
        kind: 'ADMIN' as const,
        sql: `CHECK TABLE ${quoteQualified(params.schema, t.t)} ${mode}`,
        description: `Check ${params.schema}.${t.t} for corruption (${mode.toLowerCase()}).`,
        risk: 'low' as const,
        estimate: `${fmtBytes(Number(t.bytes ?? 0))}; ${lockText(t.engine)}`,
        rollback: null,
        noRollback: 'nothing to undo: CHECK changes no rows (MyISAM/Aria only note the check in the table header)',
      })),
    });
    return {
      plan,
      touches: tables.map((t) => ({
        stepId: `check:${t.t}`,
        touches: `${params.schema}.${t.t}`,
        details: {
          engine: t.engine,
          'rows (estimate)': t.rows === null ? null : Number(t.rows),
          size: fmtBytes(Number(t.bytes ?? 0)),
          'last checked': t.checked ? String(t.checked) : null,
        },
      })),
    };
  },
  async measure(params, reader): Promise<Measurement> {
    const tables = await tablesOf(reader, params);
    return {
      at: new Date().toISOString(),
      metrics: tables.map((t) => ({ key: `checked:${params.schema}.${t.t}`, label: `${t.t} last checked`, value: t.checked ? String(t.checked) : null })),
    };
  },
};
