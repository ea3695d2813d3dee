/**
 * `advisor.advise`: source → snapshot → engine. The workload comes from pasted statements, a
 * pasted slow log (digested into classes by the slow-log engine) or performance_schema; the
 * schema from pasted DDL (offline) or the live server with index statistics and usage.
 */
import type { z } from 'zod';
import type { advisorContract } from '../../../shared/contract/advisor.calls';
import type { SchemaSnapshot, WorkloadQuery } from '../../../shared/contract/advisor';
import { AppError } from '../../../shared/contract/core';
import {
  collectCapabilities,
  collectDigestWorkload,
  collectIndexUsage,
  collectSchema,
  collectWriteCounters,
} from '../../connections/collectors/schema.collector';
import { withMysqlSession, type MysqlSession } from '../../connections/mysql-session';
import type { CallContext } from '../../dispatch/dispatcher';
import { advise } from '../../engines/advisor/advise';
import { columnsByTable, distinctStatements } from '../../engines/advisor/analyze-workload';
import type { AdvisorCapabilities } from '../../engines/advisor/capabilities';
import { defaultAdvisorOptions, type AdvisorOptions } from '../../engines/advisor/options';
import { writeRatesFromCounters, type WriteCounters } from '../../engines/advisor/write-rates';
import type { WriteScope } from '../../engines/advisor/unbatched-writes';
import { bindable, explainPrefix } from './advisor-verify';
import { schemaFromDdl } from '../../engines/advisor/schema-ddl';
import type { IndexUsageSnapshot } from '../../engines/advisor/unused';
import { workloadFromScript } from '../../engines/advisor/workload';
import { digestText } from '../../engines/slowlog/digest';
import type { ConnectionConfig, ConnectionsRepo } from '../../store/connections.repo';
import { sampleForRecommendations } from './prefix-sample';
import { shapeInWorkers } from './shape-runner';

type Input = z.output<(typeof advisorContract)['advisor.advise']['input']>;
type Output = z.input<(typeof advisorContract)['advisor.advise']['output']>;

/** Slow-log classes as a workload: the worst sample of each fingerprint, weighed by its count and total
 * time; `periodSec` is the log's span (the period those counts cover), null for a log of one instant. */
export function workloadFromSlowLog(text: string): { workload: WorkloadQuery[]; notes: string[]; periodSec: number | null } {
  const report = digestText(text);
  const workload = report.classes.map((c) => {
    const rows = c.metrics.Rows_examined;
    return {
      sql: c.sample.text.replace(/;\s*$/, ''),
      name: `${c.distillate || c.fingerprint.slice(0, 60)} (${c.queryId})`,
      weight: { count: c.count, totalTimeSec: c.metrics.Query_time?.sum ?? 0 },
      rowsExamined: rows ? rows.avg : null,
      rowsAffected: c.metrics.Rows_affected ? c.metrics.Rows_affected.avg : null,
    };
  });
  const notes = [`Slow log: ${report.header.events} events in ${report.classes.length} query classes.`];
  if (report.warnings.length) notes.push(`${report.warnings.length} slow-log parse warnings (first: ${report.warnings[0]?.message ?? ''}).`);
  const { firstMs, lastMs } = report.header;
  const periodSec = firstMs !== null && lastMs !== null && lastMs > firstMs ? (lastMs - firstMs) / 1000 : null;
  return { workload, notes, periodSec };
}

/**
 * Write-cost options from the server's counters: writes per weight period of each table (`periodSec`:
 * 1 for a QPS workload, the log's span for a slow log, the counters' own window for digests).
 * Null period: the counters cannot be scaled to the workload, said in `notes`, write cost from the workload.
 */
export function writeOptions(
  counters: WriteCounters,
  schema: SchemaSnapshot,
  periodSec: number | null,
  notes: string[],
): Pick<AdvisorOptions, 'tableWriteRates' | 'tableWriteSources'> | undefined {
  if (periodSec === null) {
    notes.push("Write cost from the workload's writes only: the slow log spans no time, so the server's write counters cannot be scaled to it.");
    return undefined;
  }
  const { rates, sources } = writeRatesFromCounters(
    counters,
    schema.tables.map((t) => t.name),
    periodSec,
  );
  return { tableWriteRates: rates, tableWriteSources: sources };
}

