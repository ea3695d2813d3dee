/**
 * Partition preflight: reads a script of partitioning statements against the tables they act on
 * and the flavor's rules, and says — before anything runs — which statement the server would
 * refuse, with the error number it would give, and what to run instead. The error numbers were
 * read from MariaDB 10.11 and MySQL 9.7 (preflight.int.test.ts runs each statement and compares);
 * where several rules fail, the first finding is the one the server reports (parse errors, then
 * the expression, then the definitions, then keys, then foreign keys and index types).
 * https://dev.mysql.com/doc/refman/8.4/en/partitioning-limitations.html
 */
import type { SchemaTable } from '../../../shared/contract/advisor';
import type { PartitionFinding, StatementCheck } from '../../../shared/contract/partitions';
import { tokenize, type Token } from '../advisor/ddl-tokenizer';
import { schemaFromDdl } from '../advisor/schema-ddl';
import type { Family } from '../flavor/flavor';
import type { PartitioningFacts } from '../flavor/partitioning';
import { parseDate, toDays, toSeconds } from './bounds';
import { analyzeExpr, type ExprInfo } from './expression';
import { buildFix } from './fix';
import {
  readPartitionStatement,
  splitScript,
  type KeyChange,
  type PartitionDef,
  type PartitionSpec,
  type PartitionStatement,
  type Span,
} from './partition-ddl';

/** A table as preflight knows it: its definition, its current partitioning, who references it. */
export interface PartitionTable {
  readonly table: SchemaTable;
  readonly partitioning: PartitionSpec | null;
  /** Names of foreign keys in other tables that reference this one. */
  readonly referencedBy: readonly string[];
}

/** What preflight checks against. */
export interface PreflightInput {
  readonly script: string;
  /** Tables by lower-case name. */
  readonly tables: ReadonlyMap<string, PartitionTable>;
  readonly family: Family;
  readonly facts: PartitioningFacts;
  /** Today (YYYY-MM-DD): fixes turn `NOW() + INTERVAL n DAY` into the literal date it meant. */
  readonly asOf: string;
}

/** The order the server checks in: the lower phase is reported first. */
const PHASE: Record<number, number> = {
  1064: 0,
  1697: 1,
  1564: 1,
  1659: 1,
  1486: 1,
  1492: 2,
  1481: 2,
  1493: 2,
  1517: 2,
  1495: 2,
  1499: 2,
  1503: 3,
  1506: 4,
  1217: 4,
  1214: 5,
  1178: 5,
};

/** A finding while it is being built: where it points and whether the fix addresses it. */
type Draft = Omit<PartitionFinding, 'start' | 'end'> & { span: Span; fixable: boolean };

/** Checks every statement of the script in order; later statements see the partitioning earlier ones set (pure). */
export function preflight(input: PreflightInput): StatementCheck[] {
  const tables = new Map(input.tables);
  const out: StatementCheck[] = [];
  for (const [index, st] of splitScript(input.script).entries()) {
    const parsed = readPartitionStatement(st.sql);
    const tableName = 'table' in parsed ? parsed.table : null;
    // A CREATE TABLE brings its own definition; every other statement acts on a known table.
    const created = parsed.kind === 'create-table' ? schemaFromDdl(st.sql, input.family).tables[0] : undefined;
    const current = created ? { table: created, partitioning: null, referencedBy: [] } : tableName ? (tables.get(tableName.toLowerCase()) ?? null) : null;
    const drafts = check(parsed, st.sql, current, input);
    const errors = drafts.filter((d) => d.severity === 'error');
    errors.sort((a, b) => (PHASE[a.errno ?? 0] ?? 9) - (PHASE[b.errno ?? 0] ?? 9));
    const findings: PartitionFinding[] = [...errors, ...drafts.filter((d) => d.severity !== 'error')].map(({ span, fixable: _fixable, ...f }) => ({
      ...f,
      start: span.start,
      end: span.end,
    }));
    const fix = parsed.kind === 'partition-by' && current && drafts.some((d) => d.fixable) ? buildFix(parsed, st.sql, current.table, input) : null;
    out.push({
      index,
      sql: st.sql,
      offset: st.offset,
      table: tableName,
      kind: parsed.kind,
      findings,
      predictedErrno: findings.find((f) => f.severity === 'error')?.errno ?? null,
      fix: fix?.sql ?? null,
      fixNotes: fix?.notes ?? [],
    });
    if (errors.length === 0 && current) tables.set(tableName!.toLowerCase(), applyStatement(parsed, current));
  }
  return out;
}

