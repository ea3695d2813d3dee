/**
 * Prefix lengths for index columns (`col(N)`): TEXT/BLOB columns can only be indexed by a prefix,
 * and an InnoDB key (DYNAMIC/COMPRESSED rows, the default) holds at most 3072 bytes, so a long
 * VARCHAR in utf8mb4 (over 768 characters), or several long strings together, need one too.
 * N comes from the column type offline, and from a sampled selectivity when connected: the
 * smallest N whose COUNT(DISTINCT LEFT(col, N)) stays within a tolerance of COUNT(DISTINCT col),
 * so the index stays small without losing the column's power to tell rows apart.
 * https://dev.mysql.com/doc/refman/8.4/en/column-indexes.html#column-indexes-prefix
 * https://dev.mysql.com/doc/refman/8.4/en/innodb-limits.html
 */
import type { SchemaColumn, SchemaTable } from '../../../shared/contract/advisor';
import { bytesPerChar, needsPrefix } from './column-size';

/** InnoDB's largest index key (DYNAMIC or COMPRESSED row format), in bytes. */
export const INNODB_MAX_KEY_BYTES = 3072;

/** Prefix lengths the connected advisor samples (characters for strings, bytes for binaries). */
export const PREFIX_SAMPLE_LENGTHS = [4, 8, 12, 16, 20, 24, 32, 40, 48, 64, 96, 128, 191, 255] as const;

/** Distinct counts of one column over a bounded sample: whole values and per prefix length. */
export interface PrefixSample {
  readonly rows: number;
  readonly distinct: number;
  /** COUNT(DISTINCT LEFT(col, length)) per sampled length. */
  readonly prefixes: readonly { readonly length: number; readonly distinct: number }[];
}

/** Samples keyed by `table.column`, lower-case. */
export type PrefixSamples = Readonly<Record<string, PrefixSample>>;

/** The key for a column's sample. */
export const prefixSampleKey = (table: string, column: string): string => `${table}.${column}`.toLowerCase();

/** One key column's prefix decision. */
export interface PrefixChoice {
  readonly column: string;
  /** Null: the whole column. */
  readonly subPart: number | null;
  /** Why (shown with the recommendation), null for whole columns. */
  readonly reason: string | null;
}

/** True for string and binary types, the only ones a prefix applies to. */
export function prefixable(column: SchemaColumn): boolean {
  return /char|text|binary|blob/.test(column.dataType.toLowerCase());
}

/** True when the column cannot be a whole key column at all (TEXT/BLOB, or a string over the key limit). */
export function alwaysPrefixed(column: SchemaColumn): boolean {
  return prefixable(column) && wholeBytes(column) > INNODB_MAX_KEY_BYTES;
}

/** Bytes one unit of a prefix length takes (characters × charset width; 1 for binary types). */
function unitBytes(column: SchemaColumn): number {
  return /binary|blob/.test(column.dataType.toLowerCase()) ? 1 : bytesPerChar(column.charset);
}

/** Bytes of the whole column against the key limit (the length bytes do not count). */
function wholeBytes(column: SchemaColumn): number {
  if (needsPrefix(column.dataType)) return Infinity;
  const t = column.dataType.toLowerCase();
  if (/char|binary/.test(t) && column.charLength !== null) return column.charLength * unitBytes(column);
  return column.maxBytes;
}

/**
 * The smallest sampled length whose distinct count is within `tolerance` (relative) of the
 * whole column's; null when the sample is empty or no sampled length gets there.
 */
export function choosePrefixFromSample(sample: PrefixSample, maxLength: number, tolerance: number): number | null {
  if (sample.rows <= 0 || sample.distinct <= 0) return null;
  const ok = [...sample.prefixes]
    .filter((p) => p.length <= maxLength)
    .sort((a, b) => a.length - b.length)
    .find((p) => p.distinct >= sample.distinct * (1 - tolerance));
  return ok?.length ?? null;
}

