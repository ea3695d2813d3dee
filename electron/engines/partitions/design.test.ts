import { describe, expect, it } from 'vitest';
import { schemaFromDdl } from '../advisor/schema-ddl';
import { dialectForTarget } from '../flavor/dialect';
import { designPartitions, statementUse } from './design';

const ddl = `CREATE TABLE logs (id BIGINT NOT NULL AUTO_INCREMENT, user_id BIGINT NOT NULL, created_at DATETIME NOT NULL, note VARCHAR(10) NULL,
  PRIMARY KEY (id), KEY k_user (user_id)) ENGINE=InnoDB`;
const table = schemaFromDdl(ddl).tables[0]!;
const f = dialectForTarget('mariadb-10.11');
const months = new Map([['created_at', ['2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01'].map((month, i) => ({ month, rows: 1000 * (i + 1) }))]]);

describe('partition designer', () => {
  it('tells range filters, purges, wrapped columns and statements that read every partition apart', () => {
    expect(statementUse('SELECT * FROM logs WHERE created_at >= ? AND created_at < ?', 'logs', 'created_at')).toBe('prunes');
    expect(statementUse('SELECT * FROM logs l WHERE l.created_at BETWEEN ? AND ?', 'logs', 'created_at')).toBe('prunes');
    expect(statementUse('DELETE FROM logs WHERE created_at < ?', 'logs', 'created_at')).toBe('purge');
    expect(statementUse('SELECT * FROM logs WHERE YEAR(created_at) = 2026', 'logs', 'created_at')).toBe('function-on-column');
    expect(statementUse('SELECT * FROM logs WHERE user_id = ?', 'logs', 'created_at')).toBe('reads-all');
    expect(statementUse('SELECT * FROM other WHERE created_at > ?', 'logs', 'created_at')).toBeNull();
  });

  it('proposes monthly RANGE COLUMNS with the primary key widened, rows per partition from the data', () => {
    const d = designPartitions({
      table,
      rows: 10_000,
      dataBytes: 10_000 * 100,
      indexBytes: 0,
      months,
      workload: [
        { name: 'purge', sql: 'DELETE FROM logs WHERE created_at < ?', count: 1 },
        { name: 'by user', sql: 'SELECT * FROM logs WHERE user_id = ?', count: 50 },
      ],
      asOf: '2026-12-06',
      family: f.family,
      facts: f.partitioning,
      premake: 2,
    });
    expect(d.worth).toBe(true);
    expect(d.column).toBe('created_at');
    expect(d.ddl).toContain('ADD PRIMARY KEY (`id`, `created_at`)');
    expect(d.partitions.map((p) => [p.name, p.rows])).toEqual([
      ['p202609', 1000],
      ['p202610', 2000],
      ['p202611', 3000],
      ['p202612', 4000],
      ['p202701', 0],
      ['p202702', 0],
    ]);
    expect(d.partitions[0]!.bytes).toBe(100_000);
    expect(d.reasons.join(' ')).toMatch(/read every partition/);
  });

  it('says no for a small table nobody purges or ranges over', () => {
    const d = designPartitions({
      table,
      rows: 10,
      dataBytes: 1000,
      indexBytes: 0,
      months,
      workload: [],
      asOf: '2026-12-06',
      family: f.family,
      facts: f.partitioning,
      premake: 3,
    });
    expect(d.worth).toBe(false);
  });
});
