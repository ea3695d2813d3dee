/**
 * Tuner handlers: collect a snapshot over an interval (progress, cancellable), run the rules,
 * keep the snapshot so the same rules can be measured again after a plan was applied, and lint
 * a my.cnf offline. Changes to the server go through the `tuner` planner and the executor only.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import type { tunerContract, TunerAnalysisResult } from '../../../shared/contract/tuner.calls';
import { AppError } from '../../../shared/contract/core';
import type { TunerFinding, TunerSnapshot } from '../../../shared/contract/tuner';
import type { Flavor } from '../../../shared/contract/connections';
import { collectServerStatus } from '../../connections/collectors/server-status.collector';
import { mapDriverError } from '../../connections/errors';
import { withMysqlSession } from '../../connections/mysql-session';
import { lintMyCnf } from '../../engines/config-lint/config-lint';
import { dialectOfFlavor } from '../../engines/flavor/dialect';
import { analyzeSnapshot } from '../../engines/tuner/analyze';
import { compareMeasurements } from '../../engines/tuner/tuning.plan';
import type { Handlers, CallContext } from '../../dispatch/dispatcher';
import type { ConnectionConfig } from '../../store/connections.repo';
import type { ServiceDeps } from '../service-deps';
import { chooseHost, isLocalEndpoint, TunerHostSettings, type TunerHostInfo, type TypedHost } from './tuner-host';

/** How many analyses are kept for re-measuring (each holds two status samples and the variables). */
const KEPT_ANALYSES = 20;

interface Kept {
  connectionId: string;
  snapshot: TunerSnapshot;
  findings: TunerFinding[];
  host: TunerHostInfo;
}

/**
 * A sleep that reports progress every second and stops at once when the request is cancelled, or
 * when `watchLost` reports the sampled server's connection gone (no point waiting out the interval).
 */
export function progressSleep(
  ctx: Pick<CallContext, 'signal' | 'progress'>,
  phase: string,
  watchLost?: (fail: (err: AppError) => void) => () => void,
): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      const start = Date.now();
      const total = Math.round(ms / 1000);
      const report = () =>
        ctx.progress({
          phase,
          done: Math.min(total, Math.round((Date.now() - start) / 1000)),
          total,
          unit: 'steps',
          message: `${phase}: ${Math.round((Date.now() - start) / 1000)} / ${total} s`,
        });
      let unwatch: () => void = () => undefined;
      const finish = (err?: AppError) => {
        clearInterval(tick);
        clearTimeout(done);
        unwatch();
        ctx.signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const onAbort = () => finish(new AppError('CANCELLED', 'Analysis cancelled'));
      const tick = setInterval(report, 1000);
      const done = setTimeout(() => finish(), ms);
      if (ctx.signal.aborted) return onAbort();
      ctx.signal.addEventListener('abort', onAbort);
      if (watchLost) unwatch = watchLost((err) => finish(err));
      report();
    });
}

