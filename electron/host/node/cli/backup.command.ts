/**
 * `dbw backup`: take a backup of a database (mariadb-dump or mydumper) with its manifest, and
 * optionally verify it; `dbw backup verify DIR` restores a backup into a scratch database and
 * compares every table with its manifest. The same service functions as the Backups tab; the
 * scratch database is created and dropped by plans through the app's executor and audit log, and
 * the backup is recorded in the workspace catalog.
 */
import { binlogText, consistencyText, storageText } from '../../../../shared/backup-text';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { backupSpec, type BackupResult, type VerifyReport } from '../../../../shared/contract/backup';
import { backupScratchPlanner } from '../../../actions/planners/backup-scratch.planner';
import { withMysqlSession } from '../../../connections/mysql-session';
import { runBackup, verifyBackup, type BackupProgress, type BackupScratchRunner, type BackupTarget } from '../../../services/backup/backup.service';
import { BackupCatalogRepo } from '../../../store/backup-catalog.repo';
import type { ConnectionConfig } from '../../../store/connections.repo';
import { openWorkspace } from '../../../store/workspace.store';
import { defaultWorkspaceDir } from '../paths';
import { restoreBackup } from './backup-restore';
import type { CliCommand, CliIO } from './command';
import { runPlanWithExecutor } from './executor-runner';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';
import { issuesText } from '../../../../shared/zod-issues';

const usage = `Usage:
  dbw backup --connection URL --database D --out DIR [--tool mysqldump|mydumper|mariadb-backup] [--threads N]
             [--compression zstd|gzip | --no-compress] [--verify] [--keep N] [--keep-days N] [--json]
  dbw backup verify DIR --connection URL [--json]
  dbw backup restore DIR --connection URL --into DB [--apply [--yes]] [--json]
  dbw backup restore DIR --connection URL --datadir PATH [--start [--port N]] [--apply [--yes]] [--json]

Takes a consistent backup of database D into a new folder under DIR: mariadb-dump
(--single-transaction, routines, triggers, events; zstd where it is installed, else gzip, or
--compression) or mydumper (parallel, gzip), and a manifest
with the server, binlog/GTID position, and every table's row count, checksum and definition.
--verify restores it into a scratch database dbw_bk_… (created and dropped through the audited
executor) and compares every table; a backup is "verified" only when all match. --keep N and
--keep-days N remove older backups of D in DIR (both: only those past both).
--tool mariadb-backup (MariaDB on this machine only) copies D's and mysql's data files, prepares
the copy, and reads every table's checksum from it started as a scratch server on 127.0.0.1
(port DBW_RESTORE_PORT, default 3350); --verify starts a fresh copy and compares again. It is not
compressed (the prepared copy must start as it is). MySQL would need Percona XtraBackup or MySQL
Enterprise Backup: refused.
The password is passed to the tools in a 0600 option file, never on their command line.

restore previews the restore of a mariadb-dump backup into database DB (created when it does not
exist): each table created or overwritten, the rows an existing DB would lose, the time of the
backup's last restore. It writes nothing; --apply runs it (asking "yes" unless --yes), audited.
restore --datadir previews the restore of a mariadb-backup backup into a new datadir on this
machine (a folder that does not exist or is empty, outside the backup folder and the server's
datadir, with room for the copy): mariadb-backup --copy-back of its prepared copy, the option file
it starts with, and with --start MariaDB started on it on 127.0.0.1 (--port, or the first free
scratch port), every table compared with the manifest, then shut down. The backup is only read.

Exit codes: 0 done (and verified, with --verify), 1 verification found tables that differ,
2 bad usage, connection or tool failure.`;

function scratchRunner(cfg: ConnectionConfig, workspaceDir: string): BackupScratchRunner {
  return async (request) => {
    const { plan } = await withMysqlSession({ ...cfg, database: '' }, async (s) => backupScratchPlanner.derive(request.params, s, s.flavor));
    const failed = await runPlanWithExecutor(cfg, plan, () => undefined, workspaceDir);
    return failed ? failed.error : null;
  };
}

async function withTarget<T>(cfg: ConnectionConfig, fn: (t: BackupTarget) => Promise<T>): Promise<T> {
  const workspaceDir = defaultWorkspaceDir();
  mkdirSync(workspaceDir, { recursive: true, mode: 0o700 });
  const db = openWorkspace(join(workspaceDir, 'workspace.sqlite'));
  try {
    const connectionId = `url:${cfg.host}:${cfg.port}`;
    return await fn({ cfg, connectionId, runScratch: scratchRunner(cfg, workspaceDir), catalog: new BackupCatalogRepo(db) });
  } finally {
    db.close();
  }
}

/** Progress lines on stderr (stdout stays the result, JSON or text). */
function progressTo(io: CliIO): BackupProgress {
  let lastPhase = '';
  return (e) => {
    if (e.phase !== lastPhase || e.unit === 'steps') io.stderr.write(`${e.phase}: ${e.message ?? ''}${e.total ? ` (${e.done}/${e.total})` : ''}\n`);
    lastPhase = e.phase;
  };
}

