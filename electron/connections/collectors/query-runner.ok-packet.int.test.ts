/**
 * Statements answered with an OK packet instead of rows (`SELECT … INTO @x`, `DO`) settle on
 * every read path with their affected-row and warning counts, on both flavors. The streaming
 * reader is driven directly, under the editor's guard, so this holds whatever the guard lets through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../store/connections.repo';
import { serverConnection } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import { closeMysql, connectMysql, LOST_GRACE_MS, type OpenMysql } from '../mysql-connect';
import { readOutcomeOf } from '../sql-reader';
import { DEFAULT_LIMITS, streamStatement, type StatementOutcome } from './query-runner.collector';

function configOf(server: (typeof sqlServers)[number]): ConnectionConfig {
  return { ...serverConnection(server, 'ok-packet'), id: 'ok-packet', tls: { mode: 'disabled' }, readTimeoutMs: 10_000 };
}

describe.each(sqlServers)('OK packets on $label', (server) => {
  let open: OpenMysql;
  const stream = (sql: string): Promise<StatementOutcome> =>
    streamStatement({ conn: open.conn, watch: open.watch, answerWithinMs: 10_000 + LOST_GRACE_MS, onActive: () => undefined }, sql, DEFAULT_LIMITS);

  beforeAll(async () => {
    open = await connectMysql(configOf(server));
  });
  afterAll(async () => {
    if (open) await closeMysql(open.conn, open.watch);
  });

  it('settles a streamed SELECT … INTO @x with its counts, and the connection serves the next statement', async () => {
    const out = await stream('SELECT 41 + 1 INTO @nohang_x');
    expect(out).toMatchObject({ kind: 'ok', warnings: 0 });
    if (out.kind !== 'ok') return;
    expect(out.affectedRows).toBeGreaterThanOrEqual(0);
    const next = await stream('SELECT @nohang_x');
    expect(next.kind).toBe('rows');
    if (next.kind !== 'rows') return;
    await next.done;
    expect(next.buffer.slice(0, 1)).toEqual([[42]]);
  });

  it('counts the warnings of an OK packet (a truncated cast)', async () => {
    const out = await stream("SELECT CAST('7 apples' AS SIGNED) INTO @nohang_y");
    expect(out).toMatchObject({ kind: 'ok', warnings: 1 });
  });

  it('reads the same OK packet through the promise path the read session and EXPLAIN use', async () => {
    const [result] = await open.conn.query("SELECT CAST('7 apples' AS SIGNED) INTO @nohang_y");
    expect(readOutcomeOf(result)).toMatchObject({ kind: 'ok', warnings: 1 });
    const [rows] = await open.conn.query('SELECT @nohang_y AS y');
    expect(readOutcomeOf(rows)).toEqual({ kind: 'rows', rows: [{ y: 7 }] });
  });
});
