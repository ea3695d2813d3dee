/**
 * Query fingerprints and IDs as pt-query-digest computes them (Percona Toolkit
 * lib/QueryRewriter.pm `fingerprint`, lib/Transformers.pm `make_checksum`), so a class here has
 * the same identity as in pt's reports. Inputs are binary (latin1) strings: pt works on bytes,
 * lowercases ASCII only and hashes the bytes.
 */
import { createHash } from 'node:crypto';

const MYSQLDUMP = /^SELECT \/\*!40001 SQL_NO_CACHE \*\/ \* FROM `/;
const PT_TOOL = /\/\*\w+\.\w+:[0-9]\/[0-9]\*\//;
const CALL = /^\s*(call\s+\S+)\(/i;
const MULTI_INSERT = /^((?:INSERT|REPLACE)(?: IGNORE)?\s+INTO[\s\S]+?VALUES\s*\([\s\S]*?\))\s*,\s*\(/i;
const MLC = /\/\*[^!][\s\S]*?\*\//g;
const OLC = /(?:--|#)[^'"\r\n]*(?=[\r\n]|$)/g;
const USE = /^use \S+(?=\n?$)/i;

/** pt's fingerprint of one statement. */
export function fingerprint(query: string): string {
  if (MYSQLDUMP.test(query)) return 'mysqldump';
  if (PT_TOOL.test(query)) return 'percona-toolkit';
  if (query.startsWith('administrator command: ')) return query;
  const call = CALL.exec(query);
  if (call) return asciiLower(call[1]!);
  const c0 = query.charCodeAt(0) | 32;
  if (c0 === 105 /* i */ || c0 === 114 /* r */) {
    const m = MULTI_INSERT.exec(query);
    if (m) query = m[1]!;
  }
  if (query.includes('/*')) query = query.replace(MLC, '');
  if (query.includes('--') || query.includes('#')) query = query.replace(OLC, '');
  if (USE.test(query)) return query.replace(USE, 'use ?');
  let q = query;
  if (q.includes('\\')) q = q.replace(/\\["']/g, '');
  if (q.includes('"')) q = q.replace(/"[\s\S]*?"/g, '?');
  if (q.includes("'")) q = q.replace(/'[\s\S]*?'/g, '?');
  q = q.replace(/\bfalse\b|\btrue\b/gi, '?');
  q = q.replace(/[0-9+-][0-9a-f.xb+-]*/g, '?');
  q = q.replace(/[xb.+-]\?/g, '?');
  q = q.replace(/^\s+/, '');
  if (q.endsWith('\n')) q = q.slice(0, -1);
  q = q.replace(/[ \n\t\r\f]+/g, ' ');
  q = asciiLower(q);
  q = q.replace(/\bnull\b/g, '?');
  q = q.replace(/\b(in|values?)(?:[\s,]*\([\s?,]*\))+/g, '$1(?+)');
  if (q.includes(' union')) q = q.replace(/\b(select\s.*?)(?:(\sunion(?:\sall)?)\s\1)+/g, '$1 /*repeat$2*/');
  q = q.replace(/\blimit \?(?:, ?\?| offset \?)?/, 'limit ?');
  const ob = /\border by /i.exec(q);
  if (ob) {
    const at = ob.index + ob[0].length;
    q = q.slice(0, at) + q.slice(at).replace(/(.+?)\s+asc/giy, '$1');
  }
  return q;
}

/**
 * A cache key with the same fingerprint as `query`: digit runs become `0` and the insides of
 * single-quoted strings are dropped, so statements that differ only in literal values share
 * one cache entry. Returns undefined when a statement has constructs where that could change
 * pt's result (comments, escapes, double quotes, CALL, admin commands); those are
 * fingerprinted directly. The equivalence is checked by a test over the whole corpus.
 */
export function fingerprintKey(query: string): string | undefined {
  const n = query.length;
  if (n > 4096) return undefined;
  // CALL and admin commands have their own fingerprint rules. (Letters of the key's head are the
  // statement's own: only digits and quoted text change, so the statement is checked in place.)
  let p = 0;
  while (p < n && isJsSpace(query.charCodeAt(p))) p++;
  if (startsWithWord(query, p, 'call') || startsWithWord(query, p, 'administrator')) return undefined;
  let out = '';
  let runStart = 0;
  let inQuote = false;
  let open = 0;
  for (let i = 0; i < n; i++) {
    const c = query.charCodeAt(i);
    if (inQuote) {
      if (c === 39) {
        // A `)` or the word VALUES inside a literal can move pt's multi-row INSERT cut.
        const inside = query.slice(open + 1, i);
        if (inside.includes(')') || /alues/i.test(inside)) return undefined;
        inQuote = false;
        runStart = i;
      }
      continue;
    }
    if (c === 39) {
      out += query.slice(runStart, i + 1);
      inQuote = true;
      open = i;
    } else if (c >= 48 && c <= 57) {
      out += query.slice(runStart, i) + '0';
      while (i + 1 < n && query.charCodeAt(i + 1) >= 48 && query.charCodeAt(i + 1) <= 57) i++;
      runStart = i + 1;
    } else if (c === 92 || c === 34 || c === 35 || c === 13 || (c === 47 && query.charCodeAt(i + 1) === 42) || (c === 45 && query.charCodeAt(i + 1) === 45)) {
      return undefined;
    }
  }
  if (inQuote) return undefined;
  // (`SELECT /*`, which pt treats apart, cannot start a key: any `/*` outside quotes returned above.)
  return out + query.slice(runStart);
}

/** White space as String.prototype.trimStart sees it, in the latin1 range. */
function isJsSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

/** Whether `text` has lower-case ASCII `word` at `at`, ignoring ASCII case. */
function startsWithWord(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) if ((text.charCodeAt(at + i) | 32) !== word.charCodeAt(i)) return false;
  return true;
}

/** pt's checksum of a fingerprint: uppercase hex md5 of its bytes (pt's JSON `checksum`). */
export function checksum(fp: string): string {
  return createHash('md5').update(fp, 'latin1').digest('hex').toUpperCase();
}

/** The query ID pt prints in its text report: the last 16 hex digits of the checksum. */
export function queryId(sum: string): string {
  return sum.slice(-16);
}

/** Lowercases ASCII letters only, like Perl's `lc` on a byte string. */
export function asciiLower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      let out = '';
      for (let j = 0; j < s.length; j++) {
        const c = s.charCodeAt(j);
        out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : s[j];
      }
      return out;
    }
  }
  return s.toLowerCase();
}
