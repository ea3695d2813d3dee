/**
 * sysbench driven by the app: a scratch database and account created by a plan through the
 * executor (previewed and confirmed like any change), sysbench prepare / run / cleanup as a child
 * process (no shell, the scratch password in a 0600 option file, stopped by the AbortSignal), the
 * report parsed, the server's global status sampled every second while it runs (the monitor's
 * collector and sample engine) and the run's own statements counted by performance_schema, then
 * the scratch dropped whatever happened. The Benchmark panel and `dbw bench --sysbench` call this.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { PlanRequest } from '../../../shared/contract/actions';
import { AppError, type ProgressEvent } from '../../../shared/contract/core';
import type { SysbenchResult, SysbenchServerSample, SysbenchSpec } from '../../../shared/contract/sysbench';
import type { sysbenchContract } from '../../../shared/contract/sysbench.calls';
import { collectAccountStatements, collectScratchState } from '../../connections/collectors/sysbench.collector';
import { readGlobalStatus } from '../../connections/collectors/server-status.collector';
import { MysqlSession, withMysqlSession } from '../../connections/mysql-session';
import type { Handlers } from '../../dispatch/dispatcher';
import { computeSample } from '../../engines/monitor/metrics';
import { estimatePreparedBytes, sysbenchCommand, sysbenchConfigText, sysbenchFailure, type SysbenchEndpoint } from '../../engines/sysbench/args';
import { lastInterval, parseSysbenchReport } from '../../engines/sysbench/report';
import { accountStatementDelta } from '../../engines/sysbench/server-count';
import type { Executor } from '../../actions/executor';
import { redactSecrets } from '../../store/redact-secrets';
import type { ConnectionConfig, ConnectionsRepo } from '../../store/connections.repo';
import { runTool, toolVersion } from '../backup/tool-runner';

/** The scratch plan's request. */
export type SysbenchScratchRequest = Extract<PlanRequest, { planner: 'sysbench-scratch' }>;
/** Runs one scratch plan through the executor; resolves to the failed step's message, or null. */
export type SysbenchScratchRunner = (request: SysbenchScratchRequest) => Promise<string | null>;
/** Progress of a run (the dispatcher's event without its request id). */
export type SysbenchProgress = (event: Omit<ProgressEvent, 'requestId'>) => void;

/** Where a run goes and how its scratch plans run. */
export interface SysbenchTarget {
  readonly cfg: ConnectionConfig;
  readonly runScratch: SysbenchScratchRunner;
}

/** A new scratch name and password for one run. */
export function newScratch(): { scratch: string; password: string } {
  return {
    scratch: `dbw_sb_${randomBytes(6).toString('hex')}`,
    password: randomBytes(18)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'x'),
  };
}

/** The plan as people may see it: the scratch account's password redacted (the audit log stores it so too). */
export function redactedPlan<P extends { steps: ReadonlyArray<{ sql: string }> }>(plan: P): P {
  return { ...plan, steps: plan.steps.map((s) => ({ ...s, sql: redactSecrets(s.sql) })) };
}

/** sysbench's version line, or an UNSUPPORTED error when it is not installed. */
export async function sysbenchVersion(): Promise<string> {
  const v = await toolVersion('sysbench');
  if (v === 'unknown') throw new AppError('UNSUPPORTED', 'sysbench is not installed (Debian package sysbench)');
  return v;
}

/** Runs one sysbench phase; its FATAL lines (sysbench prints errors on standard output) become the error. */
async function sysbenchPhase(
  e: SysbenchEndpoint,
  spec: SysbenchSpec,
  phase: 'prepare' | 'run' | 'cleanup',
  signal: AbortSignal,
  onChunk?: (text: string) => void,
): Promise<string> {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = chunk.toString('utf8');
      out += text;
      onChunk?.(text);
      done();
    },
  });
  try {
    await runTool(sysbenchCommand(e, spec, phase), signal, { stdout: [sink] });
  } catch (err) {
    if (err instanceof AppError && err.code === 'SERVER_ERROR') {
      const fatal = sysbenchFailure(out);
      throw new AppError('SERVER_ERROR', `sysbench ${phase} failed: ${fatal ?? err.message}`, { phase, output: out.slice(-4000) });
    }
    throw err;
  }
  return out;
}

