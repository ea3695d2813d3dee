/**
 * What a file handed to the wrong reader looks like, from its first bytes, so the message can
 * say "this looks like a general log" instead of digesting it silently or linting a binary as
 * SQL. Pure: callers pass the head of the input (a few KiB are enough).
 */

/** Bytes of the input the sniffers look at. */
export const SNIFF_BYTES = 8192;

/**
 * Why the bytes are not text, or undefined when they are: a compressed archive, NUL bytes (no
 * text format has them), a share of other control bytes, or — when `utf8` is set, for inputs
 * that must be UTF-8 such as SQL and EXPLAIN JSON — too many bytes that are not valid UTF-8.
 */
export function binaryReason(head: Uint8Array, utf8 = false): string | undefined {
  const n = Math.min(head.length, SNIFF_BYTES);
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'a gzip-compressed file';
  if (n >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) return 'a zip archive';
  let nul = 0;
  let control = 0;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i]!;
    if (c === 0) nul++;
    else if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
    else if (utf8 && c >= 0x80) {
      const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
      let ok = len > 0;
      // A sequence cut by the end of the sniffed bytes is not held against the input.
      for (let k = 1; ok && k < len && i + k < n; k++) ok = (head[i + k]! & 0xc0) === 0x80;
      if (ok) i += len - 1;
      else invalid++;
    }
  }
  if (nul > 0) return `binary data (${nul} NUL bytes in its first ${n})`;
  if (n >= 64 && control > n * 0.05) return `binary data (${control} control bytes in its first ${n})`;
  if (utf8 && n >= 64 && invalid > n * 0.05) return `binary data (${invalid} bytes that are not UTF-8 text in its first ${n})`;
  return undefined;
}

/**
 * binaryReason for text already decoded as UTF-8 (a pasted EXPLAIN, a request field): NUL and
 * control characters, and U+FFFD, which decoding puts where bytes were not UTF-8.
 */
export function binaryTextReason(text: string): string | undefined {
  const n = Math.min(text.length, SNIFF_BYTES);
  let nul = 0;
  let control = 0;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) nul++;
    else if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
    else if (c === 0xfffd) invalid++;
  }
  if (nul > 0) return `binary data (${nul} NUL characters in its first ${n})`;
  if (n >= 64 && control > n * 0.05) return `binary data (${control} control characters in its first ${n})`;
  if (n >= 64 && invalid > n * 0.05) return `binary data (${invalid} bytes that were not UTF-8 text in its first ${n})`;
  return undefined;
}

/** What a text that holds no slow-log entry looks like, as a phrase for "this looks like …". */
export function describeText(head: string): string {
  const text = head.slice(0, SNIFF_BYTES);
  const trimmed = text.trimStart();
  if (trimmed === '') return 'an empty file';
  if (/^[{[]/.test(trimmed)) return 'JSON';
  if (/^<(?:\?xml|!doctype|html|[a-z]+[\s>])/i.test(trimmed)) return 'HTML or XML';
  if (
    /^Time\s+Id\s+Command\s+Argument/m.test(text) ||
    /^(?:\d{6}\s+\d{1,2}:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]+Z?)?\s+\d+\s+(?:Query|Connect|Quit|Init DB|Prepare|Execute|Close stmt)\t/m.test(text)
  )
    return 'a general query log (general_log), which has no query times; enable slow_query_log with long_query_time instead';
  if (
    /^\d{4}-\d\d-\d\d[ T][\d:.]+Z?\s+\d+\s+\[(?:Note|Warning|ERROR|System)\]/m.test(text) ||
    /\[(?:Note|Warning|ERROR)\] (?:InnoDB|\/usr\/s?bin\/(?:mysqld|mariadbd))/.test(text)
  )
    return 'a server error log';
  if (/^# at \d+$/m.test(text) || /^DELIMITER \/\*!\*\/;/m.test(text)) return 'mysqlbinlog output';
  const lines = text.split('\n').slice(0, 5);
  if (lines.length >= 2 && lines.every((l, i) => i === lines.length - 1 || (l.match(/,/g)?.length ?? 0) >= 3))
    return 'CSV (the mysql.slow_log table? set log_output=FILE to get a slow log file)';
  if (/^\s*(?:SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|CREATE|ALTER|DROP|SET|USE|CALL|SHOW)\b/im.test(text))
    return 'SQL statements without the `# Query_time:` header lines a slow log has';
  return 'text without the `# Time:` / `# Query_time:` header lines of a slow log';
}
