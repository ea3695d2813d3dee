/**
 * The advisor's cost figures on the real servers: the write cost of an added index from the
 * server's counters when the workload holds no writes, and new index sizes against the size the
 * server measures once the index is built.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { advisorContract } from '../../../shared/contract/advisor.calls';
import { fmtBytes } from '../../../shared/format-bytes';
import { adviseCommand } from '../../host/node/cli/advise.command';
import { runCli } from '../../testing/cli';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

type Advice = z.output<(typeof advisorContract)['advisor.advise']['output']>;
const ROWS = 60_000;

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
    // 60,000 rows from a cross join of digits: varied customers, four statuses, notes of 20-59 bytes.
    await admin.query(`CREATE TABLE \`${DB}\`.digits (n INT PRIMARY KEY)`);
    await admin.query(`INSERT INTO \`${DB}\`.digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)`);
    const n = 'a.n * 10000 + b.n * 1000 + c.n * 100 + d.n * 10 + e.n';
    await admin.query(
      `INSERT INTO \`${DB}\`.orders SELECT ${n} + 1, (${n}) % 400, ELT(1 + (${n}) % 4, 'open', 'paid', 'shipped', 'done'), REPEAT('n', 20 + (${n}) % 40), '2026-01-01' + INTERVAL (${n}) MINUTE
         FROM \`${DB}\`.digits a, \`${DB}\`.digits b, \`${DB}\`.digits c, \`${DB}\`.digits d, \`${DB}\`.digits e WHERE a.n < ${ROWS / 10000}`,
    );
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
    // 60,000 inserts and 500 updates at least, over the server's uptime, per one-second period.
    expect(rec!.writeRate).toBeGreaterThan(0);
    expect(rec!.writeCostSec).toBeGreaterThan(0);
    expect(rec!.writeSource).toMatch(/performance_schema\.table_io_waits_summary_by_table: \d+ rows inserted, updated or deleted over .* of uptime/);
    const counted = Number(/: (\d+) rows/.exec(rec!.writeSource!)![1]);
    expect(counted).toBeGreaterThanOrEqual(ROWS + 500);
  });

  it('estimates a new index within 25 % of the size the server measures once it is built', async () => {
    const advice = await invoke<Advice>(rt, 'advisor.advise', {
      connectionId,
      workload: {
        kind: 'text',
        text: "-- open of a customer | 50 | 10ms\nSELECT id FROM orders WHERE customer_id = 17 AND status = 'open';\n-- by note | 5 | 10ms\nSELECT id FROM orders WHERE note = 'nnnnnnnnnnnnnnnnnnnnnnnn';",
      },
    });
    const recs = advice.recommendations.filter((r) => r.table === 'orders');
    expect(
      recs
        .map((r) =>
          r.columns
            .map((c) => c.name)
            .sort()
            .join(','),
        )
        .sort(),
    ).toEqual(['customer_id,status', 'note']);
    for (const rec of recs) {
      expect(rec.reasons.join('\n')).toMatch(/string widths sampled from the data/);
      const cols = rec.columns.map((c) => `\`${c.name}\`${c.subPart ? `(${c.subPart})` : ''}`).join(', ');
      await admin.query(`ALTER TABLE \`${DB}\`.orders ADD INDEX \`${rec.name}\` (${cols})`);
    }
    await admin.query(`ANALYZE TABLE \`${DB}\`.orders`);
    const [rows] = await admin.query(
      "SELECT s.index_name AS i, s.stat_value * @@innodb_page_size AS bytes FROM mysql.innodb_index_stats s WHERE s.database_name = ? AND s.table_name = 'orders' AND s.stat_name = 'size'",
      [DB],
    );
    const measured = new Map((rows as Array<{ i: string; bytes: number | string }>).map((r) => [r.i, Number(r.bytes)]));
    for (const rec of recs) {
      const real = measured.get(rec.name)!;
      expect(real, rec.name).toBeGreaterThan(0);
      const ratio = rec.sizeBytes / real;
      expect(ratio, `${rec.name}: estimated ${rec.sizeBytes}, measured ${real}`).toBeGreaterThanOrEqual(0.75);
      expect(ratio, `${rec.name}: estimated ${rec.sizeBytes}, measured ${real}`).toBeLessThanOrEqual(1.25);
    }
    // The panel's and the CLI's index sizes are the measured ones.
    const again = await invoke<Advice>(rt, 'advisor.advise', {
      connectionId,
      workload: { kind: 'text', text: 'SELECT id FROM orders WHERE created_at > NOW();' },
    });
    const sizes = again.tables.find((t) => t.name === 'orders')!.indexSizes;
    for (const rec of recs) expect(sizes.find((i) => i.name === rec.name)?.sizeBytes).toBe(measured.get(rec.name));
    const dir = mkdtempSync(join(tmpdir(), 'dbw-adv-'));
    try {
      writeFileSync(join(dir, 'w.sql'), 'SELECT id FROM orders WHERE created_at > NOW();\n');
      const cli = await runCli(adviseCommand, ['--connection', `mysql://${server.user}@${server.host}:${server.port}/${DB}`, '--workload', join(dir, 'w.sql')]);
      expect(cli.code, cli.err).toBe(0);
      const line = cli.out.split('\n').find((l) => l.startsWith('orders: '))!;
      for (const rec of recs) expect(line).toContain(`${rec.name} ${fmtBytes(measured.get(rec.name)!)}`);
      expect(line).toMatch(/; new: idx_orders_created_at ~\d/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('flags a DELETE without a batch limit matching a large share of the table, pointing to the purge with its WHERE', async () => {
    await admin.query(`ALTER TABLE \`${DB}\`.orders ADD INDEX dbw_adv_created (created_at)`);
    await admin.query(`ANALYZE TABLE \`${DB}\`.orders`);
    const advice = await invoke<Advice>(rt, 'advisor.advise', {
      connectionId,
      workload: {
        kind: 'text',
        text: '-- purge old | 1 | 500ms\nDELETE FROM orders WHERE created_at < ?;\n-- one order | 5 | 10ms\nDELETE FROM orders WHERE id = ?;\n-- batched | 1 | 500ms\nDELETE FROM orders WHERE created_at < ? LIMIT 1000;',
      },
    });
    const flagged = advice.findings.filter((f) => f.kind === 'unbatched-write');
    expect(flagged.map((f) => f.evidence.query)).toEqual(['purge old']);
    const f = flagged[0]!;
    // The value is drawn from an existing row (10,000 rows in): the estimate is close to the rows the WHERE really matches.
    expect(f.evidence.basis).toBe('explain');
    expect(String(f.evidence.where)).toMatch(/^created_at < '2026-\d\d-\d\d \d\d:\d\d:\d\d'$/);
    const [[real]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.orders WHERE ${String(f.evidence.where)}`)) as unknown as [[{ n: number }]];
    expect(Number(real.n)).toBeGreaterThan(ROWS * 0.1);
    expect(Number(f.evidence.matchedRows) / Number(real.n)).toBeGreaterThan(0.5);
    expect(Number(f.evidence.matchedRows) / Number(real.n)).toBeLessThan(2);
    expect(String(f.evidence.purge)).toContain(`dbw purge --connection URL --table ${DB}.orders --where 'created_at < `);
    // EXPLAIN ran nothing: every row is still there.
    const [[count]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.orders`)) as unknown as [[{ n: number }]];
    expect(Number(count.n)).toBe(ROWS);
  });
});
