/**
 * Shard planning handlers: collect (schema from DDL or information_schema, workload from a script
 * or a slow log, skew and key statistics counted on the server) → engine (plan) → exports, each
 * checked before it is returned. The CLI calls `shardPlanFrom` too, so both read the same plan.
 */
import type { z } from 'zod';
import type { SchemaSnapshot, WorkloadQuery } from '../../../shared/contract/advisor';
import { AppError } from '../../../shared/contract/core';
import {
  shardMigrateParams,
  type ShardExport,
  type ShardMigrateParams,
  type ShardPlan,
  type shardMigrationRequestInput,
  type shardsContract,
} from '../../../shared/contract/shards';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { splitStatements } from '../../../shared/sql-split';
import { collectSchema } from '../../connections/collectors/schema.collector';
import { measureShardPlan } from '../../connections/collectors/shard-skew.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import type { SqlReader } from '../../connections/sql-reader';
import type { Handlers } from '../../dispatch/dispatcher';
import { analyzeWorkload } from '../../engines/advisor/analyze-workload';
import { schemaFromDdl } from '../../engines/advisor/schema-ddl';
import { workloadFromScript } from '../../engines/advisor/workload';
import { checkShardingSphere, shardingSphereExport } from '../../engines/shards/exports/shardingsphere';
import { checkSpider, createTablesOf, spiderExport, type SpiderBackend } from '../../engines/shards/exports/spider';
import { checkVSchema, vitessExport, vschemaColumns } from '../../engines/shards/exports/vitess';
import { parseYaml } from '../../engines/shards/exports/yaml-lite';
import { planShards, withMeasurements } from '../../engines/shards/shard-plan';
import { workloadFromSlowLog } from '../advisor/advisor-advise';
import type { ServiceDeps } from '../service-deps';
import type { Family } from '../../engines/flavor/flavor';

type Input = z.output<(typeof shardsContract)['shards.plan']['input']>;

/** Where the schema comes from: a DDL script, or a live database read through a session. */
export type ShardSchemaSource = { kind: 'ddl'; text: string } | { kind: 'live'; reader: SqlReader; database: string; flavor: Family };

/** What the plan is made from. */
export interface ShardPlanArgs {
  readonly schema: ShardSchemaSource;
  readonly workload: { kind: 'script' | 'slowlog'; text: string };
  readonly shards: number;
  readonly key?: { table: string; column: string };
  readonly backends?: readonly SpiderBackend[];
  readonly targetDatabase?: string;
}

/** The planned schema: tables that get the key get its column (for the checkers of the exports that name it). */
function plannedSchema(schema: SchemaSnapshot, plan: ShardPlan): SchemaSnapshot {
  const root = schema.tables.find((t) => t.name === plan.root)!;
  const keyCol = root.columns.find((c) => c.name === plan.key)!;
  return {
    ...schema,
    tables: schema.tables.map((t) =>
      plan.tables.find((p) => p.table === t.name)?.role === 'needs-key' ? { ...t, columns: [...t.columns, { ...keyCol, name: plan.keyName }] } : t,
    ),
  };
}

/** Plans, measures (live) and exports. */
export async function shardPlanFrom(args: ShardPlanArgs): Promise<{ plan: ShardPlan; exports: ShardExport[]; schema: SchemaSnapshot }> {
  const flavor = args.schema.kind === 'live' ? args.schema.flavor : 'mariadb';
  let schema: SchemaSnapshot;
  let ddl: Map<string, string>;
  if (args.schema.kind === 'ddl') {
    schema = schemaFromDdl(args.schema.text, flavor);
    ddl = createTablesOf(splitStatements(args.schema.text).map((s) => s.sql));
  } else {
    const { reader, database } = args.schema;
    schema = await collectSchema(reader, database);
    ddl = new Map();
    for (const t of schema.tables) {
      const [row] = await reader.query<Record<string, string>>(`SHOW CREATE TABLE \`${database.replace(/`/g, '``')}\`.\`${t.name.replace(/`/g, '``')}\``);
      const text = row ? (row['Create Table'] ?? '') : '';
      if (text) ddl.set(t.name.toLowerCase(), text);
    }
  }
  if (schema.tables.length === 0) throw new AppError('BAD_INPUT', 'The schema has no tables');
  let workload: WorkloadQuery[];
  if (args.workload.kind === 'script') workload = workloadFromScript(args.workload.text);
  else workload = workloadFromSlowLog(args.workload.text).workload;
  if (workload.length === 0) throw new AppError('BAD_INPUT', 'The workload has no statements');
  const queries = analyzeWorkload(workload, schema, flavor);
  let plan: ShardPlan;
  try {
    plan = planShards(schema, queries, { shards: args.shards, key: args.key });
  } catch (e) {
    throw new AppError('BAD_INPUT', (e as Error).message);
  }
  if (args.schema.kind === 'live') plan = withMeasurements(plan, await measureShardPlan(args.schema.reader, plan, args.schema.database));
  const target = args.targetDatabase ?? `dbw_shard_${plan.root}`;
  const backends = args.backends ?? Array.from({ length: plan.shards }, (_, i) => ({ host: `shard${i}.example`, port: 3306, user: 'spider', password: '' }));
  const planned = plannedSchema(schema, plan);
  const vitess = vitessExport(plan, schema, target);
  const ss = shardingSphereExport(plan, target, backends);
  const keyType = schema.tables
    .find((t) => t.name === plan.root)!
    .columns.find((c) => c.name === plan.key)!
    .columnType.toUpperCase();
  const exports: ShardExport[] = [
    { kind: 'vitess', text: `${JSON.stringify(vitess, null, 2)}\n`, issues: checkVSchema(vitess, vschemaColumns(schema, target)) },
    { kind: 'shardingsphere', text: ss.text, issues: checkShardingSphere(parseYaml(ss.text), planned) },
  ];
  if (backends.length === plan.shards && ddl.size > 0) {
    try {
      const sql = spiderExport(plan, ddl, target, backends, keyType);
      exports.push({ kind: 'spider', text: sql.text, issues: checkSpider(sql) });
    } catch (e) {
      exports.push({ kind: 'spider', text: '', issues: [{ path: '', message: (e as Error).message }] });
    }
  }
  return { plan, exports, schema };
}