/** The table after a statement that passed preflight. */
function applyStatement(st: PartitionStatement, t: PartitionTable): PartitionTable {
  switch (st.kind) {
    case 'partition-by':
      return { ...t, table: withKeyChanges(t.table, st.keyChanges), partitioning: st.spec };
    case 'create-table':
      return { ...t, partitioning: st.spec };
    case 'remove-partitioning':
      return { ...t, partitioning: null };
    case 'add-partition':
      return t.partitioning ? { ...t, partitioning: { ...t.partitioning, partitions: [...t.partitioning.partitions, ...st.partitions] } } : t;
    case 'drop-partition': {
      const drop = new Set(st.names.map((n) => n.toLowerCase()));
      return t.partitioning
        ? { ...t, partitioning: { ...t.partitioning, partitions: t.partitioning.partitions.filter((p) => !drop.has(p.name.toLowerCase())) } }
        : t;
    }
    case 'reorganize-partition': {
      if (!t.partitioning) return t;
      const names = new Set(st.names.map((n) => n.toLowerCase()));
      const parts = t.partitioning.partitions;
      const first = parts.findIndex((p) => names.has(p.name.toLowerCase()));
      const kept = parts.filter((p) => !names.has(p.name.toLowerCase()));
      kept.splice(first < 0 ? kept.length : first, 0, ...st.into);
      return { ...t, partitioning: { ...t.partitioning, partitions: kept } };
    }
    default:
      return t;
  }
}

/** The table's keys after `DROP PRIMARY KEY, ADD PRIMARY KEY (…)`-style changes. */
export function withKeyChanges(table: SchemaTable, changes: readonly KeyChange[]): SchemaTable {
  let indexes = [...table.indexes];
  for (const c of changes) {
    if (c.op === 'drop-primary') indexes = indexes.filter((i) => !i.primary);
    else if (c.op === 'drop-index') indexes = indexes.filter((i) => i.name.toLowerCase() !== c.name.toLowerCase());
    else
      indexes.push({
        name: c.name,
        columns: c.columns.map((x) => ({ name: x.name, subPart: x.subPart, direction: 'ASC' as const, cardinality: null })),
        unique: c.unique,
        primary: c.primary,
        kind: c.kind,
        visible: true,
        sizeBytes: null,
      });
  }
  return { ...table, indexes };
}

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const COLUMNS_TYPES = new Set([...INTEGER_TYPES, 'date', 'datetime', 'char', 'varchar', 'binary', 'varbinary']);
const DATE_TYPES = new Set(['date', 'datetime', 'timestamp']);

