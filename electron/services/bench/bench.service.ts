/**
 * The benchmark service: fills each statement's placeholders with values sampled from the data,
 * warms up, then runs it N times over C read-guarded sessions (electron/connections/read-guard.ts:
 * a benchmark can only read; each run's latency therefore includes the guard's READ ONLY
 * transaction around the statement) and reads the server's own statement counter on those
 * sessions. The CLI's `dbw bench` calls the same functions.
 */
import type { z } from 'zod';
import type { benchContract, benchInput, BenchResult } from '../../../shared/contract/bench';
import { AppError } from '../../../shared/contract/core';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { MysqlSession } from '../../connections/mysql-session';
import { cdf, compare, histogram, summarize } from '../../engines/bench/stats';
import { bindLiterals, placeholderSlots, sqlLiteral, type Slot } from '../../engines/bench/placeholders';
import { digestText } from '../../engines/slowlog/digest';
import type { CallContext, Handlers } from '../../dispatch/dispatcher';
import type { ConnectionConfig, ConnectionsRepo } from '../../store/connections.repo';

/** Parsed benchmark input. */
export type BenchInput = z.output<typeof benchInput>;
/** What a benchmark returns. */
export type BenchOutput = z.input<(typeof benchContract)['bench.run']['output']>;
/** Progress of a benchmark. */
export type BenchProgress = (done: number, total: number, message: string) => void;

const READ_START = /^\s*(?:\(\s*)?(select|with)\b/i;

/**
 * The statement with its placeholders bound, one variant per sampled row: values come from the
 * columns each placeholder is compared with, in the same row of a table when several are.
 */
export async function sampleVariants(s: MysqlSession, sql: string, database: string | null, sampleRows: number): Promise<string[]> {
  const slots = placeholderSlots(sql);
  if (typeof slots === 'string') throw new AppError('BAD_INPUT', `Cannot sample values for this statement: ${slots}`);
  if (slots.length === 0) return [sql];
  const key = (slot: { schema: string | null; table: string }): string => `${slot.schema ?? database ?? ''}.${slot.table}`;
  const byTable = new Map<string, { schema: string | null; table: string; cols: string[] }>();
  for (const slot of slots) {
    if (slot.kind !== 'column') continue;
    const entry = byTable.get(key(slot)) ?? { schema: slot.schema ?? database, table: slot.table, cols: [] };
    if (!entry.cols.includes(slot.column)) entry.cols.push(slot.column);
    byTable.set(key(slot), entry);
  }
  const rows = new Map<string, Record<string, unknown>[]>();
  for (const [k, { schema, table, cols }] of byTable) {
    const sample = await s.query(
      `SELECT ${cols.map(quoteIdent).join(', ')} FROM ${quoteQualified(schema, table)} WHERE ${cols.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ')} ORDER BY RAND() LIMIT ${sampleRows}`,
    );
    if (sample.length === 0) throw new AppError('BAD_INPUT', `${table} has no rows with ${cols.join(', ')} set: nothing real to fill the placeholders with`);
    rows.set(k, sample);
  }
  const n = Math.max(...[...rows.values()].map((r) => r.length), 1);
  const variants = new Set<string>();
  for (let i = 0; i < n; i++) {
    const literals = slots.map((slot: Slot) => {
      if (slot.kind === 'limit') return '20';
      if (slot.kind === 'offset') return '0';
      const sample = rows.get(key(slot))!;
      return sqlLiteral(sample[i % sample.length]![slot.column]);
    });
    variants.add(bindLiterals(sql, literals));
  }
  return [...variants];
}

async function comSelect(s: MysqlSession): Promise<number> {
  const rows = await s.query<{ Value: string }>("SHOW SESSION STATUS LIKE 'Com_select'");
  return Number(rows[0]?.Value ?? 0);
}

/** Runs one statement's variants `runs` times over the sessions (round-robin over variants). */
async function timeStatement(
  sessions: readonly MysqlSession[],
  variants: readonly string[],
  runs: number,
  signal: AbortSignal,
  onRun: (done: number) => void,
): Promise<{ latencies: number[]; errors: number; errorSamples: string[]; wallMs: number }> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    sessions.map(async (s) => {
      for (;;) {
        if (signal.aborted) return;
        const i = next++;
        if (i >= runs) return;
        const start = performance.now();
        try {
          await s.query(variants[i % variants.length]!);
          latencies.push(performance.now() - start);
        } catch (e) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(e instanceof Error ? e.message : String(e));
          if (e instanceof AppError && e.code === 'CONNECTION_LOST') throw e;
        }
        onRun(latencies.length + errors);
      }
    }),
  );
  return { latencies, errors, errorSamples, wallMs: performance.now() - t0 };
}

