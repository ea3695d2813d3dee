import { expect, test, type Page } from '@playwright/test';
import { startCutProxy, type CutProxy } from '../../electron/testing/cut-proxy';
import { addConnection, openApp, shot } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
// A proxy between the app and the shared MariaDB, cut while a plan step runs (the server itself is left alone).
const PROXY_PORT = 13310;

/** Replaces the editor text by typing (Monaco keeps its own model; fill() does not reach it). */
async function typeInEditor(page: Page, text: string): Promise<void> {
  const editor = page.getByTestId('sql-editor');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

let proxy: CutProxy;
test.beforeAll(async () => {
  proxy = await startCutProxy({ host: '127.0.0.1', port: mariadbPort }, PROXY_PORT);
});
test.afterAll(async () => {
  await proxy?.close();
});

test('a plan step cut off by a lost connection shows "outcome unknown" in the plan and the audit log', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'Cut link', port: PROXY_PORT, user: 'root' });
  await page.getByLabel('Active connection').selectOption({ label: 'Cut link' });
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('region', { name: 'SQL editor' })).toBeVisible();

  await typeInEditor(page, 'DO SLEEP(8)');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('button', { name: 'Run as a plan' }).click();
  await expect(page.getByTestId('plan-view')).toContainText('dry run');
  await page.getByRole('button', { name: 'Apply statement' }).click();
  await expect(page.getByText('Applying…').first()).toBeVisible();
  await page.waitForTimeout(1000);
  await proxy.cut();

  const outcome = page.getByTestId('step-outcome');
  await expect(outcome).toContainText('outcome unknown', { timeout: 5000 });
  await expect(outcome).toContainText(`127.0.0.1:${PROXY_PORT}`);
  await expect(page.getByRole('alert').filter({ hasText: 'Stopped at step' })).toContainText('check on the server');
  await shot(page, 'plan-outcome-unknown');

  await page.keyboard.press('Alt+7');
  const row = page.getByTestId('audit-table').locator('tr.unknown').first();
  await expect(row).toContainText('outcome unknown');
  await expect(row).toContainText('DO SLEEP(8)');
  await shot(page, 'audit-outcome-unknown');
});
