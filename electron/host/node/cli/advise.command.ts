/**
 * `dbw advise`: index advice from a workload and a schema. Offline (`--schema` DDL file) it
 * reasons from the DDL and the queries alone; connected it adds table statistics, index sizes
 * and usage counters. `--apply` prints the plan, asks for "yes" (or `--yes`), then runs the
 * steps in order and stops at the first error, naming the step.
 */
import { readFileSync } from 'node:fs';
import type { AdvisorReport, SchemaSnapshot, WorkloadQuery } from '../../../../shared/contract/advisor';
import type { Plan } from '../../../../shared/contract/plan';
import { fmtBytes } from '../../../../shared/format-bytes';
import {
  collectDigestWorkload,
  collectIndexUsage,
  collectSchema,
  collectCapabilities,
  collectWriteCounters,
} from '../../../connections/collectors/schema.collector';
import { MysqlSession } from '../../../connections/mysql-session';
import { advise } from '../../../engines/advisor/advise';
import { columnsByTable, distinctStatements } from '../../../engines/advisor/analyze-workload';
import { schemaFromDdl } from '../../../engines/advisor/schema-ddl';
import { workloadFromScript } from '../../../engines/advisor/workload';
import { explainWriteScopes, weightPeriodSec, workloadFromSlowLog, writeOptions } from '../../../services/advisor/advisor-advise';
import { sampleForRecommendations } from '../../../services/advisor/prefix-sample';
import { shapeInWorkers } from '../../../services/advisor/shape-runner';
import type { ConnectionConfig } from '../../../store/connections.repo';
import { confirm, type CliCommand, type CliIO } from './command';
import { runPlanWithExecutor } from './executor-runner';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';

const usage = `Usage:
  dbw advise [--connection URL] [--schema FILE] [--workload FILE | --slowlog FILE | --digest-source performance_schema]
             [--drop-duplicates] [--json] [--apply [--yes]]

  --connection URL     mysql://user:pass@host:port/db: live statistics, index sizes and usage (read-only unless --apply)
  --schema FILE        CREATE TABLE / CREATE INDEX / ALTER TABLE statements (offline advice)
  --workload FILE      queries, each optionally preceded by "-- name | qps | slo" (e.g. "-- login | 100 | 100ms")
  --slowlog FILE       a slow query log: each query class weighs its count and total time
  --digest-source performance_schema   the connected schema's statement digests
  --drop-duplicates    also plan removing pt-duplicate-key-checker-style duplicates (hidden first)
  --json               the full report as JSON
  --apply              run the plan on --connection after confirmation; --yes skips the question

Exit codes: 0 done, 1 apply stopped at a failing step or was declined, 2 bad usage or connection failure.`;

/** Runs plan steps in order; resolves to the index of the failing step and its error, or null. */
export type StepRunner = (cfg: ConnectionConfig, plan: Plan, onStep: (i: number) => void) => Promise<{ index: number; error: string } | null>;

/** Default runner: the app's executor, so every step is audited in the workspace like the app's Apply. */
const runStepsWithExecutor: StepRunner = (cfg, plan, onStep) => runPlanWithExecutor(cfg, plan, onStep);

/** Builds the command; the step runner is injectable so the app can route --apply through its executor. */
export function createAdviseCommand(runSteps: StepRunner = runStepsWithExecutor): CliCommand {
  return {
    name: 'advise',
    usage,
    async run(args, io) {
      try {
        return await main(args, io, runSteps);
      } catch (e) {
        io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        if (e instanceof UsageError) io.stderr.write(`\n${usage}\n`);
        return 2;
      }
    },
  };
}

/** `dbw advise`. */
export const adviseCommand = createAdviseCommand();

