/**
 * Column roles of a parsed statement, per table occurrence: which columns are compared by
 * equality, IN, range, LIKE; which sort, group, join; which are selected. This is what an index
 * advisor needs from a query, extracted from node-sql-parser's AST (never from the SQL text).
 * Correlated subqueries (`(SELECT COUNT(*) FROM d WHERE d.p = p.id)`) become join keys of the
 * inner table, since each outer row probes the inner table by that column.
 */
import type { AstNode } from './sql-parse';
import { asNode, asNodes, columnOf, constantValue, isParam, subqueryOf } from './ast-read';

/** A sort column with its direction. */
export interface SortColumn {
  readonly column: string;
  readonly direction: 'ASC' | 'DESC';
}

/** How one occurrence of a table is used by one query block. */
export interface TableAccess {
  readonly table: string;
  readonly db: string | null;
  readonly alias: string | null;
  /** Query block number (0 = outermost). */
  readonly block: number;
  equality: string[];
  inList: string[];
  range: string[];
  /** LIKE with a literal pattern that starts with a wildcard (needs FULLTEXT, not a B-tree). */
  likeLeadingWildcard: string[];
  /** LIKE with a parameter: the pattern is unknown. */
  likeParam: string[];
  /** Columns equated with a column of another table (joins and correlated subqueries). */
  joinKeys: string[];
  /** Each join key with the table and column it is equated with (the links a shard planner follows). */
  joinPairs: { column: string; table: string; otherColumn: string }[];
  orderBy: SortColumn[];
  groupBy: string[];
  selected: string[];
  selectAll: boolean;
  /** Columns wrapped in a function in a predicate (`YEAR(col) = ...`): no index can be used. */
  nonSargable: string[];
  /** OR across different columns of this table (index merge or one index each). */
  orGroups: string[][];
  /** True when the table is the inner side of a LEFT/RIGHT join or of a correlated subquery. */
  inner: boolean;
  /** Columns set by UPDATE. */
  written: string[];
}

/** Everything the advisor needs from one statement. */
export interface QueryShape {
  readonly type: string;
  readonly accesses: TableAccess[];
  /** Tables the statement writes (INSERT/UPDATE/DELETE/REPLACE targets). */
  readonly writes: string[];
  readonly hasLimit: boolean;
  /** Column references that could not be tied to a table. */
  readonly unresolved: string[];
}

/** Optional knowledge of table columns, used to place unqualified columns in multi-table queries. */
export type ColumnLookup = (table: string) => readonly string[] | undefined;

interface Scope {
  readonly entries: { key: string; access: TableAccess | null }[];
  readonly parent: Scope | null;
}

interface Ctx {
  readonly accesses: TableAccess[];
  readonly unresolved: string[];
  readonly lookup: ColumnLookup | undefined;
  blocks: number;
}

/** Extracts per-table column roles from a statement AST (pure). */
export function extractQueryShape(ast: AstNode, lookup?: ColumnLookup): QueryShape {
  const ctx: Ctx = { accesses: [], unresolved: [], lookup, blocks: 0 };
  const type = typeof ast.type === 'string' ? ast.type.toLowerCase() : 'unknown';
  const writes: string[] = [];
  let hasLimit = false;
  if (type === 'select') {
    hasLimit = selectBlock(ast, null, ctx, false);
  } else if (type === 'update' || type === 'delete') {
    const fullScope = openScope(asNodes(type === 'delete' ? ast.from : ast.table), null, ctx, false);
    for (const t of asNodes(ast.table)) if (typeof t.table === 'string') writes.push(t.table);
    predicate(ast.where, fullScope, ctx);
    for (const set of asNodes(ast.set)) {
      const col = typeof set.column === 'string' ? set.column : null;
      const target = col ? resolve(fullScope, typeof set.table === 'string' ? set.table : null, col, ctx) : null;
      if (target && col) push(target.written, col);
      scanExpr(set.value, fullScope, ctx);
    }
    for (const o of asNodes(ast.orderby)) sortOn(o, fullScope, ctx, 'order');
    hasLimit = asNode(ast.limit) !== null && asNodes(asNode(ast.limit)?.value).length > 0;
  } else if (type === 'insert' || type === 'replace') {
    for (const t of asNodes(ast.table)) if (typeof t.table === 'string') writes.push(t.table);
    const sub = subqueryOf(ast.values);
    if (sub) selectBlock(sub, null, ctx, false);
  }
  return { type, accesses: ctx.accesses, writes, hasLimit, unresolved: ctx.unresolved };
}