/**
 * Prefix lengths for a new index's key columns (pure). TEXT/BLOB always get one; then, while the
 * key is over the InnoDB limit, the widest remaining string gets one. N: the sampled choice when
 * a sample exists, else `defaultLength` (capped by the declared length), then shrunk if the key
 * would still be too wide.
 */
export function choosePrefixes(
  table: SchemaTable | null,
  columns: readonly string[],
  samples: PrefixSamples,
  options: { readonly prefixDefaultLength: number; readonly prefixTolerance: number },
): PrefixChoice[] {
  const cols = columns.map((name) => table?.columns.find((c) => c.name === name) ?? null);
  const prefixed = new Set<number>();
  cols.forEach((c, k) => c && alwaysPrefixed(c) && prefixed.add(k));
  const length = new Map<number, { n: number; reason: string }>();
  const decide = (k: number): void => {
    const c = cols[k]!;
    const declared = c.charLength ?? Infinity;
    const unit = unitBytes(c);
    const cap = Math.min(declared, Math.floor(INNODB_MAX_KEY_BYTES / unit));
    const sample = table ? samples[prefixSampleKey(table.name, c.name)] : undefined;
    const sampled = sample ? choosePrefixFromSample(sample, cap, options.prefixTolerance) : null;
    const why = needsPrefix(c.dataType) ? `${c.dataType.toUpperCase()} can only be indexed by a prefix` : `${c.columnType} is too wide for one key`;
    if (sampled !== null && sample) {
      const kept = sample.prefixes.find((p) => p.length === sampled)!.distinct;
      length.set(k, {
        n: sampled,
        reason: `${c.name}(${sampled}): ${why}; the first ${sampled} ${unit === 1 ? 'bytes' : 'characters'} keep ${pct(kept / sample.distinct)} of its distinct values (sample of ${sample.rows.toLocaleString('en-US')} rows)`,
      });
    } else {
      const n = Math.min(cap, options.prefixDefaultLength);
      length.set(k, {
        n,
        reason: `${c.name}(${n}): ${why}; ${n} ${unit === 1 ? 'bytes' : 'characters'} by default${sample ? ' (the sample did not settle a shorter length)' : ' (connect to choose N from sampled selectivity)'}`,
      });
    }
  };
  for (const k of prefixed) decide(k);
  const keyBytes = (): number => cols.reduce((s, c, k) => s + (!c ? 8 : prefixed.has(k) ? length.get(k)!.n * unitBytes(c) : wholeBytes(c)), 0);
  while (keyBytes() > INNODB_MAX_KEY_BYTES) {
    // The widest whole string column gets a prefix next; if all have one, the longest shrinks.
    let widest = -1;
    cols.forEach((c, k) => {
      if (c && prefixable(c) && !prefixed.has(k) && (widest < 0 || wholeBytes(c) > wholeBytes(cols[widest]!))) widest = k;
    });
    if (widest >= 0) {
      prefixed.add(widest);
      decide(widest);
      continue;
    }
    let longest = -1;
    for (const k of prefixed) if (longest < 0 || length.get(k)!.n * unitBytes(cols[k]!) > length.get(longest)!.n * unitBytes(cols[longest]!)) longest = k;
    const cur = length.get(longest);
    if (!cur || cur.n <= 1) break;
    const over = keyBytes() - INNODB_MAX_KEY_BYTES;
    const n = Math.max(1, cur.n - Math.ceil(over / unitBytes(cols[longest]!)));
    length.set(longest, { n, reason: `${cols[longest]!.name}(${n}): shortened so the key fits InnoDB's ${INNODB_MAX_KEY_BYTES}-byte limit` });
  }
  return columns.map((name, k) => ({
    column: name,
    subPart: prefixed.has(k) ? length.get(k)!.n : null,
    reason: prefixed.has(k) ? length.get(k)!.reason : null,
  }));
}

function pct(x: number): string {
  return `${(Math.min(1, x) * 100).toFixed(1)} %`;
}
