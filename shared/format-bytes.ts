/**
 * The one byte formatter of the app (host, CLI and renderer alike), so a size reads the same in
 * every panel: IEC units (KiB, MiB, GiB, TiB), whole numbers kept whole, one decimal otherwise.
 */

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [1024 ** 4, 'TiB'],
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

/** Bytes for humans ("256 MiB", "1.5 GiB"); `unknown` (or the text given) for null or a non-number. */
export function fmtBytes(n: number | null | undefined, unknown = 'unknown'): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return unknown;
  const abs = Math.abs(n);
  const [div, unit] = UNITS.find(([d]) => abs >= d) ?? [1, 'B'];
  const v = n / div;
  return `${Number.isInteger(v) ? v : v.toFixed(v >= 100 ? 0 : 1)} ${unit}`;
}