/** A local file's size, null when it is not visible from here (another root, a container, no permission). */
async function localFileSize(path: string): Promise<number | null> {
  try {
    const st = await stat(path);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

function mysqlConfig(deps: ServiceDeps, connectionId: string): ConnectionConfig {
  const cfg = deps.connections.config(connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', 'The tuner analyzes MySQL and MariaDB servers; this connection is Redis');
  return cfg;
}

/** The connection's server flavor: the one its last test saw, else asked of the server now. */
async function connectionFlavor(deps: ServiceDeps, connectionId: string): Promise<Flavor> {
  const cfg = mysqlConfig(deps, connectionId);
  const known = deps.connections.info(connectionId).lastFlavor;
  if (known) return known;
  const flavor = await withMysqlSession(cfg, async (s) => s.flavor);
  deps.connections.rememberFlavor(connectionId, flavor);
  return flavor;
}

/** The host figures for a connection, remembering typed ones when the server is remote. */
function hostFor(deps: ServiceDeps, settings: TunerHostSettings, connectionId: string, typed: TypedHost): TunerHostInfo {
  const cfg = mysqlConfig(deps, connectionId);
  const local = isLocalEndpoint(cfg);
  if (!local) settings.remember(connectionId, typed);
  return chooseHost({ local, typed, remembered: local ? null : settings.get(connectionId), os: { ramBytes: os.totalmem(), cores: os.cpus().length } });
}

/** Handlers for the tuner calls. */
export function tunerHandlers(deps: ServiceDeps): Handlers<typeof tunerContract> {
  const settings = new TunerHostSettings(deps.db);
  const kept = new Map<string, Kept>();

  const collect = async (connectionId: string, host: TunerHostInfo, intervalSec: number, ctx: CallContext, phase: string): Promise<TunerSnapshot> => {
    const cfg = mysqlConfig(deps, connectionId);
    const { local, ...snapshotHost } = host;
    let snapshot: TunerSnapshot;
    try {
      snapshot = await withMysqlSession(cfg, (s) =>
        collectServerStatus(s, {
          intervalMs: intervalSec * 1000,
          sleep: progressSleep(ctx, phase, (fail) => s.onLost(fail)),
          host: snapshotHost,
          ...(local ? { fileSize: localFileSize } : {}),
        }),
      );
    } catch (err) {
      // A server that dies mid-sample is CONNECTION_LOST (naming it), never an internal error.
      throw mapDriverError(err, { host: cfg.host, port: cfg.port, socket: cfg.socket || undefined });
    }
    if (ctx.signal.aborted) throw new AppError('CANCELLED', `${phase} cancelled`);
    return snapshot;
  };

  /** Samples (twice over `intervalSec`, or once when 0: lifetime figures only) and runs every rule. */
  const analyze = async (
    connectionId: string,
    intervalSec: number,
    ramBytes: number | undefined,
    cores: number | undefined,
    ctx: CallContext,
  ): Promise<TunerAnalysisResult> => {
    const host = hostFor(deps, settings, connectionId, { ramBytes, cores });
    const snapshot = await collect(connectionId, host, intervalSec, ctx, 'sampling');

    const analysis = analyzeSnapshot(snapshot, { now: new Date() });
    const analysisId = randomUUID();
    kept.set(analysisId, { connectionId, snapshot, findings: analysis.findings, host });
    while (kept.size > KEPT_ANALYSES) kept.delete(kept.keys().next().value as string);
    const result: TunerAnalysisResult = {
      analysisId,
      connectionId,
      server: {
        version: snapshot.server.version,
        versionComment: snapshot.server.versionComment,
        flavor: analysis.capabilities.version.flavor,
        supportsPersist: analysis.capabilities.supportsPersist,
      },
      host,
      capturedAt: snapshot.capturedAt,
      intervalSeconds: snapshot.intervalSeconds,
      uptimeSeconds: snapshot.uptimeSeconds,
      variableCount: Object.keys(snapshot.variables).length,
      dataBytes: snapshot.schemas.reduce((a, s) => a + s.dataBytes + s.indexBytes, 0),
      warnings: snapshot.warnings,
      findings: analysis.findings,
      ruleErrors: analysis.errors,
    };
    return result;
  };

  return {
    'tuner.hostInfo': async ({ connectionId }) => hostFor(deps, settings, connectionId, {}),

    'tuner.firstLook': async ({ connectionId, ramBytes, cores }, ctx) => analyze(connectionId, 0, ramBytes, cores, ctx),

    'tuner.analyze': async ({ connectionId, intervalSec, ramBytes, cores }, ctx) => analyze(connectionId, intervalSec, ramBytes, cores, ctx),

    'tuner.remeasure': async ({ connectionId, analysisId, ruleIds, intervalSec }, ctx) => {
      const before = kept.get(analysisId);
      if (!before || before.connectionId !== connectionId) throw new AppError('NOT_FOUND', 'That analysis is no longer kept: analyze again, then re-measure');
      const chosen = ruleIds.map((id) => {
        const f = before.findings.find((x) => x.ruleId === id);
        if (!f) throw new AppError('BAD_INPUT', `Rule ${id} did not fire in that analysis`);
        return f;
      });
      const after = await collect(connectionId, before.host, intervalSec, ctx, 're-measuring');
      const now = new Date();
      return {
        capturedAt: after.capturedAt,
        intervalSeconds: after.intervalSeconds,
        comparisons: chosen.map((f) => compareMeasurements(before.snapshot, after, f, { now })),
      };
    },

    'tuner.lintConfig': async ({ text, target, ramBytes, connectionId }) => {
      const server = target === undefined && connectionId ? await connectionFlavor(deps, connectionId) : null;
      const chosen = target ?? (server ? dialectOfFlavor(server).lintTarget : 'mysql-8.4');
      const host = ramBytes === undefined && connectionId ? hostFor(deps, settings, connectionId, {}) : null;
      const ram = ramBytes ?? host?.ramBytes ?? null;
      const r = lintMyCnf(text, { target: chosen, ramBytes: ram });
      const basis = {
        target: target !== undefined ? 'chosen' : server ? 'the connection' : 'no connection',
        ram:
          ramBytes !== undefined
            ? ramBytes === null
              ? 'none given'
              : 'typed'
            : host?.ramBytes
              ? `the connection's host, ${host.source === 'os' ? 'measured on this machine' : 'typed for the tuner'}`
              : 'unknown',
      };
      return { target: r.target, issues: r.issues, memory: r.memory, basis };
    },
  };
}
