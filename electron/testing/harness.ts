/**
 * Integration-test harness: a runtime on a temporary workspace and direct admin connections to
 * the sandbox servers for set-up and for reading counters the product must not move.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { createRuntime, type Runtime } from '../services/runtime';
import { aesSecretBox } from '../store/secret-box';
import type { TestServer } from './servers';

/** A MySQL connection's stored settings for a sandbox server, as the connections form saves them (TLS preferred, 30 s reads). */
export function serverConnection(server: TestServer, name: string) {
  return {
    name,
    kind: 'mysql' as const,
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: '',
    socket: '',
    tls: { mode: 'preferred' as const },
    production: false,
    readTimeoutMs: 30_000,
  };
}

/** A runtime over a fresh workspace. */
export function testRuntime(): Runtime {
  const dir = mkdtempSync(join(tmpdir(), 'dbw-it-'));
  return createRuntime({ workspaceDir: dir, host: 'node', secrets: aesSecretBox(Buffer.alloc(32, 3), 'test'), version: 'test' });
}

/** An admin connection for test set-up (not product code). */
export function adminConnection(server: TestServer, database?: string): Promise<mysql.Connection> {
  return mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database, multipleStatements: true });
}

/** Calls a method through the runtime's dispatcher and unwraps the result (throws the envelope). */
export async function invoke<T = unknown>(rt: Runtime, method: string, payload: unknown): Promise<T> {
  const r = await rt.dispatcher.dispatch(method, payload, `t-${Math.random().toString(36).slice(2)}`);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.result as T;
}

/** Saves a MySQL/MariaDB connection to a sandbox server in the runtime's workspace; resolves to its id. */
export async function saveConnection(rt: Runtime, server: TestServer, name: string, extra: { database?: string; production?: boolean } = {}): Promise<string> {
  const saved = await invoke<{ id: string }>(rt, 'connections.save', {
    name,
    kind: 'mysql',
    port: server.port,
    user: server.user,
    password: server.password,
    ...extra,
  });
  return saved.id;
}

/** Global counters that any write moves. */
export const WRITE_COUNTERS = [
  'Com_insert',
  'Com_update',
  'Com_delete',
  'Com_replace',
  'Com_analyze',
  'Com_optimize',
  'Com_alter_table',
  'Com_create_table',
  'Com_drop_table',
  'Com_create_index',
  'Com_drop_index',
  'Com_set_option_global',
  'Innodb_rows_inserted',
  'Innodb_rows_updated',
  'Innodb_rows_deleted',
  'Handler_update',
  'Handler_delete',
];

/** Reads the write counters, and the binary log position when the server logs one. */
export async function writeCounters(conn: mysql.Connection): Promise<Record<string, string>> {
  const [rows] = await conn.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${WRITE_COUNTERS.map(() => '?').join(',')})`, WRITE_COUNTERS);
  const out: Record<string, string> = {};
  for (const r of rows as Array<{ Variable_name: string; Value: string }>) out[r.Variable_name] = r.Value;
  const [[logBin]] = (await conn.query('SELECT @@log_bin AS b')) as unknown as [[{ b: number }]];
  if (Number(logBin.b) === 1) {
    const [st] = await conn.query('SHOW MASTER STATUS').catch(() => conn.query('SHOW BINARY LOG STATUS'));
    const s = (st as Array<{ File: string; Position: number }>)[0];
    if (s) out.binlog = `${s.File}:${s.Position}`;
  }
  return out;
}

/** The server's id of a test connection (what KILL and the processlist name). */
export async function threadId(conn: mysql.Connection): Promise<number> {
  const [rows] = await conn.query('SELECT CONNECTION_ID() AS id');
  return Number((rows as Array<{ id: number }>)[0]!.id);
}

/** One global status counter, as a number. */
export async function globalStatus(conn: mysql.Connection, name: string): Promise<number> {
  const [rows] = await conn.query('SHOW GLOBAL STATUS LIKE ?', [name]);
  return Number((rows as Array<{ Value: string }>)[0]!.Value);
}