/** Runs the benchmark. */
export async function runBench(cfg: ConnectionConfig, input: BenchInput, signal: AbortSignal, progress: BenchProgress): Promise<BenchOutput> {
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; the benchmark runs SQL on MySQL or MariaDB`);
  for (const st of input.statements) {
    if (!READ_START.test(st.sql)) {
      throw new AppError(
        'BAD_INPUT',
        `"${st.name || st.sql.slice(0, 40)}" is not a SELECT: the benchmark reads only (a change is measured before and after its plan)`,
      );
    }
  }
  const database = input.database ?? cfg.database ?? null;
  const session = { ...cfg, database: database ?? undefined } as ConnectionConfig;
  const sessions: MysqlSession[] = [];
  const notes: string[] = ["Latency is the client's: each run includes the read guard's START TRANSACTION READ ONLY and ROLLBACK round trips."];
  const startedAt = new Date().toISOString();
  try {
    for (let i = 0; i < input.concurrency; i++) sessions.push(await MysqlSession.open(session));
    const results: BenchResult[] = [];
    const total = input.statements.length * (input.warmup + input.runs);
    let base = 0;
    for (const st of input.statements) {
      if (signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
      const variants = await sampleVariants(sessions[0]!, st.sql, database, input.sampleRows);
      progress(base, total, `${st.name || 'statement'}: warm-up`);
      await timeStatement(sessions, variants, input.warmup, signal, (d) => progress(base + d, total, `${st.name}: warm-up`));
      base += input.warmup;
      const before = await Promise.all(sessions.map(comSelect));
      const timed = await timeStatement(sessions, variants, input.runs, signal, (d) => {
        if (d % 25 === 0) progress(base + d, total, `${st.name}: ${d}/${input.runs}`);
      });
      const after = await Promise.all(sessions.map(comSelect));
      base += input.runs;
      if (signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
      results.push({
        name: st.name,
        sql: st.sql,
        summary: summarize(timed.latencies, timed.errors, timed.wallMs),
        parameterSets: variants.length === 1 && variants[0] === st.sql ? 0 : variants.length,
        serverCount: after.reduce((a, b, i) => a + b - before[i]!, 0),
        histogram: histogram(timed.latencies),
        cdf: cdf(timed.latencies),
        latenciesMs: timed.latencies.map((x) => Math.round(x * 1000) / 1000),
        errorSamples: timed.errorSamples,
      });
    }
    progress(total, total, 'Done');
    return { startedAt, concurrency: input.concurrency, results, notes };
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}

/** The top `top` classes of a slow log as statements: the fingerprint (placeholders sampled from the data) or, when it cannot be bound, the logged sample. */
export function slowLogStatements(text: string | Buffer, top: number): { name: string; sql: string }[] {
  const report = digestText(text);
  return report.classes
    .filter((c) => READ_START.test(c.sample.text))
    .slice(0, top)
    .map((c) => ({
      name: c.fingerprint.slice(0, 80),
      sql: typeof placeholderSlots(c.fingerprint) === 'string' || /\bin\s*\(\?\+\)/i.test(c.fingerprint) ? c.sample.text : c.fingerprint,
    }));
}

/** Handlers of the benchmark calls. */
export function benchHandlers(deps: { connections: ConnectionsRepo }): Handlers<typeof benchContract> {
  return {
    'bench.run': async (input, ctx: CallContext) =>
      runBench(deps.connections.config(input.connectionId), input, ctx.signal, (done, total, message) =>
        ctx.progress({ phase: 'bench', done, total, unit: 'events', message }),
      ),
    'bench.compare': async ({ before, after }) => compare(before, after),
  };
}
