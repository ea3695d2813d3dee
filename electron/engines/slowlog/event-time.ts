/**
 * When an entry happened, in epoch milliseconds, from the most precise field the log has:
 * `Start:` (MySQL log_slow_extra), an ISO-8601 `# Time:` (MySQL 5.7+, microseconds, `Z` or an
 * offset), `SET timestamp=N` (the statement's start, whole seconds), then the old
 * `# Time: yymmdd H:MM:SS`. Times without a zone are read as UTC.
 * https://dev.mysql.com/doc/refman/8.4/en/slow-query-log.html
 */
import type { SlowLogEvent } from './slow-log.event';

const YYMMDD = /^(\d\d)(\d\d)(\d\d) +(\d+):(\d+):(\d+)(\.\d+)?/;

/** Epoch ms of an event, or undefined when the entry carries no time. */
export function eventTimeMs(ev: SlowLogEvent): number | undefined {
  return eventTimeMsOf(ev.props.get('Start'), ev.timeText, ev.props.get('timestamp'));
}

/** `eventTimeMs` from an event's `Start` and `timestamp` attributes and its `# Time:` text. */
export function eventTimeMsOf(start: string | undefined, tt: string | undefined, ts: string | undefined): number | undefined {
  if (start !== undefined) {
    const t = parseIso(start);
    if (t !== undefined) return t;
  }
  if (tt !== undefined && tt.length >= 19 && tt.charCodeAt(4) === 45 /* - */) {
    const t = parseIso(tt);
    if (t !== undefined) return t;
  }
  if (ts !== undefined) {
    const n = Number(ts);
    if (Number.isFinite(n)) return n * 1000;
  }
  return tt !== undefined ? parseTimeText(tt) : undefined;
}

/** Parses either `# Time:` form (or any ISO-8601 string) to epoch ms. */
export function parseTimeText(text: string): number | undefined {
  const m = YYMMDD.exec(text);
  if (m) {
    const ms = Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    return ms + (m[7] ? Math.round(Number(m[7]) * 1000) : 0);
  }
  return parseIso(text);
}

function parseIso(text: string): number | undefined {
  const fast = parseIsoUtc(text);
  if (fast >= 0) return fast;
  const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/.test(text);
  const t = Date.parse(hasZone ? text : text + 'Z');
  return Number.isFinite(t) ? t : undefined;
}

/**
 * `Date.parse(text)` for the form MySQL writes (`2026-11-20T08:00:00.000642Z`: UTC, any number
 * of fraction digits, truncated to milliseconds as Date.parse does) without its general parser;
 * -1 for any other text or a field out of its plain range (the caller then uses Date.parse).
 */
export function parseIsoUtc(text: string): number {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 90 /* Z */) return -1;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58)
    return -1;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  const h = digits(text, 11, 13);
  const mi = digits(text, 14, 16);
  const sec = digits(text, 17, 19);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return -1;
  let ms = 0;
  if (n > 20) {
    if (text.charCodeAt(19) !== 46 /* . */ || n === 21) return -1;
    for (let i = 20; i < n - 1; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return -1;
      if (i < 23) ms += (c - 48) * (i === 20 ? 100 : i === 21 ? 10 : 1);
    }
  } else if (text.charCodeAt(19) !== 90) return -1;
  return Date.UTC(y, mo - 1, d, h, mi, sec) + ms;
}

/** The decimal number in text[from, to) (digits only), or -1. */
function digits(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** pt's display form of a `ts` value (Transformers::parse_timestamp). */
export function ptTimestamp(ts: string): string {
  const m = YYMMDD.exec(ts);
  if (!m) return ts;
  const pad = (s: string | undefined): string => String(Number(s)).padStart(2, '0');
  const sec = m[7] ? (Number(m[6]) + Number(m[7])).toFixed(6).padStart(9, '0') : pad(m[6]);
  return `${2000 + Number(m[1])}-${pad(m[2])}-${pad(m[3])} ${pad(m[4])}:${pad(m[5])}:${sec}`;
}
