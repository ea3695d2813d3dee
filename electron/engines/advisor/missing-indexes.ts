/**
 * Missing-index advice: for each query, the composite index each table access needs
 * (equality → IN → sort/group → first range column, the usual order for a B-tree to seek, then
 * deliver rows in order), covering when a few narrow columns complete it; then candidates are
 * merged per table (an index (a,b) serves a query needing (a); equality columns are ordered so
 * queries share prefixes), existing indexes that already serve a query are reused, and each new
 * index is weighed: workload time it should save against its size and write cost.
 * https://dev.mysql.com/doc/refman/8.4/en/multiple-column-indexes.html
 */
import type { AdvisorFinding, IndexRecommendation, SchemaIndex, SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import type { SortColumn, TableAccess } from '../sql-parse/column-roles';
import { tableIndex, workloadWriteRates, type AnalyzedQuery } from './analyze-workload';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { fmtBytes } from '../../../shared/format-bytes';
import { finding } from './finding';
import type { AdvisorCapabilities } from './capabilities';
import type { AdvisorOptions } from './options';
import { estimateIndexSize, type ColumnWidths } from './index-size';
import { alwaysPrefixed, choosePrefixes, type PrefixSamples } from './prefix-length';

/** One query's wish for one table. */
interface Candidate {
  readonly table: SchemaTable | null;
  readonly tableName: string;
  readonly eq: string[];
  readonly inList: string[];
  readonly tail: SortColumn[];
  readonly extra: string[];
  /** True when key + extra hold every column the query reads from the table. */
  readonly coverable: boolean;
  readonly query: AnalyzedQuery;
  readonly benefitSec: number;
  readonly reason: string;
}

/** An index being assembled from merged candidates. */
interface Draft {
  columns: SortColumn[];
  table: SchemaTable | null;
  tableName: string;
  queries: AnalyzedQuery[];
  benefitSec: number;
  covering: boolean;
  reasons: string[];
}

/** Result of the missing-index stage. */
export interface MissingIndexAdvice {
  readonly recommendations: IndexRecommendation[];
  readonly findings: AdvisorFinding[];
}

/** What the finding texts depend on: the dialect's index features. */
export type IndexDialect = Pick<AdvisorCapabilities, 'functionalIndexes' | 'fulltextNgram' | 'label'>;

/** CJK scripts, which FULLTEXT's default parser cannot split into words (no spaces between them). */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Recommends new indexes for the workload (pure). */
export function adviseMissingIndexes(
  queries: readonly AnalyzedQuery[],
  schema: SchemaSnapshot,
  options: AdvisorOptions,
  prefixSamples: PrefixSamples = {},
  dialect: IndexDialect | null = null,
  widths: ColumnWidths = {},
): MissingIndexAdvice {
  // Offline, the schema's flavor stands for the server: MariaDB has neither functional indexes nor ngram.
  const speaks: IndexDialect = dialect ?? {
    functionalIndexes: schema.flavor !== 'mariadb',
    fulltextNgram: schema.flavor !== 'mariadb',
    label: schema.flavor === 'mariadb' ? 'MariaDB' : 'MySQL',
  };
  const findTable = tableIndex(schema);
  const findings: AdvisorFinding[] = [];
  const candidates: Candidate[] = [];
  for (const q of queries) {
    if (!q.shape) continue;
    const blocks = new Map<number, TableAccess[]>();
    for (const a of q.shape.accesses) {
      const list = blocks.get(a.block);
      if (list) list.push(a);
      else blocks.set(a.block, [a]);
    }
    for (const accesses of blocks.values()) {
      const driving = pickDriving(accesses);
      for (const a of accesses) {
        const table = findTable(a.table) ?? null;
        if (schema.tables.length > 0 && !table) continue;
        findings.push(...accessFindings(a, q, table, speaks));
        const c = candidateFor(a, a === driving, q, table, options);
        if (c) candidates.push(c);
      }
    }
  }
  const writeRates = workloadWriteRates(queries);
  const byTable = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = c.tableName.toLowerCase();
    const list = byTable.get(key);
    if (list) list.push(c);
    else byTable.set(key, [c]);
  }
  const recommendations: IndexRecommendation[] = [];
  for (const [key, list] of byTable) {
    const drafts = mergeCandidates(list);
    const table = list[0]!.table;
    const counted = options.tableWriteRates[key];
    const writeRate = counted ?? writeRates.get(key) ?? null;
    const writeSource =
      counted !== undefined
        ? (options.tableWriteSources[key] ?? 'write rate given in the options')
        : writeRate !== null
          ? "the workload's INSERT/UPDATE/DELETE statements on this table (no server counters)"
          : 'unknown: no server counters (offline) and no writes to this table in the workload, so the score leaves write cost out';
    const taken = new Set((table?.indexes ?? []).map((i) => i.name.toLowerCase()));
    let added = 0;
    for (const d of drafts) {
      const rec = toRecommendation(d, writeRate, writeSource, taken, options, prefixSamples, widths);
      if (rec.score > 0) {
        recommendations.push(rec);
        added++;
      }
    }
    const total = (table?.indexes.length ?? 0) + added;
    if (table && total > options.maxIndexesPerTable) {
      findings.push(
        finding('too-many-indexes', table, null, {
          severity: 'info',
          confidence: 'medium',
          title: `${table.name} would have ${total} indexes (guideline: at most ${options.maxIndexesPerTable})`,
          detail: 'Every secondary index is maintained on each INSERT, DELETE and on UPDATEs of its columns; review the redundant and unused ones first.',
          evidence: { indexes: total, guideline: options.maxIndexesPerTable },
        }),
      );
    }
  }
  recommendations.sort((a, b) => b.score - a.score);
  return { recommendations, findings: dedupeFindings(findings) };
}

