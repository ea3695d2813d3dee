/**
 * pt-query-digest's "distillate" of a statement: the short label in the Item column of its
 * profile (`SELECT users`, `UPDATE documents`, `SELECT orders items`, `ADMIN QUIT`,
 * `SHOW STATUS`). A port of Percona Toolkit lib/QueryRewriter.pm `distill`, `distill_verbs`,
 * `__distill_tables` and `strip_comments`, regex for regex, so the labels are pt's own:
 * https://github.com/percona/percona-toolkit/blob/3.x/lib/QueryRewriter.pm
 *
 * Inputs are binary (latin1) strings, as pt works on bytes: `uc` only changes ASCII letters and
 * Perl's `.` (any byte but `\n`) is spelt `[^\n]`.
 */
import { getTables, TBL_IDENT } from './tables';

/** pt's `$verbs`; `^` (no /m) anchors at the start of the statement only. */
const VERBS = /\b(^SHOW|^FLUSH|^COMMIT|^ROLLBACK|^BEGIN|SELECT|INSERT|UPDATE|DELETE|REPLACE|^SET|UNION|^START|^LOCK)\b/gi;
const MLC = /\/\*[^!][\s\S]*?\*\//g;
const OLC = /(?:--|#)[^'"\r\n]*(?=[\r\n]|$)/g;
const VLC = /\/\*[\s\S]*?[0-9]+[\s\S]*?\*\//g;
/** Case-sensitive: pt's `m/$vlc_rf/i` embeds a qr// compiled without /i, whose own flags win. */
const VLC_RF = /^(?:SHOW)[\s\S]*?\/\*![0-9]+([\s\S]*?)\*\//m;
const DDL = /^\s*(CREATE|ALTER|TRUNCATE|DROP|RENAME)\b/i;
const DB_OR_TBL = new RegExp(String.raw`(?:TABLE|DATABASE)\s+(${TBL_IDENT})`, 'i');
const SHOW_ALIASES: readonly [string, string][] = [
  ['SCHEMA', 'DATABASE'],
  ['KEYS', 'INDEX'],
  ['INDEXES', 'INDEX'],
];

/** pt's `distill`: verbs, then the tables the statement touches (digits in names become `?`). */
export function distill(query: string): string {
  const { verbs, table } = distillVerbs(query);
  if (verbs.startsWith('SHOW')) {
    let v = verbs;
    for (const [from, to] of SHOW_ALIASES) v = v.replace(from, to);
    return v;
  }
  if (verbs.startsWith('LOAD DATA')) return verbs;
  return [verbs, ...distillTables(query, table)].join(' ');
}

/** pt's `distill_verbs`: the statement's verbs (or a fixed label), and a DDL statement's object. */
export function distillVerbs(query: string): { verbs: string; table?: string } {
  let m: RegExpExecArray | null;
  if ((m = /^\s*call\s+(\S+)\(/i.exec(query))) return { verbs: `CALL ${m[1]}` };
  if (/^\s*use\s+/.test(query)) return { verbs: 'USE' };
  if (/^\s*UNLOCK TABLES/i.test(query)) return { verbs: 'UNLOCK' };
  if ((m = /^\s*xa\s+(\S+)/i.exec(query))) return { verbs: `XA_${m[1]}` };
  if (/^\s*LOAD/i.test(query)) {
    const tbl = /INTO TABLE\s+(\S+)/i.exec(query)?.[1] ?? '';
    return { verbs: `LOAD DATA ${tbl.replace(/`/g, '')}` };
  }
  if (query.startsWith('administrator command:')) return { verbs: asciiUpper(query.replace('administrator command:', 'ADMIN')) };
  query = stripComments(query);
  if (/^\s*SHOW\s+/i.test(query)) {
    let q = asciiUpper(query);
    q = q.replace(/\s+(?:SESSION|FULL|STORAGE|ENGINE)\b/g, ' ');
    q = q.replace(/\s+COUNT[^)]+\)/g, '');
    q = q.replace(/\s+(?:FOR|FROM|LIKE|WHERE|LIMIT|IN)\b[\s\S]+/, '');
    q = q.replace(/^(SHOW(?:\s+\S+){1,2})[\s\S]*$/, '$1');
    return { verbs: q.replace(/\s+/g, ' ') };
  }
  const dds = DDL.exec(query)?.[1];
  if (dds) {
    query = query.replace(/\s+IF(?:\s+NOT)?\s+EXISTS/i, ' ');
    const obj = new RegExp(`${dds}[^\\n]+(DATABASE|TABLE)\\b`, 'i').exec(query)?.[1];
    const table = DB_OR_TBL.exec(query)?.[1];
    return { verbs: asciiUpper(dds + (obj ? ` ${asciiUpper(obj)}` : '')), table };
  }
  let verbs: string[] = [];
  let last = '';
  for (const v of query.matchAll(VERBS)) {
    const u = asciiUpper(v[1]!);
    if (u !== last) verbs.push(u);
    last = u;
  }
  if (verbs[0] === 'SELECT' && verbs.length > 1) verbs = verbs.includes('UNION') ? ['SELECT', 'UNION'] : ['SELECT'];
  return { verbs: verbs.join(' ') };
}

/** pt's `__distill_tables`: table names without backquotes, digit runs as `?`, repeats dropped. */
function distillTables(query: string, table: string | undefined): string[] {
  const tables = getTables(query).map((t) => t.replace(/`/g, '').replace(/(_?)[0-9]+/g, '$1?'));
  if (table) tables.push(table);
  const out: string[] = [];
  let last = '';
  for (const t of tables) {
    if (t !== last) out.push(t);
    last = t;
  }
  return out;
}

/** pt's `strip_comments`: drops comments, keeps `/*!version ...*\/` text in a SHOW. */
export function stripComments(query: string): string {
  let q = query.replace(MLC, '').replace(OLC, '');
  const m = VLC_RF.exec(q);
  if (m) {
    const qualifier = m[1] ?? '';
    q = q.replace(VLC, () => qualifier);
  }
  return q;
}

/** Perl's `uc` on a byte string: ASCII letters only. */
function asciiUpper(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) {
      out += s.slice(from, i).toUpperCase() + s[i];
      from = i + 1;
    }
  }
  return out + s.slice(from).toUpperCase();
}