async function main(args: readonly string[], io: CliIO, runSteps: StepRunner): Promise<number> {
  const f = parseFlags(args, {
    connection: 'string',
    schema: 'string',
    workload: 'string',
    slowlog: 'string',
    'digest-source': 'string',
    'drop-duplicates': 'boolean',
    json: 'boolean',
    apply: 'boolean',
    yes: 'boolean',
    help: 'boolean',
  });
  if (f.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!f.connection && !f.schema) throw new UsageError('Give --schema FILE (offline) or --connection URL');
  if ([f.workload, f.slowlog, f['digest-source']].filter(Boolean).length > 1) throw new UsageError('Use one of --workload, --slowlog, --digest-source');
  if (f['digest-source'] && f['digest-source'] !== 'performance_schema') throw new UsageError('--digest-source takes performance_schema');
  if (f['digest-source'] && !f.connection) throw new UsageError('--digest-source needs --connection');
  if (f.apply && !f.connection) throw new UsageError('--apply needs --connection');
  let workload: WorkloadQuery[] = [];
  let spanSec: number | null = null;
  const notes: string[] = [];
  if (f.workload) workload = workloadFromScript(readFileSync(f.workload, 'utf8'));
  if (f.slowlog) {
    const s = workloadFromSlowLog(readFileSync(f.slowlog, 'utf8'));
    workload = s.workload;
    spanSec = s.periodSec;
    notes.push(...s.notes);
  }
  let report: AdvisorReport;
  let schema: SchemaSnapshot;
  let cfg: ConnectionConfig | null = null;
  if (f.connection) {
    cfg = parseConnectionUrl(f.connection);
    if (!cfg.database) throw new UsageError('--connection needs a database in the URL path (mysql://host/db)');
    const session = await MysqlSession.open(cfg);
    try {
      const caps = await collectCapabilities(session);
      schema = await collectSchema(session, cfg.database);
      if (f['digest-source']) workload = await collectDigestWorkload(session, cfg.database, caps);
      const usage = await collectIndexUsage(session, cfg.database, caps);
      const counters = await collectWriteCounters(session, cfg.database, caps);
      const options = writeOptions(
        counters,
        schema,
        weightPeriodSec(f['digest-source'] ? 'performance_schema' : f.slowlog ? 'slowlog' : 'text', spanSec, counters),
        notes,
      );
      const shapes = await shapeInWorkers(distinctStatements(workload), columnsByTable(schema), caps.flavor);
      const writeScopes = await explainWriteScopes(session, cfg.database, workload);
      const base = {
        schema,
        workload,
        capabilities: caps,
        usage,
        shapes,
        options,
        writeScopes,
        drop: f['drop-duplicates'] ? ('duplicates' as const) : ('none' as const),
      };
      report = advise(base);
      // Prefix lengths (col(N)) chosen by type are refined from the data's sampled selectivity, sizes from its widths.
      if (report.recommendations.length > 0) {
        const samples = await sampleForRecommendations(session, cfg.database, schema, report.recommendations);
        report = advise({ ...base, prefixSamples: samples.prefixSamples, columnWidths: samples.columnWidths });
        notes.push(...samples.notes);
      }
    } finally {
      await session.close();
    }
  } else {
    schema = schemaFromDdl(readFileSync(f.schema!, 'utf8'));
    const shapes = await shapeInWorkers(distinctStatements(workload), columnsByTable(schema), schema.flavor ?? 'mysql');
    report = advise({ schema, workload, shapes, drop: f['drop-duplicates'] ? 'duplicates' : 'none' });
  }
  report = { ...report, notes: [...notes, ...report.notes] };
  io.stdout.write(
    f.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatReport(report, { applying: f.apply && cfg ? (f.yes ? 'applied below' : 'applied below once confirmed') : undefined, schema }),
  );
  if (!f.apply || !cfg) return 0;
  if (report.plan.steps.length === 0) {
    io.stdout.write('Nothing to apply.\n');
    return 0;
  }
  if (!f.yes && !(await confirm(io, `Type "yes" to run these ${report.plan.steps.length} steps on ${cfg.host}:${cfg.port}/${cfg.database}: `))) {
    io.stderr.write('Not applied.\n');
    return 1;
  }
  const failed = await runSteps(cfg, report.plan, (i) => io.stdout.write(`[${i + 1}/${report.plan.steps.length}] ${report.plan.steps[i]!.sql}\n`));
  if (failed) {
    const step = report.plan.steps[failed.index]!;
    io.stderr.write(`Stopped at step ${failed.index + 1} of ${report.plan.steps.length} (${step.id}): ${failed.error}\n`);
    io.stderr.write(
      failed.index > 0
        ? `Steps 1-${failed.index} were applied; to undo them, run in reverse order:\n${report.plan.steps
            .slice(0, failed.index)
            .reverse()
            .map((s) => `  ${s.rollback ?? '(no rollback)'};`)
            .join('\n')}\n`
        : 'No step was applied.\n',
    );
    return 1;
  }
  io.stdout.write(`Applied ${report.plan.steps.length} steps.\n`);
  return 0;
}