/** The table a block reads first: the first outer one with constant predicates, else the first
 * outer one; a correlated block has none (every table in it is probed per outer row). */
function pickDriving(accesses: TableAccess[]): TableAccess | undefined {
  const outer = accesses.filter((a) => !a.inner);
  return outer.find((a) => a.equality.length + a.inList.length + a.range.length > 0) ?? outer[0];
}

function candidateFor(a: TableAccess, driving: boolean, q: AnalyzedQuery, table: SchemaTable | null, options: AdvisorOptions): Candidate | null {
  const rows = table?.rows ?? options.assumedRows;
  if (rows < options.minRows) return null;
  const eq = [...a.equality];
  if (!driving) for (const k of a.joinKeys) if (!eq.includes(k)) eq.push(k);
  const inList = a.inList.filter((c) => !eq.includes(c));
  const used = new Set([...eq, ...inList]);
  const tail: SortColumn[] = [];
  const sort: SortColumn[] = driving && a.orderBy.length > 0 ? a.orderBy : a.groupBy.map((c) => ({ column: c, direction: 'ASC' as const }));
  // After an IN list the index cannot return rows in order; only the range column helps then.
  // A prefix-only column (TEXT, BLOB) cannot deliver rows in order: the sort stops before it.
  const prefixOnly = (c: string): boolean => {
    const col = table?.columns.find((x) => x.name === c);
    return col ? alwaysPrefixed(col) : false;
  };
  if (inList.length === 0)
    for (const s of sort) {
      if (prefixOnly(s.column)) break;
      if (!used.has(s.column)) {
        tail.push(s);
        used.add(s.column);
      }
    }
  const range = a.range.find((c) => !used.has(c));
  if (range && (tail.length === 0 || a.orderBy.length === 0)) {
    tail.push({ column: range, direction: 'ASC' });
    used.add(range);
  }
  if (eq.length + inList.length + tail.length === 0) return null;
  const key = [...eq, ...inList, ...tail.map((t) => t.column)];
  if (table && servedByExisting(table, eq, [...inList.map((c) => ({ column: c, direction: 'ASC' as const })), ...tail])) return null;
  const referenced = new Set([
    ...a.selected,
    ...a.equality,
    ...a.joinKeys,
    ...a.range,
    ...a.inList,
    ...a.groupBy,
    ...a.orderBy.map((o) => o.column),
    ...a.likeParam,
    ...a.likeLeadingWildcard,
    ...a.nonSargable,
  ]);
  const pk = new Set(table?.indexes.find((i) => i.primary)?.columns.map((c) => c.name) ?? []);
  const extra = a.selectAll ? null : [...referenced].filter((c) => !key.includes(c) && !pk.has(c));
  const narrow = (c: string): boolean => (table?.columns.find((x) => x.name === c)?.maxBytes ?? Infinity) <= options.coveringMaxColumnBytes;
  // A key with a prefix-only column can never cover the query: no covering extras then.
  const coverable = extra !== null && extra.length <= options.coveringMaxExtraColumns && extra.every(narrow) && !key.some(prefixOnly);
  // Time a seek saves: nearly all of a full scan; half when an index already narrows the prefix.
  const partial = table?.indexes.some((i) => i.kind === 'BTREE' && key.includes(i.columns[0]!.name)) ?? false;
  const benefitSec = q.weight.totalTimeSec * (partial ? 0.5 : 0.9);
  const parts = [
    eq.length ? `equality on ${eq.join(', ')}` : '',
    inList.length ? `IN on ${inList.join(', ')}` : '',
    tail.length ? `then ${tail.map((t) => `${t.column}${t.direction === 'DESC' ? ' DESC' : ''}`).join(', ')}` : '',
  ].filter(Boolean);
  return {
    table,
    tableName: a.table,
    eq,
    inList,
    tail,
    extra: coverable ? extra : [],
    coverable,
    query: q,
    benefitSec,
    reason: `${q.name}: ${parts.join('; ')}${driving ? '' : ' (probed by a join or correlated subquery)'}`,
  };
}

