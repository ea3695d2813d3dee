/** `sql.run` / `sql.page` / `sql.cancel`: statements on a dedicated read connection, results buffered and paged. */
import { AppError } from '../../../shared/contract/core';
import type { SqlPage, SqlResult } from '../../../shared/contract/sql.calls';
import { QueryRunner, type ResultBuffer } from '../../connections/collectors/query-runner.collector';
import { splitStatements } from '../../engines/query-lint/sql-ast';
import type { ConnectionConfig } from '../../store/connections.repo';
import type { ResultCache } from './result-cache';

/**
 * The server's error in the result's shape: code and errno in their fields, the message without
 * the "CODE (errno): " prefix the driver error mapping adds, so the editor shows each once.
 */
export function sqlErrorOf(err: AppError): NonNullable<SqlResult['error']> {
  const d = (err.details ?? {}) as { code?: string; errno?: number };
  const code = d.code ?? err.code;
  const errno = d.errno ?? null;
  const prefix = `${code}${errno !== null ? ` (${errno})` : ''}: `;
  const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  return { code, errno, message };
}

function rowsResult(resultId: string, index: number, sql: string, buf: ResultBuffer, pageSize: number, startedAt: number): SqlResult {
  return {
    resultId,
    index,
    sql,
    columns: buf.columns,
    rows: buf.slice(0, pageSize),
    totalRows: buf.rowCount,
    complete: buf.complete,
    truncated: buf.truncated,
    elapsedMs: buf.complete ? buf.elapsedMs : performance.now() - startedAt,
    affectedRows: null,
    error: buf.error ? sqlErrorOf(buf.error) : null,
  };
}

/** What `runStatements` needs. */
export interface RunInput {
  cfg: ConnectionConfig;
  runId: string;
  sql: string;
  database?: string;
  pageSize: number;
  signal: AbortSignal;
}

/**
 * Runs each statement in turn and stops at the first error. Earlier result sets are read to the
 * end (the connection serves one statement at a time); the last one returns with its first page
 * while the rest streams into the buffer, so the first rows show without waiting for the last.
 */
export async function runStatements(cache: ResultCache, input: RunInput): Promise<SqlResult[]> {
  const statements = splitStatements(input.sql).map((s) => s.sql);
  if (!statements.length) throw new AppError('BAD_INPUT', 'Nothing to run');
  const runner = await QueryRunner.open(input.cfg, input.database);
  const run = cache.open(input.runId, runner);
  const onAbort = () => void runner.killQuery().catch(() => undefined);
  input.signal.addEventListener('abort', onAbort, { once: true });
  const results: SqlResult[] = [];
  let streaming: Promise<void> | null = null;
  try {
    for (const [index, sql] of statements.entries()) {
      const startedAt = performance.now();
      const out = await runner.run(sql);
      if (out.kind !== 'rows') {
        // A statement without a result set: its error, or its affected-row count.
        const failed = out.kind === 'error';
        results.push({
          resultId: null,
          index,
          sql,
          columns: [],
          rows: [],
          totalRows: 0,
          complete: true,
          truncated: false,
          elapsedMs: out.elapsedMs,
          affectedRows: failed ? null : out.affectedRows,
          error: failed ? sqlErrorOf(out.error) : null,
        });
        if (failed) break;
        continue;
      }
      const resultId = `${input.runId}:${index}`;
      run.results.set(resultId, out.buffer);
      const last = index === statements.length - 1;
      if (last) {
        await out.buffer.waitFor(input.pageSize, input.signal);
        streaming = out.done;
      } else await out.done;
      results.push(rowsResult(resultId, index, sql, out.buffer, input.pageSize, startedAt));
      if (out.buffer.error || (out.buffer.truncated && !last)) break;
    }
  } finally {
    input.signal.removeEventListener('abort', onAbort);
    const close = () => {
      run.runner = null;
      void runner.close();
      cache.evict(input.runId);
    };
    if (streaming) void (streaming as Promise<void>).then(close);
    else close();
  }
  return results;
}

/** A page of a buffered result; waits for rows that are still streaming in. */
export async function pageOf(cache: ResultCache, resultId: string, offset: number, limit: number, signal: AbortSignal): Promise<SqlPage> {
  const buf = cache.buffer(resultId);
  await buf.waitFor(offset + limit, signal);
  return {
    rows: buf.slice(offset, limit),
    offset,
    totalRows: buf.rowCount,
    complete: buf.complete,
    truncated: buf.truncated,
    elapsedMs: buf.elapsedMs,
  };
}

/** Kills the running statement of a run, if it still has one. */
export async function cancelRun(cache: ResultCache, runId: string): Promise<boolean> {
  const runner = cache.run(runId)?.runner;
  if (!runner) return false;
  await runner.killQuery();
  return true;
}
