/**
 * Partition handlers: preflight (offline against a schema text, or live against the tables' real
 * definitions), the tables and partitions of a database with where each partition sits in time,
 * and which partitions workload queries read. They only read; conversion and rotation are plans
 * (partition-convert, partition-rotate) through the executor. The CLI calls the same functions.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Flavor } from '../../../shared/contract/connections';
import { AppError } from '../../../shared/contract/core';
import type { PlanRequest } from '../../../shared/contract/actions';
import type { CheckResult, DesignResult, PartitionTableSummary, PruneReport, PruningResult, partitionsContract } from '../../../shared/contract/partitions';
import { quoteQualified } from '../../../shared/sql-quote';
import type { Executor } from '../../actions/executor';
import {
  collectMonthCounts,
  collectPartitionedTables,
  collectPartitions,
  collectPartitionTables,
  explainPartitions,
} from '../../connections/collectors/partitions.collector';
import { collectTableStats } from '../../connections/collectors/table-stats.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { SqlReader } from '../../connections/sql-reader';
import type { Handlers } from '../../dispatch/dispatcher';
import { schemaFromDdl } from '../../engines/advisor/schema-ddl';
import { dialectForTarget, dialectOfFlavor } from '../../engines/flavor/dialect';
import { readPartitionStatement, splitScript } from '../../engines/partitions/partition-ddl';
import { partitionTablesFromDdl, preflight } from '../../engines/partitions/preflight';
import { dateScheme, parseRetention, rotationTimeline } from '../../engines/partitions/rotation';
import { designPartitions, type DesignStatement } from '../../engines/partitions/design';
import { workloadFromScript } from '../../engines/advisor/workload';
import { serverDate } from '../../actions/planners/partition-rotate.planner';
import type { ConnectionConfig, ConnectionsRepo } from '../../store/connections.repo';
import { findAssetsDir } from '../slow-log/slow-log.service';
import { bindSampleLiterals } from '../advisor/sample-literals';

type CheckInput = z.output<(typeof partitionsContract)['partitions.check']['input']>;
type InspectOutput = z.input<(typeof partitionsContract)['partitions.inspect']['output']>;

/** A live server to check against: a read session, its flavor and the database the DDL means. */
export interface LiveTarget {
  readonly reader: SqlReader;
  readonly flavor: Flavor;
  readonly database: string;
}

/** Tables a script names (including EXCHANGE … WITH TABLE targets). */
function namedTables(ddl: string): string[] {
  const out = new Set<string>();
  for (const st of splitScript(ddl)) {
    const r = readPartitionStatement(st.sql);
    if ('table' in r) out.add(r.table);
    if (r.kind === 'exchange-partition') out.add(r.withTable);
  }
  return [...out];
}

/** Preflight of a script, offline or live (the service and `dbw partition check` both call this). */
export async function checkPartitionDdl(input: Omit<CheckInput, 'connectionId' | 'database'>, live: LiveTarget | null): Promise<CheckResult> {
  const today = new Date().toISOString().slice(0, 10);
  if (live) {
    const f = dialectOfFlavor(live.flavor);
    const tables = await collectPartitionTables(live.reader, live.database, namedTables(input.ddl), live.flavor);
    const asOf = input.asOf ?? (await serverDate(live.reader));
    return {
      flavor: live.flavor.label,
      source: 'live',
      statements: preflight({ script: input.ddl, tables, family: f.family, facts: f.partitioning, asOf }),
      notes: [`Checked against ${live.database} on ${live.flavor.label} (${tables.size} table definition(s) read with SHOW CREATE TABLE).`],
    };
  }
  const f = dialectForTarget(input.flavor);
  const notes: string[] = [];
  let tables = new Map();
  if (input.schemaSql) {
    const snapshot = schemaFromDdl(input.schemaSql, f.family);
    tables = partitionTablesFromDdl(snapshot.tables, input.schemaSql);
    notes.push(`Checked against ${snapshot.tables.length} table(s) from the schema text for ${input.flavor}.`);
    for (const u of snapshot.unparsed) notes.push(`Schema statement ${u.index + 1} could not be read: ${u.error}`);
  } else notes.push(`No schema given: keys, column types and foreign keys were not checked (${input.flavor} rules only).`);
  return {
    flavor: input.flavor,
    source: input.schemaSql ? 'schema' : 'none',
    statements: preflight({ script: input.ddl, tables, family: f.family, facts: f.partitioning, asOf: input.asOf ?? today }),
    notes,
  };
}

