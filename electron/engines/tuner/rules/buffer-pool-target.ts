/** The buffer pool size the tuner aims for, shared by the size and hit-rate rules. */
import type { InputReader } from '../rule';
import { fmtBytes, roundDownTo, roundUpTo, SIZE } from '../units';

/** Share of host RAM the buffer pool may take on a host dedicated to the database. */
export const POOL_RAM_SHARE = 0.7;
/** Headroom over the current InnoDB data + index size, for growth. */
export const POOL_DATA_HEADROOM = 1.25;

/** Target pool size: data × headroom, capped at a share of RAM, in whole allocation units. */
export function bufferPoolTarget(r: InputReader): { target: number; unit: number; computation: string } | null {
  const data = r.engineBytes('InnoDB');
  const ram = r.ram();
  const chunk = r.v('innodb_buffer_pool_chunk_size', 'bytes') ?? 0;
  const instances = r.has('innodb_buffer_pool_instances') ? (r.v('innodb_buffer_pool_instances') ?? 1) : 1;
  // chunk = 0 means autosize on MariaDB 10.8+: no unit to divide by, use 128 MiB steps.
  const unit = chunk > 0 ? chunk * Math.max(1, instances) : 128 * SIZE.MIB;
  const want = roundUpTo(Math.max(data * POOL_DATA_HEADROOM, 128 * SIZE.MIB), unit);
  if (ram === null) {
    return {
      target: want,
      unit,
      computation: `roundUp(max(${fmtBytes(data)} × ${POOL_DATA_HEADROOM}, 128 MiB), ${fmtBytes(unit)}) = ${fmtBytes(want)} (host RAM unknown: no RAM cap)`,
    };
  }
  const cap = roundDownTo(ram * POOL_RAM_SHARE, unit);
  const target = Math.min(want, cap);
  return {
    target,
    unit,
    computation: `min(roundUp(max(data ${fmtBytes(data)} × ${POOL_DATA_HEADROOM}, 128 MiB), ${fmtBytes(unit)}), roundDown(${POOL_RAM_SHARE} × RAM ${fmtBytes(ram)}, ${fmtBytes(unit)})) = min(${fmtBytes(want)}, ${fmtBytes(cap)}) = ${fmtBytes(target)}`,
  };
}
