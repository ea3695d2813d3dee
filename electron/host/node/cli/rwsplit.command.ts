/**
 * `dbw rwsplit`: the read/write split advice for a slow log (long_query_time = 0) or a live
 * server's performance_schema statement history — statement classes as read, write or locking
 * read, the read share of the load, reads that follow a write on the same connection, each class's
 * route and lag budget — with the app's own service functions. `--export proxysql|shardingsphere`
 * prints that engine's configuration (checked against its documented structure) instead.
 */
import { readFileSync } from 'node:fs';
import { rwSplitOptions, type RwSplitAdvice, type RwTopology } from '../../../../shared/contract/replication';
import { MysqlSession } from '../../../connections/mysql-session';
import { regularFile } from '../../../services/input-file';
import { adviseFromServer, adviseFromSlowLog } from '../../../services/replication/replication.service';
import type { CliCommand, CliIO } from './command';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';

const usage = `Usage:
  dbw rwsplit (--slowlog FILE | --connection URL) [--json] [--export proxysql|shardingsphere]
              [--window-ms 1000] [--slo-ms 200] [--max-lag 5] [--writer HOST:PORT] [--reader HOST:PORT ...]

  --slowlog FILE    a slow log written with long_query_time = 0 (- for standard input); MySQL's
                    log_slow_extra = ON gives microsecond start times
  --connection URL  a server's recent statements from performance_schema (events_statements_history[_long]);
                    its attached replicas become the exports' readers
  --window-ms N     a read this soon after a write on its connection must see that write (default 1000)
  --slo-ms N        the reads' response-time SLO; a class's lag budget is what its p95 leaves of it (default 200)
  --max-lag N       seconds of replica lag above which ProxySQL shuns a reader (default 5)
  --writer, --reader  the hosts the exports name (default: the connection and its replicas, else placeholders)
  --export FORMAT   print the ProxySQL admin SQL or the ShardingSphere YAML only
  --json            the advice as JSON: {"readShareByTime", "classes": [...], "pairs": [...], "policy", "exports": [...]}

Exit codes: 0 done, 1 an export failed its structural check, 2 bad usage, input or connection failure.`;

function hostPort(s: string): { host: string; port: number } {
  const m = /^([^:\s]+)(?::(\d+))?$/.exec(s);
  if (!m) throw new UsageError(`Bad host:port "${s}"`);
  return { host: m[1]!, port: Number(m[2] ?? 3306) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The human report. */
export function formatAdvice(a: RwSplitAdvice): string {
  const out = [
    `${a.events} statements from ${a.source === 'slowlog' ? 'the slow log' : 'performance_schema'} (${a.flavor}); reads are ${pct(a.readShareByTime)} of the time, ${pct(a.readShareByCount)} of the statements.`,
    '',
    'Route       Kind          Count   Time s  After-write  Budget ms  Class',
  ];
  for (const c of a.classes) {
    const route = c.route === 'replica-after-gtid-wait' ? 'replica+wait' : c.route;
    out.push(
      `${route.padEnd(11)} ${c.kind.padEnd(13)} ${String(c.count).padStart(5)} ${c.totalTimeSec.toFixed(3).padStart(8)} ${String(c.afterWriteCount).padStart(12)} ${(c.lagBudgetMs === null ? '—' : String(c.lagBudgetMs)).padStart(10)}  ${c.fingerprint.slice(0, 90)}`,
    );
  }
  out.push('', `Read-after-write pairs (same connection, within ${a.options.windowMs} ms): ${a.pairs.length}`);
  for (const p of a.pairs) {
    out.push(`  ${p.occurrences}× on ${p.threads} connection(s), ≥ ${p.minGapMs.toFixed(1)} ms apart, tables ${p.tables.join(', ') || '?'}`);
    out.push(`    write: ${p.writeFingerprint.slice(0, 100)}`, `    read:  ${p.readFingerprint.slice(0, 100)}`);
  }
  out.push('', `Policy: ${a.policy}`, `GTID wait: ${a.gtidWait}`);
  for (const e of a.exports) if (e.problems.length) out.push(`${e.format} export problems: ${e.problems.join('; ')}`);
  for (const w of a.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}

async function readAll(io: CliIO): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

type Flags = {
  slowlog?: string;
  connection?: string;
  json?: boolean;
  export?: string;
  'window-ms'?: string;
  'slo-ms'?: string;
  'max-lag'?: string;
  writer?: string;
  reader?: string[];
};

async function run(flags: Flags, io: CliIO): Promise<number> {
  if (!!flags.slowlog === !!flags.connection) throw new UsageError('Give one of --slowlog FILE or --connection URL');
  if (flags.export && flags.export !== 'proxysql' && flags.export !== 'shardingsphere') throw new UsageError('--export is proxysql or shardingsphere');
  const parsed = rwSplitOptions.safeParse({
    windowMs: flags['window-ms'] === undefined ? undefined : Number(flags['window-ms']),
    readSloMs: flags['slo-ms'] === undefined ? undefined : Number(flags['slo-ms']),
    maxReplicationLagSec: flags['max-lag'] === undefined ? undefined : Number(flags['max-lag']),
  });
  if (!parsed.success) throw new UsageError(`Bad option: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const readers = (flags.reader ?? []).map(hostPort);
  let topology: RwTopology | undefined;
  let advice: RwSplitAdvice;
  if (flags.slowlog) {
    if (flags.writer || readers.length) topology = { writer: flags.writer ? hostPort(flags.writer) : { host: 'primary.example', port: 3306 }, readers };
    let text: Buffer;
    if (flags.slowlog === '-') text = await readAll(io);
    else {
      regularFile(flags.slowlog);
      text = readFileSync(flags.slowlog);
    }
    advice = adviseFromSlowLog(text, parsed.data, { topology });
  } else {
    const cfg = parseConnectionUrl(flags.connection!);
    if (flags.writer || readers.length) topology = { writer: flags.writer ? hostPort(flags.writer) : { host: cfg.host, port: cfg.port }, readers };
    const session = await MysqlSession.open(cfg);
    try {
      advice = await adviseFromServer(session, { host: cfg.host, port: cfg.port }, parsed.data, topology);
    } finally {
      await session.close();
    }
  }
  if (flags.export) {
    const e = advice.exports.find((x) => x.format === flags.export)!;
    io.stdout.write(e.text);
    for (const p of e.problems) io.stderr.write(`dbw rwsplit: ${flags.export} export: ${p}\n`);
    return e.problems.length ? 1 : 0;
  }
  io.stdout.write(flags.json ? JSON.stringify(advice, null, 2) + '\n' : formatAdvice(advice));
  return advice.exports.some((e) => e.problems.length) ? 1 : 0;
}

/** The rwsplit command. */
export const rwsplitCommand: CliCommand = {
  name: 'rwsplit',
  usage,
  async run(args, io) {
    try {
      const flags = parseFlags(args, {
        slowlog: 'string',
        connection: 'string',
        json: 'boolean',
        export: 'string',
        'window-ms': 'string',
        'slo-ms': 'string',
        'max-lag': 'string',
        writer: 'string',
        reader: 'list',
        help: 'boolean',
      });
      if (flags.help) {
        io.stdout.write(usage + '\n');
        return 0;
      }
      return await run(flags, io);
    } catch (e) {
      io.stderr.write(`dbw rwsplit: ${(e as Error).message}\n${e instanceof UsageError ? `\n${usage}\n` : ''}`);
      return 2;
    }
  },
};
