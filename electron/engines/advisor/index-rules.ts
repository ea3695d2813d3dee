/**
 * Index findings that need no workload timing: low-selectivity indexes, secrets in lookup
 * indexes, and foreign-key-like columns without an index.
 */
import type { AdvisorFinding, IndexRecommendation, SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import type { AnalyzedQuery } from './analyze-workload';
import { indexBytes } from './duplicates';
import { finding } from './finding';
import type { AdvisorOptions } from './options';

const flagName = /^(is|has|can|should)_|_(flag|enabled|active|deleted|verified)$|^(status|state|type|kind|role|gender|active|enabled|deleted|visible)$/i;
const secretName = /pass(word|wd)?(_hash)?$|^pwd|secret|token|api_?key|private_?key|salt$/i;

/** Non-unique B-tree indexes whose whole key has few distinct values relative to rows. */
export function lowSelectivityFindings(schema: SchemaSnapshot, options: AdvisorOptions): AdvisorFinding[] {
  const out: AdvisorFinding[] = [];
  for (const t of schema.tables) {
    for (const i of t.indexes) {
      if (i.unique || i.kind !== 'BTREE') continue;
      const last = i.columns[i.columns.length - 1]!;
      const first = t.columns.find((c) => c.name === i.columns[0]!.name);
      let basis: string | null = null;
      let ratio: number | null = null;
      if (last.cardinality != null && t.rows) {
        ratio = last.cardinality / t.rows;
        if (ratio < options.lowSelectivity) basis = `cardinality ${last.cardinality} over ${t.rows} rows (STATISTICS)`;
      } else if (i.columns.length === 1 && first?.selectivity != null) {
        ratio = first.selectivity;
        if (ratio < options.lowSelectivity) basis = `sampled selectivity ${ratio.toFixed(4)}`;
      } else if (
        i.columns.length === 1 &&
        first &&
        (flagName.test(first.name) || (first.dataType === 'tinyint' && /\(1\)/.test(first.columnType)) || first.dataType === 'enum' || first.dataType === 'bit')
      ) {
        basis = `name-and-type heuristic (${first.name} ${first.columnType}); no statistics offline`;
      }
      if (!basis) continue;
      out.push(
        finding('low-selectivity', t, i.name, {
          severity: 'info',
          confidence: basis.startsWith('name') ? 'low' : 'high',
          title: `${i.name} on ${t.name} has few distinct values`,
          detail: `An equality on it matches a large share of the table, so the optimizer usually prefers a full scan; it still costs on every write. Drop it unless a query combines it with a selective column (then make it a composite index). Basis: ${basis}.`,
          evidence: { basis, ratio: ratio === null ? null : Number(ratio.toFixed(6)) },
          fix: `ALTER TABLE ${quoteQualified(t.schema, t.name)} DROP INDEX ${quoteIdent(i.name)}`,
          wastedBytes: indexBytes(t, i),
        }),
      );
    }
  }
  return out;
}

/** Non-unique indexes holding password hashes, tokens or secrets: copies in index pages, and usually a sign of comparing secrets in SQL. */
export function secretIndexFindings(schema: SchemaSnapshot): AdvisorFinding[] {
  const out: AdvisorFinding[] = [];
  for (const t of schema.tables) {
    for (const i of t.indexes) {
      if (i.unique || i.primary) continue;
      const secrets = i.columns.map((c) => c.name).filter((c) => secretName.test(c));
      if (secrets.length === 0) continue;
      out.push(
        finding('secret-in-index', t, i.name, {
          severity: 'warning',
          confidence: 'medium',
          title: `${i.name} on ${t.name} contains ${secrets.join(', ')}`,
          detail:
            'Secret material in a non-unique lookup index is duplicated into index pages (and buffer pool, backups of the index) and hints that the application filters by the secret in SQL; look the row up by its key and verify the hash in the application instead.',
          evidence: { columns: secrets },
          fix: `ALTER TABLE ${quoteQualified(t.schema, t.name)} DROP INDEX ${quoteIdent(i.name)}`,
          wastedBytes: indexBytes(t, i),
        }),
      );
    }
  }
  return out;
}

/** Declared foreign keys, and `*_id` columns joined in the workload, that no index (existing or recommended) leads with. */
export function fkWithoutIndexFindings(schema: SchemaSnapshot, queries: readonly AnalyzedQuery[], recs: readonly IndexRecommendation[]): AdvisorFinding[] {
  const out: AdvisorFinding[] = [];
  const leads = (t: SchemaTable, cols: string[]): boolean =>
    t.indexes.some((i) => cols.every((c, k) => i.columns[k]?.name === c)) ||
    recs.some((r) => r.table === t.name && cols.every((c, k) => r.columns[k]?.name === c));
  const joined = new Map<string, Set<string>>();
  for (const q of queries)
    for (const a of q.shape?.accesses ?? [])
      for (const k of a.joinKeys) if (/_id$/i.test(k)) joined.set(a.table.toLowerCase(), (joined.get(a.table.toLowerCase()) ?? new Set()).add(k));
  for (const t of schema.tables) {
    const seen = new Set<string>();
    for (const fk of t.foreignKeys) {
      seen.add(fk.columns.join(','));
      if (leads(t, fk.columns)) continue;
      out.push(fkFinding(t, fk.columns, `declared foreign key ${fk.name} → ${fk.refTable}`, 'high'));
    }
    for (const c of joined.get(t.name.toLowerCase()) ?? []) {
      if (seen.has(c) || leads(t, [c])) continue;
      out.push(fkFinding(t, [c], 'joined in the workload', 'low'));
    }
  }
  return out;
}

function fkFinding(t: SchemaTable, cols: string[], why: string, confidence: AdvisorFinding['confidence']): AdvisorFinding {
  return finding('fk-without-index', t, null, {
    severity: confidence === 'high' ? 'warning' : 'info',
    confidence,
    title: `${t.name}.${cols.join(', ')} (${why}) has no index`,
    detail:
      'A join probing this table by the column, and every delete or key update on the parent, scans the table. The current workload may drive the join from this side, in which case it is harmless.',
    evidence: { columns: cols, why },
    fix: `ALTER TABLE ${quoteQualified(t.schema, t.name)} ADD INDEX ${quoteIdent(`idx_${t.name}_${cols.join('_')}`.slice(0, 64))} (${cols.map(quoteIdent).join(', ')}), ALGORITHM=INPLACE, LOCK=NONE`,
  });
}
