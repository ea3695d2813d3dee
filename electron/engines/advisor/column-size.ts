/**
 * Byte widths of column types, for index size estimates and "narrow column" decisions.
 * https://dev.mysql.com/doc/refman/8.4/en/storage-requirements.html
 */

const fixed: Record<string, number> = {
  tinyint: 1,
  smallint: 2,
  mediumint: 3,
  int: 4,
  integer: 4,
  bigint: 8,
  float: 4,
  double: 8,
  real: 8,
  date: 3,
  datetime: 5,
  timestamp: 4,
  time: 3,
  year: 1,
  bool: 1,
  boolean: 1,
  uuid: 16,
  inet6: 16,
  inet4: 4,
};

/** Bytes per character of a character set (utf8mb4 when unknown, the common default). */
export function bytesPerChar(charset: string | null | undefined): number {
  const cs = (charset ?? 'utf8mb4').toLowerCase();
  if (cs === 'utf8mb4') return 4;
  if (cs === 'utf8' || cs === 'utf8mb3') return 3;
  if (cs === 'ucs2' || cs === 'utf16' || cs === 'utf16le') return cs === 'ucs2' ? 2 : 4;
  if (cs === 'utf32') return 4;
  return 1;
}

/** Largest width in bytes of a value of this type, as stored in an index key. */
export function maxKeyBytes(dataType: string, charLength: number | null, charset: string | null, precision?: number | null): number {
  const t = dataType.toLowerCase();
  const f = fixed[t];
  if (f !== undefined) return f;
  if (t === 'decimal' || t === 'numeric') return Math.ceil((precision ?? 10) / 9) * 4 + 1;
  if (t === 'char' || t === 'varchar') return (charLength ?? 1) * bytesPerChar(charset) + (t === 'varchar' ? 2 : 0);
  if (t === 'binary' || t === 'varbinary') return (charLength ?? 1) + (t === 'varbinary' ? 2 : 0);
  if (t === 'enum') return 2;
  if (t === 'set') return 8;
  if (t === 'bit') return Math.ceil((charLength ?? 1) / 8);
  // TEXT/BLOB/JSON can only be indexed by prefix (or FULLTEXT); 3072 is InnoDB's key limit.
  return 3072;
}

/** Typical (not maximal) width: variable-length strings are assumed half full. */
export function typicalKeyBytes(dataType: string, maxBytes: number): number {
  const t = dataType.toLowerCase();
  return t === 'varchar' || t === 'varbinary' ? Math.max(2, Math.round(maxBytes / 2)) : maxBytes;
}

/** True for types a B-tree index cannot hold whole (TEXT, BLOB, JSON, GEOMETRY). */
export function needsPrefix(dataType: string): boolean {
  return /text|blob|json|geometry|point|polygon/.test(dataType.toLowerCase());
}
