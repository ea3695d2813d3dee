/**
 * Monitor handlers: the dashboard polls `monitor.sample` every few seconds; each call takes one
 * sample through a per-connection sampler (one kept read session, closed after a minute unused),
 * stores it in the workspace history and evaluates the alert rules, whose events are stored too.
 * Activity reads sessions, transactions and lock waits; killing one is a `kill-session` plan
 * through the executor, never a call here.
 */
import os from 'node:os';
import { AppError } from '../../../shared/contract/core';
import type { monitorContract } from '../../../shared/contract/monitor.calls';
import type { AlertRule } from '../../../shared/contract/monitor';
import { collectActivity } from '../../connections/collectors/activity.collector';
import { readPrometheusHistory } from '../../connections/collectors/prometheus-history.collector';
import { readGlobalStatus, toMap } from '../../connections/collectors/server-status.collector';
import { MysqlSession, withMysqlSession } from '../../connections/mysql-session';
import { compileRules } from '../../engines/monitor/alert-eval';
import { defaultRules } from '../../engines/monitor/default-rules';
import { bucketFor, downsample } from '../../engines/monitor/downsample';
import { filterSessions } from '../../engines/monitor/session-filter';
import { advisePool } from '../../engines/monitor/pool-advice';
import { exportPrometheusRules } from '../../engines/monitor/prometheus-rules';
import type { Handlers } from '../../dispatch/dispatcher';
import type { ConnectionConfig } from '../../store/connections.repo';
import { MonitorHistoryRepo } from '../../store/monitor-history.repo';
import type { ServiceDeps } from '../service-deps';
import { isLocalEndpoint } from '../tuner/tuner-host';
import { Sampler } from './sampler';

/** A kept session is closed after this long without a sample. */
const IDLE_CLOSE_MS = 60_000;

interface Watched {
  sampler: Sampler;
  session: MysqlSession | null;
  idle: NodeJS.Timeout | null;
  /** Serialises ticks: two dashboards polling one server share a sampler, one read at a time. */
  queue: Promise<unknown>;
}