/** True when an existing visible B-tree index starts with these equality columns (any order) then the tail, or a unique index is fully bound. */
function servedByExisting(table: SchemaTable, eq: string[], tail: SortColumn[]): boolean {
  const eqSet = new Set(eq);
  return table.indexes.some((i) => {
    if (i.kind !== 'BTREE' || !i.visible) return false;
    const cols = i.columns.map((c) => c.name);
    if (i.unique && cols.every((c) => eqSet.has(c))) return true;
    if (cols.length < eq.length + tail.length) return false;
    if (!cols.slice(0, eq.length).every((c) => eqSet.has(c))) return false;
    // A prefixed column seeks but cannot deliver order: tail columns must be whole.
    const rest = i.columns.slice(eq.length, eq.length + tail.length);
    if (rest.some((c, k) => c.subPart !== null && k < tail.length - 1)) return false;
    return sameOrder(
      rest.map((c) => ({ column: c.name, direction: c.direction })),
      tail,
    );
  });
}

/** Same columns in the same order, directions equal or all reversed (a backward scan). */
function sameOrder(have: SortColumn[], want: SortColumn[]): boolean {
  if (have.length < want.length) return false;
  if (!want.every((w, k) => have[k]!.column === w.column)) return false;
  const same = want.every((w, k) => have[k]!.direction === w.direction);
  const reversed = want.every((w, k) => have[k]!.direction !== w.direction);
  return same || reversed;
}

/** Orders equality columns so candidates share prefixes, then folds prefixes into longer indexes. */
function mergeCandidates(list: Candidate[]): Draft[] {
  const freq = new Map<string, number>();
  for (const c of list) for (const col of c.eq) freq.set(col, (freq.get(col) ?? 0) + c.benefitSec + 1e-9);
  const card = (t: SchemaTable | null, col: string): number => t?.indexes.find((i) => i.columns[0]?.name === col)?.columns[0]?.cardinality ?? 0;
  // Among equally shared columns, one that can only be indexed by a prefix goes after the whole
  // columns: its key part matches only the start of the value, so whole columns narrow first.
  const prefixRank = (t: SchemaTable | null, col: string): number => {
    const c = t?.columns.find((x) => x.name === col);
    return c && alwaysPrefixed(c) ? 1 : 0;
  };
  const shaped = list.map((c) => {
    const eq = [...c.eq].sort(
      (x, y) =>
        (freq.get(y) ?? 0) - (freq.get(x) ?? 0) || prefixRank(c.table, x) - prefixRank(c.table, y) || card(c.table, y) - card(c.table, x) || x.localeCompare(y),
    );
    const tail = normaliseDirections(c.tail);
    const columns: SortColumn[] = [...eq, ...c.inList].map((col) => ({ column: col, direction: 'ASC' as const }));
    return { c, eqLen: c.eq.length, columns: [...columns, ...tail], extra: c.extra };
  });
  shaped.sort((x, y) => y.columns.length + y.extra.length - (x.columns.length + x.extra.length) || y.c.benefitSec - x.c.benefitSec);
  const drafts: Draft[] = [];
  for (const s of shaped) {
    const host = drafts.find((d) => prefixServes(d.columns, s.columns, s.eqLen));
    if (host) {
      if (!host.queries.includes(s.c.query)) host.queries.push(s.c.query);
      host.covering &&= s.c.coverable && s.extra.every((e) => host.columns.some((c) => c.column === e));
      host.benefitSec += s.c.benefitSec;
      host.reasons.push(s.c.reason);
      continue;
    }
    const extra = s.extra.filter((e) => !s.columns.some((c) => c.column === e));
    drafts.push({
      columns: [...s.columns, ...extra.map((e) => ({ column: e, direction: 'ASC' as const }))],
      table: s.c.table,
      tableName: s.c.tableName,
      queries: [s.c.query],
      benefitSec: s.c.benefitSec,
      covering: s.c.coverable,
      reasons: [s.c.reason + (extra.length ? ` (covering with ${extra.join(', ')})` : '')],
    });
  }
  return drafts;
}

