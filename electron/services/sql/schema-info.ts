/** Autocompletion data per connection: schemas, tables with columns, functions; cached until refreshed. */
import type { SchemaInfo } from '../../../shared/contract/sql.calls';
import { collectExplainSchema } from '../../connections/collectors/explain.collector';
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

/** Reads the autocompletion data through a read session: tables and columns come from the shared schema collector. */
export async function collectSchemaInfo(reader: SqlReader): Promise<SchemaInfo> {
  const schemas = await reader.query<{ name: string }>(
    `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME`,
    [SYSTEM_SCHEMAS],
  );
  const names = schemas.map((s) => s.name);
  const snapshot = await collectExplainSchema(reader, 'all', names);
  const routines = await reader.query<{ name: string }>(
    `SELECT DISTINCT ROUTINE_NAME AS name FROM information_schema.ROUTINES WHERE ROUTINE_TYPE = 'FUNCTION' AND ROUTINE_SCHEMA NOT IN (?)`,
    [SYSTEM_SCHEMAS],
  );
  let budget = MAX_COLUMNS;
  const tables: SchemaInfo['tables'] = [];
  for (const t of snapshot.tables) {
    if (budget <= 0) break;
    const columns = t.columns.slice(0, budget).map((c) => ({ name: c.name, type: c.columnType }));
    budget -= columns.length;
    tables.push({ schema: t.schema, name: t.name, columns });
  }
  return {
    schemas: names,
    tables,
    functions: [...new Set([...BUILTIN_FUNCTIONS, ...routines.map((r) => r.name)])],
    cachedAt: new Date().toISOString(),
  };
}
