/**
 * `dbw tune`: collects a server snapshot over an interval and prints the tuner's findings with
 * their evidence and the plan SQL (nothing is applied), or lints a my.cnf for a target release.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { TunerFinding, TunerSnapshot } from '../../../../shared/contract/tuner';
import { collectServerStatus } from '../../../connections/collectors/server-status.collector';
import { MysqlSession } from '../../../connections/mysql-session';
import { lintMyCnf, type LintResult } from '../../../engines/config-lint/config-lint';
import { lintTargets, type LintTarget } from '../../../engines/config-lint/option-catalog';
import { analyzeSnapshot } from '../../../engines/tuner/analyze';
import { planTuning } from '../../../engines/tuner/tuning.plan';
import { fmtBytes, fmtNum, fmtPct, parseSize } from '../../../engines/tuner/units';
import type { CliCommand, CliIO } from './command';
import { parseConnectionUrl, parseFlags, parseInterval, UsageError } from './flags';

const usage = `Usage:
  dbw tune --connection URL [--interval 60s] [--ram 16G] [--cores N] [--json]
  dbw tune --lint-config FILE --flavor mysql-8.4|mysql-9.7|mariadb-10.11 [--ram 16G] [--json]

  --connection URL    mysql://user:pass@host:port/db (mariadb:// too); used read-only
  --interval D        time between the two status samples: 60s (default), 500ms, 2m
  --ram SIZE          host RAM (16G, 8192M); default: this machine's when the host is local
  --cores N           host cores; default: this machine's when the host is local
  --lint-config FILE  lint an option file instead of connecting
  --flavor T          target release for --lint-config
  --json              machine-readable output

Prints findings grouped by area, each with its formula, inputs and computed result, then the
SQL plan that would apply the recommendations (run it from the app, after a preview).
Exit codes: 0 done, 1 lint errors found, 2 bad usage or connection failure.`;

function isLocal(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
}

function fmtValue(v: number | string | null, unit: string): string {
  if (v === null) return 'unknown';
  if (typeof v === 'string') return v;
  if (unit === 'bytes') return `${fmtBytes(v)} (${v})`;
  if (unit === 'ratio') return fmtPct(v);
  if (unit === 'per-second') return `${fmtNum(v)}/s`;
  if (unit === 'seconds') return `${fmtNum(v)} s`;
  return fmtNum(v);
}

/** Human report of findings grouped by area. */
export function formatFindings(findings: readonly TunerFinding[]): string {
  if (findings.length === 0) return 'No findings: every rule measured within its thresholds.\n';
  const out: string[] = [];
  const areas = [...new Set(findings.map((f) => f.area))];
  for (const area of areas) {
    out.push(`== ${area} ==`);
    for (const f of findings.filter((x) => x.area === area)) {
      out.push(`[${f.severity}] ${f.title} (${f.ruleId})`, `  ${f.message}`, `  formula: ${f.formula}`, '  inputs:');
      for (const i of f.inputs) out.push(`    ${i.name} = ${fmtValue(i.value, i.unit)}  [${i.source}${i.detail ? `: ${i.detail}` : ''}]`);
      out.push(`  result: ${f.result.name} = ${fmtValue(f.result.value, f.result.unit)}`);
      out.push(`  recommendation: ${f.recommendation.text}`, `    computed: ${f.recommendation.computation}`);
      for (const c of f.changes) out.push(`  change: ${c.name} ${c.current} → ${c.recommended}${c.dynamic ? '' : ' (restart needed)'}`);
      out.push(`  why: ${f.rationale}`, `  doc: ${f.docUrl}`, '');
    }
  }
  return out.join('\n') + '\n';
}

function formatLint(file: string, r: LintResult): string {
  const out = r.issues.map((i) => `${file}:${i.line}: ${i.severity} [${i.code}] ${i.message}\n    ${i.docUrl}`);
  const m = r.memory;
  out.push(
    '',
    `Worst-case memory for ${r.target}: ${fmtBytes(m.worstCaseBytes)} = global ${fmtBytes(m.globalBytes)} + ${m.maxConnections} connections × ${fmtBytes(m.perThreadBytes)}${m.ramBytes ? ` (${fmtPct(m.worstCaseBytes / m.ramBytes)} of ${fmtBytes(m.ramBytes)} RAM)` : ''}`,
    `${r.issues.filter((i) => i.severity === 'error').length} error(s), ${r.issues.filter((i) => i.severity === 'warning').length} warning(s), ${r.issues.filter((i) => i.severity === 'info').length} note(s).`,
  );
  return out.join('\n') + '\n';
}

