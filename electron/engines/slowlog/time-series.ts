/**
 * Per-class time series: events and total Query_time per time slot. The slot width starts at a
 * minute and doubles whenever a class would hold more than MAX_SLOTS slots, so memory stays
 * bounded however long the log spans; states with different widths merge at the wider one.
 */
import type { ClassState, DigestState } from './digest-state';

const MAX_SLOTS = 512;

/** Adds one event to its class's series. */
export function addToSeries(state: DigestState, cls: ClassState, timeMs: number, queryTime: number): void {
  const slot = Math.floor(timeMs / state.seriesStepMs);
  const cell = cls.series.get(slot);
  if (cell) {
    cell[0]++;
    cell[1] += queryTime;
  } else {
    cls.series.set(slot, [1, queryTime]);
    if (cls.series.size > MAX_SLOTS) widenSeries(state, state.seriesStepMs * 2);
  }
}

/** Re-buckets every class of a state to a wider slot (a multiple of the current one). */
export function widenSeries(state: DigestState, stepMs: number): void {
  if (stepMs <= state.seriesStepMs) return;
  const factor = stepMs / state.seriesStepMs;
  for (const cls of state.classes.values()) cls.series = rekey(cls.series, factor);
  state.seriesStepMs = stepMs;
}

function rekey(series: Map<number, [number, number]>, factor: number): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (const [slot, [n, t]] of series) {
    const k = Math.floor(slot / factor);
    const cell = out.get(k);
    if (cell) {
      cell[0] += n;
      cell[1] += t;
    } else out.set(k, [n, t]);
  }
  return out;
}

/** Adds `from` (already at the same slot width) into `into`. */
export function mergeSeries(into: Map<number, [number, number]>, from: Map<number, [number, number]>): void {
  for (const [slot, [n, t]] of from) {
    const cell = into.get(slot);
    if (cell) {
      cell[0] += n;
      cell[1] += t;
    } else into.set(slot, [n, t]);
  }
}
