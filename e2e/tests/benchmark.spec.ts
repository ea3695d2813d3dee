import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const DB = 'dbw_bench_e2e';

test('benchmark: document_list before and after its indexes, with the latency distribution and a verdict beyond noise', async ({ page }) => {
  test.setTimeout(240_000);
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}`);
    for (const t of ['documents', 'document_versions', 'ai_generations'])
      await admin.query(`CREATE TABLE ${DB}.${t} LIKE cowrite.${t}; INSERT INTO ${DB}.${t} SELECT * FROM cowrite.${t}`);
    await openApp(page);
    await addConnection(page, { name: 'Bench MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Bench MariaDB' });
    await openPanel(page, /Benchmark/);
    await page
      .getByLabel('Statement')
      .fill(
        `SELECT d.id, d.title, d.updated_at, (SELECT COUNT(*) FROM ${DB}.document_versions WHERE document_id = d.id) AS versions_count, (SELECT COUNT(*) FROM ${DB}.ai_generations WHERE document_id = d.id) AS ai_generations_count FROM ${DB}.documents d WHERE d.project_id = ? ORDER BY d.updated_at DESC LIMIT ? OFFSET ?`,
      );
    await page.getByLabel('Runs').fill('30');
    await page.getByLabel('Concurrency').fill('2');
    await page.getByLabel('Warm-up').fill('2');
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    const figures = page.getByRole('table', { name: 'Figures' });
    await expect(figures.getByRole('row', { name: /this run/ })).toContainText('30', { timeout: 120_000 });
    await expect(page.getByLabel('Latency histogram').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await shot(page, 'benchmark-before');
    await page.getByRole('button', { name: 'Keep as “before”' }).click();

    await admin.query(
      `ALTER TABLE ${DB}.documents ADD INDEX (project_id, updated_at); ALTER TABLE ${DB}.document_versions ADD INDEX (document_id); ALTER TABLE ${DB}.ai_generations ADD INDEX (document_id)`,
    );
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Faster', { timeout: 120_000 });
    await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('p95 dropped');
    await expect(figures.getByRole('row', { name: /before/ })).toBeVisible();
    await expect(page.getByLabel('Latency CDF').locator('.recharts-line').first()).toBeVisible();
    await shot(page, 'benchmark-after');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
  }
});

for (const [label, port] of [
  ['MariaDB', mariadbPort],
  ['MySQL', Number(process.env.DBW_MYSQL_PORT ?? 3308)],
] as const) {
  test(`sysbench on ${label}: preview the scratch plan, run oltp_read_write for 3 s, read its figures and charts, scratch dropped`, async ({ page }) => {
    test.setTimeout(180_000);
    const admin = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
    const scratches = async (): Promise<string[]> => {
      const [rows] = await admin.query("SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'dbw\\_sb\\_%'");
      return (rows as Array<{ n: string }>).map((r) => r.n);
    };
    let name = '';
    try {
      await openApp(page);
      await addConnection(page, { name: `Sysbench ${label}`, port, user: 'root' });
      await page.getByLabel('Active connection').selectOption({ label: `Sysbench ${label}` });
      await openPanel(page, /Benchmark/);
      const card = page.getByRole('region', { name: 'sysbench', exact: true });
      await card.getByLabel('Workload').selectOption('oltp_read_write');
      await card.getByLabel('Rows per table').fill('2000');
      await card.getByLabel('Seconds').fill('3');
      await card.getByRole('button', { name: 'Preview sysbench run' }).click();
      const plan = card.getByTestId('plan-view');
      await expect(plan).toContainText('CREATE DATABASE `dbw_sb_', { timeout: 30_000 });
      await expect(plan).toContainText("IDENTIFIED BY '<redacted>'");
      await expect(plan).toContainText('1 table(s) sbtest1…sbtest1 of 2000 row(s)');
      await expect(plan).toContainText('dry run · writes nothing');
      name = /dbw_sb_[0-9a-f]{12}/.exec((await plan.textContent()) ?? '')![0];
      expect(await scratches()).not.toContain(name);
      await shot(page, `sysbench-preview-${label.toLowerCase()}`);

      await card.getByRole('button', { name: 'Run sysbench' }).click();
      const figures = card.getByRole('table', { name: 'sysbench figures' });
      await expect(figures.getByRole('row', { name: /this run/ })).toContainText('oltp_read_write', { timeout: 120_000 });
      await expect(card.getByLabel('sysbench per second').locator('.recharts-line').first()).toBeVisible();
      await expect(card.getByLabel('Server load').locator('.recharts-line').first()).toBeVisible();
      await expect(card.getByLabel('sysbench latency histogram').locator('.recharts-bar-rectangle').first()).toBeVisible();
      await expect(card).toContainText(`${name}, dropped after`);
      expect(await scratches()).not.toContain(name);
      await card.getByLabel('sysbench per second').scrollIntoViewIfNeeded();
      await page.mouse.move(0, 0);
      await shot(page, `sysbench-run-${label.toLowerCase()}`);
      await card.getByLabel('sysbench latency histogram').scrollIntoViewIfNeeded();
      await shot(page, `sysbench-histogram-${label.toLowerCase()}`);
    } finally {
      // Only if the run failed half-way: the product drops its scratch itself.
      if (name) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      if (name) await admin.query(`DROP USER IF EXISTS '${name}'@'%'`);
      await admin.end();
    }
  });
}
