/**
 * The digest pipeline, stage by stage as pt-query-digest runs it: parse → filter →
 * fingerprint → (tables, per class at report time) → aggregate → (rank, at report time).
 * Events go through pt's own preparation steps in pt's order (Schema→db alias, db/ts
 * inheritance, zeroed row counts for admin commands, rate-limit folding) so aggregates match.
 *
 * The stages are modules over one explicit state (`DigestRun`): the parser hands each record to
 * the fast lane (lane-record, with lane-aggs) or each event to the general path (general-path,
 * with pairs-check), both of which prepare (prepare), filter (digest-filter), classify (prepare)
 * and aggregate (aggregate, attr-slots); `end` settles the slots into the returned state.
 */
import type { AttrType } from './class-aggregate';
import type { DigestState } from './digest-state';
import { DigestRun, type DigestOptions } from './digest-run';
import { settle, settleSamples } from './aggregate';
import { onEvent } from './general-path';
import { detachAggs, settleExtremes } from './lane-aggs';
import { fastRecord } from './lane-record';
import { createSlowLogParser, noEntriesMessage, type SlowLogParser } from './slow-log.parser';

export { activeFilter, type DigestFilter } from './digest-filter';
export { unquoteDb, type DigestOptions } from './digest-run';
export { plainDecimal } from './attr-slots';

/** A digest in progress. */
export interface Digester {
  push(chunk: Buffer | string): void;
  /** Finishes parsing and returns the state (call once). */
  end(): DigestState;
  /** Bytes read and events parsed so far, and how many of those the fast lane read. */
  progress(): { bytes: number; events: number; fastEvents: number; laneValues: number };
  /** The attribute types fixed so far (by their first values, or given), in the order they were fixed. */
  types(): ReadonlyMap<string, AttrType>;
  /**
   * Types learned while the digest runs from the ranges before this one (what `DigestOptions.types`
   * gives at the start): the attributes not met yet take them. Returns whether the digest has
   * already typed one of them otherwise (its state then differs from what the types ask for).
   */
  addTypes(types: Readonly<Record<string, AttrType>>): boolean;
}

/** Starts a digest. */
export function createDigester(options: DigestOptions = {}): Digester {
  const st = new DigestRun(options);
  const state = st.state;
  const parser: SlowLogParser = createSlowLogParser({
    onEvent: (ev) => onEvent(st, ev),
    onWarning: (w) => state.warnings.push(w),
    maxEntryBytes: options.maxEntryBytes,
    baseOffset: options.baseOffset,
    ptBanners: options.ptCompatible,
    lazyPairs: true,
    onRecordBytes: options.fastLane === false ? undefined : (b, from, to, pos, scanNo) => fastRecord(st, b, from, to, pos, scanNo),
  });

  const timed = (fn: () => void): void => {
    const before = st.inPipeline;
    const t = performance.now();
    fn();
    // The lane's sampled times may add up to more than the push took.
    state.stages.parse.ms += Math.max(0, performance.now() - t - (st.inPipeline - before));
  };

  return {
    push: (chunk) => timed(() => parser.push(chunk)),
    end: () => {
      timed(() => parser.end());
      // Statements without header lines (a SQL file, a general log) parse as events none of which
      // has a Query_time: the input is not a slow log, and the report says what it looks like.
      // Only the range that starts the file can tell.
      if (
        !options.baseOffset &&
        state.parsedEvents > 0 &&
        state.parsedEvents === state.unreportable &&
        !state.warnings.some((w) => w.kind === 'no-entries' || w.kind === 'binary-input')
      ) {
        state.warnings.push({ kind: 'no-entries', message: noEntriesMessage(parser.head()), offset: 0, skippedBytes: 0, skippedLines: 0 });
      }
      settleExtremes(st);
      detachAggs(st);
      settleSamples(st);
      state.nPlusOneEdges = st.nplus1.finish();
      settle(st);
      state.bytes = parser.counts.bytes;
      state.skippedBytes = parser.counts.skippedBytes;
      state.skippedLines = parser.counts.skippedLines;
      state.stages.parse.in = parser.counts.records;
      state.stages.parse.out = parser.counts.events;
      return state;
    },
    progress: () => ({ bytes: parser.counts.bytes, events: parser.counts.events, fastEvents: st.fastEvents, laneValues: st.laneValues }),
    types: () => state.types,
    addTypes: (types) => {
      let otherwise = false;
      for (const [name, type] of Object.entries(types)) {
        const own = state.types.get(name);
        if (own !== undefined) otherwise ||= own !== type;
        // An attribute met already without a type (one the digest ignores) stays as it is.
        else if (!st.attrs.has(name)) state.types.set(name, type);
      }
      return otherwise;
    },
  };
}
