/**
 * One slow-log entry as pt-query-digest's SlowLogParser sees it, plus the raw lines we keep
 * beyond pt (MariaDB `# explain:` lines).
 *
 * Text fields are "binary strings": each char is one byte of the log (latin1 decoding). That
 * keeps byte offsets, lengths and the md5 of a fingerprint identical to pt, which works on bytes;
 * `toDisplayText` turns them into real UTF-8 text at the report boundary.
 */
export interface SlowLogEvent {
  /** Byte offset of the entry in the input (pt's `pos_in_log`). */
  pos: number;
  /** The statement (or admin command) text; undefined for an entry without one. */
  arg: string | undefined;
  /** 'Query' or 'Admin' (pt's `cmd`). */
  cmd: string;
  /** Byte length of `arg` (pt's `bytes`, reported as Query_length). */
  bytes: number;
  /** Every `Name: value` pair and the special ones (ts, user, host, ip, db, timestamp...), raw, in log order (a Map: cheaper to build and walk than a 30-key object). */
  props: Map<string, string>;
  /** MariaDB `log_slow_verbosity=explain` lines, without the `# explain: ` prefix. */
  explain: string[] | undefined;
  /** The full `# Time:` value (pt's `ts` keeps only 15 or 19 characters of it). */
  timeText: string | undefined;
  /**
   * Set only by a lazy parse (the digester's): the entry's one `Name: value` line is
   * `text.slice(from, to)` (text is the record itself when the line reads the same there), and
   * its pairs are then not in `props`; `at` is how many props entries came before it and `raw`
   * is the record, to re-read it in full (`fullProps`).
   */
  lazy?: { text: string; from: number; to: number; at: number; raw: string };
}

/** A problem met while reading the input; parsing always continues past it. */
export interface ParseWarning {
  kind: 'binary-input' | 'oversized-entry' | 'truncated-entry' | 'mid-entry-start' | 'unrecognized-entry' | 'no-entries';
  message: string;
  /** Byte offset where the problem starts. */
  offset: number;
  /** Bytes skipped because of it (0 when nothing was skipped). */
  skippedBytes: number;
  /** Lines skipped because of it. */
  skippedLines: number;
}

/** Turns a binary (latin1) string into the UTF-8 text it encodes. */
export function toDisplayText(binary: string): string {
  for (let i = 0; i < binary.length; i++) {
    if (binary.charCodeAt(i) > 0x7f) return Buffer.from(binary, 'latin1').toString('utf8');
  }
  return binary;
}
