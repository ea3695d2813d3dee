/** Autocompletion data per connection: schemas, tables with columns, functions; cached until refreshed. */
import type { SchemaInfo } from '../../../shared/contract/sql.calls';
import type { SqlReader } from '../../connections/sql-reader';

const SYSTEM_SCHEMAS = ['mysql', 'information_schema', 'performance_schema', 'sys'];
const MAX_COLUMNS = 50_000;

/** Built-in functions offered everywhere (the server's own routines are added per connection). */
export const BUILTIN_FUNCTIONS = [
  'ABS',
  'AVG',
  'CAST',
  'CEIL',
  'COALESCE',
  'CONCAT',
  'CONCAT_WS',
  'CONVERT',
  'COUNT',
  'CURDATE',
  'CURRENT_TIMESTAMP',
  'DATE',
  'DATE_ADD',
  'DATE_FORMAT',
  'DATE_SUB',
  'DATEDIFF',
  'DAY',
  'FLOOR',
  'FROM_UNIXTIME',
  'GREATEST',
  'GROUP_CONCAT',
  'HEX',
  'HOUR',
  'IF',
  'IFNULL',
  'INSTR',
  'JSON_ARRAYAGG',
  'JSON_EXTRACT',
  'JSON_OBJECT',
  'JSON_UNQUOTE',
  'LEAST',
  'LEFT',
  'LENGTH',
  'LOCATE',
  'LOWER',
  'LPAD',
  'LTRIM',
  'MAX',
  'MD5',
  'MIN',
  'MONTH',
  'NOW',
  'NULLIF',
  'RAND',
  'REPLACE',
  'RIGHT',
  'ROUND',
  'ROW_NUMBER',
  'RPAD',
  'RTRIM',
  'SHA2',
  'SUBSTRING',
  'SUBSTRING_INDEX',
  'SUM',
  'SYSDATE',
  'TIMESTAMPDIFF',
  'TRIM',
  'UNIX_TIMESTAMP',
  'UPPER',
  'UUID',
  'YEAR',
];

/** Reads the autocompletion data through a read session. */
export async function collectSchemaInfo(reader: SqlReader): Promise<SchemaInfo> {
  const schemas = await reader.query<{ name: string }>(
    `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME`,
    [SYSTEM_SCHEMAS],
  );
  const cols = await reader.query<{ s: string; t: string; c: string; ty: string }>(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS ty FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA NOT IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION LIMIT ${MAX_COLUMNS}`,
    [SYSTEM_SCHEMAS],
  );
  const routines = await reader.query<{ name: string }>(
    `SELECT DISTINCT ROUTINE_NAME AS name FROM information_schema.ROUTINES WHERE ROUTINE_TYPE = 'FUNCTION' AND ROUTINE_SCHEMA NOT IN (?)`,
    [SYSTEM_SCHEMAS],
  );
  const tables = new Map<string, SchemaInfo['tables'][number]>();
  for (const r of cols) {
    const key = `${r.s}.${r.t}`;
    let t = tables.get(key);
    if (!t) tables.set(key, (t = { schema: r.s, name: r.t, columns: [] }));
    t.columns.push({ name: r.c, type: String(r.ty) });
  }
  return {
    schemas: schemas.map((s) => s.name),
    tables: [...tables.values()],
    functions: [...new Set([...BUILTIN_FUNCTIONS, ...routines.map((r) => r.name)])],
    cachedAt: new Date().toISOString(),
  };
}
