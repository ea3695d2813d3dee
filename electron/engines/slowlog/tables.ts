/**
 * Tables a statement references, as pt-query-digest lists them for a class
 * (Percona Toolkit lib/QueryParser.pm `get_tables` / `extract_tables`): regex-level, not a full
 * SQL parse, which is what makes it cheap enough to run on every class and tolerant of dialects.
 */

/** pt's `$tbl_ident`: a table or db.table name, each part bare or backquoted. */
export const TBL_IDENT = String.raw`(?:\`[^\`]+\`|\w+)(?:\.(?:\`[^\`]+\`|\w+))?`;
const TBL_REGEX = new RegExp(String.raw`\b(?:FROM|JOIN|(?<!KEY\s)UPDATE|INTO)\b\s*\(?(${TBL_IDENT}(?:(?:\s+(?:AS\s+)?\w+)?,\s*${TBL_IDENT})*)`, 'gi');
const TBL_CLEAN = new RegExp(String.raw`\s*(${TBL_IDENT})(\s+.*)?`, 'gi');
const DDL = /^\s*(CREATE|ALTER|TRUNCATE|DROP|RENAME)\b/i;

/** pt's `get_tables`: raw table references (may be `db.tbl`, may keep backticks). */
export function getTables(query: string): string[] {
  const ddl = DDL.exec(query);
  if (ddl) {
    const stmt = ddl[1]!;
    query = query.replace(/IF\s+(?:NOT\s+)?EXISTS/i, '');
    if (new RegExp(`${stmt} DATABASE\\b`, 'i').test(query)) return [];
    if (/CREATE/i.test(stmt) && new RegExp(`${stmt}\\b.+?\\bSELECT\\b`, 'i').test(query)) {
      const sel = /\b(SELECT\b[\s\S]+)/i.exec(query);
      return sel ? getTables(sel[1]!) : [];
    }
    const m = new RegExp(String.raw`TABLE\s+(${TBL_IDENT})(\s+.*)?`, 'i').exec(query);
    return m ? [m[1]!] : [];
  }
  query = query.replace(/(?:LOW_PRIORITY|IGNORE|STRAIGHT_JOIN|DELAYED)\s+/gi, ' ');
  if (/^\s*LOCK TABLES\s+/i.test(query)) {
    query = 'FROM ' + query.replace(/^\s*LOCK TABLES\s+/i, '').replace(/\s+(?:READ(?:\s+LOCAL)?|WRITE)\s*/gi, '');
  }
  query = query
    .replace(/\\["']/g, '')
    .replace(/"[\s\S]*?"/g, '?')
    .replace(/'[\s\S]*?'/g, '?');
  if (/^\s*(?:INSERT|REPLACE)(?!\s+INTO)/i.test(query)) query = query.replace(/^\s*((?:INSERT|REPLACE))\s+/i, '$1 INTO ');
  if (/^\s*LOAD DATA/i.test(query)) {
    const m = /INTO TABLE\s+(\S+)/i.exec(query);
    return m ? [m[1]!] : [];
  }
  const tables: string[] = [];
  for (const m of query.matchAll(TBL_REGEX)) {
    const tbls = m[1]!;
    if (/^SELECT\b/i.test(tbls)) continue;
    for (const part of tbls.split(',')) {
      const t = part.replace(TBL_CLEAN, '$1');
      if (!/[a-zA-Z]/.test(t)) continue;
      tables.push(t);
    }
  }
  return tables;
}

/** pt's `extract_tables`: unique `db.tbl` names without backticks, the default db filled in. */
export function extractTables(query: string, defaultDb: string | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const ref of getTables(query)) {
    if (!ref || seen.has(ref)) continue;
    seen.add(ref);
    const parts = ref.split('.');
    let db = parts.length > 1 ? parts[0] : undefined;
    let tbl = parts.length > 1 ? parts[1]! : parts[0]!;
    const unq = (s: string): string => s.replace(/^`/, '').replace(/`$/, '').replace(/``/g, '`');
    tbl = unq(tbl);
    db = db ? unq(db) : defaultDb?.replace(/^`(.*)`$/, '$1');
    out.push(db ? `${db}.${tbl}` : tbl);
  }
  return out;
}
