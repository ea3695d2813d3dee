/** Redo log capacity against the current redo write rate: aim for about an hour of writes. */
import { defineRule } from '../rule';
import { fmtBytes, roundUpTo, SIZE } from '../units';

/** Seconds of redo the log should hold at the sampled write rate. */
const TARGET_SECONDS = 3600;
/** Smallest redo size worth recommending (MySQL's minimum capacity is 8 MiB; below 48 MiB checkpoints thrash). */
const FLOOR = 48 * SIZE.MIB;

/** The rule. */
export const innodbRedoCapacityRule = defineRule({
  id: 'innodb-redo-capacity',
  area: 'innodb',
  severity: 'warning',
  title: 'Redo log too small for the write rate',
  rationale:
    'When the redo log fills, InnoDB must flush dirty pages to advance the checkpoint and stalls writes while it does. A redo log that holds about an hour of writes at the current rate smooths flushing; much more only lengthens crash recovery.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-redo-log.html#innodb-modifying-redo-log-capacity',
  evaluate(r, { caps }) {
    const variable = caps.redoVariable;
    const size = r.v(variable, 'bytes');
    if (size === null) return null;
    // Before MySQL 8.0.30 the redo log is files_in_group files of innodb_log_file_size each.
    const files = variable === 'innodb_log_file_size' && r.has('innodb_log_files_in_group') ? (r.v('innodb_log_files_in_group') ?? 1) : 1;
    const capacity = size * files;
    const rate = r.rate('Innodb_os_log_written', 'per-second');
    if (rate === null) return null;
    const hourly = rate * TARGET_SECONDS;
    r.derived('redo capacity', capacity, 'bytes', files > 1 ? `${files} files × ${fmtBytes(size)}` : variable);
    r.derived('redo bytes per hour at the sampled rate', hourly, 'bytes');
    const recommendedTotal = Math.max(FLOOR, roundUpTo(hourly, 64 * SIZE.MIB));
    const recommended = Math.ceil(recommendedTotal / files);
    const minutes = rate > 0 ? capacity / rate / 60 : null;
    return {
      fires: capacity < 0.5 * hourly,
      severity: minutes !== null && minutes < 10 ? 'critical' : 'warning',
      message:
        minutes === null
          ? `No redo written in the sample window; capacity ${fmtBytes(capacity)}.`
          : `Redo capacity ${fmtBytes(capacity)} holds ${minutes.toFixed(1)} min of writes at the sampled ${fmtBytes(rate)}/s.`,
      formula: 'minutes held = capacity / (Δ Innodb_os_log_written / interval) / 60; fires below 30 min',
      result: { name: 'minutes of redo held', value: minutes, unit: 'count' },
      recommendation: {
        text: `Set ${variable} to ${fmtBytes(recommended)}${files > 1 ? ` (× ${files} files)` : ''}.`,
        computation: `max(48 MiB, roundUp(${fmtBytes(rate)}/s × ${TARGET_SECONDS} s, 64 MiB)) = ${fmtBytes(recommendedTotal)}`,
      },
      changes: capacity < 0.5 * hourly ? [r.change(variable, recommended)] : [],
    };
  },
});