/** Tables of a database with size, rows and partitions, largest first. */
export async function listPartitionTables(reader: SqlReader, schema: string): Promise<PartitionTableSummary[]> {
  const stats = await collectTableStats(reader, [], schema);
  const parts = new Map((await collectPartitionedTables(reader, schema)).map((p) => [p.table, p]));
  return stats.map((s) => {
    const p = parts.get(s.table);
    return {
      schema: s.schema,
      table: s.table,
      rows: s.rows,
      dataBytes: s.dataBytes,
      indexBytes: s.indexBytes,
      partitions: p?.partitions ?? 0,
      method: p?.method ?? null,
      expression: p?.expression ?? null,
    };
  });
}

/** A table's partitions, where each sits in time, and what a DBA should be told about them. */
export async function inspectPartitions(reader: SqlReader, schema: string, table: string, retention: string, asOfIn?: string): Promise<InspectOutput> {
  const { method, expression, partitions } = await collectPartitions(reader, schema, table);
  const [summary] = (await listPartitionTables(reader, schema)).filter((t) => t.table === table);
  if (!summary) throw new AppError('NOT_FOUND', `No table ${schema}.${table}`);
  const scheme = dateScheme(method, expression);
  const alerts: string[] = [];
  if (!scheme)
    return {
      summary,
      partitions: partitions.map((p) => ({
        ...p,
        from: null,
        to: null,
        status: /^MAXVALUE$/i.test(p.description ?? '') ? ('catch-all' as const) : ('other' as const),
      })),
      interval: null,
      alerts: partitions.length ? [] : ['Not partitioned.'],
    };
  const asOf = asOfIn ?? (await serverDate(reader));
  const { timeline, interval } = rotationTimeline({ partitions, scheme, asOf, retention: parseRetention(retention) });
  const catchAll = timeline.find((p) => p.status === 'catch-all');
  if (catchAll && catchAll.rows > 0)
    alerts.push(`${catchAll.rows.toLocaleString('en-US')} row(s) landed in the catch-all ${catchAll.name}: the future partitions ran out.`);
  const future = timeline.filter((p) => p.status === 'future').length;
  if (future === 0) alerts.push(`No empty future partition ahead of ${asOf}: rotate to premake some.`);
  const expired = timeline.filter((p) => p.status === 'expired');
  if (expired.length) alerts.push(`${expired.length} partition(s) past the ${retention} retention: ${expired.map((p) => p.name).join(', ')}.`);
  return { summary, partitions: timeline, interval, alerts };
}

/** The designer on a live table: its definition, size and rows per month, against the workload's statements. */
export async function designTable(
  reader: SqlReader,
  flavor: Flavor,
  schema: string,
  table: string,
  workload: readonly DesignStatement[],
  premake: number,
): Promise<DesignResult> {
  const tables = await collectPartitionTables(reader, schema, [table], flavor);
  const live = tables.get(table.toLowerCase());
  if (!live) throw new AppError('NOT_FOUND', `No table ${schema}.${table}`);
  const [stats] = await collectTableStats(reader, [{ schema, table: live.table.name }]);
  const dateCols = live.table.columns.filter((c) => ['date', 'datetime', 'timestamp'].includes(c.dataType) && !c.nullable).map((c) => c.name);
  const f = dialectOfFlavor(flavor);
  return designPartitions({
    table: live.table,
    rows: stats?.rows ?? 0,
    dataBytes: stats?.dataBytes ?? 0,
    indexBytes: stats?.indexBytes ?? 0,
    months: await collectMonthCounts(reader, schema, live.table.name, dateCols),
    workload,
    asOf: await serverDate(reader),
    family: f.family,
    facts: f.partitioning,
    premake,
  });
}

