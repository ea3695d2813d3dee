/**
 * `dbw health`: a database's table health (free space, statistics age, estimate error), its unused
 * indexes with their evidence and hide / drop stage, and CHECK TABLE over its tables — the same
 * service functions as the app's Health tab. CHECK runs through the app's executor and audit log.
 */
import {
  DEFAULT_HIDE_WAIT_DAYS,
  utcText,
  windowText,
  type CheckTableResult,
  type TableHealth,
  type UnusedIndexReport,
} from '../../../../shared/contract/health';
import { AuditRepo } from '../../../store/audit.repo';
import { runCheckTables, tableHealth, unusedIndexReview } from '../../../services/health/health.service';
import type { CliCommand, CliIO } from './command';
import { urlTarget, withWorkspaceExecutor } from './executor-runner';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';
import { openWorkspace } from '../../../store/workspace.store';
import { defaultWorkspaceDir } from '../paths';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

const usage = `Usage:
  dbw health --connection URL --database D [--unused [--wait-days ${DEFAULT_HIDE_WAIT_DAYS}]] [--check [--mode quick|medium|extended]] [--json]

Without --unused or --check: each table's row estimate against its counted rows, free space left
by deletes and statistics age, with the ANALYZE / OPTIMIZE it needs. Reads only.
--unused: secondary indexes no query read while the server's counters ran (performance_schema, or
MariaDB's user statistics), how long that evidence covers, and each one's stage: kept (PRIMARY,
UNIQUE, needed by a foreign key), used, unused, hidden and waiting (with the date its drop is
allowed), hidden past the wait. Hiding and dropping are plans in the app's Health tab.
--check: CHECK TABLE on every table, through the app's executor and audit log (on MyISAM/Aria it
records the check time in the table header); a corrupt table is named.
--json prints {"tables"}, {"unused"} and/or {"check"}.

Exit codes: 0 done, 1 a table is corrupt, 2 bad usage or connection failure.`;

/** `dbw health`. */
export const healthCommand: CliCommand = {
  name: 'health',
  usage,
  async run(args, io) {
    try {
      return await health(args, io);
    } catch (e) {
      io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      if (e instanceof UsageError) io.stderr.write(`\n${usage}\n`);
      return 2;
    }
  },
};

async function health(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    connection: 'string',
    database: 'string',
    unused: 'boolean',
    'wait-days': 'string',
    check: 'boolean',
    mode: 'string',
    json: 'boolean',
    help: 'boolean',
  });
  if (f.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!f.connection) throw new UsageError('health needs --connection URL');
  const cfg = urlTarget(parseConnectionUrl(f.connection));
  const schema = f.database ?? cfg.database;
  if (!schema) throw new UsageError('Name the database: --database D, or one in the --connection URL');
  const waitDays = f['wait-days'] === undefined ? DEFAULT_HIDE_WAIT_DAYS : Number(f['wait-days']);
  if (!Number.isInteger(waitDays) || waitDays < 1 || waitDays > 365) throw new UsageError('--wait-days takes a whole number of days from 1 to 365');
  const mode = f.mode ?? 'medium';
  if (mode !== 'quick' && mode !== 'medium' && mode !== 'extended') throw new UsageError('--mode is quick, medium or extended');
  const out: { tables?: TableHealth[]; unused?: UnusedIndexReport; check?: CheckTableResult[] } = {};
  if (!f.unused && !f.check) out.tables = await tableHealth(cfg, schema, 1_000_000, new Date());
  if (f.unused) out.unused = await withAudit((audit) => unusedIndexReview(cfg, schema, waitDays, { connectionId: cfg.id, now: new Date(), audit }));
  if (f.check) {
    const progress = (done: number, total: number) => {
      if (!f.json && done < total) io.stderr.write(`checking ${done + 1}/${total}\r`);
    };
    const run = await withWorkspaceExecutor((executor) => runCheckTables(executor, cfg, { schema, tables: [], mode }, new AbortController().signal, progress));
    out.check = run.results;
  }
  if (f.json) io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  else io.stdout.write(format(out));
  return out.check?.some((r) => r.verdict === 'corrupt' || r.verdict === 'not-run') ? 1 : 0;
}

/** Reads the workspace's audit log (when the app or the CLI hid an index), closing it after. */
async function withAudit<T>(fn: (audit: AuditRepo) => Promise<T>): Promise<T> {
  const dir = defaultWorkspaceDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = openWorkspace(join(dir, 'workspace.sqlite'));
  try {
    return await fn(new AuditRepo(db));
  } finally {
    db.close();
  }
}

function format(out: { tables?: TableHealth[]; unused?: UnusedIndexReport; check?: CheckTableResult[] }): string {
  const lines: string[] = [];
  for (const t of out.tables ?? []) {
    lines.push(
      `${t.table}: ~${t.estimatedRows ?? '?'} rows (counted ${t.countedRows ?? 'not counted'})${t.advice.length ? ` → ${t.advice.join(', ').toUpperCase()}` : ''}`,
    );
    for (const r of t.reasons) lines.push(`  ${r}`);
  }
  if (out.unused) {
    const u = out.unused;
    lines.push(
      u.source === 'unavailable'
        ? `Index usage: ${u.note}`
        : `Index usage from ${u.source}, covering ${windowText(u.countersAgeSec)} (since ${utcText(u.evidenceSince)}).`,
    );
    for (const i of u.indexes) lines.push(`${i.stage.padEnd(18)} ${i.table}.${i.index} (${i.columns.join(', ')}): ${i.reason}`);
  }
  for (const c of out.check ?? []) lines.push(`${c.verdict.padEnd(8)} ${c.table}: ${c.messages.map((m) => `${m.type} ${m.text}`).join('; ')}`);
  return `${lines.join('\n')}\n`;
}