function parseRam(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = parseSize(text);
  if (n === null || n <= 0) throw new UsageError(`Bad --ram "${text}" (use 16G or 16384M)`);
  return n;
}

async function lintMode(file: string, flavor: string | undefined, ram: number | null, json: boolean, io: CliIO): Promise<number> {
  if (!flavor || !lintTargets.includes(flavor as LintTarget)) throw new UsageError(`--flavor must be one of ${lintTargets.join(', ')}`);
  const text = readFileSync(file, 'utf8');
  const r = lintMyCnf(text, { target: flavor as LintTarget, ramBytes: ram });
  io.stdout.write(json ? JSON.stringify(r, null, 2) + '\n' : formatLint(file, r));
  return r.issues.some((i) => i.severity === 'error') ? 1 : 0;
}

async function connectedMode(url: string, flags: { interval?: string; ram?: string; cores?: string; json?: boolean }, io: CliIO): Promise<number> {
  const cfg = parseConnectionUrl(url);
  const intervalMs = parseInterval(flags.interval ?? '60s');
  const ram = parseRam(flags.ram);
  const cores = flags.cores ? Number(flags.cores) : null;
  const local = isLocal(cfg.host);
  const host: TunerSnapshot['host'] =
    ram !== null || cores !== null
      ? { ramBytes: ram ?? (local ? os.totalmem() : null), cores: cores ?? (local ? os.cpus().length : null), source: 'user' }
      : local
        ? { ramBytes: os.totalmem(), cores: os.cpus().length, source: 'os' }
        : { ramBytes: null, cores: null, source: 'unknown' };
  if (!flags.json) io.stderr.write(`Sampling ${cfg.host}:${cfg.port} twice, ${intervalMs / 1000} s apart...\n`);
  const session = await MysqlSession.open(cfg);
  let snapshot: TunerSnapshot;
  try {
    snapshot = await collectServerStatus(session, { intervalMs, host });
  } finally {
    await session.close();
  }
  const analysis = analyzeSnapshot(snapshot, { now: new Date() });
  const plan = planTuning(
    analysis.findings,
    analysis.findings.map((f) => f.ruleId),
    analysis.capabilities,
  );
  if (flags.json) {
    io.stdout.write(
      JSON.stringify(
        {
          server: snapshot.server,
          host: snapshot.host,
          intervalSeconds: snapshot.intervalSeconds,
          warnings: snapshot.warnings,
          findings: analysis.findings,
          ruleErrors: analysis.errors,
          plan,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const v = analysis.capabilities.version;
  io.stdout.write(
    `${v.flavor} ${snapshot.server.version} (${snapshot.server.versionComment}), uptime ${fmtNum(snapshot.uptimeSeconds)} s, sampled over ${fmtNum(snapshot.intervalSeconds)} s; host RAM ${fmtBytes(snapshot.host.ramBytes)} (${snapshot.host.source})\n`,
  );
  for (const w of snapshot.warnings) io.stdout.write(`warning: ${w}\n`);
  for (const e of analysis.errors) io.stdout.write(`rule error: ${e.ruleId}: ${e.message}\n`);
  io.stdout.write('\n' + formatFindings(analysis.findings));
  io.stdout.write(`== plan (not applied; hash ${plan.hash.slice(0, 12)}) ==\n`);
  for (const s of plan.steps) io.stdout.write(`${s.sql};${s.needsRestart ? '  -- after restart' : ''}\n    -- rollback: ${s.rollback ?? 'none'}\n`);
  for (const n of plan.notes) io.stdout.write(`-- ${n.replace(/\n/g, '\n-- ')}\n`);
  return 0;
}

/** The tune command. */
export const tuneCommand: CliCommand = {
  name: 'tune',
  usage,
  async run(args, io) {
    try {
      const flags = parseFlags(args, {
        connection: 'string',
        interval: 'string',
        ram: 'string',
        cores: 'string',
        json: 'boolean',
        'lint-config': 'string',
        flavor: 'string',
        help: 'boolean',
      });
      if (flags.help) {
        io.stdout.write(usage + '\n');
        return 0;
      }
      const ram = parseRam(flags.ram);
      if (flags['lint-config']) return await lintMode(flags['lint-config'], flags.flavor, ram, flags.json ?? false, io);
      if (!flags.connection) throw new UsageError('Give --connection URL or --lint-config FILE');
      return await connectedMode(flags.connection, flags, io);
    } catch (e) {
      const err = e as Error;
      io.stderr.write(`dbw tune: ${err.message}\n${e instanceof UsageError ? `\n${usage}\n` : ''}`);
      return 2;
    }
  },
};
