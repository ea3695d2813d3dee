/**
 * The one function that quotes SQL identifiers for generated statements (MySQL/MariaDB
 * backtick quoting: a backtick inside a name is doubled).
 * https://dev.mysql.com/doc/refman/8.4/en/identifiers.html
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('Empty SQL identifier');
  if (name.includes('\u0000')) throw new Error('SQL identifier contains a NUL character');
  return '`' + name.replace(/`/g, '``') + '`';
}

/** Quotes `schema`.`table` (or just `table` when schema is empty). */
export function quoteQualified(schema: string | null | undefined, table: string): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : quoteIdent(table);
}

/** A SQL string literal for generated statements the user reads (SET values, comments). */
export function quoteString(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "''").split('\u0000').join('\\0') + "'";
}