/** Human report: recommendations, index sizes, findings, plan; `applying` says how --apply runs the plan right after it. */
export function formatReport(r: AdvisorReport, opts: { applying?: string; schema?: SchemaSnapshot } = {}): string {
  const out: string[] = [];
  const parsed = r.queries.filter((q) => q.parsed).length;
  out.push(`Workload: ${r.queries.length} statements, ${parsed} parsed${r.unparsed.length ? `, ${r.unparsed.length} not parsed` : ''}.`);
  for (const u of r.unparsed) out.push(`  not parsed #${u.index + 1}: ${u.error}: ${u.sql.slice(0, 100)}`);
  out.push('', `== Recommended indexes (${r.recommendations.length}) ==`);
  for (const [i, x] of r.recommendations.entries()) {
    out.push(
      `${i + 1}. ${x.table} (${x.columns.map((c) => c.name + (c.subPart !== null ? `(${c.subPart})` : '') + (c.direction === 'DESC' ? ' DESC' : '')).join(', ')})${x.covering ? ' covering' : ''} as ${x.name}`,
    );
    out.push(
      `   serves ${x.queries.join(', ')}; saves ~${x.savedTimeSec} s per weight period; ~${fmtBytes(x.sizeBytes)}; write cost ${x.writeRate === null ? 'unknown' : `${x.writeCostSec} s`}${x.replaces ? `; replaces ${x.replaces}` : ''}`,
    );
    if (x.writeSource) out.push(`   writes: ${x.writeSource}`);
    for (const why of x.reasons) out.push(`   - ${why}`);
  }
  const touched = [...new Set(r.recommendations.map((x) => x.table.toLowerCase()))];
  if (opts.schema?.source === 'live' && touched.length > 0) {
    out.push('', '== Index sizes (existing: measured by innodb_index_stats; new: estimated) ==');
    for (const name of touched) {
      const t = opts.schema.tables.find((x) => x.name.toLowerCase() === name);
      const have = t?.indexes.map((i) => `${i.name} ${fmtBytes(i.sizeBytes)}`).join(', ') ?? 'unknown';
      const added = r.recommendations.filter((x) => x.table.toLowerCase() === name);
      out.push(`${t?.name ?? name}: ${have}; new: ${added.map((x) => `${x.name} ~${fmtBytes(x.sizeBytes)}`).join(', ')}`);
    }
  }
  out.push('', `== Findings (${r.findings.length}) ==`);
  for (const x of r.findings) {
    out.push(`[${x.severity}/${x.confidence}] ${x.kind}: ${x.title}${x.wastedBytes ? ` (${fmtBytes(x.wastedBytes)})` : ''}`);
    if (x.fix) out.push(`   fix: ${x.fix};`);
    if (typeof x.evidence.purge === 'string') out.push(`   in chunks: ${x.evidence.purge}`);
  }
  out.push('', `== Plan ${r.plan.hash.slice(0, 12)} (${r.plan.steps.length} steps, ${opts.applying ?? 'nothing applied'}) ==`);
  for (const s of r.plan.steps) out.push(`${s.sql};`, `   -- ${s.risk} risk; ${s.estimate}; rollback: ${s.rollback ?? 'none'}`);
  for (const n of [...r.plan.notes, ...r.notes]) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}