function reportText(r: VerifyReport): string[] {
  const out = [
    r.verified
      ? `Verified: every table matches (restored into ${r.scratch}).`
      : `NOT verified: ${r.differing.length} table(s) differ: ${r.differing.join(', ')}`,
  ];
  for (const t of r.tables.filter((x) => x.status !== 'ok')) out.push(`  ${t.table}: ${t.status} — ${t.reasons.join('; ')}`);
  if (r.caveat) out.push(`  ${r.caveat}`);
  out.push(
    `  restore ${(r.restoreMs / 1000).toFixed(1)} s, checksums ${(r.checksumMs / 1000).toFixed(1)} s; scratch ${r.dropped ? 'dropped' : `NOT dropped: drop ${r.scratch} by hand`}`,
  );
  return out;
}

function resultText(r: BackupResult): string {
  const m = r.manifest;
  const rows = m.tables.reduce((s, t) => s + t.rows, 0);
  const out = [
    `Backup of ${m.database} (${m.server.flavor}) with ${m.tool} in ${r.dir}`,
    `  ${m.tables.length} tables, ${rows} rows, ${(m.bytes / 1048576).toFixed(1)} MB (${storageText(m)}) in ${(m.durationMs / 1000).toFixed(1)} s`,
    `  ${binlogText(m.binlog)}${m.binlog.gtid ? `, GTID ${m.binlog.gtid}` : ''}`,
  ];
  const consistency = consistencyText(m.consistency);
  if (consistency) out.push(`  ${consistency}`);
  const p = m.physical;
  if (p)
    out.push(
      `  LSN ${p.lsn.to}..${p.lsn.last}; copy ${(p.backupMs / 1000).toFixed(1)} s, prepare ${(p.prepareMs / 1000).toFixed(1)} s, scratch start + checksums ${(p.restoreMs / 1000).toFixed(1)} s`,
      `  against the source: ${p.sourceCheck.matching.length} table(s) equal${p.sourceCheck.changedSince.length ? `; written since the backup: ${p.sourceCheck.changedSince.join(', ')}` : ''}`,
    );
  if (r.verification) out.push(...reportText(r.verification));
  else out.push('Not verified (add --verify, or run dbw backup verify).');
  for (const d of r.removed) out.push(`Removed by retention: ${d}`);
  return `${out.join('\n')}\n`;
}

async function take(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    connection: 'string',
    database: 'string',
    out: 'string',
    tool: 'string',
    threads: 'string',
    'no-compress': 'boolean',
    compression: 'string',
    verify: 'boolean',
    keep: 'string',
    'keep-days': 'string',
    json: 'boolean',
    help: 'boolean',
  });
  if (f.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!f.connection || !f.out) throw new UsageError('backup needs --connection URL and --out DIR');
  const cfg = parseConnectionUrl(f.connection);
  const database = f.database ?? cfg.database;
  if (!database) throw new UsageError('Name the database: --database D, or a database in the --connection URL');
  if (f['no-compress'] && f.compression) throw new UsageError('--compression and --no-compress contradict each other: give one');
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const parsed = backupSpec.safeParse({
    database,
    outDir: f.out,
    tool: f.tool ?? 'mysqldump',
    compress: !f['no-compress'],
    compression: f.compression,
    threads: num(f.threads) ?? 2,
    verify: f.verify ?? false,
    retention: { keep: num(f.keep), days: num(f['keep-days']) },
  });
  if (!parsed.success) throw new UsageError(issuesText(parsed.error));
  const result = await withTarget(cfg, (t) => runBackup(t, parsed.data, progressTo(io), new AbortController().signal));
  io.stdout.write(f.json ? `${JSON.stringify(result, null, 2)}\n` : resultText(result));
  return result.verification && !result.verified ? 1 : 0;
}

async function verify(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, { connection: 'string', json: 'boolean', help: 'boolean' });
  if (f.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const [dir, extra] = f._;
  if (!dir || extra !== undefined || !f.connection) throw new UsageError('backup verify needs one backup folder and --connection URL');
  const cfg = parseConnectionUrl(f.connection);
  const report = await withTarget(cfg, (t) => verifyBackup(t, dir, progressTo(io), new AbortController().signal));
  io.stdout.write(f.json ? `${JSON.stringify(report, null, 2)}\n` : `${reportText(report).join('\n')}\n`);
  if (!report.verified) io.stderr.write(`Tables that differ: ${report.differing.join(', ')}\n`);
  return report.verified ? 0 : 1;
}

/** `dbw backup`. */
export const backupCommand: CliCommand = {
  name: 'backup',
  usage,
  async run(args, io) {
    try {
      if (args[0] === 'verify') return await verify(args.slice(1), io);
      if (args[0] === 'restore') return await restoreBackup(args.slice(1), io);
      if (args.length === 0) {
        io.stdout.write(`${usage}\n`);
        return 2;
      }
      return await take(args, io);
    } catch (e) {
      io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      if (e instanceof UsageError) io.stderr.write(`\n${usage}\n`);
      return 2;
    }
  },
};