/** Workload statements from a workload file's text (`-- name | qps | slo` comments give names and weights). */
export function workloadStatements(text: string): DesignStatement[] {
  return workloadFromScript(text).map((q, i) => ({ name: q.name ?? `statement ${i + 1}`, sql: q.sql, count: q.weight?.count ?? 1 }));
}

/** Which partitions of `table` each query reads (EXPLAIN, in the reader's current database), flagging those that read all of them. */
export async function checkPruning(
  reader: SqlReader,
  flavor: Flavor,
  schema: string,
  table: string,
  queries: ReadonlyArray<{ name: string; sql: string }>,
): Promise<PruningResult[]> {
  const { partitions } = await collectPartitions(reader, schema, table);
  const total = partitions.length;
  const out: PruningResult[] = [];
  for (const q of queries) {
    try {
      const parts = await explainPartitions(reader, flavor, q.sql, table);
      out.push({ name: q.name, sql: q.sql, partitions: parts, total, readsAll: parts !== null && total > 1 && parts.length >= total, error: null });
    } catch (e) {
      out.push({ name: q.name, sql: q.sql, partitions: null, total, readsAll: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

/** The scratch plan's request. */
export type ScratchPlanRequest = Extract<PlanRequest, { planner: 'partition-scratch' }>;
/** Runs one scratch plan through the executor (the app's apply, or the CLI's audited run); resolves to the first failed step's message, or null. */
export type ScratchPlanRunner = (request: ScratchPlanRequest) => Promise<string | null>;

/** What a pruning check on a scratch copy needs. */
export interface PruneInput {
  readonly schema: string;
  readonly table: string;
  readonly ddl: string;
  readonly queries: ReadonlyArray<{ name: string; sql: string }>;
  readonly sampleRows: number;
}

/** Every reference to `table` in a query (`schema.table` or bare, quoted or not) pointed at the scratch copy; other tables stay in the source schema. */
function toScratch(sql: string, schema: string, table: string, scratch: string): string {
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = `\`?${esc(table)}\`?`;
  const re = new RegExp(`(?<![\\w$.\`])(?:\`?${esc(schema)}\`?\\s*\\.\\s*)?${name}(?![\\w$\`])`, 'gi');
  return sql.replace(re, quoteQualified(scratch, table));
}

/**
 * The pruning check of a proposed design: the scratch copy is created by a plan (audited), each
 * query is EXPLAINed there through a read session, and the copy is dropped by a second plan in a
 * finally, whatever happened. The source table is only read (its structure and a sample).
 */
export async function pruneOnScratch(cfg: ConnectionConfig, run: ScratchPlanRunner, input: PruneInput): Promise<PruneReport> {
  const scratch = `dbw_scratch_${randomBytes(6).toString('hex')}`;
  const params = { schema: input.schema, table: input.table, ddl: input.ddl, scratch, sampleRows: input.sampleRows };
  // Only a plan that ran may have created the scratch database; one refused before its first step created nothing to drop.
  let ran = false;
  let report: Omit<PruneReport, 'dropped'>;
  let dropped = false;
  try {
    const failed = await run({ planner: 'partition-scratch', params: { ...params, action: 'create' } });
    ran = true;
    if (failed) throw new AppError('SERVER_ERROR', `The scratch copy could not be built: ${failed}`);
    report = await withMysqlSession({ ...cfg, database: input.schema }, async (s) => {
      const [n] = await s.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteQualified(scratch, input.table)}`);
      const bound = (value: string) =>
        input.queries.map((q) => ({ name: q.name, sql: toScratch(bindSampleLiterals(q.sql, value), input.schema, input.table, scratch) }));
      // A date-shaped sample, so a placeholder compared with the date column selects a real range (MariaDB reads '1' as
      // an invalid date and scans every partition); where strict mode refuses it (a number column in a DELETE), '1'.
      const first = await checkPruning(s, s.flavor, scratch, input.table, bound("'2024-01-01 00:00:00'"));
      const dated = first.some((r) => r.error) ? await checkPruning(s, s.flavor, scratch, input.table, bound("'1'")) : first;
      const results = first.map((r, i) => ({ ...(r.error && !dated[i]!.error ? dated[i]! : r), sql: input.queries[i]!.sql }));
      return { scratch, sampledRows: Number(n?.n ?? 0), total: results[0]?.total ?? 0, results };
    });
  } finally {
    if (ran) {
      try {
        dropped = (await run({ planner: 'partition-scratch', params: { ...params, action: 'drop' } })) === null;
      } catch {
        dropped = false; // the server went away: the scratch name is in the audit log with its rollback
      }
    }
  }
  return { ...report, dropped };
}

function sqlConfig(repo: ConnectionsRepo, connectionId: string): ConnectionConfig {
  const cfg = repo.config(connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; partitions live on MySQL and MariaDB`);
  return cfg;
}

/** Handlers for the partition calls. */
export function partitionsHandlers(deps: { connections: ConnectionsRepo; executor: Executor; assetsDir?: string }): Handlers<typeof partitionsContract> {
  return {
    'partitions.example': async () => {
      const dir = join(deps.assetsDir ?? findAssetsDir(), 'demo');
      const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
      return { ddl: read('cowrite-seed-partitions.sql'), schemaSql: read('cowrite-schema.sql'), workloadSql: read('cowrite-workload.sql') };
    },
    'partitions.check': async (input) => {
      if (!input.connectionId) return checkPartitionDdl(input, null);
      const cfg = sqlConfig(deps.connections, input.connectionId);
      const database = input.database || cfg.database;
      if (!database) throw new AppError('BAD_INPUT', 'Pick the database the DDL acts on (the connection has no default database).');
      return withMysqlSession(cfg, (s) => checkPartitionDdl(input, { reader: s, flavor: s.flavor, database }));
    },
    'partitions.tables': async ({ connectionId, schema }) => withMysqlSession(sqlConfig(deps.connections, connectionId), (s) => listPartitionTables(s, schema)),
    'partitions.inspect': async ({ connectionId, schema, table, retention, asOf }) =>
      withMysqlSession(sqlConfig(deps.connections, connectionId), (s) => inspectPartitions(s, schema, table, retention, asOf)),
    'partitions.design': async ({ connectionId, schema, table, workloadSql, premake }) =>
      withMysqlSession(sqlConfig(deps.connections, connectionId), (s) =>
        designTable(s, s.flavor, schema, table, workloadSql ? workloadStatements(workloadSql) : [], premake),
      ),
    // The session opens in `schema` so the queries' unqualified table names resolve there.
    'partitions.pruning': async ({ connectionId, schema, table, queries }) =>
      withMysqlSession({ ...sqlConfig(deps.connections, connectionId), database: schema }, (s) => checkPruning(s, s.flavor, schema, table, queries)),
    'partitions.prune': async ({ connectionId, schema, table, ddl, queries, sampleRows, confirmation }, ctx) => {
      const cfg = sqlConfig(deps.connections, connectionId);
      const executor = deps.executor;
      const run: ScratchPlanRunner = async (request) => {
        const { plan } = await executor.preview(connectionId, request);
        const { outcomes } = await executor.apply(connectionId, request, plan.hash, confirmation, ctx.signal, (done, total, message) =>
          ctx.progress({ phase: 'apply', done, total, unit: 'steps', message }),
        );
        const bad = outcomes.find((o) => o.status !== 'ok');
        return bad ? `${bad.sql}: ${bad.message}` : null;
      };
      return pruneOnScratch(cfg, run, { schema, table, ddl, queries, sampleRows });
    },
  };
}