/**
 * Rows each DELETE/UPDATE without LIMIT of the workload matches, by EXPLAIN's rows × filtered (which runs nothing)
 * with placeholder values drawn from the table, as verify binds them; statements EXPLAIN refuses
 * are left to the slow log's Rows_affected.
 */
export async function explainWriteScopes(s: MysqlSession, database: string, workload: readonly WorkloadQuery[]): Promise<Record<string, WriteScope>> {
  const out: Record<string, WriteScope> = {};
  for (const q of workload) {
    if (out[q.sql] || !/^\s*(delete|update)\b/i.test(q.sql) || /\blimit\b/i.test(q.sql)) continue;
    const bound = await bindable(s, database, q.sql, (x) => x);
    if ('error' in bound) continue;
    // rows × filtered (MySQL prints the share of scanned rows the WHERE keeps; MariaDB's plain EXPLAIN does not).
    const [first] = (await s.query<Record<string, unknown>>(`${explainPrefix(s)} ${bound.sql}`)).filter((r) => r.rows !== null && r.rows !== undefined);
    if (first) out[q.sql] = { rows: (Number(first.rows) * Number(first.filtered ?? 100)) / 100, boundSql: bound.sql };
  }
  return out;
}

/** Seconds one weight period of the workload lasts (see `writeOptions`). */
export function weightPeriodSec(kind: 'text' | 'slowlog' | 'performance_schema', slowLogSpanSec: number | null, counters: WriteCounters): number | null {
  return kind === 'text' ? 1 : kind === 'slowlog' ? slowLogSpanSec : counters.windowSec;
}

interface Sources {
  schema: SchemaSnapshot;
  workload: WorkloadQuery[];
  caps: AdvisorCapabilities | null;
  usage: IndexUsageSnapshot | null;
  database: string | null;
  /** The connection, when there is one (for the prefix-length sample after the advice). */
  cfg: ConnectionConfig | null;
  /** Rows each unbatched DELETE/UPDATE matches by EXPLAIN (connected). */
  scopes: Record<string, WriteScope>;
  /** Write-cost options from the server's counters (connected), else undefined. */
  writes: Partial<AdvisorOptions> | undefined;
  notes: string[];
}

