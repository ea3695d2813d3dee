/**
 * `dbw monitor`: samples a server every interval for a duration with the app's own sampler,
 * evaluates the alert rules on each sample, and prints one line per sample (or JSON). Exit 1
 * when an alert fired, so a cron job or CI step can act on it.
 */
import { readFileSync } from 'node:fs';
import type { AlertEvent, AlertRule, MonitorSample } from '../../../../shared/contract/monitor';
import { MysqlSession } from '../../../connections/mysql-session';
import { defaultRules } from '../../../engines/monitor/default-rules';
import { parseRuleFile } from '../../../engines/monitor/rule-file';
import { fmtBytes } from '../../../engines/tuner/units';
import { Sampler } from '../../../services/monitor/sampler';
import { isLocalEndpoint } from '../../../services/tuner/tuner-host';
import type { CliCommand, CliIO } from './command';
import { parseFlags, UsageError, parseConnectionUrl, parseInterval } from './flags';

const usage = `Usage:
  dbw monitor --connection URL [--interval 1s] [--duration 60s] [--alerts FILE] [--json]

  --connection URL  mysql://user:pass@host:port/ (mariadb:// too); used read-only
  --interval D      time between samples: 1s (default), 500ms, 1m
  --duration D      how long to watch: 60s (default); 0 = one sample
  --alerts FILE     alert rules as JSON ({"rules": [...]}, the shape \`dbw alerts export --format json\` writes);
                    default: the shipped rules
  --json            {"samples": [{"at", "qps", "tps", ...}], "alerts": [...]} on stdout

Each sample is per-second rates since the previous one (QPS, TPS, rows, slow queries, lock
waits, bytes) and gauges (connections, buffer pool, replica lag). Rules fire after their
sustained-for time. Exit codes: 0 no alert fired, 1 an alert fired, 2 bad usage or connection failure.`;

/** The flat JSON form of a sample: `at`, `intervalSec` and every metric. */
export function flatSample(s: MonitorSample): Record<string, string | number | null> {
  return { at: s.at, intervalSec: s.intervalSec, ...s.metrics };
}

const f = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

/** One human line per sample. */
export function formatSampleLine(s: MonitorSample): string {
  const m = s.metrics;
  return [
    s.at.slice(11, 19),
    `qps ${f(m.qps)}`,
    `tps ${f(m.tps)}`,
    `conn ${f(m.threads_connected, 0)}/${f(m.max_connections, 0)}${m.connections_pct === null ? '' : ` (${f(m.connections_pct)}%)`}`,
    `running ${f(m.threads_running, 0)}`,
    `bp-hit ${m.buffer_pool_hit_pct === null ? '—' : `${f(m.buffer_pool_hit_pct, 2)}%`}`,
    `slow/s ${f(m.slow_queries_per_s, 2)}`,
    `lock-waits ${f(m.row_lock_current_waits, 0)}`,
    `in ${m.bytes_received_per_s === null ? '—' : fmtBytes(m.bytes_received_per_s)}/s`,
    `out ${m.bytes_sent_per_s === null ? '—' : fmtBytes(m.bytes_sent_per_s)}/s`,
    m.replication_lag_s === null ? '' : `lag ${m.replication_lag_s}s`,
  ]
    .filter(Boolean)
    .join('  ');
}

function loadRules(file: string | undefined): AlertRule[] {
  if (!file) return [...defaultRules];
  return parseRuleFile(readFileSync(file, 'utf8'), file);
}

async function run(flags: { connection?: string; interval?: string; duration?: string; alerts?: string; json?: boolean }, io: CliIO): Promise<number> {
  if (!flags.connection) throw new UsageError('Give --connection URL');
  const cfg = parseConnectionUrl(flags.connection);
  const intervalMs = parseInterval(flags.interval ?? '1s');
  if (intervalMs < 100) throw new UsageError('--interval must be at least 100ms');
  const durationMs = parseInterval(flags.duration ?? '60s');
  const rules = loadRules(flags.alerts);
  const sampler = new Sampler({ local: isLocalEndpoint(cfg), rules });
  const samples: MonitorSample[] = [];
  const alerts: AlertEvent[] = [];
  const session = await MysqlSession.open(cfg);
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  try {
    // Each sample covers one interval, so a duration is that many samples (at least one).
    const count = Math.max(1, Math.round(durationMs / intervalMs));
    for (;;) {
      const t = await sampler.tick(session, intervalMs);
      samples.push(t.sample);
      alerts.push(...t.events);
      if (!flags.json) {
        io.stdout.write(formatSampleLine(t.sample) + '\n');
        for (const e of t.events) io.stdout.write(`  ${e.state === 'firing' ? 'ALERT' : 'resolved'} [${e.severity}] ${e.ruleId}: ${e.message}\n`);
      }
      if (stop || samples.length >= count) break;
      // The next read is one interval after this sample's read, whatever printing took.
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - Date.parse(t.sample.at)))));
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    await session.close();
  }
  if (flags.json) io.stdout.write(JSON.stringify({ samples: samples.map(flatSample), alerts }, null, 2) + '\n');
  const fired = alerts.some((a) => a.state === 'firing');
  if (!flags.json) io.stdout.write(fired ? `${alerts.filter((a) => a.state === 'firing').length} alert(s) fired.\n` : 'No alert fired.\n');
  return fired ? 1 : 0;
}

/** The monitor command. */
export const monitorCommand: CliCommand = {
  name: 'monitor',
  usage,
  async run(args, io) {
    try {
      const flags = parseFlags(args, { connection: 'string', interval: 'string', duration: 'string', alerts: 'string', json: 'boolean', help: 'boolean' });
      if (flags.help) {
        io.stdout.write(usage + '\n');
        return 0;
      }
      return await run(flags, io);
    } catch (e) {
      io.stderr.write(`dbw monitor: ${(e as Error).message}\n${e instanceof UsageError ? `\n${usage}\n` : ''}`);
      return 2;
    }
  },
};
