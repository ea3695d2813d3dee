/** `sql.run` / `sql.page` / `sql.cancel`: statements on a dedicated read connection, results buffered and paged. */
import { AppError } from '../../../shared/contract/core';
import type { SqlPage, SqlResult } from '../../../shared/contract/sql.calls';
import { DEFAULT_LIMITS, QueryRunner, type BufferLimits, type ResultBuffer } from '../../connections/collectors/query-runner.collector';
import { needsRowCap } from '../../engines/sql-parse/row-limit';
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
    truncatedReason: buf.truncatedReason,
    elapsedMs: buf.complete ? buf.elapsedMs : performance.now() - startedAt,
    affectedRows: null,
    warnings: null,
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
  /** Rows kept of a query without a LIMIT of its own, or null (the editor's LIMIT guard). */
  rowCap?: number | null;
  signal: AbortSignal;
}

/** The caps of one statement: the editor's row cap when the query does not bound its own rows. */
export function limitsFor(sql: string, rowCap: number | null | undefined, base: BufferLimits): BufferLimits {
  if (!rowCap || !needsRowCap(sql)) return base;
  const n = rowCap.toLocaleString('en-US');
  return {
    ...base,
    maxRows: Math.min(base.maxRows, rowCap),
    rowCapNote: `Stopped at ${n} rows: the row cap for a query without LIMIT. Add a LIMIT, or raise the cap, to read more.`,
  };
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
  const onAbort = () => void runner.cancel();
  input.signal.addEventListener('abort', onAbort, { once: true });
  const results: SqlResult[] = [];
  let streaming: Promise<void> | null = null;
  try {
    for (const [index, sql] of statements.entries()) {
      const startedAt = performance.now();
      const out = await runner.run(sql, limitsFor(sql, input.rowCap, { ...DEFAULT_LIMITS, budget: run.budget }));
      // A lost connection ends the whole run with its typed error: nothing after it can run.
      if (out.kind === 'error' && out.error.code === 'CONNECTION_LOST') throw out.error;
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
          truncatedReason: null,
          elapsedMs: out.elapsedMs,
          affectedRows: failed ? null : out.affectedRows,
          warnings: failed ? null : out.warnings,
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
      if (out.buffer.error?.code === 'CONNECTION_LOST' && out.buffer.rowCount < input.pageSize) throw out.buffer.error;
      results.push(rowsResult(resultId, index, sql, out.buffer, input.pageSize, startedAt));
      if (out.buffer.error || (out.buffer.truncated && !last)) break;
    }
  } catch (err) {
    cache.drop(input.runId, 'The run ended with an error.');
    throw err;
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

/**
 * A page of a buffered result; waits for rows that are still streaming in. When the rows ended
 * with an error before reaching this page (a lost connection, a statement killed on the server),
 * the call fails with that error instead of returning an empty page; rows that did arrive stay
 * readable, with the error beside them.
 */
export async function pageOf(cache: ResultCache, resultId: string, offset: number, limit: number, signal: AbortSignal): Promise<SqlPage> {
  const buf = cache.buffer(resultId);
  await buf.waitFor(offset + limit, signal);
  if (buf.error && offset >= buf.rowCount) throw buf.error;
  return {
    rows: buf.slice(offset, limit),
    offset,
    totalRows: buf.rowCount,
    complete: buf.complete,
    truncated: buf.truncated,
    truncatedReason: buf.truncatedReason,
    elapsedMs: buf.elapsedMs,
    error: buf.error ? sqlErrorOf(buf.error) : null,
  };
}

/** Stops the running statement of a run, if it still has one; settles even when the server is gone. */
export async function cancelRun(cache: ResultCache, runId: string): Promise<boolean> {
  const runner = cache.run(runId)?.runner;
  if (!runner) return false;
  await runner.cancel();
  return true;
}
