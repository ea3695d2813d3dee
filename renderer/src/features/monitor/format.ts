/** Number formatting of the monitor's tiles, charts and tables. */

/** A rate or gauge with sensible precision; — for unknown. */
export function fmtNum(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined) return '—';
  if (Math.abs(v) >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Bytes per second, binary units. */
export function fmtRate(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let n = v;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(n >= 100 || i === 0 ? 0 : 1)} ${units[i]}/s`;
}

/** Seconds as "3 s", "4 min", "2 h 5 min". */
export function fmtAge(sec: number): string {
  if (sec < 120) return `${Math.round(sec)} s`;
  if (sec < 7200) return `${Math.round(sec / 60)} min`;
  return `${Math.floor(sec / 3600)} h ${Math.round((sec % 3600) / 60)} min`;
}

/** Chart axis time: HH:MM:SS for short ranges, day + HH:MM for long ones (local time). */
export function fmtTick(atMs: number, rangeSec: number): string {
  const d = new Date(atMs);
  const hm = d.toTimeString().slice(0, rangeSec > 3600 ? 5 : 8);
  return rangeSec > 86_400 ? `${d.toLocaleDateString('en-US', { weekday: 'short' })} ${hm}` : hm;
}
