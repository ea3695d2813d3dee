/**
 * The executor's purge loop: the plan's DDL steps, then one committed transaction per chunk
 * (bound read, optional archive copy, DELETE of the key range, checkpoint upsert, COMMIT) with
 * the lag and load gates read between chunks and the sleeps after them, until no row matches, the
 * caller stops it, the load reaches the abort threshold, a gate holds too long, or a statement
 * fails. Every DDL step and the chunk loop are audited; the loop's audit row carries the run's
 * statistics (rows, chunks, time, per-chunk latency).
 */
import { AppError } from '../../shared/contract/core';
import type { Plan } from '../../shared/contract/plan';
import { formatChunkProgress, type PurgeChunk, type PurgeRunResult, type PurgeSpec } from '../../shared/contract/purge';
import { MysqlSession } from '../connections/mysql-session';
import { openMysqlWriter, type MysqlWriter } from '../connections/mysql-writer';
import { boundKey, boundParams, chunkStatements, keyName, purgeJobId, rangeParams, type PurgeKey } from '../engines/purge/purge-sql';
import { archiveHeader, formatArchiveRows } from '../engines/purge/archive-file';
import type { PurgeResume } from '../engines/purge/purge-plan';
import { latencySummary, sleepAfterChunk, type GateReading } from '../engines/purge/purge-throttle';
import { openArchiveFile, type ArchiveFileWriter } from './archive-file-writer';
import { openReplicaLagReader, pause, waitForGate, type ReplicaLagReader } from './throttle-gate';
import { auditStep } from './step-audit';
import type { AuditRepo } from '../store/audit.repo';
import type { ConnectionConfig } from '../store/connections.repo';

/** Chunks kept in a result's log (the figures cover every chunk). */
const CHUNK_LOG = 5000;

/** What the purge loop needs from the executor. */
export interface PurgeExecutorDeps {
  audit: AuditRepo;
  actor: string;
  lockWaitSeconds: number;
  openWriter?: (cfg: ConnectionConfig, lockWaitSeconds: number) => Promise<MysqlWriter>;
}

/** One run's inputs besides the spec. */
export interface PurgeRunInput {
  cfg: ConnectionConfig;
  spec: PurgeSpec;
  /** The plan derived moments ago (its DDL steps run first; its hash goes to the audit). */
  plan: Plan;
  key: PurgeKey;
  /** The checkpoint to continue after (spec.resume), with the rows and chunks it already counts. */
  resume: PurgeResume | null;
  /** The archive file to write (the checkpoint's, cut back to its committed size, when resuming it). */
  archiveFile: { path: string; resumeBytes: number | null } | null;
  /** Rows the dry run counted, for progress. */
  expectedRows: number | null;
  /** Replica connections for the lag gate. */
  replicas: ConnectionConfig[];
  signal: AbortSignal;
  progress: (rowsDone: number, total: number | null, message: string) => void;
}

/** Runs purges for the executor. */
export class PurgeExecutor {
  constructor(private readonly deps: PurgeExecutorDeps) {}

