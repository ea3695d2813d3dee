/** The general path: an event the parser read in full (or a lazy one the fast lane did not take) through prepare → filter → fingerprint → aggregate. */
import { toNumber } from './class-aggregate';
import type { DigestRun } from './digest-run';
import { keep } from './digest-filter';
import { pairText } from './attr-slots';
import { aggregate } from './aggregate';
import { checkPairs } from './pairs-check';
import { classify, prepare } from './prepare';
import { eventTimeMsOf } from './event-time';
import type { SlowLogEvent } from './slow-log.event';
import { fullProps } from './slow-log.record';

/** Digests one event the parser delivered. */
export function onEvent(st: DigestRun, ev: SlowLogEvent): void {
  const t0 = performance.now();
  st.state.parsedEvents++;
  const arg = ev.arg;
  if (arg === undefined || arg === '' || arg === '0') {
    st.state.unreportable++;
    st.inPipeline += performance.now() - t0;
    return;
  }
  let pairs = -1;
  const lazy = ev.lazy;
  if (lazy !== undefined) {
    pairs = arg.startsWith('administrator') ? -1 : checkPairs(st, ev.props, lazy.text, lazy.from, lazy.to, lazy.at);
    // A filter reads every attribute (the check above still teaches the fast lane the line).
    if (pairs < 0 || st.filter) {
      ev.props = fullProps(ev);
      ev.lazy = undefined;
      pairs = -1;
    }
  }
  const props = ev.props;
  const dbBefore = st.lastDb;
  const tsBefore = st.lastTs;
  prepare(st, props, arg);
  const start = pairs >= 0 && st.startJ >= 0 ? pairText(st, lazy!.text, st.startJ) : props.get('Start');
  const timeMs = eventTimeMsOf(start, ev.timeText, props.get('timestamp')) ?? st.lastTimeMs;
  if (timeMs !== undefined) st.lastTimeMs = timeMs;
  const t1 = performance.now();
  st.state.stages.filter.in++;
  if (
    st.filter &&
    !keep(
      st.filter,
      st.textNeedle,
      props.get('db'),
      props.get('user'),
      props.get('host'),
      () => toNumber(props.get('Query_time') ?? '0'),
      () => arg,
      timeMs,
    )
  ) {
    st.state.stages.filter.ms += performance.now() - t1;
    st.inPipeline += performance.now() - t0;
    return;
  }
  st.state.stages.filter.out++;
  const t2 = performance.now();
  st.state.stages.filter.ms += t2 - t1;
  const fp = classify(st, arg);
  const t3 = performance.now();
  st.state.stages.fingerprint.ms += t3 - t2;
  st.state.stages.fingerprint.in++;
  st.state.stages.fingerprint.out++;
  aggregate(st, ev, fp, timeMs, pairs, dbBefore, tsBefore);
  const t4 = performance.now();
  st.state.stages.aggregate.ms += t4 - t3;
  st.state.stages.aggregate.in++;
  st.state.stages.aggregate.out++;
  st.inPipeline += t4 - t0;
}
