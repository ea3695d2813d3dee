/**
 * Duplicate and redundant indexes, with the same rules as Percona's pt-duplicate-key-checker
 * (exact duplicates, left-prefix redundancy, redundantly-unique keys, InnoDB secondary keys that
 * end with the clustered key, duplicate foreign keys), so its report is a subset of ours, plus
 * checks it does not make (same columns differing only in sort direction).
 * https://docs.percona.com/percona-toolkit/pt-duplicate-key-checker.html
 */
import type { AdvisorFinding, SchemaIndex, SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { typicalKeyBytes } from './column-size';
import { finding } from './finding';

/** One duplicate pair: `index` can go because `duplicateOf` serves it. */
export interface DuplicatePair {
  readonly schema: string | null;
  readonly table: string;
  readonly index: string;
  readonly duplicateOf: string;
  readonly type: 'exact' | 'prefix' | 'clustered' | 'fk' | 'direction';
  readonly reason: string;
  /** True when pt-duplicate-key-checker reports the pair too. */
  readonly ptCompatible: boolean;
  /** True when `index` holds a column longer than `duplicateOf` does (pt's text comparison misses prefix lengths). */
  readonly prefixCaveat?: boolean;
}

interface Key {
  readonly index: SchemaIndex;
  readonly name: string;
  colnames: string;
  readonly lenCols: number;
  readonly cols: string[];
  readonly unique: boolean;
  uniqueCol?: boolean;
  exactDupe?: boolean;
  unconstrained?: 'stronger' | 'duplicate';
  constraining?: Key;
}

/** The duplicate pairs of one table, pt-duplicate-key-checker's algorithm first (pure). */
export function findDuplicatePairs(table: SchemaTable): DuplicatePair[] {
  const pairs: DuplicatePair[] = [];
  const add = (right: Key, left: Key, type: DuplicatePair['type'], reason: string): void => {
    // pt compares the column lists as text, so `a` looks like a left prefix of `a`(10),`b`; but a
    // prefix indexes less than the whole column: reported (pt does), flagged, never auto-dropped.
    const shorter = right.index.columns.some((c, k) => {
      const l = left.index.columns[k];
      return l !== undefined && l.subPart !== null && (c.subPart === null || c.subPart > l.subPart);
    });
    const caveat = shorter ? `\nCaution: ${right.name} indexes more of a column than ${left.name} (a prefix length), so it is not truly redundant` : '';
    pairs.push({
      schema: table.schema,
      table: table.name,
      index: right.name,
      duplicateOf: left.name,
      type,
      reason: reason + caveat,
      ptCompatible: true,
      prefixCaveat: shorter,
    });
  };
  const innodb = /innodb/i.test(table.engine ?? 'InnoDB');
  const clustered =
    table.indexes.find((i) => i.primary) ??
    (innodb ? table.indexes.find((i) => i.unique && i.columns.every((c) => !table.columns.find((x) => x.name === c.name)?.nullable)) : undefined);
  let primary: Key | null = null;
  const unique: Key[] = [];
  const normal: Key[] = [];
  const fulltext: Key[] = [];
  // pt walks keys in reverse name order; ties in later sorts keep that order.
  for (const index of [...table.indexes].sort((a, b) => cmp(b.name, a.name))) {
    const colnames = index.columns.map((c) => `\`${c.name}\`${c.subPart ? `(${c.subPart})` : ''}${c.direction === 'DESC' ? ' DESC' : ''}`).join(',');
    const key: Key = { index, name: index.name, colnames, lenCols: colnames.length, cols: index.columns.map((c) => c.name), unique: index.unique };
    if (index.name === 'PRIMARY' || index === clustered) {
      primary = key;
      continue;
    }
    if (index.kind === 'FULLTEXT') key.colnames = colnames.split(',').sort(cmp).join(',');
    (index.kind === 'FULLTEXT' ? fulltext : index.unique ? unique : normal).push(key);
  }
  normal.push(...unconstrain(primary, unique));
  if (primary) {
    removePrefix([primary], unique, false, add);
    removePrefix([primary], normal, false, add);
  }
  removePrefix(unique, normal, false, add);
  removePrefix(normal, normal, false, add);
  removePrefix(fulltext, fulltext, true, add);
  if (primary && innodb) {
    for (const list of [unique, normal]) {
      for (let i = 0; i < list.length; i++) {
        const k = list[i]!;
        if (k.colnames.endsWith(primary.colnames)) {
          add(k, primary, 'clustered', `Key ${k.name} ends with a prefix of the clustered index`);
          list.splice(i--, 1);
        }
      }
    }
  }
  pairs.push(...duplicateForeignKeys(table));
  pairs.push(...directionOnly(table, pairs));
  return pairs;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** pt's unconstrain_keys: unique keys made redundant by a stronger or identical unique key lose their uniqueness. */
function unconstrain(primary: Key | null, unique: Key[]): Key[] {
  const uniqueCols = new Map<string, Key>();
  const sets: Key[] = [];
  for (const k of primary ? [primary, ...unique] : unique) {
    if (k.cols.length === 1) {
      const holder = uniqueCols.get(k.cols[0]!);
      if (!holder) {
        uniqueCols.set(k.cols[0]!, k);
        k.uniqueCol = true;
      } else {
        k.exactDupe = true;
        k.constraining = holder;
      }
    } else sets.push(k);
  }
  const stronger = new Map<string, Key>();
  for (const s of sets) {
    let n = 0;
    let by: Key | undefined;
    for (const c of s.cols) {
      const holder = uniqueCols.get(c);
      if (holder) {
        by = holder;
        if (++n > 1) break;
      }
    }
    if (n > 0 && by && s.name !== 'PRIMARY') stronger.set(s.name, by);
  }
  const out: Key[] = [];
  for (let i = 0; i < unique.length; i++) {
    const k = unique[i]!;
    const by = stronger.get(k.name);
    if (by) {
      k.unconstrained = 'stronger';
      k.constraining = by;
    } else if (k.exactDupe) k.unconstrained = 'duplicate';
    if (k.unconstrained) {
      out.push(k);
      unique.splice(i--, 1);
    }
  }
  return out;
}

/** pt's remove_prefix_duplicates over the colnames strings. */
function removePrefix(left: Key[], right: Key[], exactOnly: boolean, add: (r: Key, l: Key, t: DuplicatePair['type'], reason: string) => void): void {
  const byCols = (a: Key, b: Key): number => cmp(a.colnames.toLowerCase(), b.colnames.toLowerCase());
  const same = left === right;
  if (same) {
    const sorted = [...left].sort(byCols).reverse();
    left.splice(0, left.length, ...sorted);
  } else {
    left.splice(0, left.length, ...[...left].sort(byCols));
    right.splice(0, right.length, ...[...right].sort(byCols));
  }
  const removed = new Set<Key>();
  for (let li = 0; li < left.length - (same ? 1 : 0); li++) {
    const l = left[li]!;
    if (removed.has(l)) continue;
    for (let ri = same ? li + 1 : 0; ri < right.length; ri++) {
      const r = right[ri]!;
      if (removed.has(r)) continue;
      if (l.colnames.slice(0, r.lenCols) !== r.colnames.slice(0, r.lenCols)) continue;
      if (exactOnly && r.lenCols < l.lenCols) continue;
      if (r.uniqueCol) continue;
      const exact = r.lenCols >= l.lenCols;
      const prefix = r.unconstrained ? `Uniqueness of ${r.name} ignored because ${r.constraining!.name} is a ${r.unconstrained} constraint\n` : '';
      add(r, l, exact ? 'exact' : 'prefix', `${prefix}${r.name} is ${exact ? 'a duplicate of' : 'a left-prefix of'} ${l.name}`);
      removed.add(r);
    }
  }
  const keep = (list: Key[]): Key[] => list.filter((k) => !removed.has(k));
  left.splice(0, left.length, ...keep(left));
  if (!same) right.splice(0, right.length, ...keep(right));
}

function duplicateForeignKeys(table: SchemaTable): DuplicatePair[] {
  const fks = [...table.foreignKeys].sort((a, b) => cmp(a.name, b.name));
  const out: DuplicatePair[] = [];
  const gone = new Set<number>();
  const sig = (cols: string[]): string => [...cols].sort(cmp).join(',');
  for (let i = 0; i < fks.length; i++) {
    if (gone.has(i)) continue;
    for (let j = i + 1; j < fks.length; j++) {
      if (gone.has(j)) continue;
      const a = fks[i]!;
      const b = fks[j]!;
      if (a.refTable === b.refTable && sig(a.columns) === sig(b.columns) && sig(a.refColumns) === sig(b.refColumns)) {
        out.push({
          schema: table.schema,
          table: table.name,
          index: b.name,
          duplicateOf: a.name,
          type: 'fk',
          reason: `FOREIGN KEY ${b.name} (${b.columns.join(', ')}) REFERENCES ${b.refTable} is a duplicate of FOREIGN KEY ${a.name}`,
          ptCompatible: true,
        });
        gone.add(j);
      }
    }
  }
  return out;
}

/** Ours only: B-tree indexes with the same columns that differ only in sort direction. */
function directionOnly(table: SchemaTable, known: DuplicatePair[]): DuplicatePair[] {
  const out: DuplicatePair[] = [];
  const flagged = new Set(known.map((p) => p.index));
  const bt = table.indexes.filter((i) => i.kind === 'BTREE');
  for (const a of bt) {
    for (const b of bt) {
      if (a === b || b.primary || b.unique || flagged.has(b.name) || flagged.has(a.name)) continue;
      const sameCols = a.columns.length === b.columns.length && a.columns.every((c, k) => c.name === b.columns[k]!.name && c.subPart === b.columns[k]!.subPart);
      const differs = sameCols && a.columns.some((c, k) => c.direction !== b.columns[k]!.direction);
      if (sameCols && differs && (a.unique || a.name < b.name)) {
        out.push({
          schema: table.schema,
          table: table.name,
          index: b.name,
          duplicateOf: a.name,
          type: 'direction',
          reason: `${b.name} has the same columns as ${a.name} and differs only in sort direction; it helps only an ORDER BY mixing ASC and DESC`,
          ptCompatible: false,
        });
        flagged.add(b.name);
      }
    }
  }
  return out;
}

/** Duplicate findings for a whole snapshot, with wasted bytes and the DROP statement. */
export function duplicateFindings(schema: SchemaSnapshot, pairsOf: (t: SchemaTable) => DuplicatePair[] = findDuplicatePairs): AdvisorFinding[] {
  const out: AdvisorFinding[] = [];
  for (const table of schema.tables) {
    for (const p of pairsOf(table)) {
      const index = table.indexes.find((i) => i.name === p.index);
      const wasted = index ? indexBytes(table, index) : null;
      const kind =
        p.type === 'fk' ? 'duplicate-foreign-key' : p.type === 'clustered' ? 'clustered-suffix' : p.type === 'exact' ? 'duplicate-index' : 'redundant-index';
      const fix =
        p.type === 'fk'
          ? `ALTER TABLE ${quoteQualified(table.schema, table.name)} DROP FOREIGN KEY ${quoteIdent(p.index)}`
          : `ALTER TABLE ${quoteQualified(table.schema, table.name)} DROP INDEX ${quoteIdent(p.index)}`;
      out.push(
        finding(kind, table, p.index, {
          severity: p.type === 'direction' ? 'info' : 'warning',
          confidence: p.type === 'direction' ? 'medium' : 'high',
          title: p.reason.split('\n').find((l) => !l.startsWith('Uniqueness') && !l.startsWith('Caution')) ?? p.reason,
          detail: p.reason,
          evidence: {
            duplicateOf: p.duplicateOf,
            type: p.type,
            ptCompatible: p.ptCompatible,
            prefixCaveat: p.prefixCaveat ?? false,
            sizeSource: index?.sizeBytes != null ? 'innodb_index_stats' : table.rows != null ? 'estimate' : 'unknown',
          },
          fix: p.type === 'clustered' && index && !index.unique ? fix : p.type === 'clustered' ? null : fix,
          wastedBytes: wasted,
        }),
      );
    }
  }
  return out;
}

/** Bytes of an index: live size when known, else rows × (key + primary key + header) / fill. */
export function indexBytes(table: SchemaTable, index: SchemaIndex): number | null {
  if (index.sizeBytes != null) return index.sizeBytes;
  if (table.rows == null) return null;
  const width = (name: string): number => {
    const c = table.columns.find((x) => x.name === name);
    return c ? typicalKeyBytes(c.dataType, c.maxBytes) : 8;
  };
  const pk = (table.indexes.find((i) => i.primary)?.columns ?? []).reduce((s, c) => s + width(c.name), 0);
  const key = index.columns.reduce((s, c) => s + (c.subPart ?? width(c.name)), 0);
  return Math.round((table.rows * (key + pk + 5)) / 0.7);
}