function check(st: PartitionStatement, sql: string, current: PartitionTable | null, input: PreflightInput): Draft[] {
  const facts = input.facts;
  const d: Draft[] = [];
  const add = (f: Omit<Draft, 'fixable'> & { fixable?: boolean }): void => {
    d.push({ fixable: false, ...f });
  };
  const whole: Span = { start: 0, end: sql.length };
  if (st.kind === 'routine') return checkRoutine(st.body, facts);
  if (st.kind === 'other') return d;
  if (st.kind === 'create-table' && st.spec === null) return d;
  const needsPartitioned = st.kind !== 'create-table' && st.kind !== 'partition-by';
  if (!current && st.kind !== 'create-table') {
    add({
      rule: 'unknown-table',
      severity: 'warning',
      errno: 1146,
      message: `Table ${st.table} is not in the schema given; only the statement's own rules were checked.`,
      docUrl: facts.docs.limitations,
      span: whole,
    });
    if (needsPartitioned) return d;
  }
  if (needsPartitioned && current && !current.partitioning) {
    add({
      rule: 'not-partitioned',
      severity: 'error',
      errno: 1505,
      message: `${st.table} is not partitioned: partition management on a not partitioned table is not possible.`,
      docUrl: facts.docs.management,
      span: 'span' in st ? st.span : whole,
    });
    return d;
  }
  if (st.kind === 'create-table' || st.kind === 'partition-by') {
    const table = st.kind === 'partition-by' && current ? withKeyChanges(current.table, st.keyChanges) : current?.table;
    checkSpec(st.spec!, table ?? null, current?.referencedBy ?? [], input, add);
    return d;
  }
  const spec = current!.partitioning!;
  const existing = spec.partitions;
  const names = new Set(existing.map((p) => p.name.toLowerCase()));
  const isRange = spec.method === 'RANGE' || spec.method === 'RANGE COLUMNS';
  const isList = spec.method === 'LIST' || spec.method === 'LIST COLUMNS';
  const info = analyzeExpr(spec.expr, facts.pruningFunctions);
  const evalBound = (p: PartitionDef): number[] | null => boundValue(p, spec, info, current!.table);
  const unknown = (list: string[]): string[] => list.filter((n) => !names.has(n.toLowerCase()));
  switch (st.kind) {
    case 'drop-partition': {
      if (!isRange && !isList) {
        add({
          rule: 'drop-hash',
          severity: 'error',
          errno: 1512,
          message: `DROP PARTITION can only be used on RANGE/LIST partitions; ${st.table} is ${spec.method}-partitioned (use COALESCE PARTITION).`,
          docUrl: facts.docs.management,
          span: st.span,
        });
        break;
      }
      const bad = unknown(st.names);
      if (bad.length)
        add({
          rule: 'unknown-partition',
          severity: 'error',
          errno: 1507,
          message: `${input.family === 'mysql' ? 'Error in list of partitions to DROP' : 'Wrong partition name or partition list'}: ${bad.join(', ')} not in ${st.table} (has ${existing.map((p) => p.name).join(', ')}).`,
          docUrl: facts.docs.management,
          span: st.span,
        });
      else if (st.names.length >= existing.length)
        add({
          rule: 'drop-all',
          severity: 'error',
          errno: 1508,
          message: 'Cannot remove all partitions, use DROP TABLE instead.',
          docUrl: facts.docs.management,
          span: st.span,
        });
      else
        add({
          rule: 'drop-deletes-rows',
          severity: 'info',
          errno: null,
          message: `DROP PARTITION deletes the rows of ${st.names.join(', ')} with no undo; archive them first (EXCHANGE PARTITION into an archive table, or a dump).`,
          docUrl: facts.docs.management,
          span: st.span,
        });
      break;
    }
    case 'truncate-partition': {
      const bad = unknown(st.names.filter((n) => n.toUpperCase() !== 'ALL'));
      if (bad.length)
        add({
          rule: 'unknown-partition',
          severity: 'error',
          errno: 1735,
          message: `Unknown partition '${bad[0]}' in table '${st.table}'.`,
          docUrl: facts.docs.management,
          span: st.span,
        });
      break;
    }
    case 'coalesce-partition':
      if (isRange || isList)
        add({
          rule: 'coalesce-range',
          severity: 'error',
          errno: 1509,
          message: 'COALESCE PARTITION can only be used on HASH/KEY partitions.',
          docUrl: facts.docs.management,
          span: st.span,
        });
      else if (st.count >= existing.length)
        add({
          rule: 'coalesce-all',
          severity: 'error',
          errno: 1508,
          message: 'Cannot remove all partitions, use DROP TABLE instead.',
          docUrl: facts.docs.management,
          span: st.span,
        });
      break;
    case 'exchange-partition': {
      if (!names.has(st.partition.toLowerCase()))
        add({
          rule: 'unknown-partition',
          severity: 'error',
          errno: 1735,
          message: `Unknown partition '${st.partition}' in table '${st.table}'.`,
          docUrl: facts.docs.management,
          span: st.span,
        });
      const other = input.tables.get(st.withTable.toLowerCase());
      if (other && (other.table.foreignKeys.length > 0 || other.referencedBy.length > 0))
        add({
          rule: 'exchange-foreign-key',
          severity: 'error',
          errno: 1740,
          message: `Table to exchange with partition has foreign key references: '${st.withTable}'.`,
          docUrl: facts.docs.management,
          span: st.span,
        });
      else if (other?.partitioning)
        add({
          rule: 'exchange-partitioned',
          severity: 'error',
          errno: 1732,
          message: `Table to exchange with partition is partitioned: '${st.withTable}'.`,
          docUrl: facts.docs.management,
          span: st.span,
        });
      break;
    }
    case 'add-partition': {
      if (!isRange && !isList) break;
      checkNames([...existing, ...st.partitions], facts, add);
      const last = existing[existing.length - 1];
      if (isRange && last?.maxvalue) {
        add({
          rule: 'add-after-maxvalue',
          severity: 'error',
          errno: 1481,
          message: `MAXVALUE can only be used in last partition definition: ${st.table} ends with ${last.name} (MAXVALUE); split it with REORGANIZE PARTITION ${last.name} INTO (…) instead of ADD.`,
          docUrl: facts.docs.management,
          span: st.span,
        });
        break;
      }
      if (isRange) checkIncreasing([...existing, ...st.partitions], evalBound, facts, add);
      break;
    }
    case 'reorganize-partition': {
      const bad = unknown(st.names);
      if (bad.length) {
        add({
          rule: 'unknown-partition',
          severity: 'error',
          errno: 1507,
          message: `Error in list of partitions to REORGANIZE: ${bad.join(', ')}.`,
          docUrl: facts.docs.management,
          span: st.span,
        });
        break;
      }
      const moving = new Set(st.names.map((n) => n.toLowerCase()));
      const staying = existing.filter((p) => !moving.has(p.name.toLowerCase()));
      checkNames([...staying, ...st.into], facts, add);
      if (!isRange) break;
      const idx = existing.map((p, i) => (moving.has(p.name.toLowerCase()) ? i : -1)).filter((i) => i >= 0);
      const lastOld = existing[Math.max(...idx)]!;
      const lastNew = st.into[st.into.length - 1];
      const includesLast = Math.max(...idx) === existing.length - 1;
      const oldB = evalBound(lastOld);
      const newB = lastNew ? evalBound(lastNew) : null;
      const same = lastNew && (lastOld.maxvalue ? lastNew.maxvalue : oldB && newB && compareTuple(oldB, newB) === 0);
      const extends_ = includesLast && lastNew && (lastNew.maxvalue || (oldB && newB && compareTuple(newB, oldB) > 0));
      if (lastNew && !same && !extends_)
        add({
          rule: 'reorganize-range',
          severity: 'error',
          errno: 1520,
          message: `Reorganize of range partitions cannot change total ranges except for last partition where it can extend the range: the new last bound ${lastNew.boundText} must equal ${lastOld.name}'s ${lastOld.boundText}.`,
          docUrl: facts.docs.management,
          span: st.span,
        });
      checkIncreasing(st.into, evalBound, facts, add);
      if (lastOld.maxvalue)
        add({
          rule: 'reorganize-catch-all',
          severity: 'info',
          errno: null,
          message: `REORGANIZE of the catch-all ${lastOld.name} copies its rows into the new partitions; keep it empty (premake future partitions) so this stays a metadata change.`,
          docUrl: facts.docs.management,
          span: st.span,
        });
      break;
    }
    case 'remove-partitioning':
      add({
        rule: 'remove-copies',
        severity: 'info',
        errno: null,
        message: `REMOVE PARTITIONING rebuilds ${st.table} as one table (a full copy under a shared lock).`,
        docUrl: facts.docs.management,
        span: st.span,
      });
      break;
  }
  return d;
}

