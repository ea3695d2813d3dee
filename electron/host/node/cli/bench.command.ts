/**
 * `dbw bench`: the benchmark harness from the command line — a query, or the top classes of a slow
 * log with placeholders sampled from the data, run N times at concurrency C after a warm-up on
 * read-guarded sessions. It calls the same service functions as the Benchmark panel.
 */
import { readFileSync } from 'node:fs';
import { benchInput } from '../../../../shared/contract/bench';
import { sysbenchSpec, sysbenchWorkloads, type SysbenchResult } from '../../../../shared/contract/sysbench';
import { sysbenchScratchPlanner } from '../../../actions/planners/sysbench-scratch.planner';
import { withMysqlSession } from '../../../connections/mysql-session';
import { runBench, slowLogStatements, type BenchOutput } from '../../../services/bench/bench.service';
import { newScratch, redactedPlan, runSysbench, sysbenchVersion, type SysbenchScratchRunner } from '../../../services/sysbench/sysbench.service';
import type { ConnectionConfig } from '../../../store/connections.repo';
import { fmtBytes } from '../../../../shared/format-bytes';
import { confirm, type CliCommand, type CliIO } from './command';
import { runPlanWithExecutor } from './executor-runner';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';

const usage = `Usage:
  dbw bench --connection URL (--query SQL | --slowlog FILE --top N) [--runs 200] [--concurrency 4] [--warmup 20] [--json]
  dbw bench --connection URL --sysbench WORKLOAD [--threads 2] [--time 5] [--tables 1] [--table-size 1000]
            [--rate 0] [--yes] [--json]

Runs each statement --runs times over --concurrency read-only sessions after --warmup runs, and
prints p50 / p95 / p99 / max latency, QPS, errors and spread (stddev, MAD), with the count the
server itself recorded (Com_select on the benchmark's sessions). A ? placeholder is filled with
values that exist in the data, sampled from the column it is compared with (LIMIT ? gets 20,
OFFSET ? 0). --slowlog takes the top N SELECT classes of a slow log by total time. Reads only.
--json prints {"results": [{"name", "runs", "errors", "p50Ms", "p95Ms", "p99Ms", "maxMs", "qps", …}]}
(the first statement's figures are also at the top level).

--sysbench runs Debian's sysbench (${sysbenchWorkloads.join(', ')}) in a new scratch database
dbw_sb_… with an account of the same name, both created and dropped by plans through the audited
executor (asks for "yes" unless --yes); sysbench prepare, run (--report-interval=1, --histogram),
cleanup. The scratch account's random password reaches sysbench in a 0600 option file, never on its
command line. It prints tps, qps, latency (min/avg/p95/max), errors, the per-second lines, the
server's global status sampled each second, and the statements performance_schema counted for the
run's account. --json prints {"tps", "qps", "p95Ms", "errors", "intervals", "histogram", "server", …}.

Exit codes: 0 done, 1 some runs failed (or the sysbench run was not confirmed), 2 bad usage or connection failure.`;