/** Reads the account's statement counters until two reads agree (the server folds a closed session's counts in shortly after it ends). */
async function settledStatements(s: MysqlSession, user: string): Promise<Record<string, number> | null> {
  let prev = await collectAccountStatements(s, user);
  for (let i = 0; i < 20 && prev; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const next = await collectAccountStatements(s, user);
    if (next && JSON.stringify(next) === JSON.stringify(prev)) return next;
    prev = next;
  }
  return prev;
}

/** Samples the server's global status every second until stopped. */
function startSampling(s: MysqlSession, t0: number): { stop: () => Promise<SysbenchServerSample[]> } {
  const samples: SysbenchServerSample[] = [];
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    let prev = { at: Date.now(), status: await readGlobalStatus(s) };
    while (!stopped) {
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 1000).unref();
      });
      if (stopped) break;
      const now = { at: Date.now(), status: await readGlobalStatus(s) };
      const m = computeSample({
        before: prev.status,
        after: now.status,
        variables: {},
        intervalSec: (now.at - prev.at) / 1000,
        at: new Date(now.at).toISOString(),
        channels: [],
      }).metrics;
      samples.push({
        t: Math.round((now.at - t0) / 100) / 10,
        qps: m.qps,
        tps: m.tps,
        threadsRunning: m.threads_running,
        rowsReadPerSec: m.rows_read_per_s,
        rowsInsertedPerSec: m.rows_inserted_per_s,
        rowsUpdatedPerSec: m.rows_updated_per_s,
        rowsDeletedPerSec: m.rows_deleted_per_s,
      });
      prev = now;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await loop.catch(() => undefined); // a failed status read ends the samples; the run's own figures stand
      return samples;
    },
  };
}

/**
 * One run: create the scratch (plan through the executor), prepare, run with the server sampled,
 * cleanup, drop the scratch (always, once created). The password is the scratch account's, never
 * the connection's.
 */
