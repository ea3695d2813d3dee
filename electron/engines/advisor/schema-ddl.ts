/**
 * Offline schema snapshot from pasted DDL: CREATE TABLE, CREATE INDEX and ALTER TABLE ... ADD
 * INDEX/KEY/CONSTRAINT (and DROP INDEX), applied in order as the server would. node-sql-parser
 * reads the statements; the token-level fallback in ddl-tokenizer.ts reads only those it
 * rejects, and every statement neither understands is listed in `unparsed`.
 */
import type { ForeignKey, SchemaColumn, SchemaIndex, SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import { asNode, asNodes, columnOf } from '../sql-parse/ast-read';
import { parseStatements, type AstNode, type SqlFlavor } from '../sql-parse/sql-parse';
import { maxKeyBytes } from './column-size';
import { readDdlFallback } from './ddl-tokenizer';

/** Builds a schema snapshot from a DDL script (pure). */
export function schemaFromDdl(script: string, flavor: SqlFlavor | null = null): SchemaSnapshot {
  const tables = new Map<string, SchemaTable>();
  const unparsed: SchemaSnapshot['unparsed'] = [];
  const notes: string[] = [];
  let currentDb: string | null = null;
  const get = (table: string): SchemaTable | undefined => tables.get(table.toLowerCase());
  for (const st of parseStatements(script, flavor ?? 'mysql')) {
    const ast = st.ast;
    if (!ast) {
      const fb = readDdlFallback(st.sql);
      if (!fb) {
        unparsed.push({ index: st.index, sql: st.sql, error: st.error ?? 'unparseable' });
        continue;
      }
      notes.push(`Statement ${st.index + 1} read by the DDL tokenizer (the SQL parser rejected it: ${st.error}).`);
      if (fb.kind === 'create-table') {
        tables.set(fb.table.toLowerCase(), {
          schema: fb.db ?? currentDb,
          name: fb.table,
          engine: fb.engine,
          rows: null,
          dataBytes: null,
          indexBytes: null,
          columns: fb.columns,
          indexes: fb.indexes,
          foreignKeys: fb.foreignKeys,
        });
      } else {
        const t = get(fb.table);
        if (!t) notes.push(`Statement ${st.index + 1}: table ${fb.table} is not defined above it; skipped.`);
        else for (const idx of fb.indexes) addIndex(t, idx, st.index, notes);
        if (t) t.foreignKeys.push(...fb.foreignKeys);
      }
      continue;
    }
    const type = String(ast.type).toLowerCase();
    if (type === 'use') currentDb = typeof ast.db === 'string' ? ast.db : currentDb;
    else if (type === 'create' && String(ast.keyword).toLowerCase() === 'table') {
      const t = createTable(ast, currentDb);
      if (t) tables.set(t.name.toLowerCase(), t);
    } else if (type === 'create' && String(ast.keyword).toLowerCase() === 'index') {
      const tableName = String(asNode(ast.table)?.table ?? '');
      const t = get(tableName);
      const idx = indexFromDefinition(String(ast.index ?? ''), String(ast.index_type ?? ''), asNodes(ast.index_columns), ast.index_options);
      if (!t) notes.push(`Statement ${st.index + 1}: table ${tableName} is not defined above it; skipped.`);
      else if (!idx) notes.push(`Statement ${st.index + 1}: functional index on ${tableName} not modelled.`);
      else addIndex(t, idx, st.index, notes);
    } else if (type === 'alter') {
      const tableName = String(asNodes(ast.table)[0]?.table ?? '');
      const t = get(tableName);
      if (!t) {
        notes.push(`Statement ${st.index + 1}: table ${tableName} is not defined above it; skipped.`);
        continue;
      }
      for (const e of asNodes(ast.expr)) alterClause(t, e, st.index, notes);
    }
  }
  return { source: 'ddl', flavor, version: null, tables: [...tables.values()], unparsed, notes };
}

function addIndex(t: SchemaTable, idx: SchemaIndex, index: number, notes: string[]): void {
  let name = idx.name;
  if (t.indexes.some((i) => i.name.toLowerCase() === name.toLowerCase())) {
    // The server rejects a duplicate key name (ER_DUP_KEYNAME, 1061); mirror it.
    notes.push(`Statement ${index + 1}: duplicate key name ${name} on ${t.name}; the server would reject it (error 1061), skipped.`);
    return;
  }
  if (!name) {
    name = idx.columns[0]!.name;
    for (let n = 2; t.indexes.some((i) => i.name === name); n++) name = `${idx.columns[0]!.name}_${n}`;
  }
  t.indexes.push({ ...idx, name });
}

function alterClause(t: SchemaTable, e: AstNode, index: number, notes: string[]): void {
  const action = String(e.action ?? '').toLowerCase();
  if (action === 'drop' && e.resource === 'index') {
    t.indexes = t.indexes.filter((i) => i.name.toLowerCase() !== String(e.index).toLowerCase());
    return;
  }
  if (action !== 'add') return;
  const def = asNode(e.create_definitions) ?? e;
  const kind = constraintKind(def);
  if (kind === 'fk') {
    const fk = foreignKeyFrom(def);
    if (fk) t.foreignKeys.push(fk);
    return;
  }
  if (kind === 'column') return;
  const idx = indexFromDefinition(String(def.index ?? def.constraint ?? ''), kind, asNodes(def.definition), def.index_options);
  if (idx) addIndex(t, idx, index, notes);
}

/** 'primary' | 'unique' | 'fulltext' | 'spatial' | '' (plain key) | 'fk' | 'column'. */
function constraintKind(def: AstNode): string {
  if (def.resource === 'column') return 'column';
  const text = `${String(def.constraint_type ?? '')} ${String(def.keyword ?? '')}`.toLowerCase();
  if (text.includes('foreign')) return 'fk';
  if (text.includes('primary')) return 'primary';
  if (text.includes('unique')) return 'unique';
  if (text.includes('fulltext')) return 'fulltext';
  if (text.includes('spatial')) return 'spatial';
  return '';
}

function createTable(ast: AstNode, currentDb: string | null): SchemaTable | null {
  const ref = asNodes(ast.table)[0];
  if (!ref || typeof ref.table !== 'string') return null;
  let engine: string | null = null;
  let charset: string | null = null;
  for (const o of asNodes(ast.table_options)) {
    const key = String(o.keyword ?? '').toLowerCase();
    const value = typeof o.value === 'string' ? o.value : String(asNode(o.value)?.value ?? '');
    if (key === 'engine') engine = value;
    if (key.includes('charset') || key.includes('character set')) charset = value;
  }
  const t: SchemaTable = {
    schema: typeof ref.db === 'string' ? ref.db : currentDb,
    name: ref.table,
    engine: engine ? normaliseEngine(engine) : null,
    rows: null,
    dataBytes: null,
    indexBytes: null,
    columns: [],
    indexes: [],
    foreignKeys: [],
  };
  for (const def of asNodes(ast.create_definitions)) {
    const kind = constraintKind(def);
    if (kind === 'column') {
      const col = columnFrom(def, charset);
      if (!col) continue;
      t.columns.push(col);
      if (def.primary_key) t.indexes.push(single('PRIMARY', col.name, true, true));
      else if (def.unique || def.unique_key) addIndex(t, single('', col.name, true, false), 0, []);
    } else if (kind === 'fk') {
      const fk = foreignKeyFrom(def);
      if (fk) t.foreignKeys.push(fk);
    } else {
      const idx = indexFromDefinition(String(def.index ?? def.constraint ?? ''), kind, asNodes(def.definition), def.index_options);
      if (idx) addIndex(t, idx, 0, []);
    }
  }
  return t;
}

function normaliseEngine(e: string): string {
  return e.toLowerCase() === 'innodb' ? 'InnoDB' : e.toLowerCase() === 'myisam' ? 'MyISAM' : e;
}

function single(name: string, column: string, unique: boolean, primary: boolean): SchemaIndex {
  return {
    name,
    columns: [{ name: column, subPart: null, direction: 'ASC', cardinality: null }],
    unique,
    primary,
    kind: 'BTREE',
    visible: true,
    sizeBytes: null,
  };
}

function columnFrom(def: AstNode, tableCharset: string | null): SchemaColumn | null {
  const ref = columnOf(asNode(def.column));
  const d = asNode(def.definition);
  if (!ref || !d) return null;
  const dataType = String(d.dataType ?? '').toLowerCase();
  const length = typeof d.length === 'number' ? d.length : null;
  const suffix = Array.isArray(d.suffix) ? d.suffix.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase()) : [];
  const isString = /char|text|enum|set/.test(dataType);
  const cs = isString ? String(asNode(asNode(def.character_set)?.value)?.value ?? tableCharset ?? 'utf8mb4').toLowerCase() : null;
  const charLength = /char|binary|bit/.test(dataType) ? length : null;
  const nullable = String(asNode(def.nullable)?.type ?? 'null').toLowerCase() !== 'not null' && !def.primary_key;
  const columnType = `${dataType}${length !== null ? `(${length}${typeof d.scale === 'number' ? `,${d.scale}` : ''})` : ''}${suffix.length ? ` ${suffix.join(' ')}` : ''}`;
  return {
    name: ref.column,
    columnType,
    dataType,
    charLength,
    maxBytes: maxKeyBytes(dataType, charLength, cs, length),
    nullable,
    charset: cs,
    selectivity: null,
  };
}

