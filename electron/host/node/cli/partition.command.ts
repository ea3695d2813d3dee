/**
 * `dbw partition`: preflight partitioning DDL offline or against a live server, and rotate a
 * table's partitions (dry run by default; `--apply` runs the plan through the app's executor and
 * audit log). It calls the same service and planner functions as the Partitions panel.
 */
import { readFileSync } from 'node:fs';
import type { CheckResult } from '../../../../shared/contract/partitions';
import { partitionFlavorTarget, rotateParams } from '../../../../shared/contract/partitions';
import { partitionRotatePlanner } from '../../../actions/planners/partition-rotate.planner';
import { withMysqlSession } from '../../../connections/mysql-session';
import type { DesignResult } from '../../../../shared/contract/partitions';
import { digestText } from '../../../engines/slowlog/digest';
import {
  checkPartitionDdl,
  designTable,
  inspectPartitions,
  pruneOnScratch,
  workloadStatements,
  type ScratchPlanRunner,
} from '../../../services/partitions/partitions.service';
import { partitionScratchPlanner } from '../../../actions/planners/partition-scratch.planner';
import type { PruneReport } from '../../../../shared/contract/partitions';
import { confirm, subcommands, type CliCommand, type CliIO } from './command';
import { runPlanWithExecutor } from './executor-runner';
import { dbTable, parseFlags, UsageError, parseConnectionUrl } from './flags';
import { issuesText } from '../../../../shared/zod-issues';

const usage = `Usage:
  dbw partition check --ddl FILE [--schema FILE | --connection URL] [--flavor mariadb-10.11|mysql-8.4|mysql-9.7] [--json]
  dbw partition design --connection URL --table T [--workload FILE | --slowlog FILE] [--premake 3] [--json]
  dbw partition prune --connection URL --table T --workload FILE [--ddl FILE] [--sample 5000] [--yes] [--json]
  dbw partition rotate --connection URL --table T --retention 12m --premake 3 [--archive drop|exchange] [--as-of YYYY-MM-DD] [--apply [--yes]] [--json]

check    For each statement of FILE (CREATE/ALTER TABLE … PARTITION BY, ADD/DROP/REORGANIZE/EXCHANGE/
         TRUNCATE PARTITION, REMOVE PARTITIONING, routines that rotate partitions): the error the server
         would give (errno), why, a doc link, and a fix that runs. --schema reads the tables from a DDL
         file; --connection reads their real definitions (SHOW CREATE TABLE, read-only).
design   Whether T is worth partitioning (size, growth, date ranges and purges in the workload), on
         which column and interval, the key rewrite it needs and what that costs, rows and bytes per
         partition from the real data. Read-only.
prune    Which partitions each workload statement on T would read under a design (--ddl, or the one
         design proposes): builds a scratch database dbw_scratch_<random> with T's structure, the design
         and --sample random rows (an audited plan; asks first unless --yes), EXPLAINs each statement
         there, then drops it. T is only read. Flags statements that read every partition.
rotate   Keep --premake empty future partitions, drop (or --archive exchange) those past --retention
         (12m, 8w, 90d), catch up after missed runs. Prints the exact ALTERs and changes nothing unless
         --apply; --yes skips the question.

Exit codes: 0 done (check: no statement would fail; prune: every statement prunes), 1 a statement would fail, reads every partition or apply stopped, 2 bad usage or connection failure.`;

/** `dbw partition`. */
export const partitionCommand: CliCommand = subcommands('partition', usage, { check, rotate, design, prune });

async function check(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, { ddl: 'string', schema: 'string', connection: 'string', flavor: 'string', json: 'boolean', 'as-of': 'string' });
  if (!f.ddl) throw new UsageError('check needs --ddl FILE');
  if (f.schema && f.connection) throw new UsageError('Use --schema or --connection, not both');
  const flavor = partitionFlavorTarget.safeParse(f.flavor ?? 'mariadb-10.11');
  if (!flavor.success) throw new UsageError(`--flavor takes ${partitionFlavorTarget.options.join(', ')}`);
  const ddl = readFileSync(f.ddl, 'utf8');
  const base = { ddl, flavor: flavor.data, asOf: f['as-of'] };
  let result: CheckResult;
  if (f.connection) {
    const cfg = parseConnectionUrl(f.connection);
    if (!cfg.database) throw new UsageError('--connection needs a database in the URL path (mysql://host/db)');
    result = await withMysqlSession(cfg, (s) => checkPartitionDdl(base, { reader: s, flavor: s.flavor, database: cfg.database }));
  } else result = await checkPartitionDdl({ ...base, schemaSql: f.schema ? readFileSync(f.schema, 'utf8') : undefined }, null);
  if (f.json) {
    const statements = result.statements.map((s) => ({
      sql: s.sql,
      table: s.table,
      predictedErrno: s.predictedErrno,
      findings: s.findings,
      fix: s.fix,
      fixNotes: s.fixNotes,
    }));
    io.stdout.write(`${JSON.stringify({ flavor: result.flavor, source: result.source, statements, notes: result.notes }, null, 2)}\n`);
  } else io.stdout.write(formatCheck(result));
  return result.statements.some((s) => s.predictedErrno !== null) ? 1 : 0;
}