type Add = (f: Omit<Draft, 'fixable'> & { fixable?: boolean }) => void;

/** Rules of a whole `PARTITION BY` clause against the table it partitions. */
function checkSpec(spec: PartitionSpec, table: SchemaTable | null, referencedBy: readonly string[], input: PreflightInput, add: Add): void {
  const facts = input.facts;
  const info = analyzeExpr(spec.expr, facts.pruningFunctions);
  const colType = (name: string): string | null => table?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase())?.dataType ?? null;
  const isColumns = spec.method === 'RANGE COLUMNS' || spec.method === 'LIST COLUMNS';
  const isRange = spec.method === 'RANGE' || spec.method === 'RANGE COLUMNS';
  const isList = spec.method === 'LIST' || spec.method === 'LIST COLUMNS';
  const tokSpan = (x: Token): Span => ({ start: x.start, end: x.start + x.text.length });
  // Phase 0: what the parser refuses.
  if (isColumns && info.functions.length > 0)
    add({
      rule: 'columns-expression',
      severity: 'error',
      errno: 1064,
      message: `${spec.method} takes column names only, not expressions (${spec.exprText}).`,
      docUrl: facts.docs.columns,
      span: spec.exprSpan,
      fixable: true,
    });
  for (const p of spec.partitions) {
    const bound = analyzeExpr(p.values.flat(), facts.pruningFunctions);
    for (const x of bound.nonConstant)
      add({
        rule: 'bound-not-constant',
        severity: 'error',
        errno: 1064,
        message: `Constant, random or timezone-dependent expressions in (sub)partitioning function are not allowed: ${p.name} VALUES LESS THAN ${p.boundText} uses ${x.text.toUpperCase()}, which the server refuses (a bound is fixed when the table is defined). Use a literal date and let rotation add the next ones.`,
        docUrl: facts.docs.functions,
        span: tokSpan(x),
        fixable: true,
      });
    if (!isColumns && !isList && bound.nonConstant.length === 0 && p.values.length === 1 && p.values[0]!.length === 1 && p.values[0]![0]!.kind === 'string')
      add({
        rule: 'bound-type',
        severity: 'error',
        errno: 1697,
        message: `VALUES value for partition '${p.name}' must have type INT: ${p.boundText} is a string (RANGE compares the expression's integer; write TO_DAYS(${p.boundText}) or use RANGE COLUMNS).`,
        docUrl: facts.docs.functions,
        span: p.span,
        fixable: true,
      });
  }
  // Phase 1: the expression's functions and types.
  if (!isColumns && spec.method !== 'KEY' && spec.method !== 'LINEAR KEY') {
    for (const f of info.functions) {
      const name = f.text.toUpperCase();
      if (!facts.allowedFunctions.has(name))
        add({
          rule: 'function-not-allowed',
          severity: 'error',
          errno: 1564,
          message: `This partition function is not allowed: ${name}() (allowed: ${[...facts.allowedFunctions].join(', ')}).`,
          docUrl: facts.docs.functions,
          span: tokSpan(f),
          fixable: true,
        });
    }
    for (const c of info.columns) {
      const type = colType(c.text);
      if (!type) continue;
      if (info.prunes === 'column' && !INTEGER_TYPES.has(type))
        add({
          rule: 'column-type',
          severity: 'error',
          errno: 1659,
          message: `Field '${c.text}' is of a not allowed type for this type of partitioning: ${spec.method} needs an integer expression and ${c.text} is ${type.toUpperCase()}${DATE_TYPES.has(type) ? ` (use RANGE COLUMNS(${c.text}) or TO_DAYS(${c.text}))` : ''}.`,
          docUrl: facts.docs.functions,
          span: tokSpan(c),
          fixable: true,
        });
      if (type === 'timestamp' && info.functions.some((f) => f.text.toUpperCase() !== 'UNIX_TIMESTAMP'))
        add({
          rule: 'timezone-dependent',
          severity: 'error',
          errno: 1486,
          message: `Constant, random or timezone-dependent expressions in (sub)partitioning function are not allowed: ${c.text} is a TIMESTAMP, whose date depends on the session time zone; only UNIX_TIMESTAMP(${c.text}) is allowed.`,
          docUrl: facts.docs.functions,
          span: spec.exprSpan,
          fixable: true,
        });
    }
  }
  if (isColumns || spec.method === 'KEY' || spec.method === 'LINEAR KEY') {
    for (const c of info.columns) {
      const type = colType(c.text);
      if (type && isColumns && !COLUMNS_TYPES.has(type))
        add({
          rule: 'column-type',
          severity: 'error',
          errno: 1659,
          message: `Field '${c.text}' is of a not allowed type for this type of partitioning: ${spec.method} accepts integer, DATE, DATETIME and string columns, not ${type.toUpperCase()}.`,
          docUrl: facts.docs.columns,
          span: tokSpan(c),
        });
    }
  }
  // Phase 2: the definitions.
  if (isRange && spec.partitions.length === 0)
    add({
      rule: 'range-needs-definitions',
      severity: 'error',
      errno: 1492,
      message: 'For RANGE partitions each partition must be defined.',
      docUrl: facts.docs.management,
      span: spec.span,
    });
  const maxAt = spec.partitions.findIndex((p) => p.maxvalue);
  if (isRange && maxAt >= 0 && maxAt < spec.partitions.length - 1)
    add({
      rule: 'maxvalue-not-last',
      severity: 'error',
      errno: 1481,
      message: `MAXVALUE can only be used in last partition definition (${spec.partitions[maxAt]!.name} is not last).`,
      docUrl: facts.docs.management,
      span: spec.partitions[maxAt]!.span,
    });
  checkNames(spec.partitions, facts, add);
  if (isRange && table) checkIncreasing(spec.partitions, (p) => boundValue(p, spec, info, table), facts, add);
  if (isList) {
    const seen = new Set<string>();
    for (const p of spec.partitions)
      for (const v of p.values) {
        const key = v.map((x) => x.text).join(' ');
        if (seen.has(key))
          add({
            rule: 'list-duplicate',
            severity: 'error',
            errno: 1495,
            message: `Multiple definition of same constant in list partitioning: ${key} (again in ${p.name}).`,
            docUrl: facts.docs.management,
            span: p.span,
          });
        seen.add(key);
      }
  }
  const total = (spec.partitions.length || spec.count || 1) * (spec.subpartitionCount ?? 1);
  if (total > facts.maxPartitions)
    add({
      rule: 'too-many-partitions',
      severity: 'error',
      errno: 1499,
      message: `Too many partitions (including subpartitions) were defined: ${total} > ${facts.maxPartitions}.`,
      docUrl: facts.docs.limitations,
      span: spec.span,
    });
  // Phase 3: every unique key must hold every partitioning column, whole.
  const partCols = info.columns.map((c) => c.text);
  if (table) {
    for (const idx of table.indexes.filter((i) => i.unique)) {
      const missing = partCols.filter((c) => !idx.columns.some((k) => k.name.toLowerCase() === c.toLowerCase() && k.subPart === null));
      if (missing.length === 0) continue;
      const what = idx.primary ? 'A PRIMARY KEY' : 'A UNIQUE INDEX';
      add({
        rule: 'unique-key-columns',
        severity: 'error',
        errno: 1503,
        message: `${what} must include all columns in the table's partitioning function${input.family === 'mysql' ? ' (prefixed columns are not considered)' : ''}: ${idx.primary ? 'PRIMARY KEY' : `UNIQUE ${idx.name}`} (${idx.columns.map((k) => k.name).join(', ')}) lacks ${missing.join(', ')}.`,
        docUrl: facts.docs.keys,
        span: spec.exprSpan,
        fixable: true,
      });
    }
    // Phase 4: foreign keys.
    const innodb = (table.engine ?? 'InnoDB').toLowerCase() === 'innodb';
    if (innodb && table.foreignKeys.length > 0)
      add({
        rule: 'foreign-key',
        severity: 'error',
        errno: 1506,
        message: `Foreign keys are not yet supported in conjunction with partitioning: ${table.name} has ${table.foreignKeys.map((f) => f.name).join(', ')}. Drop them (the application keeps the reference) or do not partition this table.`,
        docUrl: facts.docs.storageEngine,
        span: spec.span,
      });
    if (innodb && referencedBy.length > 0)
      add({
        rule: 'referenced-by-foreign-key',
        severity: 'error',
        errno: facts.referencedByForeignKeyErrno,
        message: `${table.name} is referenced by foreign keys (${referencedBy.join(', ')}); an InnoDB partitioned table cannot be the parent of a foreign key.`,
        docUrl: facts.docs.storageEngine,
        span: spec.span,
      });
    // Phase 5: index types.
    for (const idx of table.indexes) {
      if (idx.kind === 'FULLTEXT' && !facts.fulltextOnPartitioned)
        add({
          rule: 'fulltext',
          severity: 'error',
          errno: 1214,
          message: `The used table type doesn't support FULLTEXT indexes: ${idx.name} must go before partitioning.`,
          docUrl: facts.docs.limitations,
          span: spec.span,
        });
      if (idx.kind === 'SPATIAL')
        add({
          rule: 'spatial',
          severity: 'error',
          errno: 1178,
          message: `The storage engine for the table doesn't support SPATIAL indexes: ${idx.name} must go before partitioning.`,
          docUrl: facts.docs.limitations,
          span: spec.span,
        });
    }
  }
  // Warnings: what runs but does not do what was meant.
  if (spec.method === 'RANGE' && info.prunes === 'none' && info.columns.length > 0)
    add({
      rule: 'no-range-pruning',
      severity: 'warning',
      errno: null,
      message: `${spec.exprText} is ${info.arithmetic ? 'arithmetic over the column' : `${info.outer ?? 'a function'} of the column`}: the optimizer cannot map a range of ${info.columns[0]!.text} to partitions, so a date range reads every partition. RANGE COLUMNS(${info.columns[0]!.text}) or TO_DAYS(${info.columns[0]!.text}) prune.`,
      docUrl: facts.docs.pruning,
      span: spec.exprSpan,
      fixable: true,
    });
  if (isRange && spec.partitions.length > 0 && maxAt < 0)
    add({
      rule: 'no-catch-all',
      severity: 'warning',
      errno: 1526,
      message: `No MAXVALUE partition: a row past ${spec.partitions[spec.partitions.length - 1]!.boundText} fails with ERROR 1526 (Table has no partition for value). Keep future partitions premade by rotation, or add a catch-all.`,
      docUrl: facts.docs.management,
      span: spec.span,
    });
}

