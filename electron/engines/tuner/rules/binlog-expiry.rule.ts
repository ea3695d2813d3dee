/** Binary logs purged automatically, with the non-deprecated variable. */
import { defineRule } from '../rule';

const WEEK = 7 * 86400;

/** The rule. */
export const binlogExpiryRule = defineRule({
  id: 'binlog-expiry',
  area: 'replication',
  severity: 'warning',
  title: 'Binary logs never expire (or use the deprecated setting)',
  rationale:
    'With both binlog_expire_logs_seconds and expire_logs_days at 0 binary logs are never purged and eventually fill the disk. binlog_expire_logs_seconds is the precise setting on MySQL 8.0+ and MariaDB 10.6+; expire_logs_days is removed in MySQL 8.4 and only an alias on MariaDB.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/replication-options-binary-log.html#sysvar_binlog_expire_logs_seconds',
  appliesTo: (caps) => caps.hasBinlogExpireSeconds,
  evaluate(r, { caps }) {
    const logBin = r.v('log_bin');
    if (logBin !== 1) return null;
    const seconds = r.v('binlog_expire_logs_seconds', 'seconds') ?? 0;
    const days = caps.hasExpireLogsDays && r.has('expire_logs_days') ? (r.v('expire_logs_days') ?? 0) : 0;
    const never = seconds === 0 && days === 0;
    // On MySQL 8.0 a non-zero expire_logs_days is honoured only when seconds is 0 — deprecated.
    const deprecated = caps.version.flavor === 'mysql' && days > 0 && seconds === 0;
    const recommended = deprecated ? Math.round(days * 86400) : WEEK;
    const fires = never || deprecated;
    return {
      fires,
      severity: never ? 'warning' : 'info',
      message: never
        ? 'Binary logging is on and binary logs are never purged.'
        : `Binary logs expire after ${seconds > 0 ? `${seconds} s` : `${days} day(s) via expire_logs_days`}.`,
      formula: 'fires when log_bin = ON and binlog_expire_logs_seconds = 0 and expire_logs_days = 0 (or only the deprecated days are set on MySQL)',
      result: { name: 'binlog retention seconds', value: seconds > 0 ? seconds : days * 86400, unit: 'seconds' },
      recommendation: {
        text: `Set binlog_expire_logs_seconds = ${recommended} (keep longer than your oldest backup you may restore and replay from).`,
        computation: deprecated ? `expire_logs_days ${days} × 86400 = ${recommended}` : '7 days × 86400 s',
      },
      changes: fires ? [r.change('binlog_expire_logs_seconds', recommended)] : [],
    };
  },
});