/** The human report of a check. */
export function formatCheck(r: CheckResult): string {
  const out: string[] = [
    `Partition preflight (${r.flavor}, ${r.source === 'live' ? 'live definitions' : r.source === 'schema' ? 'schema file' : 'no schema'})`,
  ];
  for (const s of r.statements) {
    out.push('', `#${s.index + 1} ${s.table ?? s.kind}: ${s.predictedErrno ? `FAILS with ERROR ${s.predictedErrno}` : 'runs'}`);
    out.push(`   ${s.sql.split('\n')[0]!.slice(0, 110)}${s.sql.includes('\n') ? ' …' : ''}`);
    for (const x of s.findings) out.push(`   [${x.severity}${x.errno ? ` ${x.errno}` : ''}] ${x.message}`, `      ${x.docUrl}`);
    if (s.fix) out.push('   fix:', ...s.fix.split('\n').map((l) => `     ${l}`), ...s.fixNotes.map((n) => `   - ${n}`));
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}

async function rotate(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    connection: 'string',
    table: 'string',
    retention: 'string',
    premake: 'string',
    archive: 'string',
    'as-of': 'string',
    apply: 'boolean',
    yes: 'boolean',
    json: 'boolean',
  });
  if (!f.connection || !f.table) throw new UsageError('rotate needs --connection URL and --table T');
  const { cfg, schema, table } = tableTarget(f.connection, f.table);
  const parsed = rotateParams.safeParse({
    schema,
    table,
    retention: f.retention ?? '12m',
    premake: Number(f.premake ?? 3),
    archive: f.archive ?? 'drop',
    asOf: f['as-of'],
  });
  if (!parsed.success) throw new UsageError(issuesText(parsed.error));
  const params = parsed.data;
  const { plan, timeline } = await withMysqlSession(cfg, async (s) => ({
    plan: (await partitionRotatePlanner.derive(params, s, s.flavor)).plan,
    timeline: await inspectPartitions(s, schema, table, params.retention, params.asOf),
  }));
  if (f.json) io.stdout.write(`${JSON.stringify({ plan, partitions: timeline.partitions, alerts: timeline.alerts }, null, 2)}\n`);
  else {
    const out = [`${plan.title} (plan ${plan.hash.slice(0, 12)}${f.apply ? '' : ', dry run: nothing changed'})`];
    for (const p of timeline.partitions)
      out.push(`  ${p.name.padEnd(14)} ${(p.from ?? '').padEnd(10)} → ${(p.to ?? 'MAXVALUE').padEnd(10)} ${String(p.rows).padStart(10)} rows  ${p.status}`);
    for (const s of plan.steps) out.push(`${s.sql};`, `   -- ${s.risk} risk; ${s.estimate}; rollback: ${s.rollback ?? 'none'}`);
    for (const n of plan.notes) out.push(`note: ${n}`);
    io.stdout.write(`${out.join('\n')}\n`);
  }
  if (!f.apply || plan.steps.length === 0) return 0;
  if (!f.yes && !(await confirm(io, `Type "yes" to run these ${plan.steps.length} steps on ${cfg.host}:${cfg.port}/${schema}: `))) {
    io.stderr.write('Not applied.\n');
    return 1;
  }
  const failed = await runPlanWithExecutor(cfg, plan, (i) => io.stdout.write(`[${i + 1}/${plan.steps.length}] ${plan.steps[i]!.sql}\n`));
  if (failed) {
    io.stderr.write(`Stopped at step ${failed.index + 1} of ${plan.steps.length}: ${failed.error}\n`);
    return 1;
  }
  io.stdout.write(`Applied ${plan.steps.length} steps.\n`);
  return 0;
}

/** The connection and `db.table` (or a table in the URL's database) every table subcommand names. */
function tableTarget(connection: string, tableArg: string): { cfg: ReturnType<typeof parseConnectionUrl>; schema: string; table: string } {
  const cfg = parseConnectionUrl(connection);
  const [schema, table] = dbTable(tableArg, cfg.database, 'table');
  return { cfg, schema, table };
}

