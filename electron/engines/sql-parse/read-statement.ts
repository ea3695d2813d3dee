/**
 * The read guard's classifier: decides from the tokens of one statement whether a read session
 * may run it. It is the first layer of the read-only promise (the read-only transaction on the
 * server and the stored-function check are the others; see electron/connections/read-guard.ts),
 * and it refuses what a READ ONLY transaction lets through or what it cannot see:
 * - executable comments `/*! … *\/`, `/*M! … *\/` (the server runs their body as SQL);
 * - `INTO OUTFILE/DUMPFILE/@var` anywhere (files on the server, session variables);
 * - locking reads (FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE);
 * - a WITH whose main statement writes, more than one statement, ANALYZE / EXPLAIN ANALYZE of a write;
 * - calls that act beyond the statement (GET_LOCK, RELEASE_LOCK, RELEASE_ALL_LOCKS, NEXTVAL, SETVAL, NEXT VALUE FOR);
 * - every verb that is not a read. A statement starting with a word that is no statement at all is
 *   a syntax error (BAD_INPUT), not a write.
 * Optimizer hints `/*+ … *\/` and plain comments are allowed. EXPLAIN of an UPDATE/DELETE/INSERT/
 * REPLACE is allowed and flagged: it estimates without running the write.
 * https://dev.mysql.com/doc/refman/8.4/en/sql-statements.html
 * https://mariadb.com/kb/en/sql-statements/
 */
import { DEFAULT_LEX, isLexError, lexSql, type LexOptions, type SqlToken } from './sql-lexer';

/** Why a statement was refused. */
export type ReadRefusal =
  | 'lexical'
  | 'empty'
  | 'executable-comment'
  | 'multiple-statements'
  | 'into'
  | 'locking-read'
  | 'cte-write'
  | 'executes-write'
  | 'side-effect-function'
  | 'not-a-read'
  | 'not-a-statement';

/** A name as written: `name` or `qualifier.name`, lower case. */
export interface NameRef {
  readonly qualifier: string | null;
  readonly name: string;
}

/** A statement the read session may run. */
export interface ReadStatement {
  /** The statement's first keyword (SELECT, WITH, SHOW, EXPLAIN, ...). */
  readonly verb: string;
  /** True when the server evaluates the statement's expressions (not SHOW/DESCRIBE/EXPLAIN without ANALYZE). */
  readonly executes: boolean;
  /** The write verb an EXPLAIN estimates (UPDATE, DELETE, INSERT, REPLACE), or null. */
  readonly explainsWrite: string | null;
  /** Function calls (`name(`), for the stored-function check. */
  readonly calls: readonly NameRef[];
  /** Every name the statement mentions (tables, views, columns), for the view check. */
  readonly names: readonly NameRef[];
}

/** The classifier's answer. */
export type ReadVerdict =
  | { readonly ok: true; readonly statement: ReadStatement }
  | { readonly ok: false; readonly reason: ReadRefusal; readonly code: 'READ_ONLY' | 'BAD_INPUT'; readonly message: string };

const READ_STARTS = new Set(['SELECT', 'TABLE', 'VALUES']);
const WRITE_VERBS = new Set(['UPDATE', 'DELETE', 'INSERT', 'REPLACE']);
/** Statement verbs of MySQL 8.4/9.x and MariaDB 10.11 that are not reads (they write, lock, or change the session or server). */
const OTHER_VERBS = new Set([
  'ALTER',
  'BACKUP',
  'BEGIN',
  'BINLOG',
  'CACHE',
  'CALL',
  'CHANGE',
  'CHECK',
  'CHECKSUM',
  'CLONE',
  'COMMIT',
  'CREATE',
  'DEALLOCATE',
  'DO',
  'DROP',
  'EXECUTE',
  'FLUSH',
  'GET',
  'GRANT',
  'HANDLER',
  'HELP',
  'IMPORT',
  'INSTALL',
  'KILL',
  'LOAD',
  'LOCK',
  'OPTIMIZE',
  'PREPARE',
  'PURGE',
  'RELEASE',
  'RENAME',
  'REPAIR',
  'RESET',
  'RESIGNAL',
  'RESTART',
  'REVOKE',
  'ROLLBACK',
  'SAVEPOINT',
  'SET',
  'SHUTDOWN',
  'SIGNAL',
  'START',
  'STOP',
  'TRUNCATE',
  'UNINSTALL',
  'UNLOCK',
  'USE',
  'XA',
  ...WRITE_VERBS,
]);
/** Built-in functions whose effect outlives the statement (a lock held by the session, a sequence moved). */
const SIDE_EFFECT_FUNCTIONS = new Set(['GET_LOCK', 'RELEASE_LOCK', 'RELEASE_ALL_LOCKS', 'NEXTVAL', 'SETVAL']);
const INSERT_MODIFIERS = new Set(['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE']);

const refuse = (reason: ReadRefusal, message: string, code: 'READ_ONLY' | 'BAD_INPUT' = 'READ_ONLY'): ReadVerdict => ({ ok: false, reason, code, message });
const isWord = (t: SqlToken | undefined, ...words: string[]): boolean => t !== undefined && t.kind === 'word' && words.includes(t.text);
const isPunct = (t: SqlToken | undefined, p: string): boolean => t !== undefined && t.kind === 'punct' && t.text === p;

