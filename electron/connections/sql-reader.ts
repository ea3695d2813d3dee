/** The read side of a SQL connection, as collectors see it. Only the plan executor gets a writer. */
export interface SqlReader {
  /** Runs one read statement with `?` parameters and returns its rows as plain objects. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/**
 * What a statement answered: rows, or the server's OK packet (`SELECT … INTO @x` and anything else
 * without a result set) with its affected-row and warning counts, so a caller never mistakes an
 * OK packet for a row array.
 */
export type ReadOutcome<T> = { kind: 'rows'; rows: T[] } | { kind: 'ok'; affectedRows: number; warnings: number };

/** Reads mysql2's answer (a row array, or a ResultSetHeader for an OK packet) as a ReadOutcome. */
export function readOutcomeOf<T>(result: unknown): ReadOutcome<T> {
  if (Array.isArray(result)) return { kind: 'rows', rows: result as T[] };
  return { kind: 'ok', ...okCountsOf(result) };
}

/** The affected-row and warning counts of an OK packet (mysql2's ResultSetHeader). */
export function okCountsOf(header: unknown): { affectedRows: number; warnings: number } {
  const h = (header ?? {}) as { affectedRows?: unknown; warningStatus?: unknown };
  return { affectedRows: Number(h.affectedRows ?? 0) || 0, warnings: Number(h.warningStatus ?? 0) || 0 };
}