/** `dbw bench`. */
export const benchCommand: CliCommand = {
  name: 'bench',
  usage,
  async run(args, io) {
    try {
      const f = parseFlags(args, {
        connection: 'string',
        query: 'string',
        slowlog: 'string',
        top: 'string',
        runs: 'string',
        concurrency: 'string',
        warmup: 'string',
        json: 'boolean',
        help: 'boolean',
        sysbench: 'string',
        threads: 'string',
        time: 'string',
        tables: 'string',
        'table-size': 'string',
        rate: 'string',
        yes: 'boolean',
      });
      if (f.help) {
        io.stdout.write(`${usage}\n`);
        return 0;
      }
      if (!f.connection) throw new UsageError('bench needs --connection URL');
      if (f.sysbench !== undefined) {
        if (f.query || f.slowlog) throw new UsageError('--sysbench runs its own workload: leave out --query and --slowlog');
        return await sysbenchRun(parseConnectionUrl(f.connection), f, io);
      }
      if (!f.query === !f.slowlog) throw new UsageError('Give --query SQL or --slowlog FILE (one of them)');
      const statements = f.query ? [{ name: 'query', sql: f.query }] : slowLogStatements(readFileSync(f.slowlog!), wholeNumber(f.top, 'top') ?? 5);
      if (statements.length === 0) throw new UsageError('The slow log has no SELECT classes to run');
      const cfg = parseConnectionUrl(f.connection);
      const parsed = benchInput.safeParse({
        connectionId: cfg.id,
        statements,
        runs: wholeNumber(f.runs, 'runs'),
        concurrency: wholeNumber(f.concurrency, 'concurrency'),
        warmup: wholeNumber(f.warmup, 'warmup'),
      });
      if (!parsed.success) {
        const first = parsed.error.issues[0]!;
        throw new UsageError(`--${String(first.path[0] ?? '')}: ${first.message}`);
      }
      const out = await runBench(cfg, parsed.data, new AbortController().signal, () => undefined);
      io.stdout.write(f.json ? `${JSON.stringify(jsonReport(out), null, 2)}\n` : formatBench(out));
      return out.results.some((r) => r.summary.errors > 0) ? 1 : 0;
    } catch (e) {
      io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      if (e instanceof UsageError) io.stderr.write(`\n${usage}\n`);
      return 2;
    }
  },
};

/** The JSON report: per statement figures (no raw latencies), the first one's also at the top level. */
export function jsonReport(out: BenchOutput): Record<string, unknown> {
  const results = out.results.map((r) => ({
    name: r.name,
    sql: r.sql,
    ...r.summary,
    parameterSets: r.parameterSets,
    serverCount: r.serverCount,
    errorSamples: r.errorSamples,
  }));
  return { ...(results[0] ?? {}), concurrency: out.concurrency, results, notes: out.notes };
}

