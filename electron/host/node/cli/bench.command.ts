/**
 * `dbw bench`: the benchmark harness from the command line — a query, or the top classes of a slow
 * log with placeholders sampled from the data, run N times at concurrency C after a warm-up on
 * read-guarded sessions. It calls the same service functions as the Benchmark panel.
 */
import { readFileSync } from 'node:fs';
import { benchInput } from '../../../../shared/contract/bench';
import { runBench, slowLogStatements, type BenchOutput } from '../../../services/bench/bench.service';
import type { CliCommand } from './command';
import { parseFlags, UsageError } from './flags';
import { parseConnectionUrl } from './tune.command';

const usage = `Usage:
  dbw bench --connection URL (--query SQL | --slowlog FILE --top N) [--runs 200] [--concurrency 4] [--warmup 20] [--json]

Runs each statement --runs times over --concurrency read-only sessions after --warmup runs, and
prints p50 / p95 / p99 / max latency, QPS, errors and spread (stddev, MAD), with the count the
server itself recorded (Com_select on the benchmark's sessions). A ? placeholder is filled with
values that exist in the data, sampled from the column it is compared with (LIMIT ? gets 20,
OFFSET ? 0). --slowlog takes the top N SELECT classes of a slow log by total time. Reads only.
--json prints {"results": [{"name", "runs", "errors", "p50Ms", "p95Ms", "p99Ms", "maxMs", "qps", …}]}
(the first statement's figures are also at the top level).

Exit codes: 0 done, 1 some runs failed, 2 bad usage or connection failure.`;

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
      });
      if (f.help) {
        io.stdout.write(`${usage}\n`);
        return 0;
      }
      if (!f.connection) throw new UsageError('bench needs --connection URL');
      if (!f.query === !f.slowlog) throw new UsageError('Give --query SQL or --slowlog FILE (one of them)');
      const int = (v: string | undefined, name: string): number | undefined => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a whole number`);
        return Number(v);
      };
      const statements = f.query ? [{ name: 'query', sql: f.query }] : slowLogStatements(readFileSync(f.slowlog!), int(f.top, 'top') ?? 5);
      if (statements.length === 0) throw new UsageError('The slow log has no SELECT classes to run');
      const cfg = parseConnectionUrl(f.connection);
      const parsed = benchInput.safeParse({
        connectionId: cfg.id,
        statements,
        runs: int(f.runs, 'runs'),
        concurrency: int(f.concurrency, 'concurrency'),
        warmup: int(f.warmup, 'warmup'),
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
