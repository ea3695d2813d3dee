/**
 * Vitess VSchema export: a sharded keyspace whose tables name their primary vindex (the key,
 * hashed) and lookup vindexes for the second access paths the workload uses; tables that do not
 * carry the key are routed through their parent's lookup (as Vitess' own demo routes corder_event
 * through corder_keyspace_idx); an unsharded keyspace holds the lookup tables and the sequences
 * that replace AUTO_INCREMENT. The checker is the one the documentation fixtures pass.
 * https://vitess.io/docs/reference/features/vschema/ · https://vitess.io/docs/reference/features/vindexes/
 */
import type { SchemaSnapshot } from '../../../../shared/contract/advisor';
import type { ExportIssue, ShardPlan } from '../../../../shared/contract/shards';

/** One keyspace's VSchema, as vtctldclient ApplyVSchema reads it. */
export interface VSchema {
  sharded?: boolean;
  vindexes?: Record<string, { type: string; params?: Record<string, string>; owner?: string }>;
  tables?: Record<
    string,
    {
      type?: string;
      column_vindexes?: { column?: string; columns?: string[]; name: string }[];
      auto_increment?: { column: string; sequence: string };
    }
  >;
}

/** The VSchemas of the keyspaces an export creates, by keyspace (SrvVSchema's `keyspaces`). */
export interface VitessExport {
  keyspaces: Record<string, VSchema>;
}

/** Vindex types and what they accept: functional unique ones can be primary; `numeric` needs an integer. */
const VINDEX_TYPES: Record<string, { unique: boolean; primaryOk: boolean; input: 'integer' | 'string' | 'any' }> = {
  hash: { unique: true, primaryOk: true, input: 'integer' },
  xxhash: { unique: true, primaryOk: true, input: 'any' },
  numeric: { unique: true, primaryOk: true, input: 'integer' },
  binary: { unique: true, primaryOk: true, input: 'any' },
  binary_md5: { unique: true, primaryOk: true, input: 'any' },
  unicode_loose_md5: { unique: true, primaryOk: true, input: 'string' },
  unicode_loose_xxhash: { unique: true, primaryOk: true, input: 'string' },
  reverse_bits: { unique: true, primaryOk: true, input: 'integer' },
  null: { unique: true, primaryOk: true, input: 'any' },
  region_json: { unique: true, primaryOk: true, input: 'any' },
  region_experimental: { unique: true, primaryOk: true, input: 'any' },
  multicol: { unique: true, primaryOk: true, input: 'any' },
  consistent_lookup_unique: { unique: true, primaryOk: true, input: 'any' },
  consistent_lookup: { unique: false, primaryOk: false, input: 'any' },
  lookup_unique: { unique: true, primaryOk: true, input: 'any' },
  lookup: { unique: false, primaryOk: false, input: 'any' },
  lookup_hash_unique: { unique: true, primaryOk: true, input: 'any' },
  lookup_hash: { unique: false, primaryOk: false, input: 'any' },
};

const INTEGER = /int$/;
const STRING = /char|text|enum|set$/;

/** Builds the Vitess export: keyspace `keyspace` (sharded) and `<keyspace>_lookup` (unsharded: lookup tables, sequences). */
export function vitessExport(plan: ShardPlan, schema: SchemaSnapshot, keyspace: string): VitessExport {
  const lookupKs = `${keyspace}_lookup`;
  const sharded: VSchema = { sharded: true, vindexes: { hash: { type: 'xxhash' } }, tables: {} };
  const unsharded: VSchema = { sharded: false, tables: {} };
  const lookupName = (table: string, column: string): string => `${table}_${column}_lookup`;
  const addLookup = (table: string, column: string): string => {
    const name = lookupName(table, column);
    const t = schema.tables.find((x) => x.name === table);
    const unique = t?.indexes.some((i) => (i.unique || i.primary) && i.columns.length === 1 && i.columns[0]!.name === column) ?? false;
    sharded.vindexes![name] = {
      type: unique ? 'consistent_lookup_unique' : 'consistent_lookup',
      params: { table: `${lookupKs}.${name}`, from: column, to: 'keyspace_id' },
      owner: table,
    };
    unsharded.tables![name] = {};
    return name;
  };
  for (const t of plan.tables) {
    if (t.role === 'reference') {
      sharded.tables![t.table] = { type: 'reference' };
      continue;
    }
    if (t.role === 'unsharded') {
      unsharded.tables![t.table] = {};
      continue;
    }
    const vindexes: { column: string; name: string }[] = [];
    if (t.role === 'needs-key') {
      const hop = t.path[0]!;
      vindexes.push({ column: hop.column, name: lookupName(hop.refTable, hop.refColumn) });
    } else vindexes.push({ column: t.keyColumn!, name: 'hash' });
    for (const c of t.lookups) vindexes.push({ column: c, name: addLookup(t.table, c) });
    const entry: NonNullable<VSchema['tables']>[string] = { column_vindexes: vindexes };
    if (t.auto) {
      const seq = `${t.table}_seq`;
      entry.auto_increment = { column: t.auto, sequence: `${lookupKs}.${seq}` };
      unsharded.tables![seq] = { type: 'sequence' };
    }
    sharded.tables![t.table] = entry;
  }
  // Parents whose lookup routes a child must own it even when no query reads them by that column.
  for (const t of plan.tables)
    if (t.role === 'needs-key') {
      const hop = t.path[0]!;
      const name = lookupName(hop.refTable, hop.refColumn);
      if (!sharded.vindexes![name]) {
        addLookup(hop.refTable, hop.refColumn);
        sharded.tables![hop.refTable]?.column_vindexes?.push({ column: hop.refColumn, name });
      }
    }
  return { keyspaces: { [keyspace]: sharded, [lookupKs]: unsharded } };
}

