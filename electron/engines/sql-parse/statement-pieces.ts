/**
 * Statement pieces: statements whose structures all differ (a different select list, another
 * mix of predicates, another ORDER BY) share no statement template, yet they are built from a
 * few select items, predicates and sort keys. A simple SELECT, UPDATE or DELETE is cut, on its
 * template text, into a skeleton (the statement with its select list, WHERE, ORDER BY and SET
 * lists each reduced to one filler), its list items, its WHERE operands and the AND/OR pattern
 * joining them. Each piece is renumbered on its own, so equal pieces of different statements
 * have one text and are parsed once by node-sql-parser, in a small wrapper statement of the same
 * grammar rule. The statement's AST is then put together from the pieces' ASTs, with its names
 * and values bound back. A unit test compares the result with the statement's own parse over
 * real workloads, generated ones and mutations.
 *
 * Anything the cut does not handle is refused (the statement is then parsed as a whole): another
 * SELECT inside (subqueries, UNION), comments, `;`, XOR/`&&`/`||` between operands, select
 * modifiers, an empty piece, unbalanced parentheses or CASE…END.
 */
import type { AstNode } from './sql-parse';
import { bindTemplate, type StatementTemplate, type TemplatePlaceholder } from './statement-template';

/** Which wrapper a piece is parsed in, and so which part of the wrapper's AST it is. */
export type PieceKind = 'skeleton' | 'item' | 'operand' | 'logic' | 'order' | 'set';

/** One piece: the wrapper statement to parse (its key) and the values of its placeholders. */
export interface Piece {
  readonly kind: PieceKind;
  /** The wrapper statement text, with the piece's own placeholder numbers (the parse cache key). */
  readonly text: string;
  readonly values: readonly (string | number)[];
}

/** A statement cut into pieces. */
export interface StatementPieces {
  readonly skeleton: Piece;
  /** Select items (null when the select list stayed in the skeleton). */
  readonly items: readonly Piece[] | null;
  /** WHERE operands and the AND/OR pattern joining them (null without a cut WHERE). */
  readonly where: { readonly operands: readonly Piece[]; readonly logic: Piece | null } | null;
  readonly order: readonly Piece[] | null;
  readonly set: readonly Piece[] | null;
}

const SENTINEL = 987_600_000;
const HOLE = 'dbw_hole';
/** Fillers put in the skeleton where a cut part was; the skeleton's AST must show them as such. */
const FILLER = '1';
const SET_FILLER = `${HOLE} = 1`;

/** A piece's own placeholder numbers (from 0, in order of appearance) and their values. */
class Numbering {
  readonly values: (string | number)[] = [];
  /** Template placeholder numbers in the order they got their own (a piece holds a few). */
  private readonly seen: number[] = [];

  constructor(
    private readonly text: string,
    private readonly placeholders: readonly TemplatePlaceholder[],
    private readonly all: readonly (string | number)[],
  ) {}

  /** Template text [from, to) with each placeholder renumbered. */
  slice(from: number, to: number): string {
    const ps = this.placeholders;
    let lo = 0;
    let hi = ps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ps[mid]!.start < from) lo = mid + 1;
      else hi = mid;
    }
    let out = '';
    let at = from;
    for (let k = lo; k < ps.length && ps[k]!.end <= to; k++) {
      const p = ps[k]!;
      let l = this.seen.indexOf(p.n);
      if (l < 0) {
        l = this.values.push(this.all[p.n]!) - 1;
        this.seen.push(p.n);
      }
      out += this.text.slice(at, p.start) + (p.name ? `DbW${l}x` : String(SENTINEL + l));
      at = p.end;
    }
    return out + this.text.slice(at, to);
  }
}

const WRAPPERS: Record<Exclude<PieceKind, 'skeleton' | 'logic'>, (piece: string) => string> = {
  item: (p) => `SELECT ${p}`,
  operand: (p) => `SELECT 1 WHERE ${p}`,
  order: (p) => `SELECT 1 ORDER BY ${p}`,
  set: (p) => `UPDATE ${HOLE} SET ${p}`,
};

