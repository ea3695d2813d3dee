import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);

test('backups: a backup of cowrite with progress, restored into a scratch database and verified, then in the catalog', async ({ page }) => {
  test.setTimeout(900_000);
  await openApp(page);
  await addConnection(page, { name: 'Backups MariaDB', port: mariadbPort, user: 'root' });
  await page.getByLabel('Active connection').selectOption({ label: 'Backups MariaDB' });
  await expect(page.locator('footer.statusbar')).toContainText(`Backups MariaDB · 127.0.0.1:${mariadbPort}`);
  await openPanel(page, /Maintenance/);
  await page.getByRole('tab', { name: 'Backups' }).click();
  await page.getByLabel('Database to back up').selectOption('cowrite');
  await expect(page.getByLabel('Verify after the backup')).toBeChecked();
  // zstd where the app's machine has it (the e2e machine does), else gzip; mydumper offers gzip only.
  await expect(page.getByLabel('Compression')).toHaveValue('auto');
  await expect(page.getByLabel('Compression').locator('option:checked')).toHaveText('zstd, or gzip without zstd');
  // A running backup can be stopped: the tools stop and the panel says so.
  await page.getByRole('button', { name: 'Back up' }).click();
  await page.getByTestId('backup-progress').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText(/^Cancelled/, { timeout: 60_000 });
  await expect(page.getByTestId('backup-progress')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Back up' })).toBeEnabled();
  await shot(page, 'backup-cancelled');
  await page.getByRole('button', { name: 'Back up' }).click();
  await expect(page.getByTestId('backup-progress')).toBeVisible();
  await shot(page, 'backup-progress');
  const report = page.getByTestId('backup-report');
  await expect(report).toContainText('Every table', { timeout: 420_000 });
  await expect(page.getByTestId('backup-result')).toContainText('verified');
  await expect(page.getByTestId('backup-result')).toContainText('cowrite · mysqldump');
  await expect(page.getByTestId('backup-result')).toContainText('(zstd)');
  // Its checksums read the dump's own snapshot (the e2e servers' root account may take the lock).
  await expect(page.getByTestId('backup-consistency')).toContainText("checksums read in the dump's snapshot");
  await expect(page.getByTestId('verdict-users')).toContainText('ok');
  await expect(page.getByTestId('backup-catalog')).toContainText('cowrite');
  await expect(page.getByTestId('backup-catalog').locator('tbody tr').first()).toContainText('verified');
  await shot(page, 'backup-verified');

  // Restore that backup through its plan: the preview says what is created, then apply and the re-measure.
  const into = `dbw_pb_e2e_${Date.now().toString(36)}`;
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '' });
  try {
    await page.getByTestId('backup-catalog').locator('tbody tr').first().getByRole('button', { name: 'Restore' }).click();
    const card = page.getByTestId('restore-card');
    await expect(page.getByLabel('Restore into')).toHaveValue(/^cowrite_restored_\d{12}$/);
    await expect(card.getByTestId('plan-view')).toContainText('does not exist', { timeout: 60_000 });
    await page.getByLabel('Restore into').fill(into);
    await card.getByRole('button', { name: 'Preview restore' }).click();
    await expect(card.getByTestId('plan-view')).toContainText(`CREATE DATABASE \`${into}\``, { timeout: 60_000 });
    await expect(card.getByTestId('plan-view')).toContainText(/zstd -dc \S+dump\.sql\.zst \| mariadb --database=`/);
    await expect(card.getByTestId('restore-tables')).toContainText(`${into}.users`);
    await expect(card.getByTestId('restore-tables')).toContainText('create');
    const [before] = await admin.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [into]);
    expect(before).toEqual([]);
    await card.getByTestId('restore-tables').scrollIntoViewIfNeeded();
    await shot(page, 'backup-restore-preview');
    await card.getByRole('button', { name: `Restore into ${into}` }).click();
    // While it restores, the card offers Cancel beside the step progress.
    await expect(card.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await shot(page, 'backup-restore-running');
    await expect(card.getByTestId('restore-outcome')).toContainText('Restored. Tables equal to the backup (of 11): 11', { timeout: 480_000 });
    await shot(page, 'backup-restore-applied');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${into}\``);
    await admin.end();
  }
});