/**
 * Checks VSchemas as PlanetScale's linter does: every column vindex names a declared vindex of a
 * known type, the first one can be primary (unique and functional), sequences and lookup tables
 * point at tables an unsharded keyspace declares, owners exist; with the schema's columns (by
 * keyspace → table → column → data type), also that each column exists and fits the vindex type.
 */
export function checkVSchema(exp: VitessExport, columns?: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>): ExportIssue[] {
  const issues: ExportIssue[] = [];
  const declared = (qualified: string, type?: string): boolean => {
    const [k, t] = qualified.includes('.') ? (qualified.split('.') as [string, string]) : [null, qualified];
    const spaces = k ? [k] : Object.keys(exp.keyspaces);
    // A keyspace outside this document (the documentation's `product.customer_seq`) cannot be checked here.
    if (k && !exp.keyspaces[k]) return true;
    return spaces.some((s) => {
      const e = exp.keyspaces[s]?.tables?.[t];
      return e !== undefined && (type === undefined || e.type === type);
    });
  };
  for (const [ks, vs] of Object.entries(exp.keyspaces)) {
    const at = (p: string): string => `${ks}.${p}`;
    for (const [name, v] of Object.entries(vs.vindexes ?? {})) {
      const known = VINDEX_TYPES[v.type];
      if (!known) issues.push({ path: at(`vindexes.${name}`), message: `unknown vindex type ${v.type}` });
      if (v.type.includes('lookup')) {
        for (const p of ['table', 'from', 'to'])
          if (!v.params?.[p]) issues.push({ path: at(`vindexes.${name}.params`), message: `lookup vindex without ${p}` });
        if (v.params?.table && !declared(v.params.table))
          issues.push({ path: at(`vindexes.${name}`), message: `lookup table ${v.params.table} is not declared` });
        if (v.owner && !vs.tables?.[v.owner]) issues.push({ path: at(`vindexes.${name}`), message: `owner ${v.owner} is not a table of ${ks}` });
      }
    }
    for (const [table, t] of Object.entries(vs.tables ?? {})) {
      const path = at(`tables.${table}`);
      if (!vs.sharded) {
        if (t.column_vindexes?.length) issues.push({ path, message: 'an unsharded keyspace takes no column vindexes' });
        continue;
      }
      if (t.type === 'reference' || t.type === 'sequence') {
        if (t.column_vindexes?.length) issues.push({ path, message: `a ${t.type} table takes no column vindexes` });
        continue;
      }
      const cvs = t.column_vindexes ?? [];
      if (cvs.length === 0) issues.push({ path, message: 'a sharded table needs a primary vindex' });
      cvs.forEach((cv, i) => {
        const v = vs.vindexes?.[cv.name];
        const cols = cv.columns ?? (cv.column ? [cv.column] : []);
        if (cols.length === 0) issues.push({ path: `${path}.column_vindexes[${i}]`, message: 'no column' });
        if (!v) {
          issues.push({ path: `${path}.column_vindexes[${i}]`, message: `vindex ${cv.name} is not declared` });
          return;
        }
        const known = VINDEX_TYPES[v.type];
        if (i === 0 && known && !known.primaryOk)
          issues.push({ path: `${path}.column_vindexes[0]`, message: `${cv.name} (${v.type}) is not unique: it cannot be the primary vindex` });
        const types = columns?.get(ks)?.get(table);
        if (types) {
          for (const c of cols) {
            const type = types.get(c);
            if (type === undefined) issues.push({ path: `${path}.column_vindexes[${i}]`, message: `no column ${c} in ${table}` });
            else if (known?.input === 'integer' && !INTEGER.test(type))
              issues.push({ path: `${path}.column_vindexes[${i}]`, message: `${v.type} needs an integer column; ${c} is ${type}` });
            else if (known?.input === 'string' && !STRING.test(type))
              issues.push({ path: `${path}.column_vindexes[${i}]`, message: `${v.type} needs a string column; ${c} is ${type}` });
          }
        }
      });
      if (t.auto_increment) {
        if (!declared(t.auto_increment.sequence, 'sequence'))
          issues.push({ path: `${path}.auto_increment`, message: `sequence ${t.auto_increment.sequence} is not declared as type sequence` });
      }
    }
  }
  return issues;
}

/** The schema's columns for the checker, keyed the way `checkVSchema` reads them. */
export function vschemaColumns(schema: SchemaSnapshot, keyspace: string): Map<string, Map<string, Map<string, string>>> {
  return new Map([[keyspace, new Map(schema.tables.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.dataType]))]))]]);
}
