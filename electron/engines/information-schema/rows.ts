/**
 * Raw information_schema rows, as one collector reads them for every feature (column names
 * upper-case, as the server labels them). Each engine builds its own view from these: the
 * EXPLAIN analyzer's schema snapshot (engines/explain/schema-snapshot) and the index advisor's
 * (engines/advisor/schema-live). Tests feed captured rows.
 * https://dev.mysql.com/doc/refman/8.4/en/information-schema-table-reference.html
 */

/** One row; read its fields through the helpers below (servers differ in number/string types). */
export type InformationSchemaRow = Record<string, unknown>;

/** The rows of one read. */
export interface InformationSchemaRows {
  /** TABLES: TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH. */
  readonly tables: readonly InformationSchemaRow[];
  /** COLUMNS in ordinal order: ..., COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH,
   * IS_NULLABLE, CHARACTER_SET_NAME, COLLATION_NAME, NUMERIC_PRECISION. */
  readonly columns: readonly InformationSchemaRow[];
  /** STATISTICS by index and position: INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME,
   * SUB_PART, COLLATION, CARDINALITY, INDEX_TYPE, and IS_VISIBLE ('YES'/'NO') when read. */
  readonly statistics: readonly InformationSchemaRow[];
  /** PARTITIONS with a name, in ordinal order (empty when not read). */
  readonly partitions: readonly InformationSchemaRow[];
  /** KEY_COLUMN_USAGE of foreign keys: CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME,
   * REFERENCED_COLUMN_NAME, in key order (absent when not read). */
  readonly foreignKeys?: readonly InformationSchemaRow[];
}

/** A field as text ('' for NULL). */
export function text(v: unknown): string {
  return v == null ? '' : String(v);
}

/** A field as a finite number, or null. */
export function numberOrNull(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** `schema.table` of a row: the key rows of different tables are joined on. */
export function tableKey(r: InformationSchemaRow): string {
  return `${text(r.TABLE_SCHEMA)}.${text(r.TABLE_NAME)}`;
}