async function design(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    connection: 'string',
    table: 'string',
    workload: 'string',
    slowlog: 'string',
    premake: 'string',
    json: 'boolean',
  });
  if (!f.connection || !f.table) throw new UsageError('design needs --connection URL and --table T');
  if (f.workload && f.slowlog) throw new UsageError('Use --workload or --slowlog, not both');
  const { cfg, schema, table } = tableTarget(f.connection, f.table);
  const workload = f.workload
    ? workloadStatements(readFileSync(f.workload, 'utf8'))
    : f.slowlog
      ? digestText(readFileSync(f.slowlog)).classes.map((c) => ({ name: c.fingerprint.slice(0, 60), sql: c.sample.text, count: c.count }))
      : [];
  const premake = Number(f.premake ?? 3);
  if (!Number.isInteger(premake) || premake < 0 || premake > 366) throw new UsageError('--premake is a whole number from 0 to 366');
  const d = await withMysqlSession(cfg, (s) => designTable(s, s.flavor, schema, table, workload, premake));
  io.stdout.write(f.json ? `${JSON.stringify(d, null, 2)}\n` : formatDesign(`${schema}.${table}`, d));
  return 0;
}

async function prune(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    connection: 'string',
    table: 'string',
    workload: 'string',
    ddl: 'string',
    sample: 'string',
    yes: 'boolean',
    json: 'boolean',
  });
  if (!f.connection || !f.table || !f.workload) throw new UsageError('prune needs --connection URL, --table T and --workload FILE');
  const { cfg, schema, table } = tableTarget(f.connection, f.table);
  const sample = Number(f.sample ?? 5000);
  if (!Number.isInteger(sample) || sample < 1 || sample > 200_000) throw new UsageError('--sample is a whole number from 1 to 200000');
  const workload = workloadStatements(readFileSync(f.workload, 'utf8'));
  const d = await withMysqlSession(cfg, (s) => designTable(s, s.flavor, schema, table, workload, 3));
  const ddl = f.ddl ? readFileSync(f.ddl, 'utf8').trim() : d.ddl;
  if (!ddl) throw new UsageError(`The designer proposes no partitioning for ${schema}.${table}; give the design to check with --ddl FILE`);
  const queries = d.statements.map((q) => ({ name: q.name, sql: q.sql }));
  if (queries.length === 0) throw new UsageError(`No statement of ${f.workload} reads ${table}`);
  if (
    !f.yes &&
    !(await confirm(
      io,
      `This creates a scratch database on ${cfg.host}:${cfg.port} with ${schema}.${table}'s structure, the design and up to ${sample} sampled rows, then drops it. Type "yes" to run it: `,
    ))
  ) {
    io.stderr.write('Not run.\n');
    return 1;
  }
  const run: ScratchPlanRunner = async (request) => {
    const { plan } = await withMysqlSession(cfg, (s) => partitionScratchPlanner.derive(request.params, s, s.flavor));
    const failed = await runPlanWithExecutor(cfg, plan, () => undefined);
    return failed ? failed.error : null;
  };
  const report = await pruneOnScratch(cfg, run, { schema, table, ddl, queries, sampleRows: sample });
  io.stdout.write(f.json ? `${JSON.stringify({ ddl, ...report }, null, 2)}\n` : formatPrune(`${schema}.${table}`, report));
  return report.results.some((r) => r.readsAll) ? 1 : 0;
}

/** The human report of a pruning check: per statement, partitions read of the total, with a bar. */
export function formatPrune(name: string, r: PruneReport): string {
  const out = [
    `${name}: pruning on a scratch copy (${r.sampledRows} sampled rows, ${r.total} partitions; ${r.scratch} ${r.dropped ? 'dropped' : 'NOT dropped: drop it by hand'})`,
  ];
  for (const q of r.results) {
    const n = q.partitions?.length ?? 0;
    const bar = r.total > 0 ? `${'#'.repeat(Math.round((n / r.total) * 20)).padEnd(20, '.')}` : '';
    const what = q.error
      ? `error: ${q.error}`
      : q.partitions === null
        ? 'does not read the table'
        : `${String(n).padStart(3)}/${r.total} ${bar}${q.readsAll ? '  READS EVERY PARTITION' : ''}`;
    out.push(`  ${q.name.padEnd(32)} ${what}`);
  }
  return `${out.join('\n')}\n`;
}

/** The human report of a design. */
export function formatDesign(name: string, d: DesignResult): string {
  const out = [`${name}: ${d.worth ? `worth partitioning by ${d.interval} on ${d.column}` : 'not worth partitioning now'}`];
  for (const r of d.reasons) out.push(`  - ${r}`);
  for (const s of d.statements) out.push(`  ${s.use.padEnd(18)} ${s.name}`);
  if (d.ddl) out.push('', `${d.ddl};`);
  for (const n of d.keyNotes) out.push(`  cost: ${n}`);
  if (d.partitions.length) {
    out.push('', `Rows and bytes per partition (premake ${d.premake}, retention ${d.retention ?? 'from your purge policy'}):`);
    for (const p of d.partitions)
      out.push(`  ${p.name.padEnd(10)} ${p.from ?? ''} → ${p.to ?? ''} ${String(p.rows).padStart(10)} rows ${(p.bytes / 1024 ** 2).toFixed(1).padStart(8)} MB`);
  }
  return `${out.join('\n')}\n`;
}
