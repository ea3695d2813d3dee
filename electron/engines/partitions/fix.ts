/**
 * The fix preflight offers for an `ALTER TABLE … PARTITION BY` the server would refuse or that
 * would not prune: the key rewrite every unique key needs (each must hold the partitioning
 * columns), and a range scheme the optimizer can prune — `RANGE COLUMNS(col)` with literal date
 * bounds computed from what the statement meant (a YYYYMM number, `TO_DAYS(NOW() + INTERVAL 7
 * DAY)` as of today). What the key rewrite costs is said in the notes.
 * https://dev.mysql.com/doc/refman/8.4/en/partitioning-limitations-partitioning-keys-unique-keys.html
 */
import type { SchemaIndex, SchemaTable } from '../../../shared/contract/advisor';
import { quoteIdent, quoteString } from '../../../shared/sql-quote';
import type { Token } from '../advisor/ddl-tokenizer';
import { addInterval, fromDays, isoDate, parseDate, yyyymmToDate, type Interval } from './bounds';
import { analyzeExpr } from './expression';
import type { PartitionDef, PartitionSpec, PartitionStatement } from './partition-ddl';
import type { PreflightInput } from './preflight';
import { withKeyChanges } from './preflight';

/** A fix and what it costs. */
export interface Fix {
  readonly sql: string;
  readonly notes: string[];
}

const DATE_TYPES = new Set(['date', 'datetime', 'timestamp']);

/** Builds the fix for a `PARTITION BY` statement on a known table (pure). */
export function buildFix(st: Extract<PartitionStatement, { kind: 'partition-by' }>, sql: string, original: SchemaTable, input: PreflightInput): Fix | null {
  const notes: string[] = [];
  const spec = st.spec;
  const info = analyzeExpr(spec.expr, input.facts.pruningFunctions);
  const column = info.columns.length === 1 ? info.columns[0]!.text : null;
  const colDef = column ? original.columns.find((c) => c.name.toLowerCase() === column.toLowerCase()) : undefined;
  let clause = sql.slice(spec.span.start, spec.span.end);
  let partCols = info.columns.map((c) => colDef?.name ?? c.text);
  const isRange = spec.method === 'RANGE' || spec.method === 'RANGE COLUMNS';
  const boundsBroken = spec.partitions.some((p) => analyzeExpr(p.values.flat(), input.facts.pruningFunctions).nonConstant.length > 0);
  const exprBroken = spec.method === 'RANGE COLUMNS' ? info.functions.length > 0 : info.prunes !== 'function' || info.arithmetic;
  if (isRange && colDef && DATE_TYPES.has(colDef.dataType) && (exprBroken || boundsBroken)) {
    const dates = spec.partitions.map((p) => (p.maxvalue ? 'MAXVALUE' : boundDate(p, spec, info.outer, info.arithmetic, input.asOf)));
    if (dates.every((d) => d !== null)) {
      const ts = colDef.dataType === 'timestamp';
      const head = ts ? `PARTITION BY RANGE (UNIX_TIMESTAMP(${quoteIdent(colDef.name)}))` : `PARTITION BY RANGE COLUMNS(${quoteIdent(colDef.name)})`;
      const defs = spec.partitions.map((p, i) => {
        const d = dates[i]!;
        const bound = d === 'MAXVALUE' ? 'MAXVALUE' : ts ? `(UNIX_TIMESTAMP(${quoteString(`${d} 00:00:00`)}))` : `(${quoteString(d)})`;
        return `  PARTITION ${quoteIdent(p.name)} VALUES LESS THAN ${bound}`;
      });
      clause = `${head} (\n${defs.join(',\n')}\n)`;
      partCols = [colDef.name];
      notes.push(
        ts
          ? `${colDef.name} is a TIMESTAMP: RANGE on UNIX_TIMESTAMP(${colDef.name}) is the one form allowed for it, and it prunes.`
          : `RANGE COLUMNS(${colDef.name}) with literal dates prunes a date range to the partitions it overlaps; the bounds are the ones the statement meant${boundsBroken ? `, computed as of ${input.asOf}` : ''}.`,
      );
      if (boundsBroken) notes.push('A bound cannot move with NOW(): keep future partitions ahead with rotation (dbw partition rotate) instead.');
    } else {
      notes.push('The bounds could not be read as dates, so the partitioning clause is kept as written; only the keys are rewritten.');
    }
  }
  const current = withKeyChanges(original, st.keyChanges);
  const target: SchemaIndex[] = current.indexes.map((idx) => {
    if (!idx.unique) return idx;
    const missing = partCols.filter((c) => !idx.columns.some((k) => k.name.toLowerCase() === c.toLowerCase() && k.subPart === null));
    if (missing.length === 0) return idx;
    const kept = idx.columns.filter((k) => !missing.some((m) => m.toLowerCase() === k.name.toLowerCase()));
    const cols = [...kept, ...missing.map((m) => ({ name: m, subPart: null, direction: 'ASC' as const, cardinality: null }))];
    if (idx.primary) {
      notes.push(
        `PRIMARY KEY (${idx.columns.map((k) => k.name).join(', ')}) becomes (${cols.map((k) => k.name).join(', ')}): the server now enforces uniqueness of the pair only. ${idx.columns.length === 1 ? `${idx.columns[0]!.name} stays unique in practice when it is AUTO_INCREMENT, but nothing stops an explicit duplicate.` : ''}`.trim(),
      );
    } else {
      notes.push(
        `UNIQUE ${idx.name} (${idx.columns.map((k) => k.name).join(', ')}) becomes (${cols.map((k) => k.name).join(', ')}): the server no longer guarantees ${idx.columns.map((k) => k.name).join(', ')} is unique on its own. Either the application guarantees it, or keep a small unpartitioned lookup table with UNIQUE(${idx.columns.map((k) => k.name).join(', ')}) written in the same transaction.`,
      );
    }
    return { ...idx, columns: cols };
  });
  const changes = keyDiff(original.indexes, target);
  const head = `ALTER TABLE ${quoteIdent(original.name)}`;
  const fix = changes.length ? `${head}\n  ${changes.join(',\n  ')}\n${clause}` : `${head}\n${clause}`;
  return { sql: fix, notes };
}

