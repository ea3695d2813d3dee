import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const DB = 'dbw_purge_e2e';

test.describe.configure({ mode: 'serial' });

test('purge: a co-writing cleanup dry-run (nothing deleted), run with progress and per-chunk latency, then a run stopped midway', async ({ page }) => {
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });
  const count = async (where = '1'): Promise<number> => {
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM ${DB}.user_sessions WHERE ${where}`);
    return Number((rows as Array<{ n: unknown }>)[0]!.n);
  };
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}`);
    await admin.query(`CREATE TABLE ${DB}.user_sessions LIKE cowrite.user_sessions; INSERT INTO ${DB}.user_sessions SELECT * FROM cowrite.user_sessions`);
    await openApp(page);
    await addConnection(page, { name: 'Purge MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Purge MariaDB' });
    await openPanel(page, /Maintenance/);
    await page.getByRole('tab', { name: 'Purge' }).click();
    await page.getByLabel('Database', { exact: true }).fill(DB);
    await page.getByRole('button', { name: 'Co-writing cleanups' }).click();
    await page.getByLabel('Preset').selectOption({ label: 'Expired sessions (30 days past expiry)' });
    await expect(page.getByLabel('Table', { exact: true })).toHaveValue('user_sessions');
    await expect(page.getByLabel('Condition', { exact: true })).toHaveValue(/^expires_at < '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'$/);
    const where = await page.getByLabel('Condition', { exact: true }).inputValue();
    const expected = await count(where);
    await page.getByLabel('Rows per chunk', { exact: true }).fill('250');
    await page.getByLabel('Sleep (ms)', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByTestId('purge-dry-run');
    await expect(dry).toContainText(`${expected.toLocaleString('en-US')} rows in ${Math.ceil(expected / 250)} chunks`);
    await expect(dry).toContainText('DELETE FROM `dbw_purge_e2e`.`user_sessions` WHERE `id` >');
    expect(await count()).toBe(6000);
    await shot(page, 'purge-dry-run');
    await page.getByRole('button', { name: `Purge ${expected.toLocaleString('en-US')} rows` }).click();
    await expect(page.getByTestId('purge-progress')).toBeVisible({ timeout: 10_000 });
    await shot(page, 'purge-running');
    const result = page.getByTestId('purge-result');
    await expect(result).toContainText(`Done: ${expected.toLocaleString('en-US')} rows in ${Math.ceil(expected / 250)} chunks`, { timeout: 60_000 });
    await expect(page.getByTestId('purge-latency-chart').locator('.recharts-line-curve')).toBeVisible();
    await expect(result).toContainText('Recorded in the audit log');
    expect(await count(where)).toBe(0);
    expect(await count()).toBe(6000 - expected);
    await shot(page, 'purge-done');

    // A slow purge of the rest, stopped after a few chunks: what it committed stays deleted, the rest stays.
    await page.getByLabel('Condition', { exact: true }).fill('id > 0');
    await page.getByLabel('Rows per chunk', { exact: true }).fill('50');
    await page.getByLabel('Sleep (ms)', { exact: true }).fill('300');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await expect(page.getByTestId('purge-dry-run')).toContainText(`${(6000 - expected).toLocaleString('en-US')} rows`);
    await page.getByRole('button', { name: /^Purge [\d,]+ rows$/ }).click();
    await expect(page.getByTestId('purge-progress')).toContainText(/chunk [3-9]/, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('purge-result')).toContainText('Stopped', { timeout: 20_000 });
    const left = await count();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(6000 - expected);
    expect((6000 - expected - left) % 50).toBe(0);
    await shot(page, 'purge-stopped');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
  }
});

