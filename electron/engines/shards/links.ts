/**
 * The relationships a shard key follows. Schemas often declare no FOREIGN KEY (cowrite declares
 * none: InnoDB would add an index for each), so links come from three places, strongest first:
 * declared foreign keys, columns named after a table (`project_id` → projects.id, `form_id` →
 * project_forms.id when exactly one table ends in `_forms`), and the workload's joins. Only the
 * first two are *ownership* links (a row belongs to its parent): a join on `created_by = users.id`
 * says the row mentions a user, not that it lives with that user's data.
 */
import type { LookupHop } from '../../../shared/contract/shards';
import type { SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import type { AnalyzedQuery } from '../advisor/analyze-workload';

/** A link from a child column to a parent's single-column primary key. */
export interface Link extends LookupHop {
  readonly source: 'foreign-key' | 'name' | 'join';
}

/** The single primary-key column of a table, or null for none or a composite key. */
export function primaryColumn(t: SchemaTable): string | null {
  const pk = t.indexes.find((i) => i.primary);
  return pk && pk.columns.length === 1 ? pk.columns[0]!.name : null;
}

const INTEGER = /int$/;

/** The table a `<x>_id` column is named after, by the usual plural spellings or a unique `_<x>s` suffix. */
function tableNamedBy(column: string, tables: readonly SchemaTable[], self: SchemaTable): SchemaTable | null {
  const m = /^(.+)_id$/i.exec(column);
  if (!m) return null;
  const x = m[1]!.toLowerCase();
  const spellings = [x, `${x}s`, `${x}es`, x.endsWith('y') ? `${x.slice(0, -1)}ies` : null].filter((s): s is string => s !== null);
  const others = tables.filter((t) => t !== self && primaryColumn(t) !== null);
  const exact = others.find((t) => spellings.includes(t.name.toLowerCase()));
  if (exact) return exact;
  const suffixed = others.filter((t) => spellings.some((s) => t.name.toLowerCase().endsWith(`_${s}`)));
  return suffixed.length === 1 ? suffixed[0]! : null;
}

/** Every link of the schema and workload, deduplicated, strongest source kept. */
export function findLinks(schema: SchemaSnapshot, queries: readonly AnalyzedQuery[]): Link[] {
  const byName = new Map(schema.tables.map((t) => [t.name.toLowerCase(), t]));
  const out = new Map<string, Link>();
  const add = (l: Link): void => {
    const key = `${l.table.toLowerCase()}.${l.column.toLowerCase()}`;
    if (!out.has(key)) out.set(key, l);
  };
  for (const t of schema.tables)
    for (const fk of t.foreignKeys)
      if (fk.columns.length === 1 && fk.refColumns.length === 1)
        add({ table: t.name, column: fk.columns[0]!, refTable: fk.refTable, refColumn: fk.refColumns[0]!, source: 'foreign-key' });
  for (const t of schema.tables) {
    const pk = primaryColumn(t);
    for (const c of t.columns) {
      // A nullable link (projects.company_id) is an optional mention, not ownership.
      if (c.name === pk || !INTEGER.test(c.dataType) || c.nullable) continue;
      const parent = tableNamedBy(c.name, schema.tables, t);
      if (parent) add({ table: t.name, column: c.name, refTable: parent.name, refColumn: primaryColumn(parent)!, source: 'name' });
    }
  }
  for (const q of queries)
    for (const a of q.shape?.accesses ?? []) {
      const self = byName.get(a.table.toLowerCase());
      if (!self) continue;
      for (const p of a.joinPairs) {
        const other = byName.get(p.table.toLowerCase());
        if (!other || other === self || primaryColumn(other) !== p.otherColumn || primaryColumn(self) === p.column) continue;
        add({ table: self.name, column: p.column, refTable: other.name, refColumn: p.otherColumn, source: 'join' });
      }
    }
  return [...out.values()];
}

/** Ownership links only (declared or by name): the ones a shard key may follow. */
export function ownershipLinks(links: readonly Link[]): Link[] {
  return links.filter((l) => l.source !== 'join');
}

/**
 * The shortest ownership path from each table to the root (breadth-first from the root over
 * reversed links); the root maps to an empty path, unreachable tables are absent.
 */
export function pathsToRoot(root: string, links: readonly Link[]): Map<string, LookupHop[]> {
  const paths = new Map<string, LookupHop[]>([[root.toLowerCase(), []]]);
  let frontier = [root.toLowerCase()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const parent of frontier)
      for (const l of links) {
        const child = l.table.toLowerCase();
        if (l.refTable.toLowerCase() !== parent || paths.has(child)) continue;
        paths.set(child, [{ table: l.table, column: l.column, refTable: l.refTable, refColumn: l.refColumn }, ...paths.get(parent)!]);
        next.push(child);
      }
    frontier = next.sort();
  }
  return paths;
}
