/** Transactions whose binary log events spilled from binlog_cache_size to a temporary file. */
import { defineRule } from '../rule';
import { fmtBytes, fmtNum, fmtPct, SIZE } from '../units';

const MIN_USES = 100;

/** The rule. */
export const binlogCacheRule = defineRule({
  id: 'binlog-cache',
  area: 'replication',
  severity: 'info',
  title: 'Binary log cache spilling to disk',
  rationale:
    'Each transaction buffers its binary log events in binlog_cache_size (per connection) and spills to a temporary file when they do not fit (Binlog_cache_disk_use). Occasional spills from bulk loads are normal; a high share on the regular workload costs I/O at commit. Raise it moderately — it is allocated per connection that writes.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/replication-options-binary-log.html#sysvar_binlog_cache_size',
  evaluate(r) {
    if (r.v('log_bin') !== 1) return null;
    const w = r.window(['Binlog_cache_disk_use', 'Binlog_cache_use'], 'Binlog_cache_use', MIN_USES);
    const size = r.v('binlog_cache_size', 'bytes');
    if (!w || size === null) return null;
    const [disk = 0, uses = 0] = w.values;
    if (uses < MIN_USES) return null;
    const ratio = disk / uses;
    const next = Math.min(SIZE.MIB, size * 4);
    const fires = ratio > 0.1 && next > size;
    return {
      fires,
      message: `${fmtNum(disk)} of ${fmtNum(uses)} transactions spilled their binlog cache to disk ${w.source === 'status-delta' ? 'in the window' : 'since startup (includes bulk loads)'} (${fmtPct(ratio)}); binlog_cache_size = ${fmtBytes(size)}.`,
      formula: 'spill share = Binlog_cache_disk_use / Binlog_cache_use; fires above 10%',
      result: { name: 'binlog cache spill share', value: ratio, unit: 'ratio' },
      recommendation: {
        text: `Raise binlog_cache_size to ${fmtBytes(next)}; if the spills come from batch jobs, leave it and accept them.`,
        computation: `min(1 MiB, 4 × ${fmtBytes(size)}) = ${fmtBytes(next)}`,
      },
      changes: fires ? [r.change('binlog_cache_size', next)] : [],
    };
  },
});