function indexFromDefinition(name: string, kind: string, cols: AstNode[], options: unknown): SchemaIndex | null {
  const columns: SchemaIndex['columns'] = [];
  for (const c of cols) {
    const ref = columnOf(c);
    if (!ref) return null;
    const sub = typeof c.suffix === 'string' ? /\((\d+)\)/.exec(c.suffix) : null;
    columns.push({
      name: ref.column,
      subPart: sub ? Number(sub[1]) : null,
      direction: String(c.order_by ?? '').toUpperCase() === 'DESC' ? 'DESC' : 'ASC',
      cardinality: null,
    });
  }
  if (columns.length === 0) return null;
  const k = kind.toLowerCase();
  const invisible = JSON.stringify(options ?? null)
    .toLowerCase()
    .includes('invisible');
  return {
    name: k === 'primary' ? 'PRIMARY' : name,
    columns,
    unique: k === 'primary' || k === 'unique',
    primary: k === 'primary',
    kind: k === 'fulltext' ? 'FULLTEXT' : k === 'spatial' ? 'SPATIAL' : 'BTREE',
    visible: !invisible,
    sizeBytes: null,
  };
}

function foreignKeyFrom(def: AstNode): ForeignKey | null {
  const ref = asNode(def.reference_definition);
  const cols = asNodes(def.definition)
    .map((c) => columnOf(c)?.column)
    .filter((c): c is string => !!c);
  const refTable = asNodes(ref?.table)[0]?.table;
  if (!ref || cols.length === 0 || typeof refTable !== 'string') return null;
  const refColumns = asNodes(ref.definition)
    .map((c) => columnOf(c)?.column)
    .filter((c): c is string => !!c);
  const name = typeof def.constraint === 'string' && def.constraint ? def.constraint : `fk_${cols.join('_')}`;
  return { name, columns: cols, refTable, refColumns };
}
