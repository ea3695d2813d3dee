import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const DB = 'dbw_part_e2e_prune';

test('pruning: the design of an unpartitioned table is checked on a scratch copy, partitions read per statement as bars', async ({ page }) => {
  test.setTimeout(120_000);
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}`);
    await admin.query(`CREATE TABLE ${DB}.ai_generations LIKE cowrite.ai_generations; INSERT INTO ${DB}.ai_generations SELECT * FROM cowrite.ai_generations`);
    await admin.query(`CREATE TABLE ${DB}.documents LIKE cowrite.documents; CREATE TABLE ${DB}.document_versions LIKE cowrite.document_versions`);
    await openApp(page);
    await addConnection(page, { name: 'Pruning MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Pruning MariaDB' });
    await openPanel(page, /Partitions/);
    // The example brings the co-writing workload the designer weighs.
    await page.getByRole('button', { name: 'Load the seed example' }).click();
    await page.getByRole('tab', { name: 'Tables & rotation' }).click();
    await page.getByLabel('Database').fill(DB);
    await page.getByRole('button', { name: 'Show tables' }).click();
    await page.getByTestId('partition-tables').getByRole('button', { name: 'ai_generations' }).click();
    await page.getByRole('button', { name: 'Design partitioning' }).click();
    await expect(page.getByTestId('partition-design')).toContainText('created_at');
    await page.getByRole('button', { name: 'Check pruning on a scratch copy' }).click();
    const prune = page.getByTestId('partition-prune');
    // "dropped" is the outcome of the audited DROP DATABASE plan, not a hope.
    await expect(prune).toContainText('the copy was dropped', { timeout: 60_000 });
    await expect(prune).toContainText('cleanup_old_ai_generations');
    await expect(prune).toContainText('prunes');
    await expect(prune).not.toContainText('ER_');
    await prune.scrollIntoViewIfNeeded();
    await shot(page, 'partitions-prune');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
  }
});