  /** Runs the purge to its end and returns what it did; never throws once the loop has started. */
  async run(input: PurgeRunInput): Promise<PurgeRunResult> {
    const { cfg, spec, plan, key, signal } = input;
    const jobId = purgeJobId(spec.schema, spec.table, spec.where, keyName(key));
    const sql = chunkStatements({ schema: spec.schema, table: spec.table, where: spec.where, chunk: spec.chunk, key, archive: spec.archive });
    const audit = (stepId: string, stepSql: string, status: 'ok' | 'failed' | 'skipped', message: string, durationMs: number, rollback: string | null) =>
      auditStep(this.deps, cfg, plan, { stepId, sql: stepSql, status, message, durationMs }, rollback).auditId;

    let lagReader: ReplicaLagReader | null = null;
    let file: ArchiveFileWriter | null = null;
    const fileFormat = spec.archive.kind === 'file' ? spec.archive.format : null;
    let fileNote = '';
    let gateSession: MysqlSession | null = null;
    const open = this.deps.openWriter ?? openMysqlWriter;
    const writer = await open(cfg, this.deps.lockWaitSeconds);
    const t0 = performance.now();
    const latencies: number[] = [];
    const chunkLog: PurgeChunk[] = [];
    const waits = { lagMs: 0, loadMs: 0, sleepMs: 0 };
    let rows = input.resume?.rows ?? 0;
    let chunks = input.resume?.chunks ?? 0;
    let runRows = 0;
    let archived = 0;
    let lo: string | null = input.resume?.lastKey ?? null;
    let end: PurgeRunResult['end'] = 'done';
    let message = '';
    try {
      for (const step of plan.steps.filter((s) => s.kind === 'DDL')) {
        const s0 = performance.now();
        try {
          const out = await writer.execute(step.sql);
          audit(step.id, step.sql, 'ok', out, performance.now() - s0, step.rollback);
        } catch (err) {
          const why = err instanceof AppError ? `${err.code}: ${err.message}` : String(err);
          audit(step.id, step.sql, 'failed', why, performance.now() - s0, step.rollback);
          throw err;
        }
      }
      if (fileFormat && input.archiveFile) {
        // The header needs the column names: read them from an empty result of the chunk's own SELECT.
        const head = await writer.fetchRaw(
          `${sql.fetch!.first.replace(/ FOR UPDATE$/, '')} LIMIT 0`,
          key.parts.length === 1 ? [null] : rangeParams(key, null, JSON.stringify(key.parts.map(() => ''))),
        );
        file = openArchiveFile(input.archiveFile.path, input.archiveFile.resumeBytes, archiveHeader(fileFormat, head.columns));
      }
      gateSession = await MysqlSession.open(cfg);
      lagReader = await openReplicaLagReader(input.replicas);
      const readGates = async (): Promise<GateReading> => {
        const status = await gateSession!.query<{ Value: string }>("SHOW GLOBAL STATUS LIKE 'Threads_running'");
        return { threadsRunning: status[0] ? Number(status[0].Value) : null, replicaLags: await lagReader!.read() };
      };
      let lastCheck = -Infinity;
      for (;;) {
        if (signal.aborted) {
          end = 'stopped';
          break;
        }
        if (performance.now() - lastCheck >= spec.checkIntervalMs) {
          const gate = await waitForGate({
            read: readGates,
            limits: spec,
            maxWaitMs: spec.maxWaitMs,
            signal,
            onWait: (reason) => input.progress(rows, input.expectedRows, `Waiting: ${reason}`),
          });
          waits.lagMs += gate.waited.lagMs;
          waits.loadMs += gate.waited.loadMs;
          if (gate.end !== 'go') {
            end = gate.end;
            message = gate.message;
            break;
          }
          lastCheck = performance.now();
        }
        const c0 = performance.now();
        const bound = await writer.run(lo === null ? sql.bound.first : sql.bound.next, boundParams(key, lo));
        const last = boundKey(key, bound.rows?.[0]);
        if (!last) break;
        const hi = last.hi;
        const range = rangeParams(key, lo, hi);
        let deleted = 0;
        let written = 0;
        const fileFrom = file?.bytes ?? null;
        await writer.run('START TRANSACTION', []);
        try {
          if (sql.archive) {
            const copied = (await writer.run(lo === null ? sql.archive.first : sql.archive.next, range)).affectedRows;
            archived += copied;
          }
          if (file && sql.fetch && fileFormat) {
            // The rows are locked (FOR UPDATE) and on disk before the DELETE that removes them commits.
            const got = await writer.fetchRaw(lo === null ? sql.fetch.first : sql.fetch.next, range);
            if (got.rows.length > 0) file.append(formatArchiveRows(fileFormat, got.columns, got.rows));
            written = got.rows.length;
          }
          // Point of no return: from here on this chunk changes the server (undone by ROLLBACK until COMMIT).
          deleted = (await writer.run(lo === null ? sql.remove.first : sql.remove.next, range)).affectedRows;
          if (file && deleted !== written) {
            throw new AppError(
              'SERVER_ERROR',
              `Chunk ${chunks + 1} wrote ${written} row(s) to the archive file but deleted ${deleted}: rows changed under the chunk`,
            );
          }
          const newRows = rows + deleted;
          const newChunks = chunks + 1;
          const fPath = file?.path ?? null;
          const fBytes = file?.bytes ?? null;
          await writer.run(sql.checkpoint, [
            jobId,
            `${spec.schema}.${spec.table}`,
            spec.where,
            hi,
            newRows,
            newChunks,
            fPath,
            fBytes,
            hi,
            newRows,
            newChunks,
            fPath,
            fBytes,
          ]);
          await writer.run('COMMIT', []);
        } catch (err) {
          const rolledBack = await writer.run('ROLLBACK', []).then(
            () => true,
            () => false,
          );
          if (file && fileFrom !== null && file.bytes !== fileFrom) {
            // Only a confirmed rollback proves the chunk did not commit; otherwise the checkpoint decides on resume.
            if (rolledBack && !(err instanceof AppError && err.code === 'CONNECTION_LOST')) file.truncate(fileFrom);
            else fileNote = `; the archive file may hold rows past its checkpointed size ${fileFrom} until the job is resumed`;
          }
          throw err;
        }
        archived += written;
        const ms = performance.now() - c0;
        rows += deleted;
        runRows += deleted;
        chunks += 1;
        lo = hi;
        latencies.push(ms);
        chunkLog.push({ n: chunks, rows: deleted, ms: Math.round(ms * 100) / 100, lastKey: hi });
        if (chunkLog.length > CHUNK_LOG) chunkLog.shift();
        input.progress(runRows, input.expectedRows, formatChunkProgress({ n: chunks, rows: deleted, ms, lastKey: hi }));
        const nap = sleepAfterChunk(ms, spec.sleepMs, spec.sleepCoef);
        if (nap > 0) {
          const s0 = performance.now();
          await pause(nap, signal);
          waits.sleepMs += performance.now() - s0;
        }
      }
    } catch (err) {
      end = 'error';
      message = err instanceof AppError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    } finally {
      file?.close();
      await writer.close();
      await gateSession?.close();
      await lagReader?.close();
    }
    const elapsedMs = performance.now() - t0;
    const latency = latencySummary(latencies);
    const rowsPerSec = elapsedMs > 0 ? Math.round((runRows / elapsedMs) * 1000) : 0;
    const summary =
      `${runRows.toLocaleString('en-US')} rows in ${latencies.length} chunk(s), ${(elapsedMs / 1000).toFixed(1)} s, ${rowsPerSec} rows/s; ` +
      `chunk p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, max ${latency.maxMs} ms; waits lag ${Math.round(waits.lagMs)} ms, ` +
      `load ${Math.round(waits.loadMs)} ms, sleep ${Math.round(waits.sleepMs)} ms` +
      (input.resume ? `; resumed after ${input.resume.lastKey}` : '') +
      (sql.archive ? `; ${archived} archived` : '') +
      (file ? `; ${archived} archived to ${file.path} (${file.bytes} bytes)${fileNote}` : '');
    if (end === 'done') message = `Done: ${summary}`;
    else if (end === 'stopped') message = `Stopped by request after ${summary}`;
    else message = `${message}. Before that: ${summary}`;
    const loopSql = [sql.bound.next, ...(sql.archive ? [sql.archive.next] : []), ...(sql.fetch ? [sql.fetch.next] : []), sql.remove.next].join(';\n');
    const auditId = audit('chunks', loopSql, end === 'done' || end === 'stopped' ? 'ok' : 'failed', message, elapsedMs, null);
    input.progress(runRows, input.expectedRows, message);
    return {
      jobId,
      applied: true,
      end,
      message,
      rows: runRows,
      archived,
      chunks: latencies.length,
      elapsedMs: Math.round(elapsedMs),
      rowsPerSec,
      latency,
      waits: { lagMs: Math.round(waits.lagMs), loadMs: Math.round(waits.loadMs), sleepMs: Math.round(waits.sleepMs) },
      resumedAfter: input.resume?.lastKey ?? null,
      lastKey: lo,
      archiveFile: file && fileFormat ? { path: file.path, bytes: file.bytes, format: fileFormat } : null,
      chunkLog,
      auditId,
    };
  }
}
