/**
 * `dbw shard`: the shard planner and the migration into a Spider front from the command line,
 * through the same service function and planner as the app (and the audited executor for writes).
 */
import { readFileSync } from 'node:fs';
import { shardPlan, type ShardPlan } from '../../../../shared/contract/shards';
import { shardMigratePlanner } from '../../../actions/planners/shard-migrate.planner';
import { withMysqlSession } from '../../../connections/mysql-session';
import { CHECKPOINT_TABLE } from '../../../engines/shards/migration';
import { migrationParams, shardPlanFrom } from '../../../services/shards/shards.service';
import { confirm, subcommands, type CliCommand, type CliIO } from './command';
import { runPlanWithExecutor } from './executor-runner';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';

const usage = `Usage:
  dbw shard plan (--schema FILE | --connection URL) (--workload FILE | --slowlog FILE) --shards N
                 [--key TABLE.COLUMN] [--backends HOST:PORT,...] [--target DB] [--json] [--export vitess|shardingsphere|spider]
  dbw shard migrate --from URL --to URL --plan FILE [--chunk 5000] [--sleep-ms 0] [--apply [--yes]] [--resume]

plan     Which key to shard on (each candidate's single-shard, multi-shard and scatter share of the
         workload), the tables that follow it (carrying the key or through a named lookup path),
         reference tables, the cross-shard queries with why and a rewrite. With --connection the skew
         (rows per shard under MOD(key, N)) and key statistics are counted on the server (reads only).
         --export prints that engine's configuration, checked first: Vitess VSchema JSON,
         ShardingSphere YAML, or MariaDB Spider SQL (for --backends, into database --target).
migrate  Copies the source database (--from, with the database in the URL) into the Spider tables of
         the front (--to, the database the Spider export created) in primary-key ranges, with a
         checkpoint table and checksums per range; --plan is the JSON of \`dbw shard plan --json\`.
         Without --apply it prints the plan and changes nothing. --resume continues after a kill.

Exit codes: 0 done, 1 an export failed its check, a migration range differs or apply stopped, 2 bad usage or connection failure.`;