test('purge: archived to a file, previewed with the file it writes and run, one TSV line per deleted row', async ({ page }) => {
  const ADB = 'dbw_pg_e2e_archive';
  const dir = mkdtempSync(join(process.env.DBW_SANDBOX_DIR ?? tmpdir(), 'dbw-pg-e2e-'));
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${ADB}; CREATE DATABASE ${ADB}`);
    await admin.query(`CREATE TABLE ${ADB}.user_sessions LIKE cowrite.user_sessions; INSERT INTO ${ADB}.user_sessions SELECT * FROM cowrite.user_sessions`);
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM ${ADB}.user_sessions WHERE user_id % 5 = 1`);
    const expected = Number((rows as Array<{ n: unknown }>)[0]!.n);
    await openApp(page);
    await addConnection(page, { name: 'Archive MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Archive MariaDB' });
    await openPanel(page, /Maintenance/);
    await page.getByRole('tab', { name: 'Purge' }).click();
    await page.getByLabel('Database', { exact: true }).fill(ADB);
    await page.getByLabel('Table', { exact: true }).fill('user_sessions');
    await page.getByLabel('Condition', { exact: true }).fill('user_id % 5 = 1');
    await page.getByLabel('Rows per chunk', { exact: true }).fill('200');
    await page.getByLabel(/^Or archive to file/).fill(join(dir, '%D.%t.tsv'));
    await page.getByLabel('File format').selectOption('tsv');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const file = join(dir, `${ADB}.user_sessions.tsv`);
    await expect(page.getByTestId('purge-archive-file')).toContainText(file);
    await expect(page.getByTestId('purge-dry-run')).toContainText('FOR UPDATE');
    await shot(page, 'purge-archive-dry-run');
    await page.getByRole('button', { name: `Purge ${expected.toLocaleString('en-US')} rows` }).click();
    const result = page.getByTestId('purge-result');
    await expect(result).toContainText(`Done: ${expected.toLocaleString('en-US')} rows`, { timeout: 60_000 });
    await expect(page.getByTestId('purge-archived')).toContainText(`Archived ${expected.toLocaleString('en-US')} rows to ${file} (tsv,`);
    expect(readFileSync(file, 'utf8').trimEnd().split('\n').length).toBe(expected);
    await shot(page, 'purge-archive-done');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${ADB}`);
    await admin.end();
  }
});

test('health: a table whose estimate went stale after deletes is flagged, and its ANALYZE plan is previewed and applied', async ({ page }) => {
  const HDB = 'dbw_purge_e2e_health';
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${HDB}; CREATE DATABASE ${HDB}`);
    await admin.query(`CREATE TABLE ${HDB}.sessions (id INT PRIMARY KEY, pad CHAR(100) NOT NULL) ENGINE=InnoDB STATS_AUTO_RECALC=0`);
    await admin.query(`INSERT INTO ${HDB}.sessions SELECT id, token_hash FROM cowrite.user_sessions`);
    await admin.query(`ANALYZE TABLE ${HDB}.sessions; DELETE FROM ${HDB}.sessions WHERE id % 10 <> 0`);
    await openApp(page);
    await addConnection(page, { name: 'Health MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Health MariaDB' });
    await openPanel(page, /Maintenance/);
    await page.getByRole('tab', { name: 'Health' }).click();
    await page.getByLabel('Health database').fill(HDB);
    await page.getByRole('button', { name: 'Check tables' }).click();
    const grid = page.getByTestId('health-tables');
    await expect(grid).toContainText('/ 600');
    await expect(grid).toContainText(/row estimate \d+ is [\d.]+% off the counted 600/);
    await shot(page, 'health-tables');
    await grid.getByRole('button', { name: 'ANALYZE' }).click();
    await expect(page.getByTestId('plan-view')).toContainText(`ANALYZE TABLE \`${HDB}\`.\`sessions\``);
    await page.getByRole('button', { name: /Apply 1 step/ }).click();
    await expect(page.getByTestId('step-outcome').first()).toContainText('OK', { timeout: 20_000 });
    await expect(grid).not.toContainText('% off the counted', { timeout: 20_000 });
    await shot(page, 'health-analyzed');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${HDB}`);
    await admin.end();
  }
});
