/** Replica threads running and lag, from SHOW REPLICA/SLAVE STATUS. */
import { defineRule } from '../rule';

const LAG_WARN = 60;

/** The rule. */
export const replicationHealthRule = defineRule({
  id: 'replication-health',
  area: 'replication',
  severity: 'critical',
  title: 'Replication stopped or lagging',
  rationale:
    'A replica whose IO or SQL thread stopped no longer receives changes; a lagging one serves stale reads and fails over with data loss. The cause is in Last_Error / the error log; no variable fixes it blindly.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/replication-administration-status.html',
  evaluate(r, { snapshot }) {
    const chans = snapshot.replication.channels;
    if (chans.length === 0) return null;
    const broken = chans.filter((c) => c.ioRunning !== 'Yes' || c.sqlRunning !== 'Yes');
    const lagging = chans.filter((c) => c.secondsBehind !== null && c.secondsBehind > LAG_WARN);
    for (const c of chans) {
      const name = c.channel || 'default';
      r.derived(`${name}: IO/SQL running`, `${c.ioRunning}/${c.sqlRunning}`, 'text', snapshot.replication.statement);
      r.derived(`${name}: seconds behind source`, c.secondsBehind, 'seconds', snapshot.replication.statement);
    }
    const maxLag = Math.max(0, ...chans.map((c) => c.secondsBehind ?? 0));
    return {
      fires: broken.length > 0 || lagging.length > 0,
      severity: broken.length > 0 ? 'critical' : 'warning',
      message: `${chans.length} channel(s): ${broken.length} not running${broken[0]?.lastError ? ` (${broken[0].lastError})` : ''}, ${lagging.length} over ${LAG_WARN} s behind (max ${maxLag} s).`,
      formula: `fires when a channel's IO or SQL thread is not "Yes" or Seconds_Behind_Source > ${LAG_WARN}`,
      result: { name: 'max seconds behind', value: maxLag, unit: 'seconds' },
      recommendation: {
        text: "Read Last_Error, fix the cause, then START REPLICA; for lag look at the replica's slow log and parallel applier settings.",
        computation: 'no variable change',
      },
      changes: [],
    };
  },
});