/** One SELECT block (and its UNION siblings); returns whether it has a LIMIT. */
function selectBlock(ast: AstNode, outer: Scope | null, ctx: Ctx, correlatedInner: boolean): boolean {
  for (const w of asNodes(ast.with)) {
    const stmt = asNode(w.stmt);
    const inner = asNode(stmt?.ast) ?? stmt;
    if (inner) selectBlock(inner, outer, ctx, false);
  }
  const scope = openScope(asNodes(ast.from), outer, ctx, correlatedInner);
  for (const col of asNodes(ast.columns)) {
    const expr = asNode(col.expr);
    const ref = columnOf(expr);
    if (ref && ref.column === '*') {
      for (const e of scope.entries) if (e.access && (ref.table === null || e.key === ref.table)) e.access.selectAll = true;
    } else if (ref) {
      const target = resolve(scope, ref.table, ref.column, ctx);
      if (target) push(target.selected, ref.column);
    } else {
      scanExpr(expr, scope, ctx, true);
    }
  }
  predicate(ast.where, scope, ctx);
  const groupby = asNode(ast.groupby);
  for (const g of asNodes(groupby?.columns ?? ast.groupby)) sortOn({ expr: g }, scope, ctx, 'group');
  scanExpr(ast.having, scope, ctx);
  const orders = asNodes(ast.orderby);
  const orderCols = orders.map((o) => ({ ref: columnOf(asNode(o.expr)), dir: o.type === 'DESC' ? ('DESC' as const) : ('ASC' as const) }));
  const owners = new Set(orderCols.map((o) => (o.ref ? resolve(scope, o.ref.table, o.ref.column, ctx) : null)));
  // An index can only deliver the order when every ORDER BY column comes from one table.
  if (owners.size === 1 && !owners.has(null)) {
    const owner = [...owners][0]!;
    for (const o of orderCols) if (o.ref) owner.orderBy.push({ column: o.ref.column, direction: o.dir });
  }
  const limit = asNode(ast.limit);
  let hasLimit = limit !== null && asNodes(limit.value).length > 0;
  const next = asNode(ast._next);
  if (next) hasLimit = selectBlock(next, outer, ctx, correlatedInner) || hasLimit;
  return hasLimit;
}

/** Registers the FROM list of a block as table accesses and applies its ON conditions. */
function openScope(from: AstNode[], parent: Scope | null, ctx: Ctx, correlatedInner: boolean): Scope {
  const block = ctx.blocks++;
  const scope: Scope = { entries: [], parent };
  const ons: unknown[] = [];
  for (const f of from) {
    const derived = subqueryOf(f.expr);
    if (derived) {
      selectBlock(derived, parent, ctx, false);
      scope.entries.push({ key: typeof f.as === 'string' ? f.as : '', access: null });
      continue;
    }
    if (typeof f.table !== 'string') continue;
    const join = typeof f.join === 'string' ? f.join.toUpperCase() : '';
    const access: TableAccess = {
      table: f.table,
      db: typeof f.db === 'string' ? f.db : null,
      alias: typeof f.as === 'string' ? f.as : null,
      block,
      equality: [],
      inList: [],
      range: [],
      likeLeadingWildcard: [],
      likeParam: [],
      joinKeys: [],
      joinPairs: [],
      orderBy: [],
      groupBy: [],
      selected: [],
      selectAll: false,
      nonSargable: [],
      orGroups: [],
      inner: correlatedInner || join.startsWith('LEFT') || join.startsWith('RIGHT'),
      written: [],
    };
    ctx.accesses.push(access);
    scope.entries.push({ key: access.alias ?? access.table, access });
    if (f.on) ons.push(f.on);
    for (const u of Array.isArray(f.using) ? f.using : []) {
      const name = typeof u === 'string' ? u : typeof asNode(u)?.value === 'string' ? (asNode(u)!.value as string) : null;
      if (name) {
        push(access.joinKeys, name);
        const prev = scope.entries[scope.entries.length - 2]?.access;
        if (prev) push(prev.joinKeys, name);
      }
    }
  }
  for (const on of ons) predicate(on, scope, ctx);
  return scope;
}