function mysqlConfig(deps: ServiceDeps, connectionId: string): ConnectionConfig {
  const cfg = deps.connections.config(connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', 'The monitor watches MySQL and MariaDB servers; this connection is Redis');
  return cfg;
}

/** The rules in force: the saved ones, else the shipped defaults. */
export function rulesInForce(repo: MonitorHistoryRepo): { rules: AlertRule[]; custom: boolean } {
  const saved = repo.rules();
  return saved ? { rules: saved, custom: true } : { rules: [...defaultRules], custom: false };
}

/** Handlers for the monitor calls. */
export function monitorHandlers(deps: ServiceDeps): Handlers<typeof monitorContract> {
  const repo = new MonitorHistoryRepo(deps.db);
  const watched = new Map<string, Watched>();

  const release = (id: string, w: Watched) => {
    if (w.idle) clearTimeout(w.idle);
    w.idle = setTimeout(() => {
      const s = w.session;
      w.session = null;
      watched.delete(id);
      void s?.close();
    }, IDLE_CLOSE_MS);
    w.idle.unref();
  };

  const tick = async (connectionId: string) => {
    const cfg = mysqlConfig(deps, connectionId);
    let w = watched.get(connectionId);
    if (!w) {
      w = { sampler: new Sampler({ local: isLocalEndpoint(cfg), rules: rulesInForce(repo).rules }), session: null, idle: null, queue: Promise.resolve() };
      watched.set(connectionId, w);
    }
    const entry = w;
    const run = async () => {
      try {
        entry.session ??= await MysqlSession.open(cfg);
        return await entry.sampler.tick(entry.session);
      } catch (err) {
        // A lost session is reopened on the next tick; the error goes to the caller now.
        const s = entry.session;
        entry.session = null;
        await s?.close();
        throw err;
      } finally {
        release(connectionId, entry);
      }
    };
    const result = entry.queue.then(run, run);
    entry.queue = result.catch(() => undefined);
    return result;
  };

  return {
    'monitor.sample': async ({ connectionId }) => {
      const t = await tick(connectionId);
      repo.add(connectionId, t.sample);
      if (t.events.length) repo.addEvents(connectionId, t.events);
      const rules = rulesInForce(repo).rules;
      return {
        sample: t.sample,
        events: t.events,
        active: t.active.map((a) => {
          const r = rules.find((x) => x.id === a.ruleId);
          return { ...a, severity: r?.severity ?? 'warning', summary: r?.summary ?? a.ruleId };
        }),
      };
    },

    'monitor.history': async ({ connectionId, rangeSec }) => {
      mysqlConfig(deps, connectionId);
      const now = Date.now();
      const bucketSec = bucketFor(rangeSec);
      const samples = repo.range(connectionId, now - rangeSec * 1000, now, now);
      return { samples: bucketSec ? downsample(samples, bucketSec) : samples, bucketSec };
    },

    'monitor.prometheusHistory': async ({ source, rangeSec }) => {
      const stepSec = Math.max(2, bucketFor(rangeSec));
      const r = await readPrometheusHistory(source.url, { rangeSec, stepSec, instance: source.instance });
      return { samples: r.samples, bucketSec: stepSec, instance: r.instance, missing: r.missing };
    },

    'monitor.activity': async ({ connectionId, filter }) => {
      const cfg = mysqlConfig(deps, connectionId);
      const snap = await withMysqlSession(cfg, (s) => collectActivity(s, s.flavor));
      return { ...snap, sessions: filterSessions(snap.sessions, filter) };
    },

    'monitor.rules': async () => rulesInForce(repo),

    'monitor.saveRules': async ({ rules }) => {
      if (rules.length) {
        compileRules(rules); // BAD_INPUT on a bad expression, param or duplicate id
        repo.saveRules(rules);
      } else repo.clearRules();
      const inForce = rulesInForce(repo);
      for (const w of watched.values()) w.sampler.setRules(inForce.rules);
      return inForce;
    },

    'monitor.exportRules': async () => ({ yaml: exportPrometheusRules(rulesInForce(repo).rules) }),

    'monitor.alertHistory': async ({ connectionId, limit }) => repo.events(connectionId, limit),

    'monitor.poolAdvice': async ({ connectionId, pool, cores, disks }) => {
      const cfg = mysqlConfig(deps, connectionId);
      const local = isLocalEndpoint(cfg);
      if (cores === undefined && !local) throw new AppError('BAD_INPUT', "The server is not on this machine: give the database host's core count");
      const usedCores = cores ?? os.cpus().length;
      const { variables, status } = await withMysqlSession(cfg, async (s) => ({
        variables: toMap(await s.query("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('max_connections', 'wait_timeout')")),
        status: await readGlobalStatus(s),
      }));
      const now = Date.now();
      const history = repo.range(connectionId, now - 7 * 86_400_000, now, now);
      const peak = (k: 'threads_connected' | 'threads_running') => {
        const vals = history.map((h) => h.metrics[k]).filter((v): v is number => v !== null);
        return vals.length ? Math.max(...vals) : null;
      };
      const perMin = (k: 'aborted_clients_per_s' | 'aborted_connects_per_s') => {
        const vals = history.map((h) => h.metrics[k]).filter((v): v is number => v !== null);
        return vals.length ? (60 * vals.reduce((a, b) => a + b, 0)) / vals.length : null;
      };
      const items = advisePool({
        pool,
        cores: usedCores,
        disks,
        maxConnections: Number(variables.max_connections ?? 0),
        maxUsedConnections: Number(status.max_used_connections ?? 0),
        waitTimeoutSec: Number(variables.wait_timeout ?? 28_800),
        connectedPeak: peak('threads_connected'),
        runningPeak: peak('threads_running'),
        abortedClientsPerMin: perMin('aborted_clients_per_s'),
        abortedConnectsPerMin: perMin('aborted_connects_per_s'),
      });
      return { cores: usedCores, coresSource: cores === undefined ? ('os' as const) : ('user' as const), items, historySamples: history.length };
    },
  };
}
