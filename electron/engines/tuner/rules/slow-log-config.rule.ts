/** Slow log on and its threshold at or below the application's response-time objective. */
import { defineRule } from '../rule';

/** Reads must stay under 200 ms (the co-writing platform's SLO); log anything slower. */
export const SLO_SECONDS = 0.2;

/** The rule. */
export const slowLogConfigRule = defineRule({
  id: 'slow-log-config',
  area: 'logging',
  severity: 'warning',
  title: 'Slow query log off or threshold above the SLO',
  rationale:
    'Without the slow log there is no evidence of which queries to fix. long_query_time above the response-time objective hides exactly the queries that break it; 0 logs everything, useful for a capture window but heavy to keep.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/slow-query-log.html',
  evaluate(r) {
    const on = r.v('slow_query_log');
    const lqt = r.v('long_query_time', 'seconds');
    if (on === null || lqt === null) return null;
    const changes = [];
    if (on !== 1) changes.push(r.change('slow_query_log', 'ON'));
    if (lqt > SLO_SECONDS) changes.push(r.change('long_query_time', SLO_SECONDS));
    return {
      fires: changes.length > 0,
      message: `slow_query_log = ${on === 1 ? 'ON' : 'OFF'}, long_query_time = ${lqt} s (SLO ${SLO_SECONDS} s).`,
      formula: `fires when slow_query_log = OFF or long_query_time > ${SLO_SECONDS}`,
      result: { name: 'long_query_time', value: lqt, unit: 'seconds' },
      recommendation: {
        text: `Turn the slow log on with long_query_time = ${SLO_SECONDS} (or lower during a capture).`,
        computation: `long_query_time ≤ read SLO ${SLO_SECONDS * 1000} ms`,
      },
      changes,
    };
  },
});
