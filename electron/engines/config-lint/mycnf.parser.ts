/**
 * Parses my.cnf text the way mysqld's option-file reader does: [sections], `!include` /
 * `!includedir`, `#`/`;` comments, options with or without `= value`, quoted values, `-`/`_`
 * equivalence and the `loose-` prefix. Includes are recorded, not followed (this is pure).
 * https://dev.mysql.com/doc/refman/8.4/en/option-files.html
 */

/** One option line. */
export interface CnfEntry {
  readonly line: number;
  readonly section: string;
  /** As written, e.g. "loose-innodb-buffer-pool-size". */
  readonly rawKey: string;
  /** Normalised: lower case, `-` → `_`, `loose_` stripped. */
  readonly key: string;
  readonly loose: boolean;
  /** Null for a bare option ("skip-name-resolve"); quotes removed. */
  readonly value: string | null;
}

/** An `!include` or `!includedir` directive. */
export interface CnfInclude {
  readonly line: number;
  readonly directive: '!include' | '!includedir';
  readonly path: string;
}

/** A line that could not be read. */
export interface CnfSyntaxError {
  readonly line: number;
  readonly message: string;
}

/** A parsed option file. */
export interface ParsedCnf {
  readonly entries: CnfEntry[];
  readonly includes: CnfInclude[];
  readonly sections: Array<{ name: string; line: number }>;
  readonly errors: CnfSyntaxError[];
}

/** Lower case, dashes to underscores (mysqld treats them as the same). */
export function normaliseKey(key: string): string {
  return key.trim().toLowerCase().replace(/-/g, '_');
}

/** Strips a trailing `#` comment that is outside quotes, and the quotes around a value. */
function readValue(raw: string): { value: string; error?: string } {
  const s = raw.trim();
  const q = s[0];
  if (q === '"' || q === "'") {
    let out = '';
    for (let i = 1; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        const n = s[++i]!;
        out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 's' ? ' ' : n;
        continue;
      }
      if (c === q) {
        const rest = s.slice(i + 1).trim();
        if (rest !== '' && !rest.startsWith('#')) return { value: out, error: `text after the closing quote: "${rest}"` };
        return { value: out };
      }
      out += c;
    }
    return { value: out, error: 'unterminated quoted value' };
  }
  const hash = s.indexOf('#');
  return { value: (hash >= 0 ? s.slice(0, hash) : s).trim() };
}

/** Parses option-file text. Never throws: unreadable lines become `errors`. */
export function parseMyCnf(text: string): ParsedCnf {
  const entries: CnfEntry[] = [];
  const includes: CnfInclude[] = [];
  const sections: Array<{ name: string; line: number }> = [];
  const errors: CnfSyntaxError[] = [];
  let section = '';
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, idx) => {
    const line = idx + 1;
    const s = rawLine.trim();
    if (s === '' || s.startsWith('#') || s.startsWith(';')) return;
    const inc = /^(!include|!includedir)\s+(.+)$/.exec(s);
    if (inc) {
      includes.push({ line, directive: inc[1] as CnfInclude['directive'], path: inc[2]!.trim() });
      return;
    }
    if (s.startsWith('!')) {
      errors.push({ line, message: `unknown directive "${s.split(/\s/)[0]}" (only !include and !includedir exist)` });
      return;
    }
    if (s.startsWith('[')) {
      const m = /^\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$/.exec(s);
      if (!m) {
        errors.push({ line, message: `malformed section header "${s}"` });
        return;
      }
      section = m[1]!.toLowerCase();
      sections.push({ name: section, line });
      return;
    }
    if (section === '') {
      errors.push({ line, message: 'option before any [section] header: mysqld rejects the file' });
      return;
    }
    const eq = s.indexOf('=');
    const keyPart = (eq >= 0 ? s.slice(0, eq) : s.replace(/\s+#.*$/, '')).trim();
    if (!/^[A-Za-z0-9_.-]+$/.test(keyPart)) {
      errors.push({ line, message: `cannot read option name "${keyPart}"` });
      return;
    }
    let value: string | null = null;
    if (eq >= 0) {
      const v = readValue(s.slice(eq + 1));
      if (v.error) errors.push({ line, message: v.error });
      value = v.value;
    }
    let key = normaliseKey(keyPart);
    const loose = key.startsWith('loose_');
    if (loose) key = key.slice('loose_'.length);
    entries.push({ line, section, rawKey: keyPart, key, loose, value });
  });
  return { entries, includes, sections, errors };
}
