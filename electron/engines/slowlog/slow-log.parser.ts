/**
 * Streaming slow-log parser: feed Buffer chunks cut anywhere, get events. Records are split on
 * `;\n#` exactly as pt-query-digest reads them (its `$/`), then interpreted by slow-log.record.
 * Server start-up banners (`mysqld, Version: ... started with:`, `Tcp port:`, `Time Id Command`)
 * are removed wherever they appear. Bad input never throws: binary data, entries longer than
 * `maxEntryBytes` and a truncated last entry become warnings with byte offsets.
 *
 * A log that went through a Windows editor or transfer has CRLF line ends (all or some of its
 * lines): each `\r\n` is read as `\n` before anything else sees the bytes, so such a log digests
 * exactly as its LF copy, while a lone `\r` inside a statement is kept. Offsets (events' `pos`,
 * warnings) still count the file's own bytes.
 */
import { describeText, SNIFF_BYTES } from '../input/input-kind';
import type { ParseWarning, SlowLogEvent } from './slow-log.event';
import { completeWithNext, interpretRecord } from './slow-log.record';

/** Parser options. */
export interface SlowLogParserOptions {
  /** Called for each parsed event, in input order. */
  onEvent: (event: SlowLogEvent) => void;
  /** Called for each warning. */
  onWarning?: (warning: ParseWarning) => void;
  /** Longest entry kept; longer ones are skipped with a warning (default 16 MiB). */
  maxEntryBytes?: number;
  /** Byte offset of the first pushed byte in the whole file (for a worker's range). */
  baseOffset?: number;
  /**
   * Recognise start-up banners with pt's exact pattern (first byte `/` or A-Z, `mysqld`), so a
   * `mariadbd` banner is read as pt reads it; otherwise every mysqld/mariadbd banner is removed.
   */
  ptBanners?: boolean;
  /** Leave a single `Name: value` line unread in `event.lazy` (see interpretRecord). */
  lazyPairs?: boolean;
  /**
   * Offered a record as bytes, `chunk[from, to)` without its `;\n#` separator, before it is
   * decoded (the digester's fast lane); returning true means the caller took it as one event, so
   * none is emitted. Only records the general reader would read on their own are offered: not the
   * input's first, not one after a header-only entry, none with a start-up banner's markers. A
   * record that spans two chunks is offered in a buffer of its own. The chunk may be reused once
   * the call returns. `scanNo` numbers the
   * parser's passes over chunks: records of one chunk share it, and the bytes behind a chunk
   * object may differ only between passes.
   */
  onRecordBytes?: (chunk: Buffer, from: number, to: number, pos: number, scanNo: number) => boolean;
}

/** Counters kept while parsing. */
export interface ParserCounts {
  bytes: number;
  records: number;
  events: number;
  skippedBytes: number;
  skippedLines: number;
}

/** A push-based parser. */
export interface SlowLogParser {
  /** Parses a chunk; the parser keeps no reference to it, so the caller may reuse the buffer. */
  push(chunk: Buffer | string): void;
  end(): void;
  readonly counts: ParserCounts;
  /** The input's first bytes (up to SNIFF_BYTES), to say what an input without entries looks like. */
  head(): Buffer;
}

/** The warning for an input without a single slow-log entry, saying what it looks like instead (`head`: its first bytes). */
export function noEntriesMessage(head: Buffer): string {
  return `No slow-log entries found; this looks like ${describeText(head.toString('latin1'))}.`;
}

const SEP = ';\n#';
const CRLF = Buffer.from('\r\n', 'latin1');
const CR = 13;
const SEP_BYTES = Buffer.from(SEP, 'latin1');
/**
 * What a record holds wherever mayHaveBanner finds a banner: `Version`, or a line that starts with
 * `T` (`^T[cC][pP] [pP]ort:` and `^Time\s+Id\s+Command` under the `m` flag, whose `^` follows a
 * `\n` or a `\r`, or starts the record). Buffer#indexOf finds a short needle by searching for
 * its first byte, so each needle starts with a byte that is rare in slow logs or at least rarer
 * than the alternatives: `, Version`, ` port:` and `port:` cost 4-15 times as much as these on a
 * MariaDB log (commas, spaces, and the `p`s of its `# explain:` lines).
 */
const VERSION_BYTES = Buffer.from('Version', 'latin1');
const LINE_T_BYTES = Buffer.from('\nT', 'latin1');
const CR_T_BYTES = Buffer.from('\rT', 'latin1');
const T = 84;
const SEMICOLON = 59;

