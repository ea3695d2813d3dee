/** Durability trade-offs of innodb_flush_log_at_trx_commit and sync_binlog, stated as such. */
import { defineRule } from '../rule';

/** The rule. */
export const durabilitySettingsRule = defineRule({
  id: 'durability-settings',
  area: 'durability',
  severity: 'info',
  title: 'Commits are not fully durable (a trade-off, not a bug)',
  rationale:
    'With innodb_flush_log_at_trx_commit = 2 (or 0) the redo log is synced about once a second, and with sync_binlog ≠ 1 the binary log is synced by the OS: an OS crash or power loss can lose up to ~1 s of committed transactions, and the binlog can disagree with InnoDB (replicas diverge, point-in-time recovery misses commits). Faster commits are a valid choice when that loss is acceptable.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-parameters.html#sysvar_innodb_flush_log_at_trx_commit',
  evaluate(r) {
    const flush = r.v('innodb_flush_log_at_trx_commit');
    const logBin = r.v('log_bin');
    const sync = r.v('sync_binlog');
    if (flush === null) return null;
    const changes = [];
    if (flush !== 1) changes.push(r.change('innodb_flush_log_at_trx_commit', 1));
    if (logBin === 1 && sync !== 1) changes.push(r.change('sync_binlog', 1));
    return {
      fires: changes.length > 0,
      message: `innodb_flush_log_at_trx_commit = ${flush}${logBin === 1 ? `, sync_binlog = ${sync}` : ' (binary log off)'}: up to ~1 s of commits can be lost on an OS crash or power loss.`,
      formula: 'fires when innodb_flush_log_at_trx_commit ≠ 1, or log_bin = ON and sync_binlog ≠ 1',
      result: { name: 'fully durable', value: changes.length === 0 ? 'yes' : 'no', unit: 'text' },
      recommendation: {
        text: 'Keep the current values only if losing ~1 s of commits is acceptable; otherwise set both to 1 (one fsync per commit group — measure the commit latency after).',
        computation: '1 = sync at every commit',
      },
      changes,
    };
  },
});
