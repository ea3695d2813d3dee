/**
 * The throttle gate shared by the chunked writers (the purge loop and the shard migration): reads
 * the replicas' lag the way the monitor does (a stalled SQL thread counts its backlog's age, not
 * the 0 the server reports) and holds the next chunk while a gate says wait, for a bounded time.
 */
import { AppError } from '../../shared/contract/core';
import { readReplicaChannels } from '../connections/collectors/server-status.collector';
import { MysqlSession } from '../connections/mysql-session';
import { fillStalledLag, type BacklogSince } from '../engines/monitor/stalled-lag';
import { decideGate, type GateLimits, type GateReading } from '../engines/purge/purge-throttle';
import type { ConnectionConfig } from '../store/connections.repo';

/** How often a waiting gate is read again. */
export const GATE_POLL_MS = 500;

/** Open sessions on the replicas, read between chunks. */
export interface ReplicaLagReader {
  /** Per replica its lag in seconds, or null when it reports none (stopped, broken). */
  read(): Promise<GateReading['replicaLags']>;
  close(): Promise<void>;
}

/**
 * Opens one session per replica and refuses a server that is not a replica, so a wrong pick fails
 * before the first chunk instead of holding every chunk.
 */
export async function openReplicaLagReader(replicas: readonly ConnectionConfig[]): Promise<ReplicaLagReader> {
  const sessions: Array<{ name: string; session: MysqlSession }> = [];
  const close = async (): Promise<void> => {
    await Promise.all(sessions.map((r) => r.session.close()));
  };
  try {
    for (const r of replicas) {
      const session = await MysqlSession.open(r);
      sessions.push({ name: r.name, session });
      const statement = session.flavor.capabilities.replicaStatusSyntax;
      if (statement === 'none' || (await readReplicaChannels(session, statement)).length === 0) {
        throw new AppError('BAD_INPUT', `${r.name} is not a replica (it reports no replication channel); the lag gate cannot read it`);
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  let backlog: BacklogSince = {};
  return {
    async read() {
      const out: GateReading['replicaLags'][number][] = [];
      for (const r of sessions) {
        const channels = await readReplicaChannels(r.session, r.session.flavor.capabilities.replicaStatusSyntax);
        const filled = fillStalledLag(channels, backlog, Date.now());
        backlog = filled.since;
        const lags = filled.channels.map((c) => c.secondsBehind);
        out.push({ name: r.name, lagSeconds: lags.length === 0 || lags.some((l) => l === null) ? null : Math.max(...(lags as number[])) });
      }
      return out;
    },
    close,
  };
}

/** How a gate wait ended: go on (with the time it held), or stop the run and why. */
export type GateWait =
  | { end: 'go'; waited: { lagMs: number; loadMs: number } }
  | { end: 'critical-load' | 'gate-timeout' | 'stopped'; message: string; waited: { lagMs: number; loadMs: number } };

/** What one wait needs; `read` is injected so the decision loop runs the same on any source. */
export interface GateWaitInput {
  read: () => Promise<GateReading>;
  limits: GateLimits;
  /** Longest the gate may hold before the run stops. */
  maxWaitMs: number;
  signal: AbortSignal;
  /** Called on each held reading with why it holds. */
  onWait: (reason: string) => void;
  pollMs?: number;
}

/** Sleeps `ms`, ending early when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Reads the gates until they say go, the load reaches the abort threshold, the wait runs out, or the caller stops. */
export async function waitForGate(input: GateWaitInput): Promise<GateWait> {
  const waited = { lagMs: 0, loadMs: 0 };
  const start = performance.now();
  for (;;) {
    if (input.signal.aborted) return { end: 'stopped', message: 'Stopped by request', waited };
    const decision = decideGate(await input.read(), input.limits);
    if (decision.action === 'go') return { end: 'go', waited };
    if (decision.action === 'abort') return { end: 'critical-load', message: decision.reason, waited };
    if (performance.now() - start > input.maxWaitMs) {
      return { end: 'gate-timeout', message: `Waited ${Math.round(input.maxWaitMs / 1000)} s: ${decision.reason}`, waited };
    }
    input.onWait(decision.reason);
    const w0 = performance.now();
    await pause(input.pollMs ?? GATE_POLL_MS, input.signal);
    waited[decision.gate === 'lag' ? 'lagMs' : 'loadMs'] += performance.now() - w0;
  }
}
