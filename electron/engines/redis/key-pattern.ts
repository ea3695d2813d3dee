/**
 * Key patterns at full depth: each `:`-separated segment that is a value rather than a name — a
 * number, a UUID, a hex hash, an ISO date — becomes a placeholder, so `project:list:42:1:20` is
 * `project:list:{n}:{n}:{n}` (RedisInsight groups by the first segment only, which lumps every
 * `project:*` key together). A cluster hash tag keeps its braces: `user:{42}:cart` → `user:{{n}}:cart`.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{16,}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const NUM = /^-?\d+(?:\.\d+)?$/;

/** The placeholder a segment stands for, or null when it is a name. */
export function placeholderOf(segment: string): string | null {
  if (segment.length === 0) return null;
  const c = segment.charCodeAt(0);
  const digitOrSign = (c >= 48 && c <= 57) || c === 45;
  if (digitOrSign && NUM.test(segment)) return '{n}';
  if (segment.length === 36 && UUID.test(segment)) return '{uuid}';
  if (segment.length >= 16 && HEX.test(segment) && /\d/.test(segment)) return '{hash}';
  if (digitOrSign && DATE.test(segment)) return '{date}';
  return null;
}

/** One segment with its placeholder applied (hash tags `{…}` keep their braces). */
function normaliseSegment(segment: string): string {
  const ph = placeholderOf(segment);
  if (ph) return ph;
  if (segment.length > 2 && segment.startsWith('{') && segment.endsWith('}')) {
    const inner = placeholderOf(segment.slice(1, -1));
    if (inner) return `{${inner}}`;
  }
  return segment;
}

/** The pattern of a key: its `:` segments with values replaced by placeholders. */
export function patternOf(key: string): string {
  if (key.indexOf(':') < 0) return normaliseSegment(key);
  const parts = key.split(':');
  for (let i = 0; i < parts.length; i++) parts[i] = normaliseSegment(parts[i]!);
  return parts.join(':');
}

/** A design pattern (`user:info:{user_id}`) in the analysis's words (`user:info:{*}`): any `{name}` is one placeholder. */
export function designPatternKey(pattern: string): string {
  return pattern
    .split(':')
    .map((s) => (/^\{[^{}]*\}$/.test(s) ? '{*}' : /^\{\{[^{}]*\}\}$/.test(s) ? '{{*}}' : s))
    .join(':');
}

/** Whether an analysed pattern (`user:info:{n}`) is the design pattern (`user:info:{user_id}`). */
export function patternMatchesDesign(analysed: string, design: string): boolean {
  return designPatternKey(analysed) === designPatternKey(design);
}

/** A SCAN MATCH glob that covers every key of a pattern (placeholders → `*`, glob characters escaped). */
export function globOf(pattern: string): string {
  return pattern
    .split(':')
    .map((s) => (/^\{[^{}]*\}$/.test(s) ? '*' : /^\{\{[^{}]*\}\}$/.test(s) ? '{*}' : s.replace(/[*?[\]\\]/g, (ch) => `\\${ch}`)))
    .join(':');
}
