/**
 * What a partitioning expression is made of: the columns it reads, the functions it calls,
 * whether it does arithmetic, and whether range pruning can see through it. The optimizer prunes
 * a range only on a bare column or one of the monotonic functions it knows (YEAR, TO_DAYS,
 * TO_SECONDS, UNIX_TIMESTAMP); `YEAR(d)*100+MONTH(d)` is arithmetic over the column, so a date
 * range reads every partition. https://dev.mysql.com/doc/refman/8.4/en/partitioning-pruning.html
 */
import { kw, type Token } from '../advisor/ddl-tokenizer';

/** Words in an expression that are neither columns nor functions. */
const NOT_COLUMNS = new Set([
  'INTERVAL',
  'MICROSECOND',
  'SECOND',
  'MINUTE',
  'HOUR',
  'DAY',
  'WEEK',
  'MONTH',
  'QUARTER',
  'YEAR',
  'DIV',
  'MOD',
  'AND',
  'OR',
  'NOT',
  'NULL',
  'MAXVALUE',
  'FROM',
  'TRUE',
  'FALSE',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'LOCALTIME',
  'LOCALTIMESTAMP',
  'UTC_DATE',
  'UTC_TIME',
  'UTC_TIMESTAMP',
]);

/** Functions whose value changes between calls or sessions: never allowed in a bound or expression. */
export const NON_CONSTANT_FUNCTIONS = new Set([
  'NOW',
  'CURRENT_TIMESTAMP',
  'CURDATE',
  'CURRENT_DATE',
  'CURTIME',
  'CURRENT_TIME',
  'SYSDATE',
  'LOCALTIME',
  'LOCALTIMESTAMP',
  'UTC_DATE',
  'UTC_TIME',
  'UTC_TIMESTAMP',
  'RAND',
  'UUID',
  'UUID_SHORT',
  'CONNECTION_ID',
  'USER',
  'CURRENT_USER',
  'DATABASE',
  'LAST_INSERT_ID',
]);

/** The parts of an expression. */
export interface ExprInfo {
  readonly columns: Token[];
  readonly functions: Token[];
  /** Tokens of non-constant calls (NOW(), bare CURRENT_DATE, UNIX_TIMESTAMP() with no argument). */
  readonly nonConstant: Token[];
  readonly arithmetic: boolean;
  /** How range pruning sees the expression: a bare column, a pruning function of one column, or neither. */
  readonly prunes: 'column' | 'function' | 'none';
  /** The outer function when the expression is `F(col)`. */
  readonly outer: string | null;
}

/** Analyzes tokens of one expression (pure). */
export function analyzeExpr(ts: readonly Token[], pruningFunctions: ReadonlySet<string>): ExprInfo {
  const columns: Token[] = [];
  const functions: Token[] = [];
  const nonConstant: Token[] = [];
  let arithmetic = false;
  for (let i = 0; i < ts.length; i++) {
    const x = ts[i]!;
    const next = ts[i + 1];
    if (x.kind === 'punct' && /[+\-*/%]/.test(x.text)) arithmetic = true;
    if (x.kind === 'word' && next?.kind === 'punct' && next.text === '(') {
      const name = x.text.toUpperCase();
      functions.push(x);
      if (NON_CONSTANT_FUNCTIONS.has(name) || (name === 'UNIX_TIMESTAMP' && ts[i + 2]?.text === ')')) nonConstant.push(x);
      continue;
    }
    if (x.kind === 'word' && kw(x, 'DIV', 'MOD')) arithmetic = true;
    if (x.kind === 'word' && NON_CONSTANT_FUNCTIONS.has(x.text.toUpperCase())) {
      nonConstant.push(x);
      continue;
    }
    if ((x.kind === 'word' && !NOT_COLUMNS.has(x.text.toUpperCase())) || x.kind === 'quoted') {
      if (ts[i - 1]?.text === '.' || next?.text === '.') {
        if (next?.text === '.') continue; // table qualifier
      }
      if (!columns.some((c) => c.text.toLowerCase() === x.text.toLowerCase())) columns.push(x);
    }
  }
  let prunes: ExprInfo['prunes'] = 'none';
  let outer: string | null = null;
  if (ts.length === 1 && columns.length === 1 && functions.length === 0) prunes = 'column';
  else if (ts.length === 4 && functions.length === 1 && columns.length === 1 && ts[1]?.text === '(' && ts[3]?.text === ')') {
    outer = ts[0]!.text.toUpperCase();
    if (pruningFunctions.has(outer)) prunes = 'function';
  }
  return { columns, functions, nonConstant, arithmetic, prunes, outer };
}
