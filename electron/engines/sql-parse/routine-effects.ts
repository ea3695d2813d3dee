/**
 * Which stored functions, loadable functions and views may act when a read calls them. A READ
 * ONLY transaction stops their INSERT/UPDATE/DELETE, but not `SET GLOBAL`, GET_LOCK or a file
 * written by a loadable function (measured on MariaDB 10.11 and MySQL 9.7), and MariaDB's EXPLAIN
 * evaluates the functions of a WHERE clause. So a function counts as side-effect free only when its
 * body is visible, lexes, names none of the words below, and calls only side-effect-free functions.
 *
 * SQL_DATA_ACCESS is not taken as proof: "these characteristics are advisory only. The server does
 * not use them to constrain what kinds of statements a routine will be permitted to execute"
 * (https://dev.mysql.com/doc/refman/8.4/en/create-procedure.html; MariaDB alike:
 * https://mariadb.com/kb/en/create-function/). A function declared READS SQL DATA ran SET GLOBAL and
 * one declared NO SQL took GET_LOCK on both servers. MODIFIES SQL DATA is taken at its word (unsafe
 * whatever the body), and CONTAINS SQL (the default, which most helper functions carry) is judged
 * by its body. Loadable functions (UDFs, MySQL's innodb_redo_log_archive_start…) are native code:
 * never side-effect free. A view is unsafe when its definition calls an unsafe function or reads an
 * unsafe view.
 */
import { isLexError, lexSql, type SqlToken } from './sql-lexer';
import type { NameRef } from './read-statement';

/** A stored function as information_schema.ROUTINES describes it. */
export interface StoredFunctionFact {
  readonly schema: string;
  readonly name: string;
  /** SQL_DATA_ACCESS: NO SQL, CONTAINS SQL, READS SQL DATA, MODIFIES SQL DATA. */
  readonly dataAccess: string | null;
  /** ROUTINE_DEFINITION; null when this account may not see it. */
  readonly body: string | null;
}

/** A view as information_schema.VIEWS describes it. */
export interface ViewFact {
  readonly schema: string;
  readonly name: string;
  /** VIEW_DEFINITION; null or empty when this account may not see it. */
  readonly definition: string | null;
}

/** A function or view a read must not evaluate, and why. */
export interface UnsafeObject {
  readonly kind: 'function' | 'loadable function' | 'view';
  readonly schema: string | null;
  readonly name: string;
  readonly why: string;
}

/** The unsafe objects of one server, by lower-case name. */
export interface EffectIndex {
  readonly functions: ReadonlyMap<string, readonly UnsafeObject[]>;
  readonly views: ReadonlyMap<string, readonly UnsafeObject[]>;
}

/** Words that, anywhere in a routine body, may mean an effect beyond the statement. */
const EFFECT_WORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'REPLACE',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'RENAME',
  'GRANT',
  'REVOKE',
  'CALL',
  'PREPARE',
  'EXECUTE',
  'LOAD',
  'HANDLER',
  'FLUSH',
  'KILL',
  'RESET',
  'PURGE',
  'INSTALL',
  'UNINSTALL',
  'LOCK',
  'UNLOCK',
  'OUTFILE',
  'DUMPFILE',
  'GLOBAL',
  'PERSIST',
  'PERSIST_ONLY',
  'SHUTDOWN',
  'XA',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'NEXTVAL',
  'SETVAL',
  'GET_LOCK',
  'RELEASE_LOCK',
  'RELEASE_ALL_LOCKS',
  'PASSWORD',
]);

/** Calls (`name(`) in tokens, with their qualifier. */
function callsIn(t: readonly SqlToken[]): NameRef[] {
  const out: NameRef[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if ((x.kind !== 'word' && x.kind !== 'quoted') || t[i + 1]?.text !== '(' || t[i + 1]?.kind !== 'punct') continue;
    const qualified = t[i - 1]?.kind === 'punct' && t[i - 1]!.text === '.' && t[i - 2] !== undefined;
    out.push({ qualifier: qualified ? t[i - 2]!.text.toLowerCase() : null, name: x.text.toLowerCase() });
  }
  return out;
}

/** Names (not calls) in tokens, with their qualifier. */
function namesIn(t: readonly SqlToken[]): NameRef[] {
  const out: NameRef[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.kind !== 'word' && x.kind !== 'quoted') continue;
    if (t[i + 1]?.kind === 'punct' && (t[i + 1]!.text === '(' || t[i + 1]!.text === '.')) continue;
    const qualified = t[i - 1]?.kind === 'punct' && t[i - 1]!.text === '.' && t[i - 2] !== undefined;
    out.push({ qualifier: qualified ? t[i - 2]!.text.toLowerCase() : null, name: x.text.toLowerCase() });
  }
  return out;
}

/** The first effect a routine body shows, or null when it shows none (its calls are checked apart). */
export function bodyEffect(body: string | null): string | null {
  if (body === null) return 'its definition is not visible to this account';
  const lexed = lexSql(body);
  if (isLexError(lexed)) return `its definition does not lex (${lexed.error})`;
  if (lexed.some((x) => x.kind === 'comment' && x.executable)) return 'its definition holds an executable comment';
  const word = lexed.find((x) => x.kind === 'word' && EFFECT_WORDS.has(x.text));
  if (word) return `its definition has ${word.text}`;
  const next = lexed.findIndex((x, i) => x.kind === 'word' && x.text === 'NEXT' && lexed[i + 1]?.text === 'VALUE');
  return next >= 0 ? 'its definition has NEXT VALUE FOR' : null;
}

/**
 * Whether a reference means an object: an unqualified name resolves in `home` (the session's
 * database for a statement, the routine's or view's own schema for a definition); a loadable
 * function has no schema and is called unqualified.
 */