/** Clause words that end a select list, WHERE, ORDER BY or SET at depth 0. */
const ENDS = {
  select: ['from'],
  where: ['group', 'having', 'order', 'limit', 'for', 'lock', 'window', 'procedure'],
  order: ['limit', 'for', 'lock'],
  set: ['where', 'order', 'limit'],
} as const satisfies Record<string, readonly string[]>;
const SELECT_MODIFIERS = new Set([
  'all',
  'distinct',
  'distinctrow',
  'high_priority',
  'straight_join',
  'sql_small_result',
  'sql_big_result',
  'sql_buffer_result',
  'sql_no_cache',
  'sql_cache',
  'sql_calc_found_rows',
  'max_statement_time',
]);

/**
 * Cuts a statement's template into pieces, or returns null when the statement is not a simple
 * SELECT, UPDATE or DELETE the cut handles (whether cutting pays is planParse's choice).
 */
export function statementPieces(template: StatementTemplate): StatementPieces | null {
  const { text, values, tokens } = template;
  if (!tokens || tokens.word.length < 4 || text.includes(HOLE)) return null;
  const { start: tokStart, end: tokEnd, word, placeholders } = tokens;
  const count = word.length;
  const first = word[0]!;
  if (first !== 'select' && first !== 'update' && first !== 'delete') return null;
  // Paren and CASE depth before each token; another SELECT (a subquery), a set operation, INTO,
  // WITH or XOR anywhere is left to a whole parse.
  const depth: number[] = new Array<number>(count);
  let d = 0;
  for (let k = 0; k < count; k++) {
    const w = word[k]!;
    if (w === ')' || w === 'end') d--;
    if (d < 0) return null;
    depth[k] = d;
    if (w === '(' || w === 'case') d++;
    else if (k > 0 && (w === 'select' || w === 'union' || w === 'into' || w === 'with' || w === 'xor' || w === 'except' || w === 'intersect')) return null;
  }
  if (d !== 0) return null;

  /** Index of the first depth-0 token at or after `from` whose word is in `words` (or the end). */
  const next = (from: number, words: readonly string[]): number => {
    for (let k = from; k < count; k++) if (depth[k] === 0 && words.includes(word[k]!)) return k;
    return count;
  };
  /** The piece made of tokens [a, b) in its wrapper, with its own placeholder numbers. */
  const piece = (kind: Exclude<PieceKind, 'skeleton' | 'logic'>, a: number, b: number): Piece => {
    const local = new Numbering(text, placeholders, values);
    return { kind, text: WRAPPERS[kind](local.slice(tokStart[a]!, tokEnd[b - 1]!)), values: local.values };
  };
  /** Depth-0 comma-separated parts of tokens [a, b); null when one is empty. */
  const listAt = (a: number, b: number): [number, number][] | null => {
    const parts: [number, number][] = [];
    let s = a;
    for (let k = a; k <= b; k++) {
      if (k === b || (depth[k] === 0 && word[k]! === ',')) {
        if (k === s) return null;
        parts.push([s, k]);
        s = k + 1;
      }
    }
    return parts;
  };

  // Cut regions: [start, end) token ranges replaced in the skeleton, in order.
  const regions: { a: number; b: number; filler: string }[] = [];
  let items: Piece[] | null = null;
  let where: StatementPieces['where'] = null;
  let order: Piece[] | null = null;
  let set: Piece[] | null = null;

  if (first === 'select') {
    const from = next(1, ENDS.select);
    if (from >= count || from === 1) return null;
    if (!SELECT_MODIFIERS.has(word[1]!)) {
      const parts = listAt(1, from);
      if (!parts) return null;
      items = parts.map(([a, b]) => piece('item', a, b));
      regions.push({ a: 1, b: from, filler: FILLER });
    }
  } else if (first === 'update') {
    const at = next(1, ['set']);
    if (at >= count) return null;
    const end = next(at + 1, ENDS.set);
    const parts = listAt(at + 1, end);
    if (!parts) return null;
    set = parts.map(([a, b]) => piece('set', a, b));
    regions.push({ a: at + 1, b: end, filler: SET_FILLER });
  }

  const whereAt = next(1, ['where']);
  if (whereAt < count) {
    const end = next(whereAt + 1, ENDS.where);
    const cut = operandsOf(whereAt + 1, end);
    if (!cut) return null;
    const operands = cut.parts.map(([a, b]) => piece('operand', a, b));
    // The AND/OR pattern is parsed in the operands' wrapper, with a proxy for each operand.
    const pattern = cut.proxies.map((x, k) => (k === 0 ? x : `${cut.joins[k - 1]} ${x}`)).join(' ');
    const logic = cut.joins.length === 0 ? null : { kind: 'logic' as const, text: WRAPPERS.operand(pattern), values: [] };
    where = { operands, logic };
    regions.push({ a: whereAt + 1, b: end, filler: FILLER });
  }

  const orderAt = next(1, ['order']);
  if (orderAt < count) {
    if (word[orderAt + 1] !== 'by') return null;
    const end = next(orderAt + 2, ENDS.order);
    const parts = listAt(orderAt + 2, end);
    if (!parts) return null;
    order = parts.map(([a, b]) => piece('order', a, b));
    regions.push({ a: orderAt + 2, b: end, filler: FILLER });
  }
  if (regions.length === 0) return null;

  const local = new Numbering(text, placeholders, values);
  let skeleton = '';
  let at = 0;
  for (const r of regions) {
    skeleton += `${local.slice(at, tokStart[r.a]!)}${r.filler}`;
    at = tokEnd[r.b - 1]!;
  }
  skeleton += local.slice(at, text.length);
  return { skeleton: { kind: 'skeleton', text: skeleton, values: local.values }, items, where, order, set };

  /**
   * Depth-0 AND/OR operands of tokens [a, b) (BETWEEN's own AND kept) with the proxy each gets in
   * the AND/OR pattern, or null.
   */
  function operandsOf(a: number, b: number): { parts: [number, number][]; joins: string[]; proxies: string[] } | null {
    const parts: [number, number][] = [];
    const joins: string[] = [];
    const proxies: string[] = [];
    let s = a;
    let between = false;
    for (let k = a; k <= b; k++) {
      const w = k < b ? word[k]! : '';
      if (k < b && depth[k] !== 0) continue;
      if (w === 'between') between = true;
      if (k === b || w === 'or' || (w === 'and' && !between)) {
        if (k === s) return null;
        const proxy = proxyOf(s, k, parts.length);
        if (!proxy) return null;
        parts.push([s, k]);
        proxies.push(proxy);
        if (k < b) joins.push(text.slice(tokStart[k]!, tokEnd[k]!));
        s = k + 1;
      } else if (w === 'and') between = false;
    }
    return parts.length ? { parts, joins, proxies } : null;
  }

  /**
   * What stands for operand [a, b) in the AND/OR pattern: node-sql-parser reads `x AND y OR z` as
   * one left-to-right chain, but an operand ending in `IN (…)`, a REGEXP/RLIKE or a LIKE … ESCAPE
   * takes the next operand into its own node. So such an operand's proxy has the same ending,
   * and the pattern's AST has the same nesting. Operands with other operators of that kind, or
   * words the cut does not know there, are refused.
   */
  function proxyOf(a: number, b: number, k: number): string | null {
    let kind: string | null = null;
    const hole = `@${HOLE}${k}`;
    for (let j = a; j < b; j++) {
      if (depth[j] !== 0) continue;
      const w = word[j]!;
      // `,` (a list of conditions), `&&`, `||`, `&`, `|`, `:=` and operators not measured: a whole parse.
      if (w === ',' || w === '&' || w === '|' || w === ':' || w === 'sounds' || w === 'member' || (w === 'is' && word[j + 1] === 'distinct')) return null;
      const next: string | null =
        w === 'in' ? `${hole} IN (1)` : w === 'regexp' || w === 'rlike' ? `${hole} REGEXP 'x'` : w === 'escape' ? `${hole} LIKE 'x' ESCAPE 'y'` : null;
      if (next) {
        if (kind) return null;
        kind = next;
        // `IN` must end the operand with its list.
        if (w === 'in' && (word[j + 1] !== '(' || !closes(j + 1, b))) return null;
      }
    }
    return kind ?? hole;
  }

  /** Whether the `(` at `open` is closed by the last token before `end`. */
  function closes(open: number, end: number): boolean {
    let d = 0;
    for (let j = open; j < end; j++) {
      const w = word[j]!;
      if (w === '(') d++;
      else if (w === ')' && --d === 0) return j === end - 1;
    }
    return false;
  }
}

