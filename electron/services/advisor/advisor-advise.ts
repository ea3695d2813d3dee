/**
 * `advisor.advise`: source → snapshot → engine. The workload comes from pasted statements, a
 * pasted slow log (digested into classes by the slow-log engine) or performance_schema; the
 * schema from pasted DDL (offline) or the live server with index statistics and usage.
 */
import type { z } from 'zod';
import type { advisorContract } from '../../../shared/contract/advisor.calls';
import type { SchemaSnapshot, WorkloadQuery } from '../../../shared/contract/advisor';
import { AppError } from '../../../shared/contract/core';
import { collectCapabilities, collectDigestWorkload, collectIndexUsage, collectSchema } from '../../connections/collectors/schema.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { CallContext } from '../../dispatch/dispatcher';
import { advise } from '../../engines/advisor/advise';
import { columnsByTable, distinctStatements } from '../../engines/advisor/analyze-workload';
import type { AdvisorCapabilities } from '../../engines/advisor/capabilities';
import { defaultAdvisorOptions } from '../../engines/advisor/options';
import { schemaFromDdl } from '../../engines/advisor/schema-ddl';
import type { IndexUsageSnapshot } from '../../engines/advisor/unused';
import { workloadFromScript } from '../../engines/advisor/workload';
import { digestText } from '../../engines/slowlog/digest';
import type { ConnectionConfig, ConnectionsRepo } from '../../store/connections.repo';
import { samplePrefixes } from './prefix-sample';
import { shapeInWorkers } from './shape-runner';

type Input = z.output<(typeof advisorContract)['advisor.advise']['input']>;
type Output = z.input<(typeof advisorContract)['advisor.advise']['output']>;

/** Slow-log classes as a workload: the worst sample of each fingerprint, weighed by its count and total time. */
export function workloadFromSlowLog(text: string): { workload: WorkloadQuery[]; notes: string[] } {
  const report = digestText(text);
  const workload = report.classes.map((c) => {
    const rows = c.metrics.Rows_examined;
    return {
      sql: c.sample.text.replace(/;\s*$/, ''),
      name: `${c.distillate || c.fingerprint.slice(0, 60)} (${c.queryId})`,
      weight: { count: c.count, totalTimeSec: c.metrics.Query_time?.sum ?? 0 },
      rowsExamined: rows ? rows.avg : null,
    };
  });
  const notes = [`Slow log: ${report.header.events} events in ${report.classes.length} query classes.`];
  if (report.warnings.length) notes.push(`${report.warnings.length} slow-log parse warnings (first: ${report.warnings[0]?.message ?? ''}).`);
  return { workload, notes };
}

interface Sources {
  schema: SchemaSnapshot;
  workload: WorkloadQuery[];
  caps: AdvisorCapabilities | null;
  usage: IndexUsageSnapshot | null;
  database: string | null;
  /** The connection, when there is one (for the prefix-length sample after the advice). */
  cfg: ConnectionConfig | null;
  notes: string[];
}

async function gather(input: Input, connections: ConnectionsRepo, ctx: CallContext): Promise<Sources> {
  const notes: string[] = [];
  let workload: WorkloadQuery[] = [];
  if (input.workload.kind === 'text') workload = workloadFromScript(input.workload.text);
  if (input.workload.kind === 'slowlog') {
    const s = workloadFromSlowLog(input.workload.text);
    workload = s.workload;
    notes.push(...s.notes);
  }
  if (!input.connectionId) {
    if (input.workload.kind === 'performance_schema') throw new AppError('BAD_INPUT', 'performance_schema needs a connection');
    if (!input.schemaDdl?.trim()) throw new AppError('BAD_INPUT', 'Paste CREATE TABLE statements or connect to a server');
    return { schema: schemaFromDdl(input.schemaDdl), workload, caps: null, usage: null, database: null, cfg: null, notes };
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
    return { schema, workload, caps, usage, database, cfg, notes };
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
  const base = { schema: src.schema, workload: src.workload, capabilities: src.caps, usage: src.usage, shapes };
  let report = advise(base);
  // Connected: prefix lengths chosen offline (by type) are refined from the data's selectivity.
  const prefixed = report.recommendations.flatMap((r) => r.columns.filter((c) => c.subPart !== null).map((c) => ({ table: r.table, column: c.name })));
  if (prefixed.length > 0 && src.cfg && src.database) {
    const database = src.database;
    ctx.progress({ phase: 'advise', done: 3, total: 3, unit: 'steps', message: `Sampling prefix selectivity of ${prefixed.length} columns` });
    const prefixSamples = await withMysqlSession({ ...src.cfg, database }, (s) => samplePrefixes(s, database, src.schema, prefixed));
    report = advise({ ...base, prefixSamples });
    src.notes.push(`Prefix lengths chosen from a sample of at most 20,000 rows per column (${Object.keys(prefixSamples).join(', ')}).`);
  }
  const maxIndexes = defaultAdvisorOptions.maxIndexesPerTable;
  const tables = src.schema.tables.map((t) => {
    const secondary = t.indexes.filter((i) => !i.primary).length;
    const added = report.recommendations.filter((r) => r.table.toLowerCase() === t.name.toLowerCase()).length;
    return { schema: t.schema, name: t.name, rows: t.rows, indexBytes: t.indexBytes, indexCount: secondary, indexCountAfter: secondary + added };
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
