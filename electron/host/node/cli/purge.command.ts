/**
 * `dbw purge`: delete the rows of a table that match a condition the way pt-archiver --purge
 * does — ascending primary-key chunks, one committed transaction each, sleeps, lag and load
 * gates, a checkpoint to resume after a kill. A dry run (the default) counts exactly what would be
 * deleted; `--apply` runs it through the app's executor and audit log. Same service as the app.
 */
import { resolve } from 'node:path';
import { purgeSpec, type PurgeDryRun, type PurgeRunResult, type PurgeSpecInput } from '../../../../shared/contract/purge';
import { cowritePresets } from '../../../engines/purge/presets';
import { dryRunPurge, runPurgeJob } from '../../../services/purge/purge.service';
import { confirm, type CliCommand, type CliIO } from './command';
import { urlTarget, withWorkspaceExecutor } from './executor-runner';
import { dbTable, parseFlags, UsageError, parseConnectionUrl } from './flags';
import { issuesText } from '../../../../shared/zod-issues';

const usage = `Usage:
  dbw purge --connection URL --table DB.T (--where SQL | --preset ID) [--chunk 1000] [--sleep MS] [--sleep-coef X]
            [--replica URL]... [--max-lag 10] [--max-load 50] [--critical-load 200] [--archive DB.T]
            [--archive-file PATH [--archive-format tsv|csv|jsonl]] [--resume] [--apply [--yes]] [--json]

Deletes the rows of DB.T matching --where in chunks of --chunk rows walking the primary key, one
committed transaction per chunk (with a checkpoint row in DB._dbw_purge_checkpoint), sleeping --sleep
ms plus --sleep-coef times the chunk's time after each. Between chunks it waits while a --replica lags
more than --max-lag seconds (or reports no lag) or Threads_running exceeds --max-load, and stops when
Threads_running reaches --critical-load. --archive copies each chunk into a table (created LIKE DB.T)
in the same transaction. --archive-file appends each chunk's rows to PATH and fsyncs it before the
chunk's DELETE commits (tsv, the default, is LOAD DATA INFILE's format; csv has a header line; jsonl
one object per row); PATH may hold %D (database), %t (table), %Y %m %d %H %i %s (the start time).
--resume continues after the last committed chunk of the same job (and its archive file, cut back
to the size the checkpoint recorded).
--preset takes the co-writing schema's cleanups: ${cowritePresets('db', new Date())
  .map((p) => p.id)
  .join(', ')}.

Without --apply it is a dry run: it counts exactly what would be deleted and changes nothing.
--apply asks for "yes" unless --yes. --json prints {"rows", "chunks", "applied", …}; "rows" is the
count deleted, or that would be.

Exit codes: 0 done (or dry run), 1 the purge stopped before the end or was not confirmed, 2 bad usage or connection failure.`;

/** `dbw purge`. */
export const purgeCommand: CliCommand = {
  name: 'purge',
  usage,
  async run(args, io) {
    try {
      return await purge(args, io);
    } catch (e) {
      io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      if (e instanceof UsageError) io.stderr.write(`\n${usage}\n`);
      return 2;
    }
  },
};