function checkNames(parts: readonly PartitionDef[], facts: PartitioningFacts, add: Add): void {
  const seen = new Set<string>();
  for (const p of parts) {
    const k = p.name.toLowerCase();
    if (seen.has(k))
      add({
        rule: 'duplicate-name',
        severity: 'error',
        errno: 1517,
        message: `Duplicate partition name ${p.name}.`,
        docUrl: facts.docs.management,
        span: p.span,
      });
    seen.add(k);
  }
}

function checkIncreasing(parts: readonly PartitionDef[], value: (p: PartitionDef) => number[] | null, facts: PartitioningFacts, add: Add): void {
  let prev: { p: PartitionDef; v: number[] } | null = null;
  for (const p of parts) {
    const v = value(p);
    if (v === null) {
      prev = null;
      continue;
    }
    if (prev && compareTuple(v, prev.v) <= 0) {
      add({
        rule: 'bounds-not-increasing',
        severity: 'error',
        errno: 1493,
        message: `VALUES LESS THAN value must be strictly increasing for each partition: ${p.name} ${p.boundText} is not above ${prev.p.name} ${prev.p.boundText}.`,
        docUrl: facts.docs.management,
        span: p.span,
      });
      return;
    }
    prev = { p, v };
  }
}

/** Offset of the first `)` with no `(` (outside strings and comments), the text's length when one stays open, or null. */
function unbalancedParenthesis(sql: string): number | null {
  let depth = 0;
  for (const t of tokenize(sql)) {
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth < 0) return t.start;
  }
  return depth > 0 ? sql.length : null;
}

