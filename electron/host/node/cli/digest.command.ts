/**
 * `dbw digest FILE...`: the slow-log digest from the command line, as a text report in
 * pt-query-digest's layout or as JSON of the DigestReport schema (engines/slowlog/REPORT.md).
 * `-` reads standard input. Files are digested across worker threads when the build has
 * produced dist/workers/digest.worker.mjs, in this thread otherwise.
 */
import { AppError } from '../../../../shared/contract/errors';
import type { DigestReport } from '../../../../shared/contract/slow-log';
import { createDigester, reportFromStates, type DigestState, type DigestTextOptions } from '../../../engines/slowlog/digest';
import { parseTimeText } from '../../../engines/slowlog/event-time';
import { formatTextReport } from '../../../engines/slowlog/text-report';
import { COMMAND_LINE_RUN, digestFileStates } from '../../../services/slow-log/digest-runner';
import type { CliCommand, CliIO } from './command';

const USAGE = `Usage: dbw digest FILE... [options]

Digests MySQL / MariaDB / Percona Server slow logs (plain or .gz; - for standard input).

Options:
  --json               print the report as JSON (schema: electron/engines/slowlog/REPORT.md)
  --since T            keep events at or after T (ISO-8601, "yymmdd hh:mm:ss" or epoch seconds)
  --until T            keep events at or before T
  --order-by ATTR      rank classes by the total of ATTR (default Query_time)
  --limit N            report the top N classes (default 20; 0 = all)
  --filter-db D        keep events whose database is D (repeatable)
  --pt-compatible      pt-query-digest's bucketed percentiles and parsing quirks
  -h, --help           this text`;

interface Parsed {
  files: string[];
  json: boolean;
  options: DigestTextOptions;
}

function parseArgs(args: readonly string[]): Parsed | string {
  const files: string[] = [];
  const options: DigestTextOptions = { limit: 20, filter: {} };
  const filter = options.filter!;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--json') json = true;
      else if (a === '--pt-compatible') options.ptCompatible = true;
      else if (a === '--since' || a === '--until') {
        const raw = value();
        const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : parseTimeText(raw);
        if (ms === undefined) return `${a}: cannot read the time "${raw}"`;
        if (a === '--since') filter.since = ms;
        else filter.until = ms;
      } else if (a === '--order-by') options.orderBy = value();
      else if (a === '--limit') {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) return '--limit needs a whole number';
        options.limit = n === 0 ? undefined : n;
      } else if (a === '--filter-db') filter.db = [...(filter.db ?? []), value()];
      else if (a === '-' || !a.startsWith('-')) files.push(a);
      else return `unknown option ${a}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (files.length === 0) return 'give at least one FILE (or - for standard input)';
  return { files, json, options };
}

async function stdinState(io: CliIO, options: DigestTextOptions): Promise<DigestState> {
  const d = createDigester(options);
  for await (const chunk of io.stdin) d.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return d.end();
}

/** The `digest` subcommand. */
export const digestCommand: CliCommand = {
  name: 'digest',
  usage: USAGE,
  async run(args, io) {
    if (args.includes('-h') || args.includes('--help')) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr.write(`dbw digest: ${parsed}\n${USAGE}\n`);
      return 2;
    }
    const states: DigestState[] = [];
    const files: { name: string; size: number }[] = [];
    for (const f of parsed.files) {
      try {
        const s = f === '-' ? [await stdinState(io, parsed.options)] : await digestFileStates(f, parsed.options, COMMAND_LINE_RUN);
        states.push(...s);
        files.push({ name: f, size: s.reduce((n, x) => n + x.bytes, 0) });
      } catch (e) {
        if (e instanceof AppError) {
          io.stderr.write(`dbw digest: ${e.message}\n`);
          return 1;
        }
        const err = e as NodeJS.ErrnoException;
        const why =
          err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message;
        io.stderr.write(`dbw digest: cannot read ${f}: ${why}\n`);
        return 1;
      }
    }
    const report: DigestReport = reportFromStates(states, { ...parsed.options, files });
    io.stdout.write(parsed.json ? JSON.stringify(report, null, 2) + '\n' : formatTextReport(report));
    if (report.header.events === 0) {
      // The warning that says what the input is, rather than the first one met (a cut last line).
      const why = report.warnings.find((w) => w.kind === 'binary-input') ?? report.warnings.find((w) => w.kind === 'no-entries') ?? report.warnings[0];
      io.stderr.write(`dbw digest: no slow-log entries found${why ? ` (${why.message})` : ''}\n`);
      return 1;
    }
    return 0;
  },
};
