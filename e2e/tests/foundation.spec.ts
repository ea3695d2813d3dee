import { expect, test } from '@playwright/test';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const mysqlPort = Number(process.env.DBW_MYSQL_PORT ?? 3308);
const redisPort = Number(process.env.DBW_REDIS_PORT ?? 6380);

test.describe.configure({ mode: 'serial' });

test('connections: flavors detected for MariaDB, MySQL 9.7 and Redis; a wrong password says so', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'MariaDB sandbox', port: mariadbPort, user: 'root' });
  await expect(page.getByTestId('connection-MariaDB sandbox').getByTestId('test-ok')).toContainText('MariaDB 10.11');

  await addConnection(page, { name: 'MySQL 9.7', port: mysqlPort, user: 'root' });
  await expect(page.getByTestId('connection-MySQL 9.7').getByTestId('test-ok')).toContainText('MySQL 9.7');

  // A failed test saves nothing and activates nothing; the user may still save explicitly.
  await addConnection(page, { name: 'Wrong password', port: mariadbPort, user: 'dbw_test', password: 'not-the-password' }, 'fails');
  const failed = page.getByTestId('save-test-failed');
  await expect(failed).toContainText('AUTH_FAILED');
  await expect(failed).toContainText('Access denied');
  await expect(page.getByTestId('connection-Wrong password')).toHaveCount(0);
  await shot(page, 'connections-test-failed');
  await failed.getByRole('button', { name: /Save anyway/ }).click();
  const err = page.getByTestId('connection-Wrong password').getByTestId('test-error');
  await expect(err).toContainText('AUTH_FAILED');
  await expect(page.getByLabel('Active connection').locator('option:checked')).toHaveText('MariaDB sandbox');

  // A MySQL connection on the Redis port says what answers there, in seconds.
  const started = Date.now();
  await addConnection(page, { name: 'Redis port as MySQL', port: redisPort, user: 'root' }, 'fails');
  await expect(failed).toContainText('NOT_MYSQL');
  await expect(failed).toContainText('answers like Redis');
  expect(Date.now() - started).toBeLessThan(8000);
  await shot(page, 'connections-not-mysql');
  await page.getByRole('form', { name: 'Connection settings' }).getByRole('button', { name: 'Cancel' }).click();

  await addConnection(page, { name: 'Redis sandbox', kind: 'redis', port: redisPort, user: '' });
  await expect(page.getByTestId('connection-Redis sandbox').getByTestId('test-ok')).toContainText('Redis');
  await shot(page, 'connections');

  // The active connection (the first one that tested well) survives a reload, even one on a new
  // origin (dbw serve picks a new port each run, and the page's storage is per origin).
  await page.evaluate(() => localStorage.removeItem('dbw.ui'));
  await page.reload();
  await expect(page.getByLabel('Active connection').locator('option:checked')).toHaveText('MariaDB sandbox');

  // The renderer never receives a saved secret back.
  const listed = await page.evaluate(async () => {
    const token = sessionStorage.getItem('dbw.token');
    const r = await fetch('/api/call/connections.list', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{"payload":{}}',
    });
    return r.text();
  });
  expect(listed).not.toContain('not-the-password');
  expect(listed).toContain('"hasPassword":true');
});

test('maintenance: preview ANALYZE TABLE (dry run), apply it, and find it in the audit log', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Active connection').selectOption({ label: 'MariaDB sandbox' });
  await expect(page.getByRole('status').filter({ hasText: 'MariaDB 10.11' })).toBeVisible();
  await openPanel(page, /Maintenance/);
  await page.getByLabel('Select cowrite.documents').check();
  await page.getByLabel('Select cowrite.users').check();
  await page.getByRole('button', { name: /Preview plan/ }).click();
  const plan = page.getByTestId('plan-view');
  await expect(plan).toContainText('ANALYZE TABLE `cowrite`.`documents`');
  await expect(plan).toContainText('writes nothing');
  await shot(page, 'maintenance-preview');
  await page.getByRole('button', { name: /Apply 2 step/ }).click();
  await expect(plan.getByTestId('step-outcome')).toHaveCount(2);
  await expect(plan.getByTestId('step-outcome').first()).toContainText('OK');
  await shot(page, 'maintenance-applied');

  await openPanel(page, /Audit log/);
  const audit = page.getByTestId('audit-table');
  await expect(audit).toContainText('ANALYZE TABLE `cowrite`.`users`');
  await expect(audit).toContainText('MariaDB sandbox');
  await shot(page, 'audit');
});

test('production: a plan applies only after the connection name is typed', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'MySQL prod', port: mysqlPort, user: 'root', production: true });
  await page.getByLabel('Active connection').selectOption({ label: 'MySQL prod (production)' });
  await expect(page.getByRole('status').filter({ hasText: `MySQL prod · 127.0.0.1:${mysqlPort}` })).toContainText('MySQL 9.7');
  await openPanel(page, /Maintenance/);
  await page.getByLabel('Select cowrite.projects').check();
  await page.getByRole('button', { name: /Preview plan/ }).click();
  const plan = page.getByTestId('plan-view');
  await expect(plan).toContainText('ANALYZE TABLE `cowrite`.`projects`');
  const apply = page.getByRole('button', { name: /Apply 1 step/ });
  await expect(apply).toBeDisabled();
  await page.getByLabel('Confirmation').fill('MySQL');
  await expect(apply).toBeDisabled();
  await page.getByLabel('Confirmation').fill('MySQL prod');
  await shot(page, 'production-confirm');
  await apply.click();
  await expect(plan.getByTestId('step-outcome')).toHaveCount(1);
  await expect(plan.getByTestId('step-outcome')).toContainText('OK');
});

test('theme and keyboard: Alt+Shift+T switches to dark, Alt+5 opens Connections', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Alt+Shift+T');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.keyboard.press('Alt+5');
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  await shot(page, 'connections-dark');
  await page.keyboard.press('Alt+Shift+T');
});