export async function runSysbench(
  target: SysbenchTarget,
  spec: SysbenchSpec,
  scratch: { scratch: string; password: string },
  signal: AbortSignal,
  progress: SysbenchProgress,
): Promise<SysbenchResult> {
  const { cfg } = target;
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; sysbench runs on MySQL or MariaDB`);
  const startedAt = new Date().toISOString();
  const notes: string[] = [];
  const step = (message: string): void => progress({ phase: 'sysbench', done: 0, total: null, unit: 'steps', message });
  step(`Creating ${scratch.scratch}`);
  const failed = await target.runScratch({
    planner: 'sysbench-scratch',
    params: { scratch: scratch.scratch, action: 'create', password: scratch.password, spec },
  });
  let dropped = false;
  let result: Omit<SysbenchResult, 'dropped'> | null = null;
  try {
    if (failed) throw new AppError('SERVER_ERROR', `The scratch database could not be created: ${failed}`);
    const dir = await mkdtemp(join(tmpdir(), 'dbw-sysbench-'));
    try {
      const configFile = join(dir, 'sysbench.cfg');
      await writeFile(configFile, sysbenchConfigText(scratch.password), { mode: 0o600 });
      const e: SysbenchEndpoint = { host: cfg.host, port: cfg.port, socket: cfg.socket, user: scratch.scratch, database: scratch.scratch, configFile };
      step(`sysbench prepare: ${spec.tables} table(s) of ${spec.tableSize} row(s)`);
      await sysbenchPhase(e, spec, 'prepare', signal);
      const admin = { ...cfg, database: '' };
      const session = await MysqlSession.open(admin);
      let out: string;
      let before: Record<string, number> | null;
      let after: Record<string, number> | null;
      let samples: SysbenchServerSample[];
      let preparedBytes: number | null;
      try {
        preparedBytes = (await collectScratchState(session, scratch.scratch)).bytes;
        before = await collectAccountStatements(session, scratch.scratch);
        const t0 = Date.now();
        const sampler = startSampling(session, t0);
        try {
          out = await sysbenchPhase(e, spec, 'run', signal, (text) => {
            const iv = lastInterval(text);
            if (iv)
              progress({
                phase: 'sysbench',
                done: Math.min(iv.t, spec.timeSec),
                total: spec.timeSec,
                unit: 'steps',
                message: `${iv.t}s: ${iv.tps} tps, ${iv.qps} qps, p95 ${iv.p95Ms} ms`,
              });
          });
        } finally {
          samples = await sampler.stop();
        }
        after = await settledStatements(session, scratch.scratch);
      } finally {
        await session.close();
      }
      const report = parseSysbenchReport(out);
      const counted = accountStatementDelta(before, after);
      if (!counted) notes.push('performance_schema is off or not readable: the server-side statement count is unknown.');
      notes.push('Server samples are global status: they include every client of the server, not only sysbench.');
      step('sysbench cleanup');
      await sysbenchPhase(e, spec, 'cleanup', signal);
      result = {
        startedAt,
        scratch: scratch.scratch,
        spec,
        report,
        server: { samples, statements: counted?.total ?? null, statementsByEvent: counted?.byEvent ?? {} },
        preparedBytes,
        notes,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    if (!failed || (await scratchLeft(cfg, scratch.scratch))) {
      step(`Dropping ${scratch.scratch}`);
      try {
        dropped = (await target.runScratch({ planner: 'sysbench-scratch', params: { scratch: scratch.scratch, action: 'drop', spec } })) === null;
      } catch {
        dropped = false; // the server went away: the scratch name is in the audit log with its rollback
      }
    }
  }
  return { ...result!, dropped };
}

/** Whether a failed create left part of the scratch behind (the database made, the account refused). */
async function scratchLeft(cfg: ConnectionConfig, scratch: string): Promise<boolean> {
  try {
    const s = await withMysqlSession({ ...cfg, database: '' }, (r) => collectScratchState(r, scratch));
    return s.database || s.account === true;
  } catch {
    return true;
  }
}

type PreviewOut = z.input<(typeof sysbenchContract)['sysbench.preview']['output']>;

/** A previewed run waiting for its confirmation: the plan's hash names it. */
interface Pending {
  connectionId: string;
  spec: SysbenchSpec;
  scratch: { scratch: string; password: string };
  expires: number;
}

const PENDING_TTL_MS = 30 * 60_000;

/** Handlers of the sysbench calls. */
export function sysbenchHandlers(deps: { connections: ConnectionsRepo; executor: Executor }): Handlers<typeof sysbenchContract> {
  const pending = new Map<string, Pending>();
  const sqlConfig = (id: string): ConnectionConfig => {
    const cfg = deps.connections.config(id);
    if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; sysbench runs on MySQL or MariaDB`);
    return cfg;
  };
  return {
    'sysbench.preview': async ({ connectionId, spec }): Promise<PreviewOut> => {
      sqlConfig(connectionId);
      const sysbenchVersionLine = await sysbenchVersion();
      const scratch = newScratch();
      const preview = await deps.executor.preview(connectionId, {
        planner: 'sysbench-scratch',
        params: { ...scratch, action: 'create', spec },
      });
      const now = Date.now();
      for (const [k, p] of pending) if (p.expires < now) pending.delete(k);
      pending.set(preview.plan.hash, { connectionId, spec, scratch, expires: now + PENDING_TTL_MS });
      return {
        preview: { ...preview, plan: redactedPlan(preview.plan) },
        scratch: scratch.scratch,
        estimatedBytes: estimatePreparedBytes(spec),
        sysbenchVersion: sysbenchVersionLine,
      };
    },
    'sysbench.run': async ({ connectionId, planHash, confirmation }, ctx) => {
      const p = pending.get(planHash);
      if (!p || p.connectionId !== connectionId || p.expires < Date.now())
        throw new AppError('PLAN_CHANGED', 'This sysbench run was not previewed (or its preview expired). Preview it again.');
      pending.delete(planHash);
      const target: SysbenchTarget = {
        cfg: sqlConfig(connectionId),
        runScratch: async (request) => {
          // The create applies the plan the user previewed (its hash); the drop is derived and applied in one go.
          const hash = request.params.action === 'create' ? planHash : (await deps.executor.preview(connectionId, request)).plan.hash;
          // A cancelled run still drops its scratch: the drop does not listen to the run's signal.
          const signal = request.params.action === 'drop' ? new AbortController().signal : ctx.signal;
          const { outcomes } = await deps.executor.apply(connectionId, request, hash, confirmation, signal, () => undefined);
          const bad = outcomes.find((o) => o.status !== 'ok');
          return bad ? `${redactSecrets(bad.sql)}: ${bad.message}` : null;
        },
      };
      return runSysbench(target, p.spec, p.scratch, ctx.signal, ctx.progress);
    },
  };
}