/** Classifies the AND-ed conjuncts of a WHERE/ON expression. */
function predicate(expr: unknown, scope: Scope, ctx: Ctx): void {
  const node = asNode(expr);
  if (!node) return;
  const op = typeof node.operator === 'string' ? node.operator.toUpperCase() : '';
  if (node.type === 'binary_expr' && op === 'AND') {
    predicate(node.left, scope, ctx);
    predicate(node.right, scope, ctx);
    return;
  }
  if (node.type === 'binary_expr' && op === 'OR') {
    orGroup(node, scope, ctx);
    return;
  }
  if (node.type === 'binary_expr') {
    comparison(node, op, scope, ctx);
    return;
  }
  scanExpr(node, scope, ctx);
}

function comparison(node: AstNode, op: string, scope: Scope, ctx: Ctx): void {
  const leftRef = columnOf(asNode(node.left));
  const rightRef = columnOf(asNode(node.right));
  const left = leftRef ? resolveWithBlock(scope, leftRef.table, leftRef.column, ctx) : null;
  const right = rightRef ? resolveWithBlock(scope, rightRef.table, rightRef.column, ctx) : null;
  if ((op === '=' || op === '<=>') && left && right && left.access !== right.access) {
    joinSide(left, right, leftRef!.column, rightRef!.column);
    joinSide(right, left, rightRef!.column, leftRef!.column);
    return;
  }
  const col = left ?? (op === '=' || op === '<' || op === '>' || op === '<=' || op === '>=' || op === '<=>' || op === '!=' ? right : null);
  const colName = left ? leftRef!.column : rightRef?.column;
  const other = left ? node.right : node.left;
  if (!col || !colName || referencesScope(other, col.access, scope, ctx)) {
    markNonSargable(node, scope, ctx);
    scanExpr(node, scope, ctx);
    return;
  }
  const a = col.access;
  switch (op) {
    case '=':
    case '<=>':
    case 'IS':
      push(a.equality, colName);
      break;
    case 'IN': {
      const sub = subqueryOf(other);
      push(a.inList, colName);
      if (sub) selectBlock(sub, scope, ctx, true);
      break;
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
    case 'BETWEEN':
    case 'IS NOT':
      push(a.range, colName);
      break;
    case 'LIKE': {
      const pattern = constantValue(other);
      if (typeof pattern === 'string') {
        if (pattern.startsWith('%') || pattern.startsWith('_')) push(a.likeLeadingWildcard, colName);
        else push(a.range, colName);
      } else if (isParam(other)) push(a.likeParam, colName);
      break;
    }
    default:
      break;
  }
  scanExpr(other, scope, ctx);
}

function joinSide(self: Resolved, other: Resolved, column: string, otherColumn: string): void {
  push(self.access.joinKeys, column);
  const pairs = self.access.joinPairs;
  if (!pairs.some((p) => p.column === column && p.table === other.access.table && p.otherColumn === otherColumn))
    pairs.push({ column, table: other.access.table, otherColumn });
  // An outer-block column is a constant for each probe of the inner block: the inner table is
  // looked up by this column, exactly as for a join.
  if (self.block > other.block) self.access.inner = true;
}

/** OR: record which columns each branch tests; different columns cannot share one index prefix. */
function orGroup(node: AstNode, scope: Scope, ctx: Ctx): void {
  const branches: AstNode[] = [];
  const flatten = (e: unknown): void => {
    const n = asNode(e);
    if (!n) return;
    if (n.type === 'binary_expr' && String(n.operator).toUpperCase() === 'OR') {
      flatten(n.left);
      flatten(n.right);
    } else branches.push(n);
  };
  flatten(node);
  const byAccess = new Map<TableAccess, string[]>();
  for (const b of branches) {
    const ref = columnOf(asNode(b.left));
    const target = ref ? resolve(scope, ref.table, ref.column, ctx) : null;
    if (target && ref) {
      const list = byAccess.get(target) ?? [];
      push(list, ref.column);
      byAccess.set(target, list);
      const op = String(b.operator ?? '').toUpperCase();
      if (op === 'LIKE') {
        const pattern = constantValue(b.right);
        if (typeof pattern === 'string' && (pattern.startsWith('%') || pattern.startsWith('_'))) push(target.likeLeadingWildcard, ref.column);
        else if (isParam(b.right)) push(target.likeParam, ref.column);
      }
    }
    scanExpr(b.right, scope, ctx);
  }
  for (const [access, cols] of byAccess) {
    if (cols.length === 1) push(access.equality, cols[0]!);
    else access.orGroups.push(cols);
  }
}

/** Walks an expression for subqueries (run as correlated blocks) and function-wrapped columns. */
function scanExpr(expr: unknown, scope: Scope, ctx: Ctx, selectList = false): void {
  const node = asNode(expr);
  if (!node) {
    if (Array.isArray(expr)) for (const e of expr) scanExpr(e, scope, ctx, selectList);
    return;
  }
  const sub = subqueryOf(node);
  if (sub) {
    selectBlock(sub, scope, ctx, true);
    return;
  }
  const ref = columnOf(node);
  if (ref) {
    if (ref.column !== '*' && selectList) {
      const target = resolve(scope, ref.table, ref.column, ctx);
      if (target) push(target.selected, ref.column);
    }
    return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'type' || k === 'loc' || v === null || typeof v !== 'object') continue;
    scanExpr(v, scope, ctx, selectList);
  }
}

