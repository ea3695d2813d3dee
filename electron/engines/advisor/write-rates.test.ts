import { describe, expect, it } from 'vitest';
import { adviseMissingIndexes } from './missing-indexes';
import { analyzeWorkload } from './analyze-workload';
import { withDefaults } from './options';
import { schemaFromDdl } from './schema-ddl';
import { writeRatesFromCounters } from './write-rates';

const ddl = `CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(16), created_at DATETIME);`;
const reads = [{ sql: 'SELECT id FROM orders WHERE customer_id = 7 AND status = "open"', weight: { count: 50, totalTimeSec: 5 } }];

describe('write rates from server counters', () => {
  it('scales per-table counters to the weight period and gives uncounted tables zero', () => {
    const r = writeRatesFromCounters({ source: 'performance_schema', windowSec: 1000, perTable: { orders: 5000 }, global: null }, ['Orders', 'audit'], 1);
    expect(r.rates).toEqual({ orders: 5, audit: 0 });
    expect(r.sources.orders).toMatch(/table_io_waits_summary_by_table: 5000 rows .* 17 min of uptime/);
  });

  it('falls back to the server-wide Com_* count as an upper bound, said so', () => {
    const r = writeRatesFromCounters({ source: 'com_counters', windowSec: 100, perTable: null, global: 300 }, ['orders'], 60);
    expect(r.rates.orders).toBe(180);
    expect(r.sources.orders).toMatch(/server-wide Com_insert\/update\/delete.*upper bound/);
  });

  it('counts the counted writes in the recommendation although the workload has none, and names the source', () => {
    const schema = schemaFromDdl(ddl);
    const queries = analyzeWorkload(reads, schema);
    const { rates, sources } = writeRatesFromCounters(
      { source: 'performance_schema', windowSec: 100, perTable: { orders: 2000 }, global: null },
      ['orders'],
      1,
    );
    const rec = adviseMissingIndexes(queries, schema, withDefaults({ tableWriteRates: rates, tableWriteSources: sources })).recommendations[0]!;
    expect(rec.writeRate).toBe(20);
    expect(rec.writeCostSec).toBeGreaterThan(0);
    expect(rec.writeSource).toMatch(/performance_schema/);
  });

  it('offline and without writes in the workload, says the write cost is unknown instead of zero', () => {
    const schema = schemaFromDdl(ddl);
    const rec = adviseMissingIndexes(analyzeWorkload(reads, schema), schema, withDefaults({})).recommendations[0]!;
    expect(rec.writeRate).toBeNull();
    expect(rec.writeSource).toMatch(/^unknown: no server counters/);
  });

  it("offline with writes in the workload, names the workload's writes as the source", () => {
    const schema = schemaFromDdl(ddl);
    const w = [...reads, { sql: "UPDATE orders SET status = 'x' WHERE id = 1", weight: { count: 3, totalTimeSec: 0.1 } }];
    const rec = adviseMissingIndexes(analyzeWorkload(w, schema), schema, withDefaults({})).recommendations[0]!;
    expect(rec.writeRate).toBe(3);
    expect(rec.writeSource).toMatch(/workload's INSERT\/UPDATE\/DELETE/);
  });
});
