import { describe, expect, it } from 'vitest';
import { estimateIndexSize } from './index-size';
import { schemaFromDdl } from './schema-ddl';

const table = schemaFromDdl(
  'CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(16) NOT NULL, note VARCHAR(200) NOT NULL, created_at DATETIME NOT NULL);',
).tables[0]!;

// Measured on MariaDB 10.11 and MySQL 9.7 alike (mysql.innodb_index_stats, 16 KiB pages) after
// ALTER TABLE … ADD INDEX on 60,000 rows whose status averages 5.25 bytes and note 39.5 bytes.
const measuredPages = { customer_id: 97, 'customer_id,status': 97, note: 225 };

describe('new index size estimate', () => {
  it('matches the pages the server allocated, with sampled string widths', () => {
    const widths = { 'orders.status': 5.25, 'orders.note': 39.5 };
    const est = (cols: string[]) =>
      estimateIndexSize(
        table,
        'orders',
        cols.map((name) => ({ name, subPart: null })),
        60_000,
        widths,
      ).bytes / 16384;
    expect(est(['customer_id'])).toBe(measuredPages.customer_id);
    expect(est(['customer_id', 'status'])).toBe(measuredPages['customer_id,status']);
    expect(est(['note'])).toBe(measuredPages.note);
  });

  it('says whether string widths were sampled or guessed from the declared type', () => {
    expect(estimateIndexSize(table, 'orders', [{ name: 'note', subPart: null }], 1000, { 'orders.note': 30 }).widths).toBe('sampled');
    expect(estimateIndexSize(table, 'orders', [{ name: 'note', subPart: null }], 1000).widths).toBe('declared');
  });

  it('keeps a small index in its root page and a prefix no wider than its characters', () => {
    expect(estimateIndexSize(table, 'orders', [{ name: 'customer_id', subPart: null }], 100).bytes).toBe(16384);
    const whole = estimateIndexSize(table, 'orders', [{ name: 'note', subPart: null }], 1e6, { 'orders.note': 150 });
    const prefix = estimateIndexSize(table, 'orders', [{ name: 'note', subPart: 10 }], 1e6, { 'orders.note': 150 });
    expect(prefix.recordBytes).toBeLessThan(whole.recordBytes - 100);
  });
});
