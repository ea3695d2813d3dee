/**
 * The advisor's cost figures on the real servers: the write cost of an added index from the
 * server's counters when the workload holds no writes.
 */
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { advisorContract } from '../../../shared/contract/advisor.calls';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

type Advice = z.output<(typeof advisorContract)['advisor.advise']['output']>;
const ROWS = 4000;

describe.each(sqlServers)('advisor costs on $label', (server) => {
  const DB = `dbw_adv_costs_${server.port}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(
      `CREATE TABLE \`${DB}\`.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(16) NOT NULL, note VARCHAR(200) NOT NULL, created_at DATETIME NOT NULL) ENGINE=InnoDB`,
    );
    const values = Array.from(
      { length: ROWS },
      (_, i) => `(${i + 1}, ${i % 400}, '${['open', 'paid', 'shipped', 'done'][i % 4]}', '${'n'.repeat(20 + (i % 40))}', '2026-01-01' + INTERVAL ${i} MINUTE)`,
    );
    for (let i = 0; i < values.length; i += 1000) await admin.query(`INSERT INTO \`${DB}\`.orders VALUES ${values.slice(i, i + 1000).join(',')}`);
    await admin.query(`UPDATE \`${DB}\`.orders SET status = 'done' WHERE id <= 500`);
    await admin.query(`ANALYZE TABLE \`${DB}\`.orders`);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} costs`, { database: DB });
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it("counts the table's writes from the server's counters although the workload has none, and says where from", async () => {
    const advice = await invoke<Advice>(rt, 'advisor.advise', {
      connectionId,
      workload: { kind: 'text', text: '-- by customer | 50 | 10ms\nSELECT id, status FROM orders WHERE customer_id = 17;' },
    });
    const rec = advice.recommendations.find((r) => r.table === 'orders');
    expect(rec, JSON.stringify(advice.recommendations)).toBeDefined();
    // 4000 inserts and 500 updates at least, over the server's uptime, per one-second period.
    expect(rec!.writeRate).toBeGreaterThan(0);
    expect(rec!.writeCostSec).toBeGreaterThan(0);
    expect(rec!.writeSource).toMatch(/performance_schema\.table_io_waits_summary_by_table: \d+ rows inserted, updated or deleted over .* of uptime/);
    const counted = Number(/: (\d+) rows/.exec(rec!.writeSource!)![1]);
    expect(counted).toBeGreaterThanOrEqual(ROWS + 500);
  });
});