async function gather(input: Input, connections: ConnectionsRepo, ctx: CallContext): Promise<Sources> {
  const notes: string[] = [];
  let workload: WorkloadQuery[] = [];
  let spanSec: number | null = null;
  if (input.workload.kind === 'text') workload = workloadFromScript(input.workload.text);
  if (input.workload.kind === 'slowlog') {
    const s = workloadFromSlowLog(input.workload.text);
    workload = s.workload;
    spanSec = s.periodSec;
    notes.push(...s.notes);
  }
  if (!input.connectionId) {
    if (input.workload.kind === 'performance_schema') throw new AppError('BAD_INPUT', 'performance_schema needs a connection');
    if (!input.schemaDdl?.trim()) throw new AppError('BAD_INPUT', 'Paste CREATE TABLE statements or connect to a server');
    return { schema: schemaFromDdl(input.schemaDdl), workload, caps: null, usage: null, database: null, cfg: null, writes: undefined, scopes: {}, notes };
  }
  const cfg = connections.config(input.connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; the index advisor needs MySQL or MariaDB`);
  const database = input.database || cfg.database;
  if (!database) throw new AppError('BAD_INPUT', `${cfg.name} has no default database: choose one`);
  return withMysqlSession({ ...cfg, database }, async (s) => {
    ctx.progress({ phase: 'schema', done: 0, total: 3, unit: 'steps', message: `Reading the schema of ${database}` });
    const caps = await collectCapabilities(s);
    const schema = input.schemaDdl?.trim() ? schemaFromDdl(input.schemaDdl, caps.flavor) : await collectSchema(s, database);
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
    ctx.progress({ phase: 'usage', done: 1, total: 3, unit: 'steps', message: 'Reading index usage' });
    const usage = await collectIndexUsage(s, database, caps);
    if (input.workload.kind === 'performance_schema') {
      ctx.progress({ phase: 'workload', done: 2, total: 3, unit: 'steps', message: 'Reading statement digests' });
      workload = await collectDigestWorkload(s, database, caps);
      notes.push(`performance_schema: ${workload.length} statement digests of ${database}.`);
    }
    const counters = await collectWriteCounters(s, database, caps);
    const writes = writeOptions(counters, schema, weightPeriodSec(input.workload.kind, spanSec, counters), notes);
    const scopes = await explainWriteScopes(s, database, workload);
    return { schema, workload, caps, usage, database, cfg, writes, scopes, notes };
  });
}

/** Runs the advisor on the chosen sources. */
export async function runAdvise(input: Input, connections: ConnectionsRepo, ctx: CallContext): Promise<Output> {
  const src = await gather(input, connections, ctx);
  if (src.workload.length === 0) src.notes.push('The workload is empty: only schema findings (duplicates, selectivity, secrets, foreign keys) are reported.');
  ctx.progress({ phase: 'advise', done: 3, total: 3, unit: 'steps', message: `Advising on ${src.workload.length} statements` });
  const flavor = src.caps?.flavor ?? src.schema.flavor ?? 'mysql';
  // Parsing dominates big workloads: it runs across worker threads when the build has them.
  const shapes = await shapeInWorkers(distinctStatements(src.workload), columnsByTable(src.schema), flavor, { signal: ctx.signal });
  const base = { schema: src.schema, workload: src.workload, capabilities: src.caps, usage: src.usage, shapes, options: src.writes, writeScopes: src.scopes };
  let report = advise(base);
  // Connected: prefix lengths chosen offline (by type) are refined from the data's selectivity, sizes from its widths.
  if (report.recommendations.length > 0 && src.cfg && src.database) {
    const database = src.database;
    ctx.progress({ phase: 'advise', done: 3, total: 3, unit: 'steps', message: `Sampling the data of ${report.recommendations.length} recommended indexes` });
    const samples = await withMysqlSession({ ...src.cfg, database }, (s) => sampleForRecommendations(s, database, src.schema, report.recommendations));
    report = advise({ ...base, prefixSamples: samples.prefixSamples, columnWidths: samples.columnWidths });
    src.notes.push(...samples.notes);
  }
  const maxIndexes = defaultAdvisorOptions.maxIndexesPerTable;
  const tables = src.schema.tables.map((t) => {
    const secondary = t.indexes.filter((i) => !i.primary).length;
    const added = report.recommendations.filter((r) => r.table.toLowerCase() === t.name.toLowerCase());
    return {
      schema: t.schema,
      name: t.name,
      rows: t.rows,
      indexBytes: t.indexBytes,
      indexCount: secondary,
      indexCountAfter: secondary + added.length,
      indexSizes: t.indexes.map((i) => ({ name: i.name, sizeBytes: i.sizeBytes })),
      newIndexBytes: added.reduce((s, r) => s + r.sizeBytes, 0),
    };
  });
  const database = src.database;
  const planRequest = database
    ? {
        planner: 'index-advisor' as const,
        params: {
          add: report.recommendations.map((r) => ({
            schema: r.schema ?? database,
            table: r.table,
            name: r.name,
            kind: r.kind,
            columns: r.columns.map((c) => ({ name: c.name, subPart: c.subPart, direction: c.direction })),
            why: r.queries.slice(0, 5).join(', ').slice(0, 500),
          })),
          retire: [],
          dropNow: false,
          reveal: [],
          createInvisible: src.caps?.sessionInvisibleIndexes ?? false,
        },
      }
    : null;
  return {
    ...report,
    notes: [...src.notes, ...report.notes],
    source: {
      schema: src.schema.source,
      workload: input.workload.kind,
      flavor: src.caps?.flavor ?? src.schema.flavor,
      version: src.caps?.version ?? src.schema.version,
      database,
    },
    tables,
    maxIndexes,
    planRequest,
  };
}
