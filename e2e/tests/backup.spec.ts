import { expect, test } from '@playwright/test';
import { addConnection, openApp, shot } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);

test('backups: a backup of cowrite with progress, restored into a scratch database and verified, then in the catalog', async ({ page }) => {
  test.setTimeout(480_000);
  await openApp(page);
  await addConnection(page, { name: 'Backups MariaDB', port: mariadbPort, user: 'root' });
  await page.getByLabel('Active connection').selectOption({ label: 'Backups MariaDB' });
  await expect(page.locator('footer.statusbar')).toContainText(`Backups MariaDB · 127.0.0.1:${mariadbPort}`);
  await page
    .getByRole('navigation', { name: 'Panels' })
    .getByRole('button', { name: /Maintenance/ })
    .click();
  await page.getByRole('tab', { name: 'Backups' }).click();
  await page.getByLabel('Database to back up').selectOption('cowrite');
  await expect(page.getByLabel('Verify after the backup')).toBeChecked();
  await page.getByRole('button', { name: 'Back up' }).click();
  await expect(page.getByTestId('backup-progress')).toBeVisible();
  await shot(page, 'backup-progress');
  const report = page.getByTestId('backup-report');
  await expect(report).toContainText('Every table', { timeout: 420_000 });
  await expect(page.getByTestId('backup-result')).toContainText('verified');
  await expect(page.getByTestId('backup-result')).toContainText('cowrite · mysqldump');
  await expect(page.getByTestId('verdict-users')).toContainText('ok');
  await expect(page.getByTestId('backup-catalog')).toContainText('cowrite');
  await expect(page.getByTestId('backup-catalog').locator('tbody tr').first()).toContainText('verified');
  await shot(page, 'backup-verified');
});
