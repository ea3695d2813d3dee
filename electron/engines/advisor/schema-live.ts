/**
 * The advisor's schema snapshot of one database from information_schema rows (read by the one
 * information_schema collector): base tables with engine, row estimate and sizes; columns with
 * their widest key bytes; indexes with prefix lengths, order, cardinality and visibility; foreign
 * keys. Pure: index sizes and sampled selectivity are filled in by the collector afterwards.
 */
import type { SchemaIndex, SchemaTable } from '../../../shared/contract/advisor';
import { numberOrNull as num, tableKey, text, type InformationSchemaRows } from '../information-schema/rows';
import { maxKeyBytes } from './column-size';

/** Tables of `database` from its information_schema rows, and notes on what was not modelled. */
export function tablesFromInformationSchema(rows: InformationSchemaRows, database: string): { tables: SchemaTable[]; notes: string[] } {
  const notes: string[] = [];
  const byKey = new Map<string, SchemaTable>();
  for (const t of rows.tables) {
    if (text(t.TABLE_TYPE) !== 'BASE TABLE' || text(t.TABLE_SCHEMA) !== database) continue;
    byKey.set(tableKey(t), {
      schema: database,
      name: text(t.TABLE_NAME),
      engine: t.ENGINE == null ? null : text(t.ENGINE),
      rows: num(t.TABLE_ROWS),
      dataBytes: num(t.DATA_LENGTH),
      indexBytes: num(t.INDEX_LENGTH),
      columns: [],
      indexes: [],
      foreignKeys: [],
    });
  }
  for (const c of rows.columns) {
    const dtype = text(c.DATA_TYPE).toLowerCase();
    const len = /char|binary/.test(dtype) ? num(c.CHARACTER_MAXIMUM_LENGTH) : null;
    const charset = c.CHARACTER_SET_NAME == null ? null : text(c.CHARACTER_SET_NAME);
    byKey.get(tableKey(c))?.columns.push({
      name: text(c.COLUMN_NAME),
      columnType: text(c.COLUMN_TYPE),
      dataType: dtype,
      charLength: len,
      maxBytes: maxKeyBytes(dtype, len, charset, num(c.NUMERIC_PRECISION)),
      nullable: text(c.IS_NULLABLE) === 'YES',
      charset,
      selectivity: null,
    });
  }
  for (const s of rows.statistics) {
    const table = byKey.get(tableKey(s));
    if (!table) continue;
    const name = text(s.INDEX_NAME);
    if (s.COLUMN_NAME == null) {
      notes.push(`${table.name}.${name} is a functional index; not modelled.`);
      continue;
    }
    let idx = table.indexes.find((i) => i.name === name);
    if (!idx) {
      const type = text(s.INDEX_TYPE).toUpperCase();
      idx = {
        name,
        columns: [],
        unique: Number(s.NON_UNIQUE) === 0,
        primary: name === 'PRIMARY',
        kind: (['FULLTEXT', 'SPATIAL', 'HASH'].includes(type) ? type : 'BTREE') as SchemaIndex['kind'],
        visible: text(s.IS_VISIBLE).toUpperCase() !== 'NO',
        sizeBytes: null,
      };
      table.indexes.push(idx);
    }
    idx.columns.push({
      name: text(s.COLUMN_NAME),
      subPart: num(s.SUB_PART),
      direction: text(s.COLLATION) === 'D' ? 'DESC' : 'ASC',
      cardinality: num(s.CARDINALITY),
    });
  }
  for (const f of rows.foreignKeys ?? []) {
    const table = byKey.get(tableKey(f));
    if (!table) continue;
    const name = text(f.CONSTRAINT_NAME);
    let fk = table.foreignKeys.find((x) => x.name === name);
    if (!fk) {
      fk = { name, columns: [], refTable: text(f.REFERENCED_TABLE_NAME), refColumns: [] };
      table.foreignKeys.push(fk);
    }
    fk.columns.push(text(f.COLUMN_NAME));
    fk.refColumns.push(text(f.REFERENCED_COLUMN_NAME));
  }
  // Tables and indexes come in the server's name order; the primary key goes first.
  for (const t of byKey.values()) t.indexes.sort((a, b) => Number(b.primary) - Number(a.primary));
  return { tables: [...byKey.values()], notes };
}
