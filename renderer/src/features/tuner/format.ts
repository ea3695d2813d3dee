/** Display helpers for tuner values (units as the engine labels them). */
import { fmtBytes } from '../../../../shared/format-bytes';

export { fmtBytes };

/** A finding value in its unit. */
export function fmtValue(v: number | string | null, unit: string): string {
  if (v === null) return 'unknown';
  if (typeof v === 'string') return v;
  switch (unit) {
    case 'bytes':
      return `${fmtBytes(v)} (${v.toLocaleString('en-US')})`;
    case 'ratio':
      return `${(v * 100).toFixed(1)}%`;
    case 'percent':
      return `${v.toFixed(1)}%`;
    case 'per-second':
      return `${+v.toFixed(2)}/s`;
    case 'seconds':
      return `${+v.toFixed(2)} s`;
    default:
      return Number.isInteger(v) ? v.toLocaleString('en-US') : String(+v.toFixed(3));
  }
}

/** A severity's glyph for badges and the editor gutter. */
export function severityIcon(s: string): string {
  return s === 'critical' || s === 'error' ? '✖' : s === 'warning' ? '▲' : 'ℹ';
}
