/**
 * Slow-log entries as the advisor's events, read by the digest's own parser: the connection is the
 * entry's `Thread_id` (MySQL's `Id:` on the User@Host line, MariaDB's `# Thread_id:`), the start
 * time the most precise the log has (`Start:` with log_slow_extra, else `SET timestamp`, whole
 * seconds), the duration its Query_time. Only a log of every statement (long_query_time = 0)
 * shows all writes and reads; entries without a connection or a time are counted and left out.
 */
import { eventTimeMs } from '../slowlog/event-time';
import { toDisplayText } from '../slowlog/slow-log.event';
import { createSlowLogParser } from '../slowlog/slow-log.parser';
import type { RwEvent } from './rwsplit';

/** Events of a slow log, with warnings for what was left out. */
export function eventsFromSlowLog(text: string | Buffer): { events: RwEvent[]; warnings: string[] } {
  const events: RwEvent[] = [];
  const warnings: string[] = [];
  let noThread = 0;
  let noTime = 0;
  let wholeSeconds = 0;
  const parser = createSlowLogParser({
    onEvent: (ev) => {
      if (!ev.arg || ev.cmd !== 'Query') return;
      const thread = ev.props.get('Thread_id');
      if (!thread) {
        noThread++;
        return;
      }
      const at = eventTimeMs(ev);
      if (at === undefined) {
        noTime++;
        return;
      }
      if (ev.props.get('Start') === undefined) wholeSeconds++;
      const sql = toDisplayText(ev.arg).replace(/;\s*$/, '');
      const db = ev.props.get('db');
      events.push({ thread, startMs: at, durationMs: Number(ev.props.get('Query_time') ?? 0) * 1000, sql, db });
    },
    onWarning: (w) => warnings.push(w.message),
  });
  parser.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  parser.end();
  if (noThread) warnings.push(`${noThread} entr${noThread === 1 ? 'y has' : 'ies have'} no connection id (Thread_id / Id) and were left out.`);
  if (noTime) warnings.push(`${noTime} entr${noTime === 1 ? 'y has' : 'ies have'} no time and were left out.`);
  if (wholeSeconds && events.length && wholeSeconds === events.length) {
    warnings.push(
      'Entries carry whole-second times only (no Start: field; MySQL log_slow_extra=ON gives microseconds): read-after-write gaps are measured to the second.',
    );
  }
  return { events, warnings };
}
