/** Linear read-ahead efficiency: pages read ahead that were evicted without being used. */
import { defineRule } from '../rule';
import { fmtNum, fmtPct } from '../units';

const MIN_READ_AHEAD = 1000;

/** The rule. */
export const innodbReadAheadRule = defineRule({
  id: 'innodb-read-ahead',
  area: 'innodb',
  severity: 'info',
  title: 'InnoDB read-ahead wasting reads',
  rationale:
    'Linear read-ahead prefetches an extent when enough pages of the previous one were read in order. Pages it prefetches and evicts unused (Innodb_buffer_pool_read_ahead_evicted) cost I/O and push useful pages out. A higher innodb_read_ahead_threshold makes read-ahead less eager.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-performance-read_ahead.html',
  evaluate(r) {
    const w = r.window(['Innodb_buffer_pool_read_ahead', 'Innodb_buffer_pool_read_ahead_evicted'], 'Innodb_buffer_pool_read_ahead', MIN_READ_AHEAD);
    const threshold = r.v('innodb_read_ahead_threshold');
    if (!w || threshold === null) return null;
    const [ahead = 0, evicted = 0] = w.values;
    if (ahead < MIN_READ_AHEAD) return null;
    const efficiency = 1 - evicted / ahead;
    const next = Math.min(64, threshold + 8);
    const fires = efficiency < 0.8 && threshold < 64;
    return {
      fires,
      message: `${fmtNum(evicted)} of ${fmtNum(ahead)} read-ahead pages evicted unused ${w.source === 'status-delta' ? 'in the window' : 'since startup'}: efficiency ${fmtPct(efficiency)}.`,
      formula: 'efficiency = 1 − Innodb_buffer_pool_read_ahead_evicted / Innodb_buffer_pool_read_ahead; fires below 80%',
      result: { name: 'read-ahead efficiency', value: efficiency, unit: 'ratio' },
      recommendation: { text: `Raise innodb_read_ahead_threshold from ${threshold} to ${next}.`, computation: `min(64, ${threshold} + 8) = ${next}` },
      changes: fires ? [r.change('innodb_read_ahead_threshold', next)] : [],
    };
  },
});