/** Index just past the parenthesis group opening at `open` (tokens without comments). */
function skipGroup(t: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (isPunct(t[i], '(')) depth++;
    else if (isPunct(t[i], ')') && --depth === 0) return i + 1;
  }
  return t.length;
}

/** The main statement's position after `WITH [RECURSIVE] name [(cols)] AS (…) [, …] [CYCLE … RESTRICT]`. */
function afterCtes(t: readonly SqlToken[], at: number): number {
  let i = at + 1;
  if (isWord(t[i], 'RECURSIVE')) i++;
  for (;;) {
    i++; // the CTE's name
    if (isPunct(t[i], '(')) i = skipGroup(t, i);
    if (!isWord(t[i], 'AS')) return i;
    i++;
    if (!isPunct(t[i], '(')) return i;
    i = skipGroup(t, i);
    // MariaDB's CYCLE col, … RESTRICT clause (https://mariadb.com/kb/en/with/).
    if (isWord(t[i], 'CYCLE')) while (i < t.length && !isWord(t[i], 'RESTRICT')) i++;
    if (isWord(t[i], 'RESTRICT')) i++;
    if (!isPunct(t[i], ',')) return i;
    i++;
  }
}

/** Position of the explained statement after EXPLAIN/DESCRIBE options, and whether ANALYZE makes it run. */
function afterExplainOptions(t: readonly SqlToken[], at: number): { at: number; analyze: boolean } {
  let i = at + 1;
  let analyze = false;
  for (;;) {
    if (isWord(t[i], 'ANALYZE')) {
      analyze = true;
      i++;
    } else if (isWord(t[i], 'EXTENDED', 'PARTITIONS')) i++;
    else if (isWord(t[i], 'FORMAT') && isPunct(t[i + 1], '=')) i += 3;
    else return { at: i, analyze };
  }
}

/** What kind of statement starts at `at` (after opening parentheses, through WITH): a read, a
 * write (with its verb), something else (DESCRIBE's table name, a verb that is no read), or nothing. */
function startOf(t: readonly SqlToken[], at: number): { kind: 'read' | 'write' | 'other' | 'unknown'; verb: string } {
  let i = at;
  while (isPunct(t[i], '(')) i++;
  const w = t[i];
  if (!w || w.kind !== 'word') return { kind: 'unknown', verb: w?.text ?? '(end)' };
  if (READ_STARTS.has(w.text)) return { kind: 'read', verb: w.text };
  if (w.text === 'WITH') {
    const main = startOf(t, afterCtes(t, i));
    return main.kind === 'read' || main.kind === 'write' ? main : { kind: 'unknown', verb: main.verb };
  }
  if (WRITE_VERBS.has(w.text)) return { kind: 'write', verb: w.text };
  return { kind: 'other', verb: w.text };
}