/** A sort that is all one direction is served by an ascending index read backwards. */
function normaliseDirections(tail: SortColumn[]): SortColumn[] {
  const uniform = tail.every((t) => t.direction === tail[0]?.direction);
  return uniform ? tail.map((t) => ({ column: t.column, direction: 'ASC' as const })) : tail;
}

/** True when `host` can serve `want`: its first eqLen columns are want's equality set, then want's rest in order. */
function prefixServes(host: SortColumn[], want: SortColumn[], eqLen: number): boolean {
  if (host.length < want.length) return false;
  const eqSet = new Set(want.slice(0, eqLen).map((c) => c.column));
  if (!host.slice(0, eqLen).every((c) => eqSet.has(c.column))) return false;
  return sameOrder(host.slice(eqLen), want.slice(eqLen));
}

function toRecommendation(
  d: Draft,
  writeRate: number | null,
  writeSource: string,
  taken: Set<string>,
  options: AdvisorOptions,
  samples: PrefixSamples,
  widths: ColumnWidths,
): IndexRecommendation {
  const t = d.table;
  const rows = t?.rows ?? options.assumedRows;
  const prefixes = choosePrefixes(
    t,
    d.columns.map((c) => c.column),
    samples,
    options,
  );
  const size = estimateIndexSize(
    t,
    d.tableName,
    d.columns.map((c, k) => ({ name: c.column, subPart: prefixes[k]!.subPart })),
    rows,
    widths,
  );
  const sizeBytes = size.bytes;
  const sizeReason = `size ~${fmtBytes(sizeBytes)}: ${t?.rows != null ? '' : 'assumed '}${rows} rows × ${size.recordBytes} bytes per entry (key + primary key + header, ${size.widths === 'sampled' ? 'string widths sampled from the data' : 'string widths guessed from the declared types'}), ${size.leafPages} leaf pages as a sorted build packs them`;
  const writeCostSec = (writeRate ?? 0) * options.writeCostPerIndexSec;
  const base = `idx_${d.tableName}_${d.columns.map((c) => c.column).join('_')}`.slice(0, 60);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  taken.add(name.toLowerCase());
  // An existing index is a left prefix of the new one when each of its columns is there at least
  // as whole: `a(10)` is served by `a(10)`, `a(20)` or `a`, but `a` is not served by `a(10)`.
  const covers = (have: number | null, want: number | null): boolean => want === null || (have !== null && have >= want);
  const replaces =
    t?.indexes.find(
      (i) =>
        !i.unique &&
        i.kind === 'BTREE' &&
        i.columns.length < d.columns.length &&
        i.columns.every((c, k) => c.name === d.columns[k]!.column && covers(prefixes[k]!.subPart, c.subPart)),
    )?.name ?? null;
  const prefixReasons = prefixes.flatMap((p) => (p.reason ? [p.reason] : []));
  // A prefix holds only the start of the value: such an index never covers a read of that column.
  const covering = d.covering && prefixes.every((p) => p.subPart === null);
  return {
    id: `add:${t?.schema ?? ''}.${d.tableName}.${name}`,
    schema: t?.schema ?? null,
    table: d.tableName,
    name,
    kind: 'BTREE',
    columns: d.columns.map((c, k) => ({ name: c.column, direction: c.direction, subPart: prefixes[k]!.subPart })),
    covering,
    queries: d.queries.map((q) => q.name),
    savedTimeSec: round(d.benefitSec),
    sizeBytes,
    writeRate,
    writeSource,
    writeCostSec: round(writeCostSec),
    score: round(d.benefitSec - writeCostSec),
    replaces,
    reasons: [...d.reasons, ...prefixReasons, ...(replaces ? [`extends ${replaces}, which then becomes a redundant left prefix`] : []), sizeReason],
  };
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Findings a single access shows: OR across columns, functions on columns, leading-wildcard LIKE. */
function accessFindings(a: TableAccess, q: AnalyzedQuery, table: SchemaTable | null, dialect: IndexDialect): AdvisorFinding[] {
  const out: AdvisorFinding[] = [];
  const ref = table ?? { schema: null, name: a.table };
  for (const group of a.orGroups) {
    // An index merge reads index ranges: a pattern starting with a wildcard has none, so no index helps (see FULLTEXT below).
    if (group.every((c) => a.likeLeadingWildcard.includes(c))) continue;
    const likes = group.filter((c) => a.likeParam.includes(c) || a.likeLeadingWildcard.includes(c));
    const indexed = group.filter((c) => table?.indexes.some((i: SchemaIndex) => i.visible && i.kind === 'BTREE' && i.columns[0]?.name === c));
    const caveat =
      likes.length > 0 ? ` This holds only if the LIKE patterns on ${likes.join(', ')} do not start with % (a leading wildcard has no index range).` : '';
    out.push(
      finding('or-across-columns', ref, null, {
        severity: indexed.length === group.length ? 'info' : 'warning',
        confidence: likes.length > 0 ? 'low' : 'medium',
        title: `${q.name}: OR across ${group.join(', ')} on ${a.table}`,
        detail:
          (indexed.length === group.length
            ? 'Each column leads an index, so the optimizer can use an index merge (union); check EXPLAIN shows index_merge.'
            : `One index per column (${group.filter((c) => !indexed.includes(c)).join(', ')} lack one) lets the optimizer use an index merge; or rewrite as UNION ALL.`) +
          caveat,
        evidence: { query: q.name, columns: group },
      }),
    );
  }
  if (a.nonSargable.length > 0) {
    out.push(
      finding('non-sargable', ref, null, {
        severity: 'warning',
        confidence: 'high',
        title: `${q.name}: function on ${a.nonSargable.join(', ')} prevents index use`,
        detail:
          'Rewrite the predicate as a range on the bare column (e.g. col >= start AND col < end) so an index on it can be used, ' +
          (dialect.functionalIndexes
            ? 'or add a functional index on the expression: INDEX ((expr)).'
            : `or, since ${dialect.label} has no functional indexes, add a generated column on the expression (ADD COLUMN c … AS (expr) VIRTUAL) with an index on that column and compare with it.`),
        evidence: { query: q.name, columns: a.nonSargable, functionalIndexes: dialect.functionalIndexes },
      }),
    );
  }
  const wild = [...new Set([...a.likeLeadingWildcard, ...a.likeParam])];
  if (wild.length > 0) {
    const hasFt = table?.indexes.some((i) => i.kind === 'FULLTEXT' && wild.every((c) => i.columns.some((x) => x.name === c))) ?? false;
    if (!hasFt) {
      const cjk = CJK.test(q.sql);
      const ngram = cjk && dialect.fulltextNgram;
      const target = `ALTER TABLE ${quoteQualified(table?.schema, a.table)} ADD FULLTEXT INDEX ${quoteIdent(`ft_${a.table}_${wild.join('_')}`.slice(0, 64))} (${wild.map(quoteIdent).join(', ')})`;
      const cjkNote = cjk
        ? dialect.fulltextNgram
          ? ' The searched text is Chinese, Japanese or Korean, which has no spaces between words: the index uses the ngram parser (WITH PARSER ngram; ngram_token_size, default 2).'
          : ` The searched text is Chinese, Japanese or Korean, and ${dialect.label} has no ngram parser: its FULLTEXT index splits words at spaces and punctuation, so it would not find words inside CJK text. Use Mroonga (a MariaDB storage engine with CJK tokenizers) or an external search engine instead.`
        : dialect.fulltextNgram
          ? ''
          : ` ${dialect.label} has no ngram parser: for Chinese, Japanese or Korean text a FULLTEXT index does not find words.`;
      out.push(
        finding('fulltext-suggested', ref, null, {
          severity: a.likeLeadingWildcard.length > 0 ? 'warning' : 'info',
          confidence: cjk && !dialect.fulltextNgram ? 'low' : a.likeLeadingWildcard.length > 0 ? 'high' : 'low',
          title: `${q.name}: LIKE ${a.likeLeadingWildcard.length > 0 ? "'%...'" : 'with a parameter'} on ${wild.join(', ')}`,
          detail:
            'A B-tree index cannot serve a pattern that starts with a wildcard. A FULLTEXT index with MATCH ... AGAINST (query rewrite needed) can; the first FULLTEXT index on an InnoDB table rebuilds it.' +
            cjkNote,
          evidence: { query: q.name, columns: wild, leadingWildcard: a.likeLeadingWildcard.length > 0, cjk, ngramParser: dialect.fulltextNgram },
          fix: cjk && !dialect.fulltextNgram ? null : `${target}${ngram ? ' WITH PARSER ngram' : ''}`,
        }),
      );
    }
  }
  return out;
}

function dedupeFindings(list: AdvisorFinding[]): AdvisorFinding[] {
  const seen = new Set<string>();
  return list.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
}