/** The first `;\n#` in `buf` at or after `from`, or -1: the `;` found natively (memchr), the rest checked here. */
function separatorAt(buf: Buffer, from: number): number {
  // A `;` in the last two bytes is not read past the end (an out-of-bounds read deoptimized the parser's scan).
  const last = buf.length - 2;
  for (let at = buf.indexOf(SEMICOLON, from); at >= 0 && at < last; at = buf.indexOf(SEMICOLON, at + 1)) {
    if (buf[at + 1] === 10 && buf[at + 2] === 35) return at;
  }
  return -1;
}
const HEADER_HINT = /(?:mysqld|mariadbd), ?Version|^T[cC][pP] [pP]ort:|^Time\s+Id\s+Command/m;

/** Cheap substring checks before the banner regex runs on a whole record. */
function mayHaveBanner(rec: string): boolean {
  return (
    (rec.includes(', Version') && /(?:mysqld|mariadbd), ?Version/.test(rec)) ||
    (rec.includes('ort: ') && /^T[cC][pP] [pP]ort:/m.test(rec)) ||
    (rec.includes('Command') && /^Time\s+Id\s+Command/m.test(rec))
  );
}
const HEADER_LINE_PT = /^(?:T[cC][pP]\s[pP]ort:\s+\d+|[/A-Z][^\n]*mysqld,\sVersion[^\n]*(?:started\swith:|embedded\slibrary)|Time\s+Id\s+Command)[^\n]*\n/gm;
const HEADER_LINE =
  /^(?:T[cC][pP]\s[pP]ort:\s+\d+|[^\n#]*(?:mysqld|mariadbd),\sVersion[^\n]*(?:started\swith:|embedded\slibrary)|Time\s+Id\s+Command)[^\n]*(?:\n|$)/gm;

/** Creates a streaming parser. */
export function createSlowLogParser(options: SlowLogParserOptions): SlowLogParser {
  const maxEntry = options.maxEntryBytes ?? 16 * 1024 * 1024;
  const onWarning = options.onWarning;
  const warn = (w: ParseWarning): void => {
    if (!onWarning) return;
    const offset = toRaw(w.offset);
    const skippedBytes = w.kind === 'oversized-entry' ? toRaw(w.offset + w.skippedBytes) - offset : w.skippedBytes;
    onWarning({ ...w, offset, skippedBytes });
  };
  const counts: ParserCounts = { bytes: 0, records: 0, events: 0, skippedBytes: 0, skippedLines: 0 };
  /** Bytes since the last separator, in the chunks they came in. */
  const pending: Buffer[] = [];
  let carryLen = 0;
  let carryPos = options.baseOffset ?? 0;
  let skipping = false;
  let skipStart = 0;
  let first = true;
  let binary = false;
  let held: { props: Map<string, string>; explain: string[] | undefined; timeText: string | undefined; pos: number } | undefined;

  const emit = (event: SlowLogEvent): void => {
    counts.events++;
    event.pos = toRaw(event.pos);
    options.onEvent(event);
  };

  const headerLine = options.ptBanners ? HEADER_LINE_PT : HEADER_LINE;
  const lazyPairs = options.lazyPairs === true;
  const onRecordBytes = options.onRecordBytes;
  /** Passes over a chunk so far (onRecordBytes' scanNo). */
  let scans = 0;
  const handleRecord = (rec: string, pos: number): void => {
    counts.records++;
    if (first) {
      first = false;
      // A worker range starts at an entry's `#`; a single pass would have met that entry just
      // after the separator's `#`, so offsets agree only if that `#` is consumed here.
      if (pos > 0 && pos === (options.baseOffset ?? 0) && rec.charCodeAt(0) === 35) {
        rec = rec.slice(1);
        pos += 1;
      }
      if (pos === 0 && rec.length > 0 && rec.charCodeAt(0) !== 35 && !HEADER_HINT.test(rec.slice(0, 4096))) {
        warn({
          kind: 'mid-entry-start',
          message: 'The input starts in the middle of an entry; its first lines are read as a statement.',
          offset: pos,
          skippedBytes: 0,
          skippedLines: 0,
        });
      }
    }
    if (mayHaveBanner(rec)) {
      const cleaned = rec.replace(headerLine, '');
      if (cleaned.length !== rec.length) {
        const parts = cleaned.split(SEP);
        let p = pos;
        for (let i = 0; i < parts.length; i++) {
          interpret(parts[i]!, p);
          p += parts[i]!.length + SEP.length;
        }
        return;
      }
    }
    interpret(rec, pos);
  };

  const interpret = (rec: string, pos: number): void => {
    if (held) {
      const h = held;
      held = undefined;
      const { event, pushBack } = completeWithNext(h, rec);
      emit(event);
      if (pushBack.length > 0) interpret(pushBack, pos + rec.length - pushBack.length);
      return;
    }
    if (rec.length === 0) return;
    const result = interpretRecord(rec, pos, lazyPairs);
    if (result.kind === 'event') emit(result.event);
    else held = { props: result.props, explain: result.explain, timeText: result.timeText, pos };
  };

  const checkBinary = (text: string, pos: number): boolean => {
    const probe = text.slice(0, 4096);
    let control = 0;
    for (let i = 0; i < probe.length; i++) {
      const c = probe.charCodeAt(i);
      if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
    }
    // gzip/zip magic, or a share of control bytes no text log has (statements may hold a few).
    const magic = probe.startsWith('\x1f\x8b') || probe.startsWith('PK\x03\x04');
    if (magic || (probe.length >= 256 && control > probe.length * 0.05)) {
      binary = true;
      const what = magic ? 'a compressed archive' : `${control} control bytes in its first ${probe.length}`;
      warn({
        kind: 'binary-input',
        message: `The input looks binary (${what}); nothing from offset ${pos} on was read. Is it compressed, or not a slow log?`,
        offset: pos,
        skippedBytes: 0,
        skippedLines: 0,
      });
      return true;
    }
    return false;
  };

  // Chunks stay Buffers: separators are found with Buffer#indexOf (native memmem) and each
  // record is decoded on its own, so the strings an event keeps (its attributes, a class's
  // min/max values and worst sample) hold on to their record only, never to a whole chunk.
  const pushLf = (chunk: Buffer): void => {
    if (binary) {
      counts.skippedBytes += chunk.length;
      return;
    }
    if (first && carryLen === 0 && checkBinary(chunk.toString('latin1', 0, 4096), carryPos)) {
      counts.skippedBytes += chunk.length;
      return;
    }
    // While no separator can complete, chunks are only collected (no re-copying of the carry),
    // so tiny chunks stay linear; only the last two bytes held can start a separator.
    if (!skipping && carryLen + chunk.length <= maxEntry && !completesSeparator(chunk)) {
      // Copied: the caller may reuse its buffer once push returns.
      pending.push(Buffer.from(chunk));
      carryLen += chunk.length;
      return;
    }
    const held0 = pending.length > 0 ? (pending.length === 1 ? pending[0]! : Buffer.concat(pending, carryLen)) : undefined;
    pending.length = 0;
    carryLen = 0;
    if (held0 && !skipping) {
      // The entry held so far ends in this chunk: decode it as two pieces instead of copying
      // the chunk behind it.
      const at = separatorAcross(held0, chunk);
      if (at !== undefined) {
        const rec = at < 0 ? held0.subarray(0, held0.length + at) : Buffer.concat([held0, chunk.subarray(0, at)]);
        if (!offerWhole(rec, carryPos)) handleRecord(rec.toString('latin1'), carryPos);
        carryPos += held0.length;
        scan(chunk, at + SEP.length);
        return;
      }
    }
    let searchFrom = held0 ? Math.max(0, held0.length - 2) : 0;
    const buf = held0 ? Buffer.concat([held0, chunk]) : chunk;
    let from = 0;
    if (skipping) {
      const at = buf.indexOf(SEP_BYTES);
      if (at < 0) {
        noteSkipped(buf, 0, Math.max(0, buf.length - 2));
        carryPos += Math.max(0, buf.length - 2);
        const keep = Buffer.from(buf.subarray(Math.max(0, buf.length - 2)));
        if (keep.length > 0) pending.push(keep);
        carryLen = keep.length;
        return;
      }
      noteSkipped(buf, 0, at + SEP.length);
      warn({
        kind: 'oversized-entry',
        message: `Skipped an entry longer than ${maxEntry} bytes.`,
        offset: skipStart,
        skippedBytes: carryPos + at + SEP.length - skipStart,
        skippedLines: 0,
      });
      skipping = false;
      from = at + SEP.length;
      searchFrom = from;
    }
    scan(buf, from, searchFrom);
  };

  /** Offers a whole record `rec` (a record that spanned two chunks) to onRecordBytes; whether it took it. */
  const offerWhole = (rec: Buffer, pos: number): boolean => {
    if (onRecordBytes === undefined || first || held !== undefined) return false;
    if (rec[0] === T || rec.indexOf(VERSION_BYTES) >= 0 || rec.indexOf(LINE_T_BYTES) >= 0 || rec.indexOf(CR_T_BYTES) >= 0) return false;
    if (!onRecordBytes(rec, 0, rec.length, toRaw(pos), ++scans)) return false;
    counts.records++;
    counts.events++;
    return true;
  };

  /** Emits every record of `buf` (which starts at file offset `carryPos`) from `from` on, and holds the rest. */
  const scan = (buf: Buffer, from: number, searchFrom = from): void => {
    scans++;
    // Where each banner marker mayHaveBanner looks for next occurs in buf (searched again once
    // passed; -1: nowhere after), so a record offered as bytes is known to hold none.
    let version = -2;
    let lineT = -2;
    let crT = -2;
    for (;;) {
      const at = separatorAt(buf, Math.max(from, searchFrom));
      if (at < 0) break;
      if (onRecordBytes !== undefined && !first && held === undefined) {
        if (version !== -1 && version < from) version = buf.indexOf(VERSION_BYTES, from);
        if (lineT !== -1 && lineT < from) lineT = buf.indexOf(LINE_T_BYTES, from);
        if (crT !== -1 && crT < from) crT = buf.indexOf(CR_T_BYTES, from);
        if (
          buf[from] !== T &&
          (version < 0 || version + VERSION_BYTES.length > at) &&
          (lineT < 0 || lineT + LINE_T_BYTES.length > at) &&
          (crT < 0 || crT + CR_T_BYTES.length > at) &&
          onRecordBytes(buf, from, at, toRaw(carryPos + from), scans)
        ) {
          counts.records++;
          counts.events++;
          from = at + SEP.length;
          continue;
        }
      }
      handleRecord(buf.toString('latin1', from, at), carryPos + from);
      from = at + SEP.length;
    }
    carryPos += from;
    let carry = from === 0 ? buf : buf.subarray(from);
    if (carry.length > maxEntry) {
      skipping = true;
      skipStart = carryPos;
      noteSkipped(carry, 0, carry.length - 2);
      carryPos += carry.length - 2;
      carry = carry.subarray(carry.length - 2);
    }
    if (carry.length > 0) {
      // A copy, so the carry does not keep the whole chunk alive.
      pending.push(Buffer.from(carry));
      carryLen = carry.length;
    }
  };

  /**
   * Where the first separator of `held` + `chunk` starts, relative to the chunk (negative: it
   * starts in the last bytes of `held`, which holds no whole separator); undefined if none.
   */
  const separatorAcross = (held: Buffer, chunk: Buffer): number | undefined => {
    const tail = Math.min(2, held.length);
    const w = Buffer.concat([held.subarray(held.length - tail), chunk.subarray(0, 2)]);
    const wi = w.indexOf(SEP_BYTES);
    if (wi >= 0 && wi < tail) return wi - tail;
    const at = chunk.indexOf(SEP_BYTES);
    return at < 0 ? undefined : at;
  };

  /** Whether the bytes held plus `chunk` contain a separator (one may straddle the two). */
  const completesSeparator = (chunk: Buffer): boolean => {
    if (chunk.indexOf(SEP_BYTES) >= 0) return true;
    if (carryLen === 0) return false;
    const tail = Buffer.alloc(Math.min(2, carryLen) + Math.min(2, chunk.length));
    let t = 0;
    // The last one or two bytes held, then the first one or two bytes of the chunk.
    const need = Math.min(2, carryLen);
    for (let i = pending.length - 1, got = 0; i >= 0 && got < need; i--) {
      const b = pending[i]!;
      const take = Math.min(need - got, b.length);
      b.copy(tail, need - got - take, b.length - take);
      got += take;
    }
    t = need;
    chunk.copy(tail, t, 0, Math.min(2, chunk.length));
    return tail.indexOf(SEP_BYTES) >= 0;
  };

  const noteSkipped = (b: Buffer, from: number, to: number): void => {
    counts.skippedBytes += to - from;
    let lines = 0;
    for (let i = b.indexOf(10, from); i >= 0 && i < to; i = b.indexOf(10, i + 1)) lines++;
    counts.skippedLines += lines;
  };

  const endLf = (): void => {
    if (binary) return;
    const rest = Buffer.concat(pending, carryLen);
    let carry = rest.toString('latin1');
    pending.length = 0;
    carryLen = 0;
    if (skipping) {
      noteSkipped(rest, 0, rest.length);
      warn({
        kind: 'oversized-entry',
        message: `Skipped a final entry longer than ${maxEntry} bytes.`,
        offset: skipStart,
        skippedBytes: carryPos + carry.length - skipStart,
        skippedLines: 0,
      });
      carry = '';
    }
    if (carry.length > 0) {
      const trimmed = carry.replace(/\s+$/, '');
      if (trimmed.length > 0 && !trimmed.endsWith(';')) {
        warn({
          kind: 'truncated-entry',
          message: 'The last entry is cut short (no closing `;`); it is kept as it is.',
          offset: carryPos,
          skippedBytes: 0,
          skippedLines: 0,
        });
      }
      handleRecord(carry, carryPos);
      carry = '';
    }
    if (held) {
      const lines = 1;
      warn({
        kind: 'truncated-entry',
        message: 'The last entry has header lines but no statement; it was dropped.',
        offset: held.pos,
        skippedBytes: 0,
        skippedLines: lines,
      });
      counts.skippedLines += lines;
      held = undefined;
    }
    if (counts.events === 0 && counts.bytes > 0) {
      warn({ kind: 'no-entries', message: noEntriesMessage(head()), offset: 0, skippedBytes: counts.bytes, skippedLines: 0 });
    }
  };

  // CRLF → LF. `removed` lists, in order, the LF-stream offset of each `\n` whose `\r` was
  // dropped; offsets handed out are mapped back to the file's with it (toRaw), and entries behind
  // the offsets still to be mapped are let go, so it stays as small as the text not yet read.
  const removed: number[] = [];
  let removedHead = 0;
  let removedBefore = 0;
  /** Bytes passed to pushLf so far, plus baseOffset: the LF stream's offset of the next byte. */
  let lfPos = options.baseOffset ?? 0;
  /** The last pushed byte was a `\r`, held back until the next byte says whether it ends a line. */
  let heldCr = false;

  /** The file offset of LF-stream offset `lf` (at or after the last prune's mark). */
  function toRaw(lf: number): number {
    if (removed.length === removedHead) return lf + removedBefore;
    let lo = removedHead;
    let hi = removed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (removed[mid]! <= lf) lo = mid + 1;
      else hi = mid;
    }
    return lf + removedBefore + (lo - removedHead);
  }

  /** Lets go of the entries before `mark`, the lowest offset still to be mapped. */
  function prune(mark: number): void {
    while (removedHead < removed.length && removed[removedHead]! <= mark) {
      removedHead++;
      removedBefore++;
    }
    if (removedHead === removed.length) {
      removed.length = 0;
      removedHead = 0;
    } else if (removedHead > 4096 && removedHead * 2 > removed.length) {
      removed.splice(0, removedHead);
      removedHead = 0;
    }
  }

  const feed = (chunk: Buffer): void => {
    lfPos += chunk.length;
    pushLf(chunk);
    // Offsets still to be handed out: the held entry's, the skipped entry's start, and from the carry on.
    prune(Math.min(carryPos, held?.pos ?? Infinity, skipping ? skipStart : Infinity) - 1);
  };

  /** The first bytes pushed (a copy), for noEntriesMessage. */
  const headBytes = Buffer.alloc(SNIFF_BYTES);
  let headLen = 0;
  const head = (): Buffer => headBytes.subarray(0, headLen);

  const push = (input: Buffer | string): void => {
    let chunk = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
    if (headLen < SNIFF_BYTES) headLen += chunk.copy(headBytes, headLen, 0, SNIFF_BYTES - headLen);
    counts.bytes += chunk.length;
    if (chunk.length === 0) return;
    if (heldCr) {
      heldCr = false;
      chunk = Buffer.concat([CR_BYTE, chunk]);
    }
    const last = chunk[chunk.length - 1] === CR;
    if (last) {
      heldCr = true;
      chunk = chunk.subarray(0, chunk.length - 1);
    }
    let at = chunk.indexOf(CRLF);
    if (at < 0) {
      if (chunk.length > 0) feed(chunk);
      return;
    }
    // Copied without the `\r` of each `\r\n`; the caller keeps its buffer.
    const out = Buffer.allocUnsafe(chunk.length);
    let o = 0;
    let from = 0;
    for (; at >= 0; at = chunk.indexOf(CRLF, from)) {
      o += chunk.copy(out, o, from, at);
      removed.push(lfPos + o);
      from = at + 1;
    }
    o += chunk.copy(out, o, from);
    feed(out.subarray(0, o));
  };

  const end = (): void => {
    if (heldCr) {
      heldCr = false;
      feed(Buffer.from(CR_BYTE));
    }
    endLf();
  };

  return { push, end, counts, head };
}

const CR_BYTE = Buffer.from([CR]);
