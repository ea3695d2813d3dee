/** The read side of a SQL connection, as collectors see it. Only the plan executor gets a writer. */
export interface SqlReader {
  /** Runs one read statement with `?` parameters and returns its rows as plain objects. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}