/**
 * The migration's parameters: each planned table's key range read on the source, the source as
 * the front reaches it, the throttle. The Migration tab and `dbw shard migrate` both build them here.
 */
export async function migrationParams(
  source: { host: string; port: number; user: string; password: string },
  sourceDatabase: string,
  reader: SqlReader,
  opts: Omit<z.input<typeof shardMigrationRequestInput>, 'sourceId' | 'sourceDatabase'>,
): Promise<ShardMigrateParams> {
  const tables: ShardMigrateParams['tables'] = [];
  for (const t of opts.plan.tables) {
    if (!t.auto) throw new AppError('BAD_INPUT', `${t.table} has no single-column primary key to copy by`);
    const [r] = await reader.query<{ lo: number | null; hi: number | null }>(
      `SELECT MIN(${quoteIdent(t.auto)}) AS lo, MAX(${quoteIdent(t.auto)}) AS hi FROM ${quoteQualified(sourceDatabase, t.table)}`,
    );
    tables.push({
      table: t.table,
      pk: t.auto,
      min: Number(r?.lo ?? 0),
      max: Number(r?.hi ?? 0),
      addedKey: t.role === 'needs-key' ? t.keyColumn : null,
      path: t.path,
    });
  }
  return shardMigrateParams.parse({
    source: { host: source.host, port: source.port, user: source.user, password: source.password, database: sourceDatabase },
    targetDatabase: opts.targetDatabase,
    tables,
    chunkRows: opts.chunkRows,
    sleepMs: opts.sleepMs,
    replicas: opts.replicas,
    maxLagSeconds: opts.maxLagSeconds,
    maxWaitMs: opts.maxWaitMs,
  });
}

/** Handlers for the shard planning calls. */
export function shardsHandlers(deps: Pick<ServiceDeps, 'connections'>): Handlers<typeof shardsContract> {
  return {
    'shards.plan': async (input: Input) => {
      const base = { workload: input.workload, shards: input.shards, key: input.key, backends: input.backends, targetDatabase: input.targetDatabase };
      if (input.schema.kind === 'ddl') {
        const { plan, exports } = await shardPlanFrom({ ...base, schema: { kind: 'ddl', text: input.schema.text } });
        return { plan, exports };
      }
      const { database } = input.schema;
      const cfg = deps.connections.config(input.schema.connectionId);
      return withMysqlSession({ ...cfg, database }, async (s) => {
        const { plan, exports } = await shardPlanFrom({
          ...base,
          schema: { kind: 'live', reader: s, database, flavor: s.flavor.product === 'mariadb' ? 'mariadb' : 'mysql' },
        });
        return { plan, exports };
      });
    },
    'shards.migrationRequest': async (input) => {
      const cfg = deps.connections.config(input.sourceId);
      if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', `${cfg.name} is a ${cfg.kind} connection; the migration copies from MySQL or MariaDB`);
      const { sourceId: _id, sourceDatabase, ...opts } = input;
      const params = await withMysqlSession({ ...cfg, database: sourceDatabase }, (s) => migrationParams(cfg, sourceDatabase, s, opts));
      return { planner: 'shard-migrate' as const, params };
    },
  };
}
