/** Formatting helpers of the advisor panel. */
export { fmtBytes } from '../../../../shared/format-bytes';

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
