/**
 * The one reader of information_schema's table facts (TABLES, COLUMNS, STATISTICS, and on request
 * PARTITIONS and foreign keys) for every feature: the EXPLAIN analyzer, the linter and the
 * editor's autocompletion read a few tables of one or several schemas; the index advisor reads a
 * whole database. The rows come back raw; each engine builds its own view of them.
 * https://dev.mysql.com/doc/refman/8.4/en/information-schema-statistics-table.html
 */
import type { InformationSchemaRows } from '../../engines/information-schema/rows';
import type { SqlReader } from '../sql-reader';

/** Which tables, and what besides tables, columns and indexes. */
export interface InformationSchemaScope {
  /** Schemas to read; 'current' is the session's database (DATABASE()). */
  readonly schemas: readonly string[] | 'current';
  /** Only these table names (unqualified); all tables of the schemas when absent. */
  readonly tables?: readonly string[];
  readonly partitions?: boolean;
  readonly foreignKeys?: boolean;
  /**
   * How the server says whether an index is used by the optimizer, selected as IS_VISIBLE:
   * MySQL 8+ has IS_VISIBLE, MariaDB 10.6+ IGNORED; other servers have neither (every index
   * then reads as visible).
   */
  readonly indexVisibility?: 'is_visible' | 'ignored' | 'none';
}

const VISIBILITY = { is_visible: 'IS_VISIBLE', ignored: "IF(IGNORED = 'YES', 'NO', 'YES')", none: "'YES'" } as const;

/** Reads the scope's rows (read-only; several small queries, no locks beyond metadata reads). */
export async function readInformationSchema(reader: SqlReader, scope: InformationSchemaScope): Promise<InformationSchemaRows> {
  const schemas = scope.schemas === 'current' ? [] : [...scope.schemas];
  const tables = scope.tables ? [...new Set(scope.tables)] : [];
  if ((scope.schemas !== 'current' && schemas.length === 0) || (scope.tables && tables.length === 0)) {
    return { tables: [], columns: [], statistics: [], partitions: [], foreignKeys: [] };
  }
  const inSchema = schemas.length ? `TABLE_SCHEMA IN (${schemas.map(() => '?').join(', ')})` : 'TABLE_SCHEMA = DATABASE()';
  const where = tables.length ? `${inSchema} AND TABLE_NAME IN (${tables.map(() => '?').join(', ')})` : inSchema;
  const params = [...schemas, ...tables];
  const visibility = VISIBILITY[scope.indexVisibility ?? 'none'];
  return {
    tables: await reader.query(
      `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH
         FROM information_schema.TABLES WHERE ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME`,
      params,
    ),
    columns: await reader.query(
      `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE,
              CHARACTER_SET_NAME, COLLATION_NAME, NUMERIC_PRECISION
         FROM information_schema.COLUMNS WHERE ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
      params,
    ),
    statistics: await reader.query(
      `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, CARDINALITY,
              INDEX_TYPE, ${visibility} AS IS_VISIBLE
         FROM information_schema.STATISTICS WHERE ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
      params,
    ),
    partitions: scope.partitions
      ? await reader.query(
          `SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_NAME FROM information_schema.PARTITIONS
            WHERE ${where} AND PARTITION_NAME IS NOT NULL ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION`,
          params,
        )
      : [],
    foreignKeys: scope.foreignKeys
      ? await reader.query(
          `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
             FROM information_schema.KEY_COLUMN_USAGE
            WHERE ${where} AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
          params,
        )
      : [],
  };
}