function num(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} takes a number, not "${value}"`);
  return n;
}

async function purge(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, {
    connection: 'string',
    table: 'string',
    where: 'string',
    preset: 'string',
    chunk: 'string',
    sleep: 'string',
    'sleep-coef': 'string',
    replica: 'list',
    'max-lag': 'string',
    'max-load': 'string',
    'critical-load': 'string',
    archive: 'string',
    'archive-file': 'string',
    'archive-format': 'string',
    resume: 'boolean',
    apply: 'boolean',
    yes: 'boolean',
    json: 'boolean',
    help: 'boolean',
  });
  if (f.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!f.connection || !f.table) throw new UsageError('purge needs --connection URL and --table DB.T');
  if (!f.where === !f.preset) throw new UsageError('Give the condition with --where SQL or --preset ID (one of them)');
  const cfg = urlTarget(parseConnectionUrl(f.connection));
  const [schema, table] = dbTable(f.table, cfg.database, 'table');
  let where = f.where;
  if (f.preset) {
    const preset = cowritePresets(schema, new Date()).find((p) => p.id === f.preset);
    if (!preset) throw new UsageError(`Unknown preset ${f.preset}`);
    if (preset.table !== table) throw new UsageError(`Preset ${preset.id} purges ${preset.table}, not ${table}`);
    where = preset.where;
  }
  const archive = f.archive ? dbTable(f.archive, schema, 'archive') : null;
  if (archive && f['archive-file']) throw new UsageError('Give --archive DB.T or --archive-file PATH, not both');
  if (f['archive-format'] && !f['archive-file']) throw new UsageError('--archive-format goes with --archive-file PATH');
  const format = f['archive-format'] ?? 'tsv';
  if (format !== 'tsv' && format !== 'csv' && format !== 'jsonl') throw new UsageError(`--archive-format takes tsv, csv or jsonl, not "${format}"`);
  const replicas = new Map((f.replica ?? []).map((url, i) => [`replica-${i + 1}`, urlTarget(parseConnectionUrl(url))]));
  const input: PurgeSpecInput = {
    schema,
    table,
    where: where!,
    chunk: num('chunk', f.chunk),
    sleepMs: num('sleep', f.sleep),
    sleepCoef: num('sleep-coef', f['sleep-coef']),
    replicas: [...replicas.keys()],
    maxLagSeconds: num('max-lag', f['max-lag']),
    pauseThreadsRunning: num('max-load', f['max-load']),
    abortThreadsRunning: num('critical-load', f['critical-load']),
    resume: f.resume ?? false,
    archive: archive
      ? { kind: 'table', schema: archive[0], table: archive[1] }
      : f['archive-file']
        ? // A relative path is the shell's: resolved against the current folder.
          { kind: 'file', path: resolve(f['archive-file']), format }
        : { kind: 'none' },
  };
  const parsed = purgeSpec.safeParse(input);
  if (!parsed.success) throw new UsageError(issuesText(parsed.error));
  const spec = parsed.data;
  const dry = await dryRunPurge(cfg, spec);
  if (!f.apply) {
    if (f.json) io.stdout.write(`${JSON.stringify({ applied: false, ...dry }, null, 2)}\n`);
    else io.stdout.write(formatDryRun(schema, table, dry));
    return 0;
  }
  if (!f.json) io.stdout.write(formatDryRun(schema, table, dry));
  if (!f.yes && !(await confirm(io, `Type "yes" to delete ${dry.rows} row(s) of ${schema}.${table} on ${cfg.host}:${cfg.port}: `))) {
    io.stderr.write('Not applied.\n');
    return 1;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  let result: PurgeRunResult;
  try {
    result = await withWorkspaceExecutor((executor) =>
      runPurgeJob(
        executor,
        {
          cfg,
          replica: (ref) => {
            const r = replicas.get(ref);
            if (!r) throw new UsageError(`Unknown replica ${ref}`);
            return r;
          },
        },
        spec,
        {
          planHash: dry.planHash,
          signal: stop.signal,
          progress: (done, total, message) => {
            if (!f.json) io.stderr.write(`[${done}/${total ?? '?'}] ${message}\n`);
          },
        },
      ),
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  if (f.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(`${result.message}\n`);
  return result.end === 'done' ? 0 : 1;
}

/** The human dry-run report. */
export function formatDryRun(schema: string, table: string, d: PurgeDryRun): string {
  const out = [
    `Purge ${schema}.${table} (job ${d.jobId}, plan ${d.planHash.slice(0, 12)})`,
    `  ${d.rows.toLocaleString('en-US')} of ~${d.tableRows.toLocaleString('en-US')} rows match, in ${d.chunks} chunk(s) walking ${d.keyColumn}${d.resumeAfter ? `, after checkpoint ${d.resumeAfter}` : ''}`,
    ...(d.archiveFile ? [`  Deleted rows are archived to ${d.archiveFile}`] : []),
    '  Each chunk:',
    ...d.chunkSql.map((s) => `    ${s.replace(/\n/g, ' ')};`),
    ...d.notes.map((n) => `  note: ${n}`),
  ];
  return `${out.join('\n')}\n`;
}
