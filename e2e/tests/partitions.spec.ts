import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const DB = 'dbw_part_e2e';

test.describe.configure({ mode: 'serial' });

/** `PARTITION pYYYYMM VALUES LESS THAN ('next month')` from `back` months ago to this month. */
function monthsAround(back: number): string {
  const now = new Date();
  const out: string[] = [];
  for (let i = -back; i <= 0; i++) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i + 1, 1));
    out.push(`PARTITION p${start.toISOString().slice(0, 7).replace('-', '')} VALUES LESS THAN ('${next.toISOString().slice(0, 10)}')`);
  }
  return out.join(', ');
}

test('preflight: the seed DDL shows the server errors inline with the fix beside them', async ({ page }) => {
  await openApp(page);
  await openPanel(page, /Partitions/);
  await page.getByRole('button', { name: 'Load the seed example' }).click();
  await expect(page.getByTestId('partition-ddl')).toContainText('PARTITION BY RANGE');
  await page.getByLabel('Preflight flavor').selectOption('mysql-9.7');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('statement-0')).toContainText('ERROR 1503');
  await expect(page.getByTestId('statement-1')).toContainText('ERROR 1503');
  await expect(page.getByTestId('statement-2')).toContainText('ERROR 1064');
  // Monaco draws the markers as squiggles in the text.
  await expect(page.locator('[data-testid=partition-ddl] .squiggly-error').first()).toBeVisible();
  await expect(page.getByTestId('statement-fix')).toContainText('PARTITION BY RANGE COLUMNS(`created_at`)');
  await expect(page.getByTestId('statement-detail')).toContainText('A PRIMARY KEY must include all columns');
  await shot(page, 'partitions-preflight');
  await page.getByTestId('statement-2').click();
  await expect(page.getByTestId('statement-fix')).toContainText('no longer guarantees token_hash is unique');
  await shot(page, 'partitions-preflight-sessions');
});

test('rotation: the panel shows rows per partition on a timeline, previews the rotation (nothing changes) and applies it', async ({ page }) => {
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });
  const partitionNames = async (): Promise<string[]> => {
    const [rows] = await admin.query(
      'SELECT PARTITION_NAME AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY PARTITION_ORDINAL_POSITION',
      [DB, 'events'],
    );
    return (rows as Array<{ n: string }>).map((r) => r.n);
  };
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}`);
    await admin.query(
      `CREATE TABLE ${DB}.events (id INT NOT NULL AUTO_INCREMENT, created_at DATETIME NOT NULL, PRIMARY KEY (id, created_at))
       PARTITION BY RANGE COLUMNS(created_at) (${monthsAround(14)}, PARTITION p_future VALUES LESS THAN (MAXVALUE))`,
    );
    // Rows in each month, more in recent ones.
    await admin.query(
      `INSERT INTO ${DB}.events (created_at) SELECT DATE_SUB(CURRENT_DATE, INTERVAL (seq * 7) DAY) FROM (SELECT a.n + b.n * 10 AS seq FROM
        (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) a,
        (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5) b) s WHERE seq < 58`,
    );
    await admin.query(`CREATE TABLE ${DB}.sessions LIKE cowrite.user_sessions; INSERT INTO ${DB}.sessions SELECT * FROM cowrite.user_sessions`);
    const before = await partitionNames();
    await openApp(page);
    await addConnection(page, { name: 'Partitions MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Partitions MariaDB' });
    await openPanel(page, /Partitions/);
    await page.getByRole('tab', { name: 'Tables & rotation' }).click();
    await page.getByLabel('Database').fill(DB);
    await page.getByRole('button', { name: 'Show tables' }).click();
    // An unpartitioned table gets a design; a partitioned one its timeline.
    await page.getByTestId('partition-tables').getByRole('button', { name: 'sessions' }).click();
    await page.getByRole('button', { name: 'Design partitioning' }).click();
    await expect(page.getByTestId('partition-design')).toContainText('expires_at');
    await expect(page.getByTestId('partition-design')).toContainText('ADD PRIMARY KEY (`id`, `expires_at`)');
    await shot(page, 'partitions-design');
    await page.getByTestId('partition-tables').getByRole('button', { name: 'events' }).click();
    await expect(page.getByTestId('partition-timeline')).toContainText('current');
    await expect(page.getByTestId('partition-timeline')).toContainText('expired');
    await expect(page.getByTestId('partition-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await shot(page, 'partitions-timeline');
    await page.getByLabel('Retention').fill('12m');
    await page.getByLabel('Premake').fill('3');
    await page.getByRole('button', { name: 'Preview rotation' }).click();
    const plan = page.getByTestId('plan-view');
    await expect(plan).toContainText('REORGANIZE PARTITION `p_future`');
    await expect(plan).toContainText('DROP PARTITION');
    await expect(plan).toContainText('writes nothing');
    expect(await partitionNames()).toEqual(before);
    await shot(page, 'partitions-rotation-preview');
    await page.getByRole('button', { name: /Apply \d+ step/ }).click();
    await expect(page.getByTestId('step-outcome').first()).toContainText('OK');
    await expect(page.getByTestId('step-outcome').last()).toContainText('OK');
    const after = await partitionNames();
    expect(after.length).toBe(before.length + 3 - 2);
    expect(after[after.length - 1]).toBe('p_future');
    await expect(page.getByTestId('partition-timeline')).toContainText('future');
    await shot(page, 'partitions-rotation-applied');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
  }
});