/** A statement's pieces, in the order assemblePieces reads them (a piece may repeat). */
export function piecesOf(p: StatementPieces): Piece[] {
  return [p.skeleton, ...(p.items ?? []), ...(p.where?.operands ?? []), ...(p.where?.logic ? [p.where.logic] : []), ...(p.order ?? []), ...(p.set ?? [])];
}

const isFiller = (n: unknown): boolean => !!n && typeof n === 'object' && (n as AstNode).type === 'number' && (n as AstNode).value === 1;

/** The one element of a wrapper's list, or null. */
function only(list: unknown): AstNode | null {
  return Array.isArray(list) && list.length === 1 && list[0] && typeof list[0] === 'object' ? (list[0] as AstNode) : null;
}

/**
 * The statement's AST put together from its pieces' parsed wrapper ASTs (`parsed` returns null
 * for a piece that did not parse), or null when a piece failed, came back in another shape than
 * its wrapper's, or would not take its values back.
 */
export function assemblePieces(p: StatementPieces, parsed: (text: string) => AstNode | null): AstNode | null {
  const whereOf = (ast: AstNode): AstNode | null => (ast.type === 'select' && ast.where && typeof ast.where === 'object' ? (ast.where as AstNode) : null);
  const part = (piece: Piece, pick: (ast: AstNode) => AstNode | null): AstNode | null => {
    const ast = parsed(piece.text);
    const sub = ast && pick(ast);
    return sub && bindTemplate(sub, { text: piece.text, values: piece.values });
  };
  const all = (pieces: readonly Piece[], pick: (ast: AstNode) => AstNode | null): AstNode[] | null => {
    const out: AstNode[] = [];
    for (const piece of pieces) {
      const sub = part(piece, pick);
      if (!sub) return null;
      out.push(sub);
    }
    return out;
  };

  const skeleton = part(p.skeleton, (ast) => ast);
  if (!skeleton) return null;
  if (p.items) {
    const filler = only(skeleton.columns);
    const items = all(p.items, (ast) => (ast.type === 'select' ? only(ast.columns) : null));
    if (!filler || !isFiller(filler.expr) || filler.as !== null || !items) return null;
    skeleton.columns = items;
  }
  if (p.set) {
    const filler = only(skeleton.set);
    const items = all(p.set, (ast) => (ast.type === 'update' ? only(ast.set) : null));
    if (!filler || filler.column !== HOLE || !isFiller(filler.value) || !items) return null;
    skeleton.set = items;
  }
  if (p.where) {
    const operands = all(p.where.operands, whereOf);
    if (!isFiller(skeleton.where) || !operands) return null;
    if (!p.where.logic) skeleton.where = operands[0]!;
    else {
      const logic = part(p.where.logic, whereOf);
      const filled = logic && fillHoles(logic, operands);
      if (!filled) return null;
      skeleton.where = filled;
    }
  }
  if (p.order) {
    const filler = only(skeleton.orderby);
    const items = all(p.order, (ast) => (ast.type === 'select' ? only(ast.orderby) : null));
    if (!filler || !isFiller(filler.expr) || !items) return null;
    skeleton.orderby = items;
  }
  return skeleton;
}

