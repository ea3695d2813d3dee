/**
 * One sampler per watched server, shared by the app's dashboard and `dbw monitor`: it keeps the
 * previous status read so each tick costs one SHOW GLOBAL STATUS (plus variables once a minute
 * and the replica status), turns the pair into a sample, and runs the alert rules on it.
 */
import type { AlertEvent, AlertRule, MonitorSample } from '../../../shared/contract/monitor';
import { readGlobalStatus, readReplicaChannels, toMap } from '../../connections/collectors/server-status.collector';
import { cpuBusyPct, diskUsedPct, memoryUsedPct, readCpuTimes, type CpuTimes } from '../../connections/collectors/host-load.collector';
import type { MysqlSession } from '../../connections/mysql-session';
import type { ReplicaChannel } from '../../../shared/contract/tuner';
import { compileRules, evaluateAlerts, type AlertStates, type CompiledRules } from '../../engines/monitor/alert-eval';
import { computeSample } from '../../engines/monitor/metrics';
import { fillStalledLag, type BacklogSince } from '../../engines/monitor/stalled-lag';

/** The part of a read session the sampler uses. */
export type SamplerSession = Pick<MysqlSession, 'query' | 'flavor'>;

interface Point {
  atMs: number;
  status: Record<string, string>;
  cpu: CpuTimes;
}

/** Options of a sampler. */
export interface SamplerOptions {
  /** True when the server runs on this machine: only then are host CPU/memory/disk sampled. */
  local: boolean;
  rules: readonly AlertRule[];
  /** Injectable clock (ms). */
  clock?: () => number;
  /** Injectable sleep for the first tick's second read. */
  sleep?: (ms: number) => Promise<void>;
}

/** What one tick produced. */
export interface Tick {
  sample: MonitorSample;
  events: AlertEvent[];
  /** Rules firing after this tick, with when their condition started. */
  active: Array<{ ruleId: string; since: string }>;
}

const VARIABLES_TTL_MS = 60_000;
/** A previous read older than this is not used for a delta (the laptop slept, the server restarted). */
const STALE_MS = 15 * 60_000;

/** Samples one server: call `tick` every interval with an open session. */
export class Sampler {
  private prev: Point | null = null;
  private variables: { atMs: number; map: Record<string, string> } | null = null;
  private states: AlertStates = {};
  private backlogSince: BacklogSince = {};
  private compiled: CompiledRules;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SamplerOptions) {
    this.compiled = compileRules(options.rules);
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Replaces the rules; states of rules that remain are kept. */
  setRules(rules: readonly AlertRule[]): void {
    this.compiled = compileRules(rules);
    this.states = Object.fromEntries(Object.entries(this.states).filter(([id]) => rules.some((r) => r.id === id)));
  }

  private async read(session: SamplerSession): Promise<Point> {
    const status = await readGlobalStatus(session);
    return { atMs: this.clock(), status, cpu: readCpuTimes() };
  }

  /** Takes one sample: against the previous read, or (first time, or after a long pause) two reads `primeMs` apart. */
  async tick(session: SamplerSession, primeMs = 1000): Promise<Tick> {
    let before = this.prev;
    if (!before || this.clock() - before.atMs > STALE_MS) {
      before = await this.read(session);
      await this.sleep(primeMs);
    }
    const after = await this.read(session);
    if (!this.variables || after.atMs - this.variables.atMs > VARIABLES_TTL_MS) {
      this.variables = { atMs: after.atMs, map: toMap(await session.query('SHOW GLOBAL VARIABLES')) };
    }
    const statement = session.flavor.capabilities.replicaStatusSyntax;
    let channels: ReplicaChannel[] = [];
    if (statement !== 'none') {
      try {
        channels = await readReplicaChannels(session, statement);
      } catch {
        channels = []; // no REPLICATION CLIENT / SLAVE MONITOR grant: lag reads as not reported
      }
    }
    const stalled = fillStalledLag(channels, this.backlogSince, after.atMs);
    channels = stalled.channels;
    this.backlogSince = stalled.since;
    const local = this.options.local;
    const sample = computeSample({
      before: before.status,
      after: after.status,
      variables: this.variables.map,
      intervalSec: (after.atMs - before.atMs) / 1000,
      at: new Date(after.atMs).toISOString(),
      channels,
      host: local
        ? { cpuPct: cpuBusyPct(before.cpu, after.cpu), memoryPct: memoryUsedPct(), diskPct: diskUsedPct(this.variables.map.datadir ?? '') }
        : undefined,
    });
    this.prev = after;
    const { states, events } = evaluateAlerts(this.compiled, this.states, sample);
    this.states = states;
    const active = Object.entries(states)
      .filter(([, s]) => s.firing)
      .map(([ruleId, s]) => ({ ruleId, since: s.since ?? sample.at }));
    return { sample, events, active };
  }
}