function markNonSargable(node: AstNode, scope: Scope, ctx: Ctx): void {
  for (const side of [node.left, node.right]) {
    const n = asNode(side);
    if (!n || columnOf(n)) continue;
    for (const ref of columnsIn(n)) {
      const target = resolve(scope, ref.table, ref.column, ctx);
      if (target) push(target.nonSargable, ref.column);
    }
  }
}

function columnsIn(expr: unknown): { table: string | null; column: string }[] {
  const out: { table: string | null; column: string }[] = [];
  const walk = (e: unknown): void => {
    const n = asNode(e);
    if (!n) {
      if (Array.isArray(e)) e.forEach(walk);
      return;
    }
    if (subqueryOf(n)) return;
    const ref = columnOf(n);
    if (ref) out.push(ref);
    else for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
  };
  walk(expr);
  return out;
}

function referencesScope(expr: unknown, self: TableAccess, scope: Scope, ctx: Ctx): boolean {
  return columnsIn(expr).some((r) => resolve(scope, r.table, r.column, ctx) === self);
}

function sortOn(o: AstNode, scope: Scope, ctx: Ctx, kind: 'order' | 'group'): void {
  const ref = columnOf(asNode(o.expr));
  if (!ref) return;
  const target = resolve(scope, ref.table, ref.column, ctx);
  if (!target) return;
  if (kind === 'group') push(target.groupBy, ref.column);
  else target.orderBy.push({ column: ref.column, direction: o.type === 'DESC' ? 'DESC' : 'ASC' });
}

interface Resolved {
  readonly access: TableAccess;
  readonly block: number;
}

function resolveWithBlock(scope: Scope, table: string | null, column: string, ctx: Ctx): Resolved | null {
  const access = resolve(scope, table, column, ctx);
  return access ? { access, block: access.block } : null;
}

/** Finds the table access a column belongs to, searching outer scopes for correlated columns. */
function resolve(scope: Scope, table: string | null, column: string, ctx: Ctx): TableAccess | null {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (table !== null) {
      const hit = s.entries.find((e) => e.key === table || e.access?.table === table);
      if (hit) return hit.access;
      continue;
    }
    const real = s.entries.filter((e) => e.access);
    if (real.length === 1 && s.entries.length === 1) return real[0]!.access;
    const known = real.filter((e) => ctx.lookup?.(e.access!.table)?.some((c) => c.toLowerCase() === column.toLowerCase()));
    if (known.length === 1) return known[0]!.access;
    if (real.length > 0 && known.length === 0 && ctx.lookup === undefined) break;
  }
  push(ctx.unresolved, table ? `${table}.${column}` : column);
  return null;
}

function push(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