function refersTo(ref: NameRef, o: UnsafeObject, home: string | null): boolean {
  if (o.schema === null) return ref.qualifier === null;
  const schema = ref.qualifier ?? home?.toLowerCase() ?? null;
  return schema === o.schema.toLowerCase();
}

/** The unsafe objects among `refs` (calls or names) written in `home`. */
function matches(refs: readonly NameRef[], index: ReadonlyMap<string, readonly UnsafeObject[]>, home: string | null): UnsafeObject[] {
  const out: UnsafeObject[] = [];
  for (const r of refs) for (const o of index.get(r.name) ?? []) if (refersTo(r, o, home) && !out.includes(o)) out.push(o);
  return out;
}

/** Builds the unsafe-object index of a server from its functions, loadable functions and views (pure). */
export function effectIndex(functions: readonly StoredFunctionFact[], loadable: readonly string[], views: readonly ViewFact[]): EffectIndex {
  const fns = new Map<string, UnsafeObject[]>();
  const add = (m: Map<string, UnsafeObject[]>, o: UnsafeObject) => m.set(o.name.toLowerCase(), [...(m.get(o.name.toLowerCase()) ?? []), o]);
  for (const name of loadable) add(fns, { kind: 'loadable function', schema: null, name, why: 'a loadable function is native code the server cannot confine' });
  const pending = new Map<StoredFunctionFact, NameRef[]>();
  for (const f of functions) {
    const declared = (f.dataAccess ?? '').toUpperCase() === 'MODIFIES SQL DATA' ? 'it is declared MODIFIES SQL DATA' : null;
    const why = declared ?? bodyEffect(f.body);
    if (why) add(fns, { kind: 'function', schema: f.schema, name: f.name, why });
    else {
      const lexed = lexSql(f.body ?? '');
      pending.set(f, isLexError(lexed) ? [] : callsIn(lexed.filter((x) => x.kind !== 'comment')));
    }
  }
  // A function calling an unsafe function is unsafe: repeat until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const [f, calls] of pending) {
      const bad = matches(calls, fns, f.schema)[0];
      if (!bad) continue;
      add(fns, {
        kind: 'function',
        schema: f.schema,
        name: f.name,
        why: `it calls ${bad.schema ? `${bad.schema}.` : ''}${bad.name}, which ${bad.why.replace(/^it /, '')}`,
      });
      pending.delete(f);
      changed = true;
    }
  }
  const vws = new Map<string, UnsafeObject[]>();
  const viewRefs = new Map<ViewFact, { calls: NameRef[]; names: NameRef[] }>();
  for (const v of views) {
    const lexed = v.definition ? lexSql(v.definition) : null;
    if (!lexed || isLexError(lexed)) continue; // an invisible definition is also unreadable to this account's SELECT
    const t = lexed.filter((x) => x.kind !== 'comment');
    viewRefs.set(v, { calls: callsIn(t), names: namesIn(t) });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [v, refs] of viewRefs) {
      const bad = matches(refs.calls, fns, v.schema)[0] ?? matches(refs.names, vws, v.schema)[0];
      if (!bad) continue;
      add(vws, {
        kind: 'view',
        schema: v.schema,
        name: v.name,
        why: `it ${bad.kind === 'view' ? 'reads' : 'calls'} ${bad.schema ? `${bad.schema}.` : ''}${bad.name}, which ${bad.why.replace(/^it /, '')}`,
      });
      viewRefs.delete(v);
      changed = true;
    }
  }
  return { functions: fns, views: vws };
}

/** The unsafe functions a statement calls and unsafe views it names, in the session's database `home` (pure). */
export function unsafeReferences(index: EffectIndex, calls: readonly NameRef[], names: readonly NameRef[], home: string | null): UnsafeObject[] {
  return [...matches(calls, index.functions, home), ...matches(names, index.views, home)];
}

/** Says what a reference is and why it is not evaluated. */
export function describeUnsafe(o: UnsafeObject): string {
  return `${o.kind} ${o.schema ? `${o.schema}.` : ''}${o.name} (${o.why})`;
}

/** The calls and names of any statement (a write too), or null when it does not lex (pure). */
export function referencesOf(sql: string): { calls: NameRef[]; names: NameRef[] } | null {
  const lexed = lexSql(sql);
  if (isLexError(lexed)) return null;
  const t = lexed.filter((x) => x.kind !== 'comment');
  return { calls: callsIn(t), names: namesIn(t) };
}

/**
 * Stored functions (schema.name) a statement reaches: those it calls, and those the views it names
 * call, through views of views; unqualified names resolve in `home` (pure).
 */
export function functionsReached(
  refs: { calls: readonly NameRef[]; names: readonly NameRef[] },
  functions: ReadonlyArray<{ schema: string; name: string }>,
  views: readonly ViewFact[],
  home: string | null,
): string[] {
  const out = new Set<string>();
  const resolve = (r: NameRef, h: string | null) => r.qualifier ?? h?.toLowerCase() ?? null;
  const seenViews = new Set<ViewFact>();
  const visit = (calls: readonly NameRef[], names: readonly NameRef[], h: string | null): void => {
    for (const c of calls)
      for (const f of functions) if (f.name.toLowerCase() === c.name && resolve(c, h) === f.schema.toLowerCase()) out.add(`${f.schema}.${f.name}`);
    for (const n of names)
      for (const v of views) {
        if (seenViews.has(v) || v.name.toLowerCase() !== n.name || resolve(n, h) !== v.schema.toLowerCase()) continue;
        seenViews.add(v);
        const inner = v.definition ? referencesOf(v.definition) : null;
        if (inner) visit(inner.calls, inner.names, v.schema);
      }
  };
  visit(refs.calls, refs.names, home);
  return [...out];
}
