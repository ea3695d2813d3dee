/**
 * long_query_time = 0 with the slow log on: every statement is written to the log. Right for a
 * capture window, a disk and I/O cost when left on; the measured growth says how much.
 */
import { defineRule } from '../rule';
import { fmtBytes, fmtNum } from '../units';
import { SLO_SECONDS } from './slow-log-config.rule';

const HOUR = 3600;

/** Logs every statement: the growth of the log (file bytes when visible, else entries) per hour. */
export const slowLogEverythingRule = defineRule({
  id: 'slow-log-everything',
  area: 'logging',
  severity: 'warning',
  title: 'The slow log records every statement (long_query_time = 0)',
  rationale:
    'With long_query_time = 0 every statement is written to the slow log: the right setting for a capture window that feeds a digest, but left on it writes the whole workload to disk (one busy test server grew its log by 66 MB in 20 minutes), costs I/O on every statement and fills the log volume. Raise the threshold to the response-time objective when the capture is done.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html#sysvar_long_query_time',
  evaluate(r, { snapshot }) {
    const on = r.v('slow_query_log');
    const lqt = r.v('long_query_time', 'seconds');
    if (on === null || lqt === null) return null;
    const fires = on === 1 && lqt === 0;
    const entries = r.rate('Slow_queries');
    const interval = snapshot.intervalSeconds;
    const file = snapshot.slowLogBytes;
    const grew = file && interval > 0 && file.after >= file.before ? file.after - file.before : null;
    const bytesPerHour = grew === null ? null : (grew / interval) * HOUR;
    if (grew !== null)
      r.derived(
        'slow log growth',
        bytesPerHour,
        'bytes',
        `file size ${fmtBytes(file!.before)} → ${fmtBytes(file!.after)} over ${fmtNum(interval)} s, × ${HOUR} s`,
      );
    const growth =
      bytesPerHour !== null
        ? `the log file grew ${fmtBytes(grew)} in ${fmtNum(interval)} s (≈ ${fmtBytes(bytesPerHour)} an hour)`
        : entries !== null
          ? `${fmtNum(entries)} entries a second were logged during the sample (≈ ${fmtNum(Math.round(entries * HOUR))} an hour; the file itself is not visible from here)`
          : 'take a second sample to measure how fast the log grows';
    return {
      fires,
      message: fires ? `slow_query_log = ON with long_query_time = 0: every statement is logged; ${growth}.` : `long_query_time = ${lqt} s.`,
      formula: 'fires when slow_query_log = ON and long_query_time = 0; growth = Δ file size (or Δ Slow_queries) / interval × 3600',
      result:
        bytesPerHour !== null
          ? { name: 'slow log growth per hour', value: Math.round(bytesPerHour), unit: 'bytes' }
          : { name: 'long_query_time', value: lqt, unit: 'seconds' },
      recommendation: {
        text: `When the capture is over, set long_query_time = ${SLO_SECONDS} (the response-time objective) so only slow statements are logged.`,
        computation: `long_query_time = read SLO ${SLO_SECONDS * 1000} ms`,
      },
      changes: fires ? [r.change('long_query_time', SLO_SECONDS)] : [],
    };
  },
});