/** The AND/OR pattern with each operand's proxy replaced by the operand; null unless each is used once. */
function fillHoles(tree: AstNode, operands: readonly AstNode[]): AstNode | null {
  const used = new Array<boolean>(operands.length).fill(false);
  let ok = true;
  const holeOf = (n: unknown): number => {
    const v = n as AstNode | null;
    if (!v || v.type !== 'var' || v.prefix !== '@' || typeof v.name !== 'string' || !v.name.startsWith(HOLE)) return -1;
    if (Array.isArray(v.members) && v.members.length) return -1;
    const k = Number(v.name.slice(HOLE.length));
    return Number.isInteger(k) && k >= 0 && k < operands.length ? k : -1;
  };
  const take = (k: number): AstNode => {
    if (used[k]) ok = false;
    used[k] = true;
    return operands[k]!;
  };
  const visit = (n: AstNode): AstNode => {
    const k = holeOf(n);
    if (k >= 0) return take(k);
    if (n.type !== 'binary_expr' || typeof n.operator !== 'string') {
      ok = false;
      return n;
    }
    // A proxy with an ending: `@hole IN (1)`, `@hole REGEXP 'x'`, `@hole LIKE 'x' ESCAPE 'y'`.
    const left = holeOf(n.left);
    if (left >= 0 && /^(?:IN|REGEXP|LIKE)$/i.test(n.operator)) return take(left);
    if (!/^(?:AND|OR)$/i.test(n.operator)) {
      ok = false;
      return n;
    }
    const out: AstNode = {};
    for (const [key, v] of Object.entries(n)) out[key] = key === 'left' || key === 'right' ? visit(v as AstNode) : v;
    return out;
  };
  const filled = visit(tree);
  return ok && used.every(Boolean) ? filled : null;
}
