/** Innodb_log_waits: commits that waited for space in the redo log buffer. */
import { defineRule } from '../rule';
import { fmtBytes, fmtNum, SIZE } from '../units';

/** The rule. */
export const innodbLogWaitsRule = defineRule({
  id: 'innodb-log-waits',
  area: 'innodb',
  severity: 'warning',
  title: 'Writes waiting for the redo log buffer',
  rationale:
    'Innodb_log_waits counts times the log buffer was too small and InnoDB had to flush it before continuing. Large transactions (BLOB/TEXT documents, bulk loads) benefit from a larger innodb_log_buffer_size.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-parameters.html#sysvar_innodb_log_buffer_size',
  evaluate(r) {
    const size = r.v('innodb_log_buffer_size', 'bytes');
    const waits = r.delta('Innodb_log_waits');
    if (size === null || waits === null) return null;
    const next = Math.min(256 * SIZE.MIB, size * 2);
    const fires = waits > 0 && next > size;
    return {
      fires,
      message: `${fmtNum(waits)} log buffer waits in the window with innodb_log_buffer_size = ${fmtBytes(size)}.`,
      formula: 'fires when Δ Innodb_log_waits > 0 over the sample window',
      result: { name: 'log waits in window', value: waits, unit: 'count' },
      recommendation: { text: `Raise innodb_log_buffer_size to ${fmtBytes(next)}.`, computation: `min(256 MiB, 2 × ${fmtBytes(size)}) = ${fmtBytes(next)}` },
      changes: fires ? [r.change('innodb_log_buffer_size', next)] : [],
    };
  },
});
