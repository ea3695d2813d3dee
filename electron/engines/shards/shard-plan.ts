/**
 * The shard-key advisor (after MongoDB's analyzeShardKey and Vitess' `vt keys`): each candidate
 * root key is tried — the tables that reach it by ownership links follow it, the rest become
 * reference tables or stay unsharded — and every workload statement is routed under it. The
 * candidate whose key keeps the most weighted reads (then writes) on one shard and reaches the
 * most data wins; the caller may force one. Measurements (rows per shard, key statistics) are
 * attached afterwards from counts a collector made on the server with the SQL `skewQueries` gives.
 */
import type { SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import type { ColumnUsage, CrossShardQuery, KeyCandidate, KeyStats, ShardPlan, ShardRole, ShardTable, SkewMeasure } from '../../../shared/contract/shards';
import type { AnalyzedQuery } from '../advisor/analyze-workload';
import { findLinks, ownershipLinks, pathsToRoot, primaryColumn, type Link } from './links';
import { routeQuery, type Placement, type Routing } from './routing';

/** Options of the advisor. */
export interface ShardPlanOptions {
  readonly shards: number;
  readonly key?: { table: string; column: string };
}

/** What the collector counted: rows per shard per table, statistics per candidate key. */
export interface ShardMeasurements {
  readonly skew: Readonly<Record<string, SkewMeasure>>;
  readonly stats: Readonly<Record<string, KeyStats>>;
}

/** The function rows are placed with; the Spider export and the skew counts use the same one. */
export const PLACEMENT_FUNCTION = {
  name: 'HASH (MOD N)',
  description:
    "MariaDB PARTITION BY HASH(key) PARTITIONS N puts a row in partition MOD(key, N); the Spider export maps partition i to shard i, ShardingSphere's MOD algorithm computes the same, and the skew is counted with MOD(key, N) on the server. Vitess' hash vindex spreads by a 3DES of the key instead.",
} as const;

/** A table reads as reference data when it is at most this large (rows, when known). */
const REFERENCE_MAX_ROWS = 100_000;
/** … and written at most this share of the weighted statements that touch it. */
const REFERENCE_MAX_WRITE_SHARE = 0.1;

/** Each column's weighted use in filters, joins and groupings, per table (lower-case name). */
export function columnUsage(schema: SchemaSnapshot, queries: readonly AnalyzedQuery[]): Map<string, ColumnUsage[]> {
  const tally = new Map<string, Map<string, { filter: number; join: number; group: number }>>();
  for (const t of schema.tables) tally.set(t.name.toLowerCase(), new Map(t.columns.map((c) => [c.name, { filter: 0, join: 0, group: 0 }])));
  for (const q of queries)
    for (const a of q.shape?.accesses ?? []) {
      const cols = tally.get(a.table.toLowerCase());
      if (!cols) continue;
      const add = (names: readonly string[], what: 'filter' | 'join' | 'group'): void => {
        for (const n of new Set(names)) {
          const c = cols.get(n);
          if (c) c[what] += q.weight.count;
        }
      };
      add([...a.equality, ...a.inList, ...a.range, ...a.likeParam, ...a.likeLeadingWildcard, ...a.nonSargable, ...a.orGroups.flat()], 'filter');
      add(a.joinKeys, 'join');
      add(a.groupBy, 'group');
    }
  const out = new Map<string, ColumnUsage[]>();
  for (const [table, cols] of tally) {
    const total = [...cols.values()].reduce((s, c) => s + c.filter + c.join + c.group, 0);
    out.set(
      table,
      [...cols.entries()]
        .map(([column, c]) => ({ column, ...c, share: total > 0 ? (c.filter + c.join + c.group) / total : 0 }))
        .filter((c) => c.share > 0)
        .sort((a, b) => b.share - a.share),
    );
  }
  return out;
}

/** The name the key goes by in child tables (`user_id` for users.id): the most common ownership link column to the root. */
function keyNameFor(root: SchemaTable, links: readonly Link[]): string {
  const names = links.filter((l) => l.refTable.toLowerCase() === root.name.toLowerCase()).map((l) => l.column);
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? `${root.name}_${primaryColumn(root) ?? 'id'}`;
}

interface Trial {
  readonly root: SchemaTable;
  readonly rootColumn: string;
  readonly keyName: string;
  readonly placements: Map<string, Placement>;
  readonly routes: Routing[];
  readonly candidate: KeyCandidate;
}

/** Places every table under one root and routes the workload. */
function trial(schema: SchemaSnapshot, queries: readonly AnalyzedQuery[], links: readonly Link[], root: SchemaTable, rootColumn: string): Trial {
  const owners = ownershipLinks(links);
  const paths = pathsToRoot(root.name, owners);
  const keyName = rootColumn === primaryColumn(root) ? keyNameFor(root, owners) : rootColumn;
  const placements = new Map<string, Placement>();
  const touched = new Map<string, { joined: boolean; weight: number; writes: number }>();
  for (const q of queries) {
    const writes = new Set((q.shape?.writes ?? []).map((w) => w.toLowerCase()));
    for (const a of q.shape?.accesses ?? []) {
      const t = touched.get(a.table.toLowerCase()) ?? { joined: false, weight: 0, writes: 0 };
      t.joined ||= a.joinKeys.length > 0;
      t.weight += q.weight.count;
      if (writes.has(a.table.toLowerCase())) t.writes += q.weight.count;
      touched.set(a.table.toLowerCase(), t);
    }
    for (const w of writes)
      if (!(q.shape?.accesses ?? []).some((a) => a.table.toLowerCase() === w)) {
        const t = touched.get(w) ?? { joined: false, weight: 0, writes: 0 };
        t.weight += q.weight.count;
        t.writes += q.weight.count;
        touched.set(w, t);
      }
  }
  for (const t of schema.tables) {
    const name = t.name.toLowerCase();
    const path = paths.get(name);
    const pk = primaryColumn(t);
    const uniques = t.indexes.filter((i) => i.unique && !i.primary && i.columns.length === 1).map((i) => i.columns[0]!.name);
    let role: ShardRole;
    let keyColumn: string | null = null;
    if (name === root.name.toLowerCase()) {
      role = 'root';
      keyColumn = rootColumn;
    } else if (path && path.length === 1) {
      role = 'carries-key';
      keyColumn = path[0]!.column;
    } else if (path && path.length > 1) {
      const carried = t.columns.find((c) => c.name === keyName);
      role = carried ? 'carries-key' : 'needs-key';
      keyColumn = carried ? keyName : null;
    } else {
      const use = touched.get(name);
      // A table that owns rows of its own outside the group is an entity of its own, not reference data.
      const ownsOthers = owners.some((l) => l.refTable.toLowerCase() === name && !paths.has(l.table.toLowerCase()));
      // … and one that belongs to an entity (user_sessions → users) grows with it.
      const belongs = owners.some((l) => l.table.toLowerCase() === name);
      const small = t.rows === null || t.rows <= REFERENCE_MAX_ROWS;
      const readMostly = use !== undefined && use.weight > 0 && use.writes / use.weight <= REFERENCE_MAX_WRITE_SHARE;
      role = use?.joined && small && readMostly && !ownsOthers && !belongs ? 'reference' : 'unsharded';
    }
    placements.set(name, { table: t.name, role, keyColumn, path: path ?? [], pk, uniques });
  }
  const routes = queries.map((q) => routeQuery(q, placements, keyName));
  const share = (kind: 'read' | 'write') => {
    const of = routes.map((r, i) => ({ r, w: queries[i]!.weight.count })).filter((x) => x.r.kind === kind);
    const total = of.reduce((s, x) => s + x.w, 0);
    const part = (k: Routing['routing']): number => (total > 0 ? of.filter((x) => x.r.routing === k).reduce((s, x) => s + x.w, 0) / total : 0);
    return { single: part('single'), multi: part('multi'), scatter: part('scatter'), unsharded: part('unsharded') };
  };
  const reads = share('read');
  const writes = share('write');
  const sharded = [...placements.values()].filter((p) => p.role === 'root' || p.role === 'carries-key' || p.role === 'needs-key');
  const rowsKnown = schema.tables.every((t) => t.rows !== null);
  const rowsOf = (n: string): number => schema.tables.find((t) => t.name.toLowerCase() === n.toLowerCase())?.rows ?? 0;
  const totalRows = schema.tables.reduce((s, t) => s + (t.rows ?? 0), 0);
  const reach = rowsKnown && totalRows > 0 ? sharded.reduce((s, p) => s + rowsOf(p.table), 0) / totalRows : sharded.length / Math.max(1, schema.tables.length);
  const score = 0.6 * reads.single + 0.15 * writes.single + 0.25 * reach;
  return {
    root,
    rootColumn,
    keyName,
    placements,
    routes,
    candidate: { table: root.name, column: rootColumn, reads, writes, reach, score, stats: null },
  };
}

/** Tables that can be a root: a single-column integer primary key that ownership links point at. */
function rootCandidates(schema: SchemaSnapshot, links: readonly Link[]): { table: SchemaTable; column: string }[] {
  const owners = ownershipLinks(links);
  return schema.tables.flatMap((t) => {
    const pk = primaryColumn(t);
    const col = t.columns.find((c) => c.name === pk);
    if (!pk || !col || !/int$/.test(col.dataType)) return [];
    return owners.some((l) => l.refTable.toLowerCase() === t.name.toLowerCase()) ? [{ table: t, column: pk }] : [];
  });
}

/** Plans the sharding of a schema for a workload (pure; no measurements yet). */
export function planShards(schema: SchemaSnapshot, queries: readonly AnalyzedQuery[], opts: ShardPlanOptions): ShardPlan {
  const links = findLinks(schema, queries);
  const trials = rootCandidates(schema, links)
    .map((c) => trial(schema, queries, links, c.table, c.column))
    .sort((a, b) => b.candidate.score - a.candidate.score || a.root.name.localeCompare(b.root.name));
  let chosen = trials[0];
  if (opts.key) {
    const root = schema.tables.find((t) => t.name.toLowerCase() === opts.key!.table.toLowerCase());
    if (!root || !root.columns.some((c) => c.name === opts.key!.column)) throw new Error(`No column ${opts.key.table}.${opts.key.column} in the schema`);
    chosen = trials.find((t) => t.root === root && t.rootColumn === opts.key!.column) ?? trial(schema, queries, links, root, opts.key.column);
  }
  if (!chosen) throw new Error('No table can be a shard root: none has a single-column integer primary key that other tables point at');
  const usage = columnUsage(schema, queries);
  const lookupsByTable = new Map<string, Set<string>>();
  for (const r of chosen.routes)
    for (const l of r.lookups) {
      const [t, c] = l.split('.') as [string, string];
      const p = chosen.placements.get(t.toLowerCase());
      if (!p || c === (p.role === 'root' ? p.pk : p.keyColumn)) continue;
      const set = lookupsByTable.get(t.toLowerCase()) ?? new Set<string>();
      set.add(c);
      lookupsByTable.set(t.toLowerCase(), set);
    }
  const tables: ShardTable[] = [...chosen.placements.values()].map((p) => {
    const t = schema.tables.find((x) => x.name === p.table)!;
    const why =
      p.role === 'root'
        ? `the root: its ${p.keyColumn} is the shard key ${chosen.keyName}`
        : p.role === 'carries-key'
          ? `carries ${p.keyColumn}: its rows live with their ${chosen.root.name} row`
          : p.role === 'needs-key'
            ? `reaches ${chosen.root.name} through ${p.path.map((h) => `${h.table}.${h.column} → ${h.refTable}.${h.refColumn}`).join(', ')}: add ${chosen.keyName}, filled along that path, so its rows live with their ${chosen.root.name} row (until then a router finds them through the lookup ${p.path[0]!.refTable}.${p.path[0]!.refColumn})`
            : p.role === 'reference'
              ? `small, read-mostly and joined: copied to every shard so joins to it stay local`
              : `no ownership path to ${chosen.root.name}: stays on one unsharded server`;
    return {
      table: p.table,
      role: p.role,
      keyColumn: p.role === 'needs-key' ? chosen.keyName : p.keyColumn,
      path: [...p.path],
      rows: t.rows,
      usage: usage.get(p.table.toLowerCase()) ?? [],
      lookups: [...(lookupsByTable.get(p.table.toLowerCase()) ?? [])].sort(),
      auto: p.pk,
      skew: null,
      why,
    };
  });
  const crossShard: CrossShardQuery[] = chosen.routes.flatMap((r, i) =>
    r.routing === 'single' || r.routing === 'unsharded'
      ? []
      : [
          {
            name: queries[i]!.name,
            sql: queries[i]!.sql,
            weight: queries[i]!.weight.count,
            kind: r.kind,
            routing: r.routing,
            reason: r.reason ?? '',
            rewrite: r.rewrite,
          },
        ],
  );
  const notes = [
    `Key ${chosen.root.name}.${chosen.rootColumn} (${chosen.keyName} in the other tables), chosen over ${trials.length - 1} other candidate(s) by single-shard reads, writes and the share of data it reaches.`,
  ];
  notes.push(`${chosen.root.name} is the root: each ${chosen.root.name} row and everything it owns live on shard MOD(${chosen.rootColumn}, ${opts.shards}).`);
  const userish = schema.tables.filter((t) => t !== chosen.root && /compan|tenant|organi[sz]ation|account|user/i.test(t.name));
  for (const t of userish) {
    const p = chosen.placements.get(t.name.toLowerCase())!;
    notes.push(`${t.name} is ${p.role === 'reference' ? 'a reference table' : p.role}: ${tables.find((x) => x.table === t.name)!.why}.`);
  }
  return {
    shards: opts.shards,
    root: chosen.root.name,
    key: chosen.rootColumn,
    keyName: chosen.keyName,
    func: { ...PLACEMENT_FUNCTION },
    candidates: trials.map((t) => t.candidate),
    tables,
    crossShard,
    notes,
  };
}

/** The SQL that counts rows per shard of each sharded table under MOD(key, N), joining along the lookup path where the key is not carried yet. */
export function skewQueries(plan: ShardPlan, database: string): { table: string; sql: string }[] {
  const q = (s: string): string => `\`${s.replace(/`/g, '``')}\``;
  return plan.tables.flatMap((t) => {
    if (t.role !== 'root' && t.role !== 'carries-key' && t.role !== 'needs-key') return [];
    if (t.role !== 'needs-key') {
      return [
        {
          table: t.table,
          sql: `SELECT MOD(${q(t.keyColumn!)}, ${plan.shards}) AS shard, COUNT(*) AS n FROM ${q(database)}.${q(t.table)} GROUP BY shard ORDER BY shard`,
        },
      ];
    }
    const joins = t.path.slice(0, -1).map((h, i) => `JOIN ${q(database)}.${q(h.refTable)} AS j${i + 1} ON j${i + 1}.${q(h.refColumn)} = j${i}.${q(h.column)}`);
    const last = t.path[t.path.length - 1]!;
    return [
      {
        table: t.table,
        sql: `SELECT MOD(j${t.path.length - 1}.${q(last.column)}, ${plan.shards}) AS shard, COUNT(*) AS n FROM ${q(database)}.${q(t.table)} AS j0 ${joins.join(' ')} GROUP BY shard ORDER BY shard`,
      },
    ];
  });
}

