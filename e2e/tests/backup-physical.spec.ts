import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);

test('backups: a physical backup restored into a new datadir — previewed without writing, copied, started and verified', async ({ page }) => {
  test.setTimeout(600_000);
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const db = `dbw_pr_e2e_${id}`;
  const out = join(process.env.DBW_SANDBOX_DIR || tmpdir(), `dbw-pr-e2e-${id}`);
  mkdirSync(out, { recursive: true });
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '' });
  try {
    await admin.query(`CREATE DATABASE \`${db}\``);
    await admin.query(`CREATE TABLE \`${db}\`.companies LIKE cowrite.companies`);
    await admin.query(`INSERT INTO \`${db}\`.companies SELECT * FROM cowrite.companies`);
    await admin.query(`CREATE TABLE \`${db}\`.users LIKE cowrite.users`);
    await admin.query(`INSERT INTO \`${db}\`.users SELECT * FROM cowrite.users LIMIT 300`);

    await openApp(page);
    await addConnection(page, { name: 'Physical MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Physical MariaDB' });
    await openPanel(page, /Maintenance/);
    await page.getByRole('tab', { name: 'Backups' }).click();
    await page.getByLabel('Database to back up').selectOption(db);
    await page.getByLabel('Backup tool').selectOption('mariadb-backup');
    await page.getByLabel('Backup folder').fill(out);
    await page.getByLabel('Verify after the backup').uncheck();
    await page.getByRole('button', { name: 'Back up' }).click();
    await expect(page.getByTestId('backup-result')).toContainText(`${db} · mariadb-backup`, { timeout: 300_000 });

    const row = page.getByTestId('backup-catalog').locator('tbody tr', { hasText: db });
    await row.getByRole('button', { name: 'Restore' }).click();
    const card = page.getByTestId('restore-card');
    const datadirInput = page.getByLabel('Restore into datadir');
    await expect(datadirInput).toHaveValue(/-restored$/);
    const datadir = await datadirInput.inputValue();
    expect(datadir.startsWith(out)).toBe(true);
    await expect(page.getByLabel('Start and verify')).toBeChecked();
    await expect(card.getByTestId('plan-view')).toContainText('--copy-back', { timeout: 60_000 });
    await expect(card.getByTestId('plan-view')).toContainText(`--datadir=${datadir}`);
    await expect(card.getByTestId('plan-view')).toContainText('Needs MariaDB 10.11');
    await expect(card.getByTestId('restore-space')).toContainText(datadir);
    await expect(card.getByTestId('restore-tables')).toContainText(`${db}.users`);
    // The preview wrote nothing.
    expect(existsSync(datadir)).toBe(false);
    await card.getByTestId('restore-space').scrollIntoViewIfNeeded();
    await shot(page, 'backup-physical-restore-preview');

    // A folder that is not empty is refused by the preview, with the reason.
    await datadirInput.fill(out);
    await card.getByRole('button', { name: 'Preview restore' }).click();
    await expect(card.getByRole('alert')).toContainText('is not empty', { timeout: 60_000 });
    await shot(page, 'backup-physical-restore-refused');
    await datadirInput.fill(datadir);
    await card.getByRole('button', { name: 'Preview restore' }).click();
    await expect(card.getByTestId('restore-space')).toContainText(datadir, { timeout: 60_000 });

    await card.getByRole('button', { name: `Restore into ${datadir}` }).click();
    await expect(card.getByTestId('restore-outcome')).toContainText(`Restored into ${datadir}. Tables equal to the backup (of 2): 2`, { timeout: 300_000 });
    await expect(card.getByTestId('step-outcome').last()).toContainText('Verified: 2 table(s) equal to the manifest');
    expect(existsSync(join(datadir, 'restore-my.cnf'))).toBe(true);
    await card.getByTestId('restore-outcome').scrollIntoViewIfNeeded();
    await shot(page, 'backup-physical-restore-applied');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.end();
    rmSync(out, { recursive: true, force: true });
  }
});
