/**
 * How a router would send each workload statement under a placement: to one shard (the key is
 * bound, directly or through a lookup such as Vitess' lookup vindexes), to several named shards
 * (an IN list, an OR of lookups, a join whose rows may live with another owner), or to every
 * shard (scatter: nothing routes it). Each non-single statement gets the reason and, where one
 * exists, the rewrite that keeps it on one shard.
 */
import type { LookupHop, ShardRole } from '../../../shared/contract/shards';
import type { AnalyzedQuery } from '../advisor/analyze-workload';
import type { TableAccess } from '../sql-parse/column-roles';

/** Where one table goes and what routes to it. */
export interface Placement {
  readonly table: string;
  readonly role: ShardRole;
  /** Column holding the key in the table as it is now (null for `needs-key` until the column is added). */
  readonly keyColumn: string | null;
  readonly path: readonly LookupHop[];
  readonly pk: string | null;
  /** Single-column unique keys other than the primary key (lookup candidates). */
  readonly uniques: readonly string[];
}

/** How one statement is routed, and why. */
export interface Routing {
  /** `unsharded`: touches only unsharded tables (their one server answers; no shard is involved). */
  readonly routing: 'single' | 'multi' | 'scatter' | 'unsharded';
  readonly kind: 'read' | 'write';
  readonly reason: string | null;
  readonly rewrite: string | null;
  /** `table.column` access paths that need a lookup (column → shard). */
  readonly lookups: string[];
}

const SHARDED: ReadonlySet<ShardRole> = new Set(['root', 'carries-key', 'needs-key']);

type State = { how: 'key' | 'lookup' | 'colocated'; via: string } | { how: 'multi'; via: string; rewrite: string | null };

/** True when rows of `a` and `b` joined on `aCol = bCol` are on the same shard by construction. */
function colocatedJoin(a: Placement, aCol: string, b: Placement, bCol: string): boolean {
  const keyOf = (p: Placement): string | null => (p.role === 'root' ? p.pk : p.keyColumn);
  if (keyOf(a) && keyOf(b) && aCol === keyOf(a) && bCol === keyOf(b)) return true;
  const childOf = (c: Placement, cCol: string, parent: Placement, pCol: string): boolean =>
    c.path[0]?.column === cCol && c.path[0]?.refTable.toLowerCase() === parent.table.toLowerCase() && pCol === parent.pk;
  return childOf(a, aCol, b, bCol) || childOf(b, bCol, a, aCol);
}

/** The lookup that routes an equality on `col` of `p`, or null. */
function lookupFor(p: Placement, col: string): string | null {
  if (col === p.pk || p.uniques.includes(col)) return `${p.table}.${col}`;
  const hop = p.path[0];
  if (hop && hop.column === col) return `${hop.refTable}.${hop.refColumn}`;
  return null;
}