/** Classifies one statement for a read session (pure). `options` follow the session's sql_mode. */
export function classifyRead(sql: string, options: LexOptions = DEFAULT_LEX): ReadVerdict {
  const lexed = lexSql(sql, options);
  if (isLexError(lexed)) return refuse('lexical', `Not a statement the read session can read: ${lexed.error} at character ${lexed.at + 1}.`, 'BAD_INPUT');
  const exec = lexed.find((x) => x.kind === 'comment' && x.executable);
  if (exec) {
    return refuse(
      'executable-comment',
      `Refused on a read session: the executable comment /*${exec.text.slice(0, 24)}… runs its body as SQL, which the guard cannot vouch for. Remove the comment markers or run it as a plan.`,
    );
  }
  const t = lexed.filter((x) => x.kind !== 'comment');
  // One statement: a `;` may only end the text.
  const semi = t.findIndex((x) => isPunct(x, ';'));
  if (semi >= 0 && t.slice(semi + 1).some((x) => !isPunct(x, ';'))) return refuse('multiple-statements', 'Refused on a read session: one statement at a time.');
  const body = semi >= 0 ? t.slice(0, semi) : t;
  if (body.length === 0) return refuse('empty', 'Nothing to run: the text holds no statement.', 'BAD_INPUT');

  const first = body[0]!;
  const verb = first.kind === 'word' ? first.text : isPunct(first, '(') ? 'SELECT' : first.text;
  let executes = true;
  let explainsWrite: string | null = null;
  let explained = 0;
  if (isPunct(first, '(') || verb === 'WITH') {
    const main = startOf(body, 0);
    if (main.kind === 'write') return refuse('cte-write', `Refused on a read session: this ${verb} … ${main.verb} writes. Run it as a plan.`);
    if (main.kind !== 'read') return refuse('not-a-statement', `Not a statement the read session knows: ${verb} … ${main.verb}.`, 'BAD_INPUT');
  } else if (READ_STARTS.has(verb)) {
    // SELECT, TABLE, VALUES
  } else if (verb === 'SHOW') executes = false;
  else if (verb === 'EXPLAIN' || verb === 'DESCRIBE' || verb === 'DESC') {
    const opt = afterExplainOptions(body, 0);
    explained = opt.at;
    const main = startOf(body, opt.at);
    if (opt.analyze && main.kind !== 'read')
      return refuse(
        'executes-write',
        'Refused on a read session: EXPLAIN ANALYZE runs the statement, and this one could write. Use EXPLAIN (estimates), or run it as a plan.',
      );
    if (main.kind === 'write') explainsWrite = main.verb;
    else if (main.kind === 'other' && OTHER_VERBS.has(main.verb)) return refuse('not-a-read', `Refused on a read session: ${verb} ${main.verb} is not a read.`);
    executes = opt.analyze;
  } else if (verb === 'ANALYZE') {
    // MariaDB's ANALYZE [FORMAT=JSON] <statement> runs it; ANALYZE TABLE rewrites index statistics.
    const at = afterExplainOptions(body, 0).at;
    const main = isWord(body[at], 'TABLE', 'NO_WRITE_TO_BINLOG', 'LOCAL') ? { kind: 'other', verb: 'TABLE' } : startOf(body, at);
    if (main.kind === 'write')
      return refuse(
        'executes-write',
        'Refused on a read session: ANALYZE runs the statement, and this one could write. Use EXPLAIN (estimates), or run it as a plan.',
      );
    if (main.kind !== 'read') return refuse('not-a-read', 'Refused on a read session: ANALYZE TABLE updates index statistics. Run it as a plan (Maintenance).');
  } else if (OTHER_VERBS.has(verb)) {
    return refuse('not-a-read', `Refused on a read session: ${verb} is not a read. Writes go through a previewed plan.`);
  } else {
    return refuse('not-a-statement', `Not a statement the read session knows: ${first.text.slice(0, 40)}.`, 'BAD_INPUT');
  }

  const calls: NameRef[] = [];
  const names: NameRef[] = [];
  for (let i = 0; i < body.length; i++) {
    const x = body[i]!;
    if (x.kind === 'word' && x.text === 'INTO') {
      // EXPLAIN INSERT INTO t: the INTO of the explained INSERT/REPLACE.
      let k = i - 1;
      while (k >= explained && isWord(body[k], ...INSERT_MODIFIERS)) k--;
      if (explainsWrite && k === explained && isWord(body[k], 'INSERT', 'REPLACE')) continue;
      const what = isWord(body[i + 1], 'OUTFILE', 'DUMPFILE') ? `INTO ${body[i + 1]!.text} writes a file on the server` : 'SELECT … INTO sets variables';
      return refuse('into', `Refused on a read session: ${what}. Run the SELECT without INTO.`);
    }
    if ((isWord(x, 'FOR') && isWord(body[i + 1], 'UPDATE', 'SHARE')) || (isWord(x, 'LOCK') && isWord(body[i + 1], 'IN') && isWord(body[i + 2], 'SHARE'))) {
      return refuse('locking-read', `Refused on a read session: ${x.text} ${body[i + 1]!.text} takes row locks that other sessions wait on.`);
    }
    if (isWord(x, 'NEXT') && isWord(body[i + 1], 'VALUE') && isWord(body[i + 2], 'FOR')) {
      return refuse('side-effect-function', 'Refused on a read session: NEXT VALUE FOR moves the sequence.');
    }
    if (x.kind !== 'word' && x.kind !== 'quoted') continue;
    const qualified = isPunct(body[i - 1], '.') && (body[i - 2]?.kind === 'word' || body[i - 2]?.kind === 'quoted');
    if (isPunct(body[i + 1], '.')) continue; // a qualifier: its name is read with the next token
    if (isWord(body[i - 1], 'AS') || isPunct(body[i - 1], '@')) continue; // an alias being named, a variable
    const ref: NameRef = { qualifier: qualified ? body[i - 2]!.text.toLowerCase() : null, name: x.text.toLowerCase() };
    if (isPunct(body[i + 1], '(')) {
      if (x.kind === 'word' && !qualified && SIDE_EFFECT_FUNCTIONS.has(x.text))
        return refuse('side-effect-function', `Refused on a read session: ${x.text}() acts beyond the statement (a lock or a sequence).`);
      calls.push(ref);
    } else names.push(ref);
  }
  return { ok: true, statement: { verb, executes, explainsWrite, calls, names } };
}

/** First keywords of a query: what ANALYZE and a timed run may execute (not EXPLAIN/SHOW/DESCRIBE). */
export const QUERY_VERBS: ReadonlySet<string> = new Set(['SELECT', 'WITH', 'TABLE', 'VALUES']);

/** True when `sql` is one query the read session may run and time (a SELECT, WITH … SELECT, TABLE or VALUES). */
export function isQuery(sql: string, options: LexOptions = DEFAULT_LEX): boolean {
  const v = classifyRead(sql, options);
  return v.ok && QUERY_VERBS.has(v.statement.verb);
}

/** True when a statement can only read (the session's first guard; the server's read-only transaction is the last). */
export function isReadStatement(sql: string, options: LexOptions = DEFAULT_LEX): boolean {
  return classifyRead(sql, options).ok;
}
