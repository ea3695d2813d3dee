/**
 * Kills a running statement (KILL QUERY) or a whole session (KILL, which also rolls back its open
 * transaction) as a one-step plan. The preview reads the session and its transaction so the user
 * sees exactly what ends and what a rollback will undo; the step id carries the session's user
 * and host, so if the id was reused by another client between preview and apply, the plan hash
 * changes and apply refuses.
 * https://dev.mysql.com/doc/refman/8.4/en/kill.html · https://mariadb.com/kb/en/kill/
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import type { Flavor } from '../../../shared/contract/connections';
import { lockWaitSource } from '../../connections/collectors/activity.collector';
import type { SqlReader } from '../../connections/sql-reader';
import { makePlan } from '../../engines/plan/make-plan';
import type { StepTouch } from '../../engines/maintenance/analyze-table.plan';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'kill-session'>;

interface Target {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
  timeSec: number;
  state: string | null;
  info: string | null;
  trx: { trxId: string; ageSec: number; rowsModified: number; rowsLocked: number } | null;
  waiters: number;
}

async function readTarget(reader: SqlReader, flavor: Flavor, id: number): Promise<Target | null> {
  const [p] = await reader.query<Record<string, unknown>>(
    'SELECT ID AS id, USER AS user, HOST AS host, DB AS db, COMMAND AS command, TIME AS t, STATE AS state, INFO AS info FROM information_schema.PROCESSLIST WHERE ID = ?',
    [id],
  );
  if (!p) return null;
  const [t] = await reader.query<Record<string, unknown>>(
    'SELECT trx_id, TIMESTAMPDIFF(SECOND, trx_started, NOW()) AS age_s, trx_rows_modified, trx_rows_locked FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ?',
    [id],
  );
  // Transactions waiting on this one's locks, from wherever the server reports lock waits.
  let waiters = 0;
  if (t) {
    const sql =
      lockWaitSource(flavor) === 'performance_schema'
        ? 'SELECT COUNT(DISTINCT REQUESTING_ENGINE_TRANSACTION_ID) AS n FROM performance_schema.data_lock_waits WHERE BLOCKING_ENGINE_TRANSACTION_ID = ?'
        : 'SELECT COUNT(DISTINCT requesting_trx_id) AS n FROM information_schema.INNODB_LOCK_WAITS WHERE blocking_trx_id = ?';
    waiters = Number((await reader.query<{ n: number }>(sql, [t.trx_id]))[0]?.n ?? 0);
  }
  return {
    id: Number(p.id),
    user: String(p.user ?? ''),
    host: String(p.host ?? ''),
    db: p.db === null || p.db === undefined ? null : String(p.db),
    command: String(p.command ?? ''),
    timeSec: Number(p.t ?? 0),
    state: p.state ? String(p.state) : null,
    info: p.info === null || p.info === undefined ? null : String(p.info),
    trx: t
      ? { trxId: String(t.trx_id), ageSec: Number(t.age_s ?? 0), rowsModified: Number(t.trx_rows_modified ?? 0), rowsLocked: Number(t.trx_rows_locked ?? 0) }
      : null,
    waiters,
  };
}

/** user@host:port of a session: what the step id pins, so a reused id reads as a different plan. */
function who(t: Target): string {
  return `${t.user}@${t.host}`;
}

/** The kill-session planner. */
export const killSessionPlanner: Planner<Params> = {
  async derive(params, reader, flavor) {
    const t = await readTarget(reader, flavor, params.processId);
    if (!t) throw new AppError('NOT_FOUND', `No session ${params.processId} on the server (it may have ended already).`);
    const connection = params.scope === 'connection';
    const sql = connection ? `KILL CONNECTION ${t.id}` : `KILL QUERY ${t.id}`;
    const what = connection
      ? `Ends session ${t.id} (${who(t)}${t.db ? `, db ${t.db}` : ''})${t.trx ? ` and rolls back its transaction (${t.trx.rowsModified} row(s) modified, open ${t.trx.ageSec} s)` : ''}.`
      : `Ends the statement session ${t.id} (${who(t)}) is running${t.info ? `: ${t.info.slice(0, 200)}` : ' (it runs none now)'}; the session and its transaction stay open.`;
    const touches: StepTouch[] = [
      {
        stepId: `kill:${t.id}:${who(t)}`,
        touches: `session ${t.id} ${who(t)}`,
        details: {
          command: t.command,
          'time in state (s)': t.timeSec,
          state: t.state,
          statement: t.info ? t.info.slice(0, 500) : null,
          transaction: t.trx ? t.trx.trxId : 'none',
          'transaction age (s)': t.trx ? t.trx.ageSec : null,
          'rows modified (undone on KILL CONNECTION)': t.trx ? t.trx.rowsModified : null,
          'rows locked': t.trx ? t.trx.rowsLocked : null,
          'sessions waiting on its locks': t.waiters,
        },
      },
    ];
    const plan = makePlan({
      planner: 'kill-session',
      title: connection ? `Kill session ${t.id} (${who(t)})` : `Kill the running statement of session ${t.id} (${who(t)})`,
      steps: [
        {
          id: `kill:${t.id}:${who(t)}`,
          kind: 'ADMIN',
          sql,
          description: what,
          risk: connection ? 'high' : 'medium',
          estimate: connection && t.trx ? `rollback of ${t.trx.rowsModified} row(s) may take a while; locks are released after it` : 'immediate',
          rollback: null,
        },
      ],
      notes: [
        connection
          ? 'No rollback: the client sees its connection closed; its uncommitted work is undone by the server.'
          : 'No rollback: the client receives "Query execution was interrupted" and may retry.',
      ],
    });
    return { plan, touches };
  },
  async measure(params, reader, flavor): Promise<Measurement> {
    const t = await readTarget(reader, flavor, params.processId);
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: 'session', label: `Session ${params.processId}`, value: t ? `${t.command}${t.info ? ' (running a statement)' : ''}` : 'gone' },
        { key: 'transaction', label: 'Its open transaction', value: t?.trx ? `${t.trx.trxId}, ${t.trx.rowsModified} row(s) modified` : 'none' },
        { key: 'waiters', label: 'Sessions waiting on its locks', value: t ? t.waiters : 0 },
      ],
    };
  },
};