/** The DROP/ADD clauses that turn `from` keys into `to` keys (only keys that differ). */
function keyDiff(from: readonly SchemaIndex[], to: readonly SchemaIndex[]): string[] {
  const sig = (i: SchemaIndex): string => `${i.primary}|${i.unique}|${i.kind}|${i.columns.map((c) => `${c.name.toLowerCase()}:${c.subPart ?? ''}`).join(',')}`;
  const byName = (list: readonly SchemaIndex[], n: string): SchemaIndex | undefined => list.find((i) => i.name.toLowerCase() === n.toLowerCase());
  const out: string[] = [];
  for (const i of from) {
    const t = byName(to, i.name);
    if (!t || sig(t) !== sig(i)) out.push(i.primary ? 'DROP PRIMARY KEY' : `DROP INDEX ${quoteIdent(i.name)}`);
  }
  for (const t of to) {
    const i = byName(from, t.name);
    if (i && sig(t) === sig(i)) continue;
    const cols = t.columns.map((c) => `${quoteIdent(c.name)}${c.subPart ? `(${c.subPart})` : ''}`).join(', ');
    if (t.primary) out.push(`ADD PRIMARY KEY (${cols})`);
    else
      out.push(`ADD ${t.unique ? 'UNIQUE ' : t.kind === 'FULLTEXT' ? 'FULLTEXT ' : t.kind === 'SPATIAL' ? 'SPATIAL ' : ''}KEY ${quoteIdent(t.name)} (${cols})`);
  }
  return out;
}

/** The date a range bound meant, as YYYY-MM-DD, or null. */
function boundDate(p: PartitionDef, spec: PartitionSpec, outer: string | null, arithmetic: boolean, asOf: string): string | null {
  const v = p.values[0];
  if (!v || p.values.length !== 1) return null;
  // A literal: YYYYMM when the expression was YEAR*100+MONTH, TO_DAYS/YEAR numbers otherwise.
  if (v.length === 1 && v[0]!.kind === 'number') {
    const n = Number(v[0]!.text);
    if (arithmetic && /YEAR/i.test(spec.exprText) && /MONTH/i.test(spec.exprText)) return dateOrNull(yyyymmToDate(n));
    if (outer === 'TO_DAYS') return isoDate(fromDays(n));
    if (outer === 'YEAR') return `${n}-01-01`;
    if (outer === 'TO_SECONDS') return isoDate(fromDays(Math.floor(n / 86_400)));
    if (outer === 'UNIX_TIMESTAMP') return isoDate(new Date(n * 1000));
    return null;
  }
  if (v.length === 1 && v[0]!.kind === 'string') return dateOrNull(parseDate(v[0]!.text));
  return relativeDate(v, asOf);
}

function dateOrNull(d: Date | null): string | null {
  return d ? isoDate(d) : null;
}

/** `F(NOW() + INTERVAL n DAY)`, `CURDATE() - INTERVAL n MONTH`, `F('2024-01-01')`: the date it names as of `asOf`. */
function relativeDate(v: readonly Token[], asOf: string): string | null {
  const text = v.map((t) => (t.kind === 'string' ? `'${t.text}'` : t.text)).join(' ');
  const literal = /'(\d{4}-\d{2}-\d{2})[^']*'/.exec(text);
  if (literal && !/\b(NOW|CURDATE|CURRENT_DATE|CURRENT_TIMESTAMP|SYSDATE|LOCALTIME|LOCALTIMESTAMP|UTC_DATE|UTC_TIMESTAMP)\b/i.test(text)) return literal[1]!;
  if (!/\b(NOW|CURDATE|CURRENT_DATE|CURRENT_TIMESTAMP|SYSDATE|LOCALTIME|LOCALTIMESTAMP|UTC_DATE|UTC_TIMESTAMP)\b/i.test(text)) return null;
  const base = parseDate(asOf);
  if (!base) return null;
  const m = /([+-])\s*INTERVAL\s+(\d+)\s+(DAY|WEEK|MONTH|YEAR)\b/i.exec(text);
  if (!m) return isoDate(base);
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  const unit = m[3]!.toUpperCase();
  const interval: Interval = unit === 'DAY' ? 'day' : unit === 'WEEK' ? 'week' : 'month';
  return isoDate(addInterval(base, interval, unit === 'YEAR' ? n * 12 : n));
}