/** Rows per shard from the counts (shards without rows count 0; rows with no key are left out and noted). */
export function skewFrom(rows: readonly { shard: unknown; n: unknown }[], shards: number, sql: string): SkewMeasure {
  const perShard = Array.from({ length: shards }, () => 0);
  for (const r of rows) if (r.shard !== null && r.shard !== undefined) perShard[Number(r.shard)] = (perShard[Number(r.shard)] ?? 0) + Number(r.n);
  const mean = perShard.reduce((s, n) => s + n, 0) / shards;
  return { perShard, maxOverMean: mean > 0 ? Math.max(...perShard) / mean : 1, sql };
}

/** The plan with the counts made on the server attached. */
export function withMeasurements(plan: ShardPlan, m: ShardMeasurements): ShardPlan {
  const notes = [...plan.notes];
  const tables = plan.tables.map((t) => ({ ...t, skew: m.skew[t.table] ?? t.skew }));
  for (const t of tables)
    if (t.skew && t.skew.maxOverMean > 1.2)
      notes.push(`${t.table}: the largest shard holds ${t.skew.maxOverMean.toFixed(2)}× the mean rows under ${plan.func.name}.`);
  const candidates = plan.candidates.map((c) => ({ ...c, stats: m.stats[`${c.table}.${c.column}`] ?? c.stats }));
  for (const c of candidates)
    if (c.stats?.monotonic)
      notes.push(`${c.table}.${c.column} is monotonic (AUTO_INCREMENT): ranges would send every insert to the last shard; a hash spreads them.`);
  return { ...plan, tables, candidates, notes };
}