async function plan(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    schema: 'string',
    connection: 'string',
    workload: 'string',
    slowlog: 'string',
    shards: 'string',
    key: 'string',
    backends: 'string',
    target: 'string',
    json: 'boolean',
    export: 'string',
  });
  if (!f.schema === !f.connection) throw new UsageError('Give exactly one of --schema FILE or --connection URL');
  if (!f.workload === !f.slowlog) throw new UsageError('Give exactly one of --workload FILE or --slowlog FILE');
  const shards = Number(f.shards);
  if (!Number.isInteger(shards) || shards < 2 || shards > 1024) throw new UsageError('--shards N: a whole number from 2 to 1024');
  if (f.export && !['vitess', 'shardingsphere', 'spider'].includes(f.export)) throw new UsageError('--export vitess|shardingsphere|spider');
  const key = f.key ? { table: f.key.split('.')[0]!, column: f.key.split('.')[1] ?? '' } : undefined;
  if (key && !key.column) throw new UsageError('--key TABLE.COLUMN');
  const backends = f.backends?.split(',').map((b) => {
    const m = /^([^:]+):(\d+)$/.exec(b.trim());
    if (!m) throw new UsageError(`--backends HOST:PORT,...: bad "${b}"`);
    return { host: m[1]!, port: Number(m[2]), user: 'root', password: '' };
  });
  if (backends && backends.length !== shards) throw new UsageError(`--backends names ${backends.length} servers for --shards ${shards}`);
  const workload = f.workload
    ? { kind: 'script' as const, text: readFileSync(f.workload, 'utf8') }
    : { kind: 'slowlog' as const, text: readFileSync(f.slowlog!, 'utf8') };
  const base = { workload, shards, key, backends, targetDatabase: f.target };
  let result: Awaited<ReturnType<typeof shardPlanFrom>>;
  if (f.schema) result = await shardPlanFrom({ ...base, schema: { kind: 'ddl', text: readFileSync(f.schema, 'utf8') } });
  else {
    const cfg = parseConnectionUrl(f.connection!);
    if (!cfg.database) throw new UsageError('--connection needs a database in the URL path (mysql://host/db)');
    result = await withMysqlSession(cfg, (s) =>
      shardPlanFrom({ ...base, schema: { kind: 'live', reader: s, database: cfg.database, flavor: s.flavor.product === 'mariadb' ? 'mariadb' : 'mysql' } }),
    );
  }
  const { plan: p, exports } = result;
  if (f.export) {
    const e = exports.find((x) => x.kind === f.export);
    if (!e) throw new UsageError(`No ${f.export} export for this plan`);
    if (e.issues.length > 0) {
      for (const i of e.issues) io.stderr.write(`${f.export} check: ${i.path}: ${i.message}\n`);
      return 1;
    }
    io.stdout.write(e.text);
    return 0;
  }
  if (f.json) {
    io.stdout.write(`${JSON.stringify({ plan: p, exports }, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`${renderPlan(p)}\n`);
  return 0;
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

/** The plan as text: candidates, tables, cross-shard queries, notes. */
export function renderPlan(p: ShardPlan): string {
  const out = [
    `Shard key: ${p.root}.${p.key} (${p.keyName} in the other tables), ${p.shards} shards, ${p.func.name}`,
    '',
    'Candidates (reads single/multi/scatter/unsharded, writes single, reach, score):',
  ];
  for (const c of p.candidates)
    out.push(
      `  ${`${c.table}.${c.column}`.padEnd(24)} ${[c.reads.single, c.reads.multi, c.reads.scatter, c.reads.unsharded].map(pct).join('/').padEnd(18)} ${pct(c.writes.single).padEnd(5)} ${pct(c.reach).padEnd(5)} ${c.score.toFixed(3)}${c.stats ? `  rows ${c.stats.rows}, distinct ${c.stats.cardinality}, top value ${pct(c.stats.mostCommonFrequency)}${c.stats.monotonic ? ', AUTO_INCREMENT' : ''}` : ''}`,
    );
  out.push('', 'Tables:');
  for (const t of p.tables)
    out.push(
      `  ${t.table.padEnd(20)} ${t.role.padEnd(12)} ${(t.keyColumn ?? '').padEnd(10)} ${t.skew ? `rows/shard ${t.skew.perShard.join(' ')} (max/mean ${t.skew.maxOverMean.toFixed(2)})` : ''}`,
      `  ${''.padEnd(20)} ${t.why}${t.lookups.length ? `; lookups: ${t.lookups.join(', ')}` : ''}`,
    );
  out.push('', `Cross-shard queries (${p.crossShard.length}):`);
  for (const q of p.crossShard)
    out.push(`  ${q.name} [${q.kind}, ${q.routing}, weight ${q.weight}]: ${q.reason}`, ...(q.rewrite ? [`      rewrite: ${q.rewrite}`] : []));
  out.push('', ...p.notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

async function migrate(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    from: 'string',
    to: 'string',
    plan: 'string',
    chunk: 'string',
    'sleep-ms': 'string',
    apply: 'boolean',
    yes: 'boolean',
    resume: 'boolean',
  });
  if (!f.from || !f.to || !f.plan) throw new UsageError('migrate needs --from URL, --to URL and --plan FILE');
  const from = parseConnectionUrl(f.from);
  const to = parseConnectionUrl(f.to);
  if (!from.database || !to.database) throw new UsageError('--from and --to need a database in the URL path');
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(f.plan, 'utf8'));
  } catch (e) {
    throw new UsageError(`--plan ${f.plan}: not JSON (${(e as Error).message})`);
  }
  const parsedPlan = shardPlan.safeParse((doc as { plan?: unknown })?.plan ?? doc);
  if (!parsedPlan.success) throw new UsageError(`--plan ${f.plan}: not the JSON of dbw shard plan --json`);
  const sp = parsedPlan.data;
  const params = await withMysqlSession(from, (s) =>
    migrationParams(from, from.database, s, {
      targetDatabase: to.database,
      plan: sp,
      chunkRows: Number(f.chunk ?? 5000),
      sleepMs: Number(f['sleep-ms'] ?? 0),
    }),
  );
  const { plan: mp, started } = await withMysqlSession(to, async (s) => {
    const [c] = await s.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
      to.database,
      CHECKPOINT_TABLE,
    ]);
    return { plan: (await shardMigratePlanner.derive(params, s, s.flavor)).plan, started: Number(c?.n ?? 0) > 0 };
  });
  if (started && !f.resume) throw new UsageError(`${to.database}.${CHECKPOINT_TABLE} exists: a migration ran here already; pass --resume to continue it`);
  const copies = mp.steps.filter((s) => s.id.startsWith('copy:'));
  io.stdout.write(`${mp.title} (plan ${mp.hash.slice(0, 12)}${f.apply ? '' : ', dry run: nothing changed'})\n`);
  for (const s of mp.steps.filter((x) => !x.id.startsWith('clear:') && !x.id.startsWith('checkpoint:') && !x.id.startsWith('throttle:')).slice(0, 20))
    io.stdout.write(`${s.sql};\n`);
  if (copies.length > 20) io.stdout.write(`… ${copies.length} ranges, each: DELETE the range, INSERT … SELECT it, record its checkpoint\n`);
  for (const n of mp.notes) io.stdout.write(`note: ${n}\n`);
  if (!f.apply) return 0;
  if (!f.yes && !(await confirm(io, `Type "yes" to run these ${mp.steps.length} steps on ${to.host}:${to.port}/${to.database}: `))) {
    io.stderr.write('Not applied.\n');
    return 1;
  }
  const failed = await runPlanWithExecutor(to, mp, (i) => {
    if (mp.steps[i]!.id.startsWith('copy:')) io.stdout.write(`[${i + 1}/${mp.steps.length}] ${mp.steps[i]!.id.slice(5)}\n`);
  });
  if (failed) {
    io.stderr.write(`Stopped at step ${failed.index + 1} of ${mp.steps.length}: ${failed.error}\nRun again with --resume to continue from the checkpoints.\n`);
    return 1;
  }
  const m = await withMysqlSession(to, (s) => shardMigratePlanner.measure(params, s, s.flavor));
  const v = (k: string) => m.metrics.find((x) => x.key === k)?.value;
  let differ = 0;
  for (const t of params.tables) {
    const same = v(`rows:${t.table}`) === v(`source-rows:${t.table}`) && v(`crc:${t.table}`) === v(`source-crc:${t.table}`);
    if (!same) differ++;
    io.stdout.write(
      `${t.table.padEnd(20)} source ${String(v(`source-rows:${t.table}`)).padStart(9)} rows  shards ${String(v(`rows:${t.table}`)).padStart(9)} rows  ${same ? 'checksums match' : 'DIFFERENT'}\n`,
    );
  }
  return differ === 0 ? 0 : 1;
}

/** `dbw shard`. */
export const shardCommand: CliCommand = subcommands('shard', usage, { plan, migrate });
