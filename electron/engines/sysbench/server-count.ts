/**
 * The statements the server ran for a sysbench account between two performance_schema reads: each
 * execution of a prepared statement (statement/com/Execute) and each plain statement
 * (statement/sql/…), which is what sysbench counts as its queries; preparing, closing and
 * quitting are protocol work sysbench does not count. Pure.
 */

/** Event names that are statements sysbench issued as queries. */
export function isQueryEvent(event: string): boolean {
  return event === 'statement/com/Execute' || event.startsWith('statement/sql/');
}

/** The delta per event and the query total, or null when either read is missing. */
export function accountStatementDelta(
  before: Record<string, number> | null,
  after: Record<string, number> | null,
): { total: number; byEvent: Record<string, number> } | null {
  if (!before || !after) return null;
  const byEvent: Record<string, number> = {};
  let total = 0;
  for (const [event, n] of Object.entries(after)) {
    const d = n - (before[event] ?? 0);
    if (d <= 0) continue;
    byEvent[event] = d;
    if (isQueryEvent(event)) total += d;
  }
  return { total, byEvent };
}
