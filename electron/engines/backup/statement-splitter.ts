/**
 * Cuts a mariadb-dump / mysqldump text into the statements the mariadb client would send, so a
 * restore can send them itself: the client's line rules as a dump relies on them (see
 * dump-router.ts). A statement ends at the first line whose last non-blank characters are the
 * delimiter (string values never hold a raw line break: the dump escapes it as `\n`); the
 * delimiter is not sent. Between statements, blank lines and `--` comment lines are skipped, a
 * `DELIMITER x` line changes the delimiter, the dump's `enable the sandbox mode` line (a client
 * command of MariaDB 10.11's dump) is dropped, and `source FILE` names a file whose statements
 * run there (the restore's own spool files). Bytes pass through untouched: a statement is the
 * list of ranges of the chunks it arrived in, never decoded.
 * https://mariadb.com/kb/en/mariadb-command-line-client/
 */
import { DELIMITER_LINE } from './dump-router';

/** What a line between statements, or a whole statement, is. */
export type SplitItem =
  /** A complete statement: its bytes, as ranges of the chunks given to `push` (delimiter and trailing blanks left out). */
  | { readonly kind: 'statement'; readonly parts: readonly Buffer[]; readonly bytes: number }
  /** A `source FILE` client command: the file's statements run here. */
  | { readonly kind: 'source'; readonly file: string };

const SANDBOX = /^\/\*M?!999999\\- enable the sandbox mode \*\/$/;
const SOURCE = /^(?:source|\\\.)\s+(.+)$/i;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Splits a dump's bytes, pushed in chunks of any size, into statements and client commands. */
export class StatementSplitter {
  private delimiter = Buffer.from(';');
  /** The open statement's ranges so far (whole lines). */
  private parts: Buffer[] = [];
  private bytes = 0;
  /** The range of adjacent lines being extended (not yet in `parts`). */
  private run: { buffer: ArrayBufferLike; byteOffset: number; length: number } | null = null;
  /** The start of a line whose end has not arrived yet, kept across chunks. */
  private partial: Buffer[] = [];

  /** Whether a statement is open (its first line seen, not its delimiter). */
  get inStatement(): boolean {
    return this.bytes > 0;
  }

  /** Takes the next chunk; returns what it completes, in order. */
  push(chunk: Buffer): SplitItem[] {
    const out: SplitItem[] = [];
    let from = 0;
    let nl = chunk.indexOf(0x0a);
    while (nl !== -1) {
      const end = nl + 1;
      if (this.partial.length) {
        this.partial.push(chunk.subarray(from, end));
        const line = Buffer.concat(this.partial);
        this.partial = [];
        this.line(line, out);
      } else this.line(chunk.subarray(from, end), out);
      from = end;
      nl = chunk.indexOf(0x0a, from);
    }
    if (from < chunk.length) this.partial.push(chunk.subarray(from));
    return out;
  }

  /** The input has ended: a last line without its break is taken as a line; returns what it completes. */
  end(): SplitItem[] {
    const out: SplitItem[] = [];
    if (this.partial.length) {
      const line = Buffer.concat(this.partial);
      this.partial = [];
      this.line(line, out);
    }
    return out;
  }

  /** Whether everything pushed so far is complete: no statement or line left open. */
  get complete(): boolean {
    return !this.inStatement && this.partial.every((p) => p.every(isBlank));
  }

  /** Adds a line to the open statement: one range with the lines before it that are adjacent in the same chunk. */
  private add(line: Buffer): void {
    this.bytes += line.length;
    const run = this.run;
    if (run && run.buffer === line.buffer && run.byteOffset + run.length === line.byteOffset) run.length += line.length;
    else {
      this.flushRun();
      this.run = { buffer: line.buffer, byteOffset: line.byteOffset, length: line.length };
    }
  }

  /** Ends the range being extended: it becomes one of the statement's parts. */
  private flushRun(): void {
    const run = this.run;
    if (run) this.parts.push(Buffer.from(run.buffer, run.byteOffset, run.length));
    this.run = null;
  }

  private line(line: Buffer, out: SplitItem[]): void {
    let end = line.length;
    while (end > 0 && isBlank(line[end - 1]!)) end--;
    if (!this.inStatement) {
      let start = 0;
      while (start < end && isBlank(line[start]!)) start++;
      if (start === end) return;
      // A client command or comment is a short line; an INSERT line is never one of them.
      if (end - start < 4096) {
        const text = line.toString('utf8', start, end);
        if (text.startsWith('--') || SANDBOX.test(text)) return;
        const d = DELIMITER_LINE.exec(text);
        if (d) {
          this.delimiter = Buffer.from(d[1]!);
          return;
        }
        const s = SOURCE.exec(text);
        if (s && !text.endsWith(this.delimiter.toString())) {
          out.push({ kind: 'source', file: s[1]!.trim() });
          return;
        }
      }
    }
    const d = this.delimiter;
    const ends = end >= d.length && line.compare(d, 0, d.length, end - d.length, end) === 0;
    if (!ends) {
      this.add(line);
      return;
    }
    let stop = end - d.length;
    while (stop > 0 && isBlank(line[stop - 1]!)) stop--;
    if (stop > 0) this.add(line.subarray(0, stop));
    this.flushRun();
    const parts = this.parts;
    const bytes = this.bytes;
    this.parts = [];
    this.bytes = 0;
    // A statement of blanks alone (`;` on its own) is nothing to send, as the client skips it.
    if (bytes > 0 && !parts.every((p) => p.every(isBlank))) out.push({ kind: 'statement', parts, bytes });
  }
}
