/**
 * Builds the analyzer's schema snapshot from information_schema rows (TABLES, COLUMNS,
 * STATISTICS, PARTITIONS). Pure: the one information_schema collector fetches the rows, tests
 * use captured ones.
 */
import type { ExplainSchema, ExplainSchemaTable } from '../../../shared/contract/explain';
import { tableKey, text, type InformationSchemaRows } from '../information-schema/rows';

export type { InformationSchemaRows };

const s = text;
const key = tableKey;

/** Assembles tables with their row estimates, columns, indexes and partitions. */
export function schemaFromInformationSchema(rows: InformationSchemaRows): ExplainSchema {
  const tables = new Map<string, ExplainSchemaTable>();
  for (const r of rows.tables) {
    tables.set(key(r), {
      schema: s(r.TABLE_SCHEMA),
      name: s(r.TABLE_NAME),
      rows: r.TABLE_ROWS == null ? null : Number(r.TABLE_ROWS),
      columns: [],
      indexes: [],
      partitions: [],
    });
  }
  for (const r of rows.columns) {
    tables.get(key(r))?.columns.push({
      name: s(r.COLUMN_NAME),
      dataType: s(r.DATA_TYPE).toLowerCase(),
      columnType: s(r.COLUMN_TYPE),
      collation: r.COLLATION_NAME == null ? null : s(r.COLLATION_NAME),
    });
  }
  for (const r of rows.statistics) {
    const t = tables.get(key(r));
    if (!t) continue;
    let idx = t.indexes.find((i) => i.name === s(r.INDEX_NAME));
    if (!idx) {
      idx = { name: s(r.INDEX_NAME), unique: Number(r.NON_UNIQUE) === 0, columns: [], type: s(r.INDEX_TYPE) };
      t.indexes.push(idx);
    }
    idx.columns[Number(r.SEQ_IN_INDEX) - 1] = s(r.COLUMN_NAME);
  }
  for (const r of rows.partitions) tables.get(key(r))?.partitions.push(s(r.PARTITION_NAME));
  return { tables: [...tables.values()] };
}
