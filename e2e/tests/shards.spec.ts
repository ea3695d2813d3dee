import { expect, test } from '@playwright/test';
import { addConnection, openApp, shot } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);

test.describe.configure({ mode: 'serial' });

async function openShardPlan(page: import('@playwright/test').Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Panels' })
    .getByRole('button', { name: /Shards/ })
    .click();
  await page.getByRole('tab', { name: 'Shard plan' }).click();
  await expect(page.getByTestId('shard-plan-tab')).toBeVisible();
}

test('shard plan of the co-writing example: key, candidates, cross-shard queries and checked exports', async ({ page }) => {
  await openApp(page);
  await openShardPlan(page);
  await page.getByRole('button', { name: 'Load the co-writing example' }).click();
  await expect(page.getByLabel('Schema DDL')).toHaveValue(/CREATE TABLE users/);
  await page.getByRole('button', { name: 'Plan from the schema text' }).click();
  await expect(page.getByRole('heading', { name: /Shard key users\.id \(user_id\)/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('shard-candidates')).toContainText('projects.id');
  await expect(page.getByTestId('shard-tables')).toContainText('needs-key');
  await expect(page.getByTestId('cross-shard')).toContainText('login');
  await expect(page.getByRole('tab', { name: 'Vitess VSchema ✓' })).toBeVisible();
  await expect(page.getByTestId('shard-export')).toContainText('"column_vindexes"');
  await shot(page, 'shards-plan-example');
  await page.getByRole('tab', { name: /Spider SQL/ }).click();
  await expect(page.getByTestId('shard-export')).toContainText('ENGINE=SPIDER');
  await shot(page, 'shards-plan-spider');
});

test('shard plan from the sandbox MariaDB counts the skew per shard and charts it', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'shards-e2e', port: mariadbPort, user: 'root' });
  await openShardPlan(page);
  await page.getByRole('button', { name: 'Load the co-writing example' }).click();
  await expect(page.getByLabel('Workload')).toHaveValue(/login/);
  await page.getByRole('button', { name: /Plan from shards-e2e/ }).click();
  await expect(page.getByTestId('skew-chart')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('skew-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await shot(page, 'shards-plan-skew');
});