function compareTuple(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A bound as comparable numbers (MAXVALUE is +∞), or null when it is not a constant this can evaluate. */
export function boundValue(p: PartitionDef, spec: PartitionSpec, info: ExprInfo, table: SchemaTable | null): number[] | null {
  if (p.maxvalue) return [Infinity];
  const out: number[] = [];
  for (const [i, v] of p.values.entries()) {
    if (v.length === 1 && v[0]!.kind === 'word' && v[0]!.text.toUpperCase() === 'MAXVALUE') {
      out.push(Infinity);
      continue;
    }
    const n = constantValue(
      v,
      spec.method === 'RANGE COLUMNS' ? (table?.columns.find((c) => c.name.toLowerCase() === info.columns[i]?.text.toLowerCase())?.dataType ?? null) : null,
    );
    if (n === null) return null;
    out.push(n);
  }
  return out.length ? out : null;
}

/** A literal, a negative literal, or DATE_FUNCTION('literal'), as a number; null otherwise. */
function constantValue(v: readonly Token[], columnType: string | null): number | null {
  if (v.length === 1 && v[0]!.kind === 'number') return Number(v[0]!.text);
  if (v.length === 2 && v[0]!.text === '-' && v[1]!.kind === 'number') return -Number(v[1]!.text);
  if (v.length === 1 && v[0]!.kind === 'string') {
    if (columnType && DATE_TYPES.has(columnType)) return parseDate(v[0]!.text)?.getTime() ?? null;
    return null;
  }
  if (v.length === 4 && v[0]!.kind === 'word' && v[1]!.text === '(' && v[2]!.kind === 'string' && v[3]!.text === ')') {
    const d = parseDate(v[2]!.text);
    if (!d) return null;
    switch (v[0]!.text.toUpperCase()) {
      case 'TO_DAYS':
        return toDays(d);
      case 'TO_SECONDS':
        return toSeconds(d);
      case 'UNIX_TIMESTAMP':
        return Math.floor(d.getTime() / 1000);
      case 'YEAR':
        return d.getUTCFullYear();
      default:
        return null;
    }
  }
  return null;
}

/** Scans a stored routine or event for the rotation mistakes the seed document makes. */
function checkRoutine(body: string, facts: PartitioningFacts): Draft[] {
  const out: Draft[] = [];
  const unbalanced = unbalancedParenthesis(body);
  if (unbalanced !== null)
    out.push({
      rule: 'syntax',
      severity: 'error',
      errno: 1064,
      message: `You have an error in your SQL syntax near '${body.slice(unbalanced, unbalanced + 40).split('\n')[0]}': ${unbalanced < body.length ? 'this parenthesis closes one that was never opened (a quote ends a string early)' : 'a parenthesis is never closed'}.`,
      docUrl: facts.docs.management,
      span: { start: Math.min(unbalanced, body.length - 1), end: Math.min(unbalanced + 1, body.length) },
      fixable: false,
    });
  if (/VALUES\s+LESS\s+THAN\s*\(\s*'?\s*,?\s*'?\s*YEAR\s*\(\s*CURRENT_DATE/i.test(body) || /LESS THAN \(',\s*'YEAR\(CURRENT_DATE\)/i.test(body))
    out.push({
      rule: 'dynamic-bound-text',
      severity: 'warning',
      errno: 1064,
      message:
        'The ALTER it builds writes the text YEAR(CURRENT_DATE)*100+MONTH(CURRENT_DATE)+1 inside VALUES LESS THAN: the server refuses a non-constant bound (ERROR 1064) when the event fires. Build the literal value first (CONCAT(..., next_bound, ...)) — or let rotation write literal bounds.',
      docUrl: facts.docs.functions,
      span: { start: 0, end: Math.min(body.length, 40) },
      fixable: false,
    });
  const re = /YEAR\s*\(\s*([^()]*?)\s*\)\s*\*\s*100\s*\+\s*MONTH\s*\(\s*[^()]*?\s*\)\s*([+-])\s*([\w@]+)/gi;
  for (const m of body.matchAll(re)) {
    const plus = m[2] === '+';
    out.push({
      rule: 'yyyymm-arithmetic',
      severity: 'warning',
      errno: null,
      message: plus
        ? `Computes the next bound as YEAR*100+MONTH ${m[2]} ${m[3]}: in December that is 202412 + 1 = 202413, a month that does not exist, and January's rows land in the wrong partition. Compute bounds on dates (DATE_ADD(LAST_DAY(d), INTERVAL 1 DAY)), or let rotation premake them.`
        : `Subtracts ${m[3]} from a YYYYMM number: 202502 - 6 = 202496, not 202408, so partitions across a year boundary are kept or dropped wrongly. Compare dates (DATE_SUB(CURRENT_DATE, INTERVAL n MONTH)), or let rotation drop by retention.`,
      docUrl: facts.docs.management,
      span: { start: m.index, end: m.index + m[0].length },
      fixable: false,
    });
  }
  const shadow = /TABLE_NAME\s*=\s*table_name\b/i.exec(body);
  if (shadow && /\bIN\s+table_name\b/i.test(body))
    out.push({
      rule: 'routine-shadowed-parameter',
      severity: 'warning',
      errno: null,
      message:
        "TABLE_NAME = table_name: inside a routine a parameter wins over a column of the same name, so both sides are the parameter and the filter is always true; the cursor walks every table's partitions in every schema (and SELECT PARTITION_NAME returns the local variable). Name parameters apart from columns (p_table) and filter TABLE_SCHEMA too.",
      docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/local-variable-scope.html',
      span: { start: shadow.index, end: shadow.index + shadow[0].length },
      fixable: false,
    });
  return out;
}

/**
 * The tables preflight checks against, from DDL text (a schema file, or SHOW CREATE TABLE output):
 * definitions through the advisor's schema reader, partitioning from each CREATE TABLE's own
 * clause, and who references whom from the foreign keys.
 */
export function partitionTablesFromDdl(tables: readonly SchemaTable[], ddl: string): Map<string, PartitionTable> {
  const specs = new Map<string, PartitionSpec>();
  for (const st of splitScript(ddl)) {
    const r = readPartitionStatement(st.sql);
    if (r.kind === 'create-table' && r.spec) specs.set(r.table.toLowerCase(), r.spec);
  }
  const out = new Map<string, PartitionTable>();
  for (const t of tables) {
    const referencedBy = tables.flatMap((o) =>
      o.foreignKeys.filter((f) => f.refTable.toLowerCase() === t.name.toLowerCase()).map((f) => `${o.name}.${f.name}`),
    );
    out.set(t.name.toLowerCase(), { table: t, partitioning: specs.get(t.name.toLowerCase()) ?? null, referencedBy });
  }
  return out;
}
