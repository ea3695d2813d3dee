import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFromDdl } from './schema-ddl';
import { readDdlFallback, tokenize } from './ddl-tokenizer';

const corpus = (f: string): string => readFileSync(new URL(`../../../../shared/corpus/cowrite/${f}`, import.meta.url), 'utf8');

describe('schemaFromDdl', () => {
  it('reads the co-writing schema: tables, types, byte widths, primary and unique keys', () => {
    const s = schemaFromDdl(corpus('schema.sql'));
    expect(s.unparsed).toEqual([]);
    expect(s.tables.map((t) => t.name)).toHaveLength(11);
    const users = s.tables.find((t) => t.name === 'users')!;
    expect(users.schema).toBe('cowrite');
    expect(users.engine).toBe('InnoDB');
    expect(users.indexes.map((i) => [i.name, i.unique, i.columns.map((c) => c.name).join(',')])).toEqual([
      ['PRIMARY', true, 'id'],
      ['uk_users_username', true, 'username'],
      ['uk_users_email', true, 'email'],
    ]);
    const username = users.columns.find((c) => c.name === 'username')!;
    expect(username).toMatchObject({ dataType: 'varchar', charLength: 64, maxBytes: 64 * 4 + 2, nullable: false, charset: 'utf8mb4' });
    expect(users.columns.find((c) => c.name === 'id')!.maxBytes).toBe(8);
    expect(users.columns.find((c) => c.name === 'full_name')!.nullable).toBe(true);
  });

  it('applies CREATE INDEX statements in order, with DESC, FULLTEXT and the server-rejected duplicate name', () => {
    const s = schemaFromDdl(corpus('schema.sql') + '\n' + corpus('seed-indexes.sql'));
    const dv = s.tables.find((t) => t.name === 'document_versions')!;
    const docVersion = dv.indexes.filter((i) => i.name === 'idx_document_versions_doc_version');
    expect(docVersion).toHaveLength(1);
    expect(docVersion[0]!.unique).toBe(true);
    expect(s.notes.some((n) => n.includes('duplicate key name idx_document_versions_doc_version'))).toBe(true);
    const projects = s.tables.find((t) => t.name === 'projects')!;
    expect(projects.indexes.find((i) => i.name === 'idx_projects_user_updated')!.columns[1]).toMatchObject({ name: 'updated_at', direction: 'DESC' });
    expect(s.tables.find((t) => t.name === 'documents')!.indexes.find((i) => i.name === 'idx_documents_fulltext')!.kind).toBe('FULLTEXT');
  });

  it('reads ALTER TABLE ADD INDEX/UNIQUE/FOREIGN KEY and DROP INDEX', () => {
    const s = schemaFromDdl(
      'CREATE TABLE a (id INT PRIMARY KEY, b_id INT, c VARCHAR(10)); ALTER TABLE a ADD INDEX i1 (b_id, c(4)), ADD UNIQUE KEY u1 (c); ALTER TABLE a ADD CONSTRAINT fk_b FOREIGN KEY (b_id) REFERENCES b (id); ALTER TABLE a DROP INDEX i1',
    );
    const a = s.tables[0]!;
    expect(a.indexes.map((i) => i.name)).toEqual(['PRIMARY', 'u1']);
    expect(a.foreignKeys).toEqual([{ name: 'fk_b', columns: ['b_id'], refTable: 'b', refColumns: ['id'] }]);
  });

  it('falls back to the DDL tokenizer only for statements the parser rejects (IGNORED, PARTITION BY)', () => {
    const s = schemaFromDdl(
      'CREATE TABLE t (id BIGINT NOT NULL, d DATE NOT NULL, name VARCHAR(20) CHARACTER SET latin1, PRIMARY KEY (id, d), KEY k_name (name(8)) IGNORED, CONSTRAINT fk1 FOREIGN KEY (id) REFERENCES p (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 PARTITION BY RANGE (YEAR(d)) (PARTITION p0 VALUES LESS THAN (2020), PARTITION p1 VALUES LESS THAN MAXVALUE); CREATE INDEX k2 ON t (d DESC); garbage statement here',
    );
    expect(s.unparsed.map((u) => u.sql)).toEqual(['garbage statement here']);
    expect(s.notes.filter((n) => n.includes('DDL tokenizer'))).toHaveLength(1);
    const t = s.tables[0]!;
    expect(t.engine).toBe('InnoDB');
    expect(t.columns.map((c) => [c.name, c.dataType, c.maxBytes, c.nullable])).toEqual([
      ['id', 'bigint', 8, false],
      ['d', 'date', 3, false],
      ['name', 'varchar', 22, true],
    ]);
    expect(t.indexes.map((i) => [i.name, i.visible, i.columns.map((c) => `${c.name}${c.subPart ?? ''}${c.direction}`).join(',')])).toEqual([
      ['PRIMARY', true, 'idASC,dASC'],
      ['k_name', false, 'name8ASC'],
      ['k2', true, 'dDESC'],
    ]);
    expect(t.foreignKeys[0]).toMatchObject({ name: 'fk1', refTable: 'p' });
  });

  it('tokenizer keeps versioned comment bodies and reads CREATE INDEX it is given', () => {
    expect(tokenize('KEY `k` (`a`) /*!80000 INVISIBLE */').map((t) => t.text)).toEqual(['KEY', 'k', '(', 'a', ')', 'INVISIBLE']);
    expect(readDdlFallback('CREATE UNIQUE INDEX u ON db.t (a, b) IGNORED')).toMatchObject({
      kind: 'add-indexes',
      table: 't',
      db: 'db',
      indexes: [{ name: 'u', unique: true, visible: false }],
    });
    expect(readDdlFallback('SELECT 1')).toBeNull();
  });
});
