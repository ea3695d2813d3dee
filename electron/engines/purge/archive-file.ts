/**
 * The archive file's formats and path template. Values arrive as the exact bytes the server sent
 * in its text protocol (the same text `SELECT … INTO OUTFILE` writes), so a file round-trips to
 * the same values: TSV is LOAD DATA INFILE's default format (tab-separated, `\N` for NULL, `\`
 * escaping tab, newline, carriage return, NUL and itself — what pt-archiver --file writes); CSV
 * follows RFC 4180 with a header line (NULL is an empty unquoted field, an empty string is `""`);
 * JSON lines hold one object per row, numbers as JSON numbers with the server's digits, binary
 * values as base64.
 * https://dev.mysql.com/doc/refman/8.4/en/load-data.html
 * https://docs.percona.com/percona-toolkit/pt-archiver.html#cmdoption-pt-archiver-file
 */
import { AppError } from '../../../shared/contract/core';

/** The formats a purge can archive to. */
export type ArchiveFormat = 'tsv' | 'csv' | 'jsonl';

/** How a column's value is written: a number, text, or raw bytes. */
export interface ArchiveColumn {
  name: string;
  kind: 'number' | 'text' | 'binary';
}

/** One row as the server sent it: bytes per column, null for NULL. */
export type RawRow = ReadonlyArray<Buffer | null>;

const TAB = 0x09;
const NL = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const BACKSLASH = 0x5c;

/** Escapes a value for LOAD DATA's defaults (ESCAPED BY '\\', FIELDS TERMINATED BY '\t', LINES TERMINATED BY '\n'). */
function tsvField(v: Buffer | null): Buffer {
  if (v === null) return Buffer.from('\\N');
  let special = 0;
  for (const b of v) if (b === TAB || b === NL || b === CR || b === NUL || b === BACKSLASH) special++;
  if (special === 0) return v;
  const out = Buffer.allocUnsafe(v.length + special);
  let o = 0;
  for (const b of v) {
    if (b === TAB || b === NL || b === CR || b === NUL || b === BACKSLASH) {
      out[o++] = BACKSLASH;
      out[o++] = b === TAB ? 0x74 : b === NL ? 0x6e : b === CR ? 0x72 : b === NUL ? 0x30 : BACKSLASH;
    } else out[o++] = b;
  }
  return out;
}

function csvField(v: Buffer | null, kind: ArchiveColumn['kind']): string {
  if (v === null) return '';
  const text = kind === 'binary' ? v.toString('base64') : v.toString('utf8');
  return text === '' || /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function jsonValue(v: Buffer | null, kind: ArchiveColumn['kind']): string {
  if (v === null) return 'null';
  if (kind === 'binary') return JSON.stringify(v.toString('base64'));
  const text = v.toString('utf8');
  // The server's digits, kept exact (a DECIMAL(65,30) or a BIGINT past 2^53 stays what it was).
  if (kind === 'number' && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return text;
  return JSON.stringify(text);
}

/** What a new file starts with: the CSV header line, nothing for the others. */
export function archiveHeader(format: ArchiveFormat, columns: readonly ArchiveColumn[]): Buffer {
  if (format !== 'csv') return Buffer.alloc(0);
  return Buffer.from(`${columns.map((c) => csvField(Buffer.from(c.name), 'text')).join(',')}\n`, 'utf8');
}

/** One chunk's rows as the bytes appended to the file (every line ends with a newline). */
export function formatArchiveRows(format: ArchiveFormat, columns: readonly ArchiveColumn[], rows: readonly RawRow[]): Buffer {
  if (format === 'tsv') {
    const parts: Buffer[] = [];
    const tab = Buffer.from('\t');
    const nl = Buffer.from('\n');
    for (const r of rows) {
      r.forEach((v, i) => {
        if (i > 0) parts.push(tab);
        parts.push(tsvField(v));
      });
      parts.push(nl);
    }
    return Buffer.concat(parts);
  }
  if (format === 'csv') return Buffer.from(rows.map((r) => `${r.map((v, i) => csvField(v, columns[i]!.kind)).join(',')}\n`).join(''), 'utf8');
  return Buffer.from(
    rows.map((r) => `{${r.map((v, i) => `${JSON.stringify(columns[i]!.name)}:${jsonValue(v, columns[i]!.kind)}`).join(',')}}\n`).join(''),
    'utf8',
  );
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Expands pt-archiver's --file template: %D database, %t table, %Y %m %d %H %i %s the run's start
 * in local time, %% a percent sign. Any other `%x` is refused rather than written literally.
 */
export function expandArchivePath(template: string, vars: { schema: string; table: string; at: Date }): string {
  if (/(?:^|[^%])(?:%%)*%$/.test(template)) throw new AppError('BAD_INPUT', 'The archive file name ends with a lone %');
  const at = vars.at;
  // A name holding a path separator must not move the file to another folder.
  const safe = (name: string) => name.replace(/[/\\]/g, '_');
  return template.replace(/%(.)/g, (_m, c: string) => {
    switch (c) {
      case 'D':
        return safe(vars.schema);
      case 't':
        return safe(vars.table);
      case 'Y':
        return pad(at.getFullYear(), 4);
      case 'm':
        return pad(at.getMonth() + 1);
      case 'd':
        return pad(at.getDate());
      case 'H':
        return pad(at.getHours());
      case 'i':
        return pad(at.getMinutes());
      case 's':
        return pad(at.getSeconds());
      case '%':
        return '%';
      default:
        throw new AppError('BAD_INPUT', `The archive file name has %${c}; it takes %D %t %Y %m %d %H %i %s and %%`);
    }
  });
}