/** Routes one analyzed statement under the placements (keyed by lower-case table name). */
export function routeQuery(q: AnalyzedQuery, placements: ReadonlyMap<string, Placement>, keyName: string): Routing {
  const shape = q.shape;
  const kind = shape && shape.type !== 'select' ? 'write' : 'read';
  if (!shape) return { routing: 'scatter', kind, reason: `not parsed (${q.error ?? 'unknown'}): assumed to reach every shard`, rewrite: null, lookups: [] };
  const placed = (a: TableAccess): Placement | undefined => placements.get(a.table.toLowerCase());
  const sharded = shape.accesses.filter((a) => SHARDED.has(placed(a)?.role ?? 'unsharded'));
  if (sharded.length === 0) {
    const targets = [...shape.accesses.map((a) => a.table), ...shape.writes].map((t) => placements.get(t.toLowerCase())?.role ?? 'unsharded');
    // An INSERT carries its key in its values; reference data is on every shard.
    const onShard = targets.some((r) => SHARDED.has(r)) || (targets.length > 0 && targets.every((r) => r === 'reference'));
    return { routing: onShard ? 'single' : 'unsharded', kind, reason: null, rewrite: null, lookups: [] };
  }
  const state = new Map<TableAccess, State>();
  const lookups: string[] = [];
  for (const a of sharded) {
    const p = placed(a)!;
    const key = p.role === 'root' ? p.pk : p.keyColumn;
    if (key && a.equality.includes(key)) state.set(a, { how: 'key', via: `${p.table}.${key}` });
    else if (key && a.inList.includes(key)) state.set(a, { how: 'multi', via: `${p.table}.${key} IN (…)`, rewrite: null });
    else {
      const lk = a.equality.map((c) => lookupFor(p, c)).find((l) => l !== null);
      if (lk) {
        state.set(a, { how: 'lookup', via: lk });
        lookups.push(lk);
      } else {
        const or = a.orGroups.find((g) => g.length > 1 && g.every((c) => lookupFor(p, c) !== null));
        if (or) {
          const names = or.map((c) => lookupFor(p, c)!);
          lookups.push(...names);
          state.set(a, {
            how: 'multi',
            via: `${p.table}: ${or.join(' OR ')}`,
            rewrite: `Split the OR into one statement per column (${or.map((c) => `${c} = ?`).join('; ')}): each is routed to one shard by its lookup (${names.join(', ')}).`,
          });
        }
      }
    }
  }
  // Joins: a table joined to a routed one is co-located, routed through a lookup (rows may sit on
  // another shard), or — when joined on nothing that routes — left for the scatter check.
  for (let changed = true; changed;) {
    changed = false;
    for (const b of sharded) {
      if (state.has(b)) continue;
      const pb = placed(b)!;
      for (const pair of b.joinPairs) {
        const a = sharded.find((x) => state.has(x) && x.table.toLowerCase() === pair.table.toLowerCase());
        if (!a) continue;
        const pa = placed(a)!;
        if (colocatedJoin(pb, pair.column, pa, pair.otherColumn)) {
          state.set(b, { how: 'colocated', via: `${pa.table}.${pair.otherColumn}` });
        } else {
          const lk = lookupFor(pb, pair.column);
          if (lk) lookups.push(lk);
          state.set(b, {
            how: 'multi',
            via: `${pb.table}.${pair.column} = ${pa.table}.${pair.otherColumn}`,
            rewrite:
              pair.column === pb.pk && pb.role !== 'root'
                ? `If the ${pb.table} row always belongs to the same ${keyName} as the ${pa.table} row, add \`AND ${pb.table}.${keyName} = ${pa.table}.${pa.role === 'root' ? pa.pk : pa.keyColumn}\` so the router keeps the join on one shard.`
                : `Read the ${pb.table} rows in a second statement by ${pair.column} (${lk ? `routed by the lookup ${lk}` : 'one shard per distinct value'}), or copy the columns you need into ${pa.table}.`,
          });
        }
        changed = true;
        break;
      }
    }
  }
  const unrouted = sharded.filter((a) => !state.has(a));
  const uniq = [...new Set(lookups)];
  if (unrouted.length > 0) {
    const names = [...new Set(unrouted.map((a) => a.table))];
    const group = unrouted.flatMap((a) => a.groupBy);
    const sameShardGroups = unrouted.every((a) => {
      const p = placed(a)!;
      return a.groupBy.length > 0 && a.groupBy.some((c) => c === p.keyColumn || c === p.path[0]?.column || c === p.pk);
    });
    const nonSarg = unrouted.flatMap((a) => a.nonSargable);
    const reason =
      `no condition on ${keyName} (or on a column with a lookup) for ${names.join(', ')}: every shard is asked` +
      (nonSarg.length > 0 ? ` (${nonSarg.join(', ')} is wrapped in a function)` : '') +
      (sameShardGroups
        ? `; every GROUP BY ${group.join(', ')} group lives on one shard, so per-shard aggregation is exact and the router only concatenates`
        : '');
    const rewrite =
      kind === 'write'
        ? `Run it per shard as a batch job (it is a maintenance statement), in bounded chunks (LIMIT) on each shard.`
        : sameShardGroups
          ? null
          : `Bind ${keyName} when the caller knows it (\`AND ${names[0]}.${placed(unrouted[0]!)!.keyColumn ?? keyName} = ?\`), or serve it from a reporting replica that holds all shards.`;
    return { routing: 'scatter', kind, reason, rewrite, lookups: uniq };
  }
  const multi = [...state.values()].filter((s): s is Extract<State, { how: 'multi' }> => s.how === 'multi');
  const apart = [...new Set(shape.accesses.filter((a) => (placed(a)?.role ?? 'unsharded') === 'unsharded').map((a) => a.table))];
  if (apart.length > 0)
    multi.push({
      how: 'multi',
      via: `${apart.join(', ')} stays unsharded`,
      rewrite: `Read ${apart.join(', ')} in a separate statement, or make it a reference table copied to every shard.`,
    });
  if (multi.length > 0) {
    return {
      routing: 'multi',
      kind,
      reason: multi
        .map((m) =>
          m.via.includes(' = ')
            ? `joined on ${m.via}, not on ${keyName}: the joined rows can belong to another ${keyName} and live on another shard`
            : m.via.endsWith('unsharded')
              ? `${m.via}: the router joins across keyspaces`
              : `${m.via} reaches several shards`,
        )
        .join('; '),
      rewrite: multi.map((m) => m.rewrite).find((r) => r !== null) ?? null,
      lookups: uniq,
    };
  }
  return { routing: 'single', kind, reason: null, rewrite: null, lookups: uniq };
}
