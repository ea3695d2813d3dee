/** Number formatting and parsing shared by the tuner rules and the config linter. */

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/** Bytes per unit suffix accepted by mysqld (K, M, G, T, P, E; case-insensitive). */
export const unitMultipliers: Readonly<Record<string, number>> = {
  k: KIB,
  m: MIB,
  g: GIB,
  t: 1024 * GIB,
  p: 1024 * 1024 * GIB,
  e: 1024 * 1024 * 1024 * GIB,
};

/** "128M" / "4G" / "1048576" → bytes; null when it is not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtpe])?\s*$/i.exec(text);
  if (!m) return null;
  const mult = m[2] ? (unitMultipliers[m[2].toLowerCase()] ?? 1) : 1;
  // Sizes with a suffix are whole bytes; plain numbers (long_query_time = 0.2) keep their fraction.
  return m[2] ? Math.round(Number(m[1]) * mult) : Number(m[1]);
}

/** Bytes for humans: the app's one formatter, re-exported for the rules that import it from here. */
export { fmtBytes } from '../../../shared/format-bytes';

/** A ratio as a percentage string with one decimal. */
export function fmtPct(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? 'unknown' : `${(ratio * 100).toFixed(1)}%`;
}

/** A plain number with at most two decimals. */
export function fmtNum(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return 'unknown';
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** Rounds bytes up to a whole multiple (e.g. of 128 MiB for buffer pool chunks). */
export function roundUpTo(n: number, multiple: number): number {
  return multiple > 0 ? Math.ceil(n / multiple) * multiple : n;
}

/** Rounds bytes down to a whole multiple, never below one multiple. */
export function roundDownTo(n: number, multiple: number): number {
  return multiple > 0 ? Math.max(multiple, Math.floor(n / multiple) * multiple) : n;
}

/** Size constants. */
export const SIZE = { KIB, MIB, GIB } as const;