/** The human report. */
export function formatBench(out: BenchOutput): string {
  const lines: string[] = [`Benchmark at concurrency ${out.concurrency}`];
  for (const r of out.results) {
    const s = r.summary;
    lines.push(
      '',
      `${r.name}: ${r.sql.replace(/\s+/g, ' ').slice(0, 100)}`,
      `  runs ${s.runs} (server counted ${r.serverCount ?? '?'}), errors ${s.errors}, ${s.qps} q/s, ${r.parameterSets} parameter sets`,
      `  p50 ${s.p50Ms} ms  p95 ${s.p95Ms} ms  p99 ${s.p99Ms} ms  max ${s.maxMs} ms  (stddev ${s.stddevMs}, MAD ${s.madMs})`,
      ...r.errorSamples.map((e) => `  error: ${e}`),
    );
  }
  for (const n of out.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function wholeNumber(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a whole number`);
  return Number(v);
}

/** Scratch plans derived and applied through the executor over the CLI's workspace (audited like the app). */
function scratchRunner(cfg: ConnectionConfig): SysbenchScratchRunner {
  return async (request) => {
    const { plan } = await withMysqlSession({ ...cfg, database: '' }, (s) => sysbenchScratchPlanner.derive(request.params, s, s.flavor));
    const failed = await runPlanWithExecutor(cfg, plan, () => undefined);
    return failed ? failed.error : null;
  };
}

type SysbenchFlags = {
  sysbench?: string;
  threads?: string;
  time?: string;
  tables?: string;
  'table-size'?: string;
  rate?: string;
  yes?: boolean;
  json?: boolean;
};

/** `dbw bench --sysbench`: preview the scratch plan, confirm, run, print. */
async function sysbenchRun(cfg: ConnectionConfig, f: SysbenchFlags, io: CliIO): Promise<number> {
  const parsed = sysbenchSpec.safeParse({
    workload: f.sysbench,
    threads: wholeNumber(f.threads, 'threads'),
    timeSec: wholeNumber(f.time, 'time'),
    tables: wholeNumber(f.tables, 'tables'),
    tableSize: wholeNumber(f['table-size'], 'table-size'),
    rate: wholeNumber(f.rate, 'rate'),
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const flag = { workload: 'sysbench', timeSec: 'time', tableSize: 'table-size' }[String(first.path[0])] ?? String(first.path[0] ?? '');
    throw new UsageError(`--${flag}: ${first.message}`);
  }
  const spec = parsed.data;
  await sysbenchVersion();
  const scratch = newScratch();
  const { plan } = await withMysqlSession({ ...cfg, database: '' }, (s) => sysbenchScratchPlanner.derive({ ...scratch, action: 'create', spec }, s, s.flavor));
  const shown = redactedPlan(plan);
  io.stderr.write(`${shown.title}\n${shown.steps.map((s) => `  ${s.sql};`).join('\n')}\n${shown.notes.map((n) => `  ${n}`).join('\n')}\n`);
  if (!f.yes && !(await confirm(io, `Type "yes" to create ${scratch.scratch} on ${cfg.host}:${cfg.port} and run sysbench: `))) {
    io.stderr.write('Not confirmed: nothing was created.\n');
    return 1;
  }
  const result = await runSysbench({ cfg, runScratch: scratchRunner(cfg) }, spec, scratch, new AbortController().signal, (e) => {
    if (e.message) io.stderr.write(`${e.message}\n`);
  });
  io.stdout.write(f.json ? `${JSON.stringify(sysbenchJson(result), null, 2)}\n` : formatSysbench(result));
  return result.report.totals.ignoredErrors > 0 && result.report.totals.transactions === 0 ? 1 : 0;
}

/** The JSON report of a sysbench run (the keys scripts read first at the top level). */
export function sysbenchJson(r: SysbenchResult): Record<string, unknown> {
  const { totals, latency } = r.report;
  return {
    workload: r.spec.workload,
    tps: totals.tps,
    qps: totals.qps,
    p95Ms: latency.p95Ms,
    errors: totals.ignoredErrors,
    reconnects: totals.reconnects,
    transactions: totals.transactions,
    queries: { reads: totals.reads, writes: totals.writes, other: totals.other, total: totals.queries },
    latency,
    intervals: r.report.intervals,
    histogram: r.report.histogram,
    server: r.server,
    spec: r.spec,
    scratch: r.scratch,
    preparedBytes: r.preparedBytes,
    dropped: r.dropped,
    sysbench: r.report.version,
    notes: r.notes,
  };
}

/** The human report of a sysbench run. */
export function formatSysbench(r: SysbenchResult): string {
  const { totals: t, latency: l } = r.report;
  const s = r.spec;
  const lines = [
    `sysbench ${s.workload}: ${s.threads} thread(s), ${s.timeSec} s, ${s.tables} table(s) × ${s.tableSize} row(s) (${fmtBytes(r.preparedBytes)} prepared in ${r.scratch})`,
    `  ${t.tps} tps, ${t.qps} qps (reads ${t.reads}, writes ${t.writes}, other ${t.other}, total ${t.queries}), errors ${t.ignoredErrors}, reconnects ${t.reconnects}`,
    `  latency min ${l.minMs} ms  avg ${l.avgMs} ms  p95 ${l.p95Ms} ms  max ${l.maxMs} ms`,
    `  server counted ${r.server.statements ?? '?'} statement(s) for the run's account`,
    '',
    '   sec      tps      qps   p95 ms   err/s  | server qps  threads running',
  ];
  for (const iv of r.report.intervals) {
    const sv = r.server.samples.find((x) => Math.abs(x.t - iv.t) < 0.75);
    lines.push(
      `  ${String(iv.t).padStart(4)} ${iv.tps.toFixed(1).padStart(8)} ${iv.qps.toFixed(1).padStart(8)} ${iv.p95Ms.toFixed(2).padStart(8)} ${iv.errorsPerSec.toFixed(2).padStart(7)}  | ${(sv?.qps?.toFixed(1) ?? '?').padStart(10)}  ${String(sv?.threadsRunning ?? '?').padStart(15)}`,
    );
  }
  lines.push('', `scratch ${r.scratch} ${r.dropped ? 'dropped' : 'NOT dropped: drop it and its account by hand'}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}
