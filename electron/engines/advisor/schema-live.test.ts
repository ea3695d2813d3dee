import { describe, expect, it } from 'vitest';
import { tablesFromInformationSchema } from './schema-live';

const t = (name: string, type = 'BASE TABLE'): Record<string, unknown> => ({
  TABLE_SCHEMA: 'app',
  TABLE_NAME: name,
  TABLE_TYPE: type,
  ENGINE: 'InnoDB',
  TABLE_ROWS: '1200',
  DATA_LENGTH: 16384,
  INDEX_LENGTH: null,
});
const stat = (table: string, index: string, seq: number, column: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  TABLE_SCHEMA: 'app',
  TABLE_NAME: table,
  INDEX_NAME: index,
  NON_UNIQUE: index === 'PRIMARY' ? 0 : 1,
  SEQ_IN_INDEX: seq,
  COLUMN_NAME: column,
  SUB_PART: null,
  COLLATION: 'A',
  CARDINALITY: '10',
  INDEX_TYPE: 'BTREE',
  IS_VISIBLE: 'YES',
  ...extra,
});

describe('advisor schema from information_schema rows', () => {
  it('keeps base tables of the database, puts the primary key first and notes functional indexes', () => {
    const { tables, notes } = tablesFromInformationSchema(
      {
        tables: [t('docs'), t('recent_docs', 'VIEW')],
        columns: [
          {
            TABLE_SCHEMA: 'app',
            TABLE_NAME: 'docs',
            COLUMN_NAME: 'id',
            DATA_TYPE: 'BIGINT',
            COLUMN_TYPE: 'bigint unsigned',
            IS_NULLABLE: 'NO',
            NUMERIC_PRECISION: 20,
          },
          {
            TABLE_SCHEMA: 'app',
            TABLE_NAME: 'docs',
            COLUMN_NAME: 'title',
            DATA_TYPE: 'varchar',
            COLUMN_TYPE: 'varchar(200)',
            CHARACTER_MAXIMUM_LENGTH: 200,
            IS_NULLABLE: 'YES',
            CHARACTER_SET_NAME: 'utf8mb4',
          },
          { TABLE_SCHEMA: 'app', TABLE_NAME: 'recent_docs', COLUMN_NAME: 'id', DATA_TYPE: 'bigint', COLUMN_TYPE: 'bigint', IS_NULLABLE: 'NO' },
        ],
        statistics: [
          stat('docs', 'PRIMARY', 1, 'id'),
          stat('docs', 'by_title', 1, 'title', { SUB_PART: 20, COLLATION: 'D', IS_VISIBLE: 'NO' }),
          stat('docs', 'by_upper', 1, null),
        ].sort((a, b) => String(a.INDEX_NAME).localeCompare(String(b.INDEX_NAME))),
        partitions: [],
        foreignKeys: [
          {
            TABLE_SCHEMA: 'app',
            TABLE_NAME: 'docs',
            CONSTRAINT_NAME: 'fk_owner',
            COLUMN_NAME: 'owner_id',
            REFERENCED_TABLE_NAME: 'users',
            REFERENCED_COLUMN_NAME: 'id',
          },
        ],
      },
      'app',
    );
    expect(tables.map((x) => x.name)).toEqual(['docs']);
    const docs = tables[0]!;
    expect(docs).toMatchObject({ engine: 'InnoDB', rows: 1200, dataBytes: 16384, indexBytes: null });
    expect(docs.columns.map((c) => [c.name, c.dataType, c.charLength, c.maxBytes, c.nullable])).toEqual([
      ['id', 'bigint', null, 8, false],
      ['title', 'varchar', 200, 802, true], // 200 chars × 4 bytes + the 2-byte length
    ]);
    expect(docs.indexes.map((i) => i.name)).toEqual(['PRIMARY', 'by_title']);
    expect(docs.indexes[1]).toMatchObject({ unique: false, visible: false, columns: [{ name: 'title', subPart: 20, direction: 'DESC', cardinality: 10 }] });
    expect(docs.foreignKeys).toEqual([{ name: 'fk_owner', columns: ['owner_id'], refTable: 'users', refColumns: ['id'] }]);
    expect(notes).toEqual(['docs.by_upper is a functional index; not modelled.']);
  });
});
