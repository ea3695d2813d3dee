/** Formatting helpers of the advisor panel. */

/** Bytes as KiB/MiB/GiB. */
export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.max(1, Math.round(n / 1024))} KiB`;
}

/** A count with thousands separators. */
export function fmtNum(n: number | null | undefined, digits = 0): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Seconds, compact. */
export function fmtSec(s: number): string {
  return s >= 1 ? `${s.toFixed(2)} s` : s >= 0.001 ? `${(s * 1000).toFixed(1)} ms` : `${(s * 1e6).toFixed(0)} µs`;
}

/** An index column as SQL shows it: `name(N) DESC`. */
export function indexColumnText(c: { name: string; subPart?: number | null; direction: 'ASC' | 'DESC' }): string {
  return `${c.name}${c.subPart != null ? `(${c.subPart})` : ''}${c.direction === 'DESC' ? ' DESC' : ''}`;
}
