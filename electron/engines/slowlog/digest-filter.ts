/** The filter stage of the digest: which events a run keeps (pt-query-digest's --filter/--since/--until). */

/** Which events to keep. Times are epoch ms; text matches the statement, case-insensitively. */
export interface DigestFilter {
  since?: number;
  until?: number;
  db?: readonly string[];
  user?: readonly string[];
  host?: readonly string[];
  minQueryTime?: number;
  text?: string;
}

/** The filter when it sets anything, else undefined: an empty filter keeps every event, and must
 * not cost what a real one does (a filtered run reads every event's attributes in full). */
export function activeFilter(f: DigestFilter | undefined): DigestFilter | undefined {
  if (!f) return undefined;
  const set = Object.values(f).some((v: unknown) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  return set ? f : undefined;
}

/** Whether an event passes the filter (its Query_time and statement are read only when the filter needs them). */
export function keep(
  f: DigestFilter,
  needle: string | undefined,
  db: string | undefined,
  user: string | undefined,
  host: string | undefined,
  queryTime: () => number,
  arg: () => string,
  timeMs: number | undefined,
): boolean {
  if (f.since !== undefined && (timeMs === undefined || timeMs < f.since)) return false;
  if (f.until !== undefined && (timeMs === undefined || timeMs > f.until)) return false;
  if (f.db && f.db.length > 0 && !f.db.includes(db ?? '')) return false;
  if (f.user && f.user.length > 0 && !f.user.includes(user ?? '')) return false;
  if (f.host && f.host.length > 0 && !f.host.includes(host ?? '')) return false;
  if (f.minQueryTime !== undefined && queryTime() < f.minQueryTime) return false;
  if (needle && !arg().toLowerCase().includes(needle)) return false;
  return true;
}
