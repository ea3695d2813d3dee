/** The lazy pairs check: reads an entry's `Name: value` line in place and teaches the fast lane its names. */
import type { DigestRun } from './digest-run';
import { nameAt } from './attr-slots';
import { teachLane } from './lane-layout';
import { scanExpectedPairs, scanPairs } from './slow-log.record';

/**
 * Reads the pairs line of a lazy event into `offs`/`pairSlots` and returns the pair count, or
 * -1 when the event must be read in full: a name not seen before (its type and first-seen
 * order are fixed the plain way), one the preparation reads, or a name set twice (props keep
 * a name's first place and last value) unless it is an ignored one met first before the line.
 * Changes nothing the digest reports.
 */
export function checkPairs(st: DigestRun, props: Map<string, string>, line: string, from: number, to: number, at: number): number {
  // The guesses may change below: the fast lane waits for the next line that passes.
  st.fastCount = 0;
  const stamp = ++st.stampNo;
  let i = 0;
  for (const name of props.keys()) {
    const slot = st.attrs.get(name);
    if (slot !== undefined) {
      slot.stamp = stamp;
      slot.before = i < at;
    }
    i++;
  }
  // The names are usually those of the last entry, in the same order: one guided pass reads them.
  let n = st.guessCount > 0 ? scanExpectedPairs(line, from, to, st.offs, st.guessNames, st.guessCount) : -1;
  const guided = n >= 0;
  if (!guided) n = scanPairs(line, from, to, st.offs);
  st.qtJ = st.tidJ = st.startJ = -1;
  for (let j = 0; j < n; j++) {
    let slot = st.guess[j];
    if (!guided) {
      const k = st.offs[j * 4]!;
      const colon = st.offs[j * 4 + 1]!;
      if (slot === undefined || !nameAt(slot.name, line, k, colon)) {
        slot = st.attrs.get(line.slice(k, colon));
        if (slot === undefined) return -1;
        st.guess[j] = slot;
        st.guessNames[j] = slot.name;
      }
    }
    slot = slot!;
    if (slot.special) return -1;
    if (slot.stamp === stamp && (slot.type !== undefined || !slot.before)) return -1;
    slot.stamp = stamp;
    slot.before = true;
    st.pairSlots[j] = slot;
    if (slot.queryTime) st.qtJ = j;
    else if (slot.name === 'Thread_id') st.tidJ = j;
    else if (slot.name === 'Start') st.startJ = j;
  }
  st.guessCount = n;
  teachLane(st, st.pairSlots, n, [n]);
  return n;
}
