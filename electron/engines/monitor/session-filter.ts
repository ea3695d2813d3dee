/** The processlist filters of the activity view, applied to collected rows. Pure. */
import type { z } from 'zod';
import type { sessionRow } from '../../../shared/contract/monitor';
import type { sessionFilter } from '../../../shared/contract/monitor.calls';

type Session = z.infer<typeof sessionRow>;

/** Server-internal sessions that are never a DBA's target (InnoDB purge, event scheduler, replication threads shown separately). */
const DAEMONS = /^(Daemon|Binlog Dump|Binlog Dump GTID|Slave_IO|Slave_SQL|Slave_worker)$/i;

/** Keeps the sessions matching every given filter; longest-running first. */
export function filterSessions(sessions: readonly Session[], filter: z.output<typeof sessionFilter>): Session[] {
  const text = filter.text?.toLowerCase();
  return sessions
    .filter((s) => !filter.hideIdle || (s.command !== 'Sleep' && !DAEMONS.test(s.command) && s.user !== 'system user'))
    .filter((s) => !filter.user || s.user === filter.user)
    .filter((s) => !filter.db || s.db === filter.db)
    .filter((s) => s.timeSec >= filter.minTimeSec)
    .filter((s) => !text || (s.info ?? '').toLowerCase().includes(text))
    .sort((a, b) => b.timeSec - a.timeSec || a.id - b.id);
}
