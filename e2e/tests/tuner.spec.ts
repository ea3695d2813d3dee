import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);

test.describe.configure({ mode: 'serial' });

test('tuner linter: the seed my.cnf for MySQL 8.4 shows the removed query_cache_* options inline', async ({ page }) => {
  await openApp(page);
  await openPanel(page, /Tuner/);
  await page.getByRole('tab', { name: 'Linter' }).click();
  await page.getByLabel('Target flavor').selectOption('mysql-8.4');
  await page.getByLabel('Lint RAM GiB').fill('8');
  await page.getByRole('button', { name: 'Load the seed config' }).click();
  const annotated = page.getByTestId('lint-annotated');
  for (const option of ['query_cache_type', 'query_cache_size', 'query_cache_limit']) {
    const line = annotated.locator('.al.has', { hasText: option });
    await expect(line.getByTestId('lint-marker').first()).toContainText('removed');
    await expect(line).toHaveClass(/sev-error/);
  }
  await expect(page.getByTestId('lint-issues')).toContainText('expire_logs_days');
  await expect(page.getByTestId('lint-memory')).toContainText('Worst-case memory');
  await expect(page.locator('.tuner-gutter .gl.sev-error').first()).toBeVisible();
  await shot(page, 'tuner-linter');
});

test('tuner server: analyze MariaDB over 2 s, read the evidence, preview, apply and re-measure one recommendation', async ({ page }) => {
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '' });
  const [[row]] = (await admin.query('SELECT @@GLOBAL.thread_cache_size AS v')) as unknown as [[{ v: number }]];
  const original = Number(row.v);
  try {
    await admin.query('SET GLOBAL thread_cache_size = 0');
    await openApp(page);
    await addConnection(page, { name: 'Tuner MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Tuner MariaDB' });
    await openPanel(page, /Tuner/);
    await page.getByRole('tab', { name: 'Server' }).click();
    await expect(page.getByLabel('Host RAM GiB')).not.toHaveValue('');
    await page.getByLabel('Interval seconds').fill('2');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await expect(page.getByLabel('Sampling progress')).toBeVisible();
    await expect(page.getByTestId('tuner-summary')).toContainText('sampled over 2', { timeout: 20_000 });
    // A local server: RAM and cores come from this machine, not from the prefilled fields.
    await expect(page.getByTestId('tuner-summary')).toContainText('cores (os)');

    const finding = page.getByTestId('finding-thread-cache-hit-rate');
    await finding.getByRole('button', { name: 'Evidence for thread-cache-hit-rate' }).click();
    const evidence = finding.getByTestId('evidence');
    await expect(evidence).toContainText('Threads_created / Connections');
    await expect(evidence).toContainText('thread_cache_size');
    await expect(evidence).toContainText('Recommended value, computed as');
    await shot(page, 'tuner-server-findings');

    await finding.getByLabel('Plan thread-cache-hit-rate').check();
    await page.getByRole('button', { name: /Preview plan \(1\)/ }).click();
    const plan = page.getByTestId('plan-view');
    await expect(plan).toContainText('SET GLOBAL `thread_cache_size`');
    await expect(plan).toContainText('writes nothing');
    await expect(page.getByTestId('tuner-changes')).toContainText('thread_cache_size');
    const [[afterPreview]] = (await admin.query('SELECT @@GLOBAL.thread_cache_size AS v')) as unknown as [[{ v: number }]];
    expect(Number(afterPreview.v)).toBe(0);
    await shot(page, 'tuner-server-preview');

    await page.getByRole('button', { name: /Apply 1 step/ }).click();
    await expect(plan.getByTestId('step-outcome')).toContainText('OK');
    const [[applied]] = (await admin.query('SELECT @@GLOBAL.thread_cache_size AS v')) as unknown as [[{ v: number }]];
    expect(Number(applied.v)).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Re-measure' }).click();
    const remeasure = page.getByTestId('remeasure');
    await expect(remeasure).toContainText('thread-cache-hit-rate', { timeout: 20_000 });
    await expect(remeasure).toContainText('thread_cache_size');
    await expect(remeasure).toContainText(String(applied.v));
    await shot(page, 'tuner-server-remeasured');

    // While connected, the linter reads the file for the connection's server and host RAM:
    // MariaDB 10.11 starts with innodb_buffer_pool_instances (a warning), and a pool above the RAM is an error.
    await page.getByRole('tab', { name: 'Linter' }).click();
    await page.getByLabel('Target flavor').selectOption('connection');
    await page.getByLabel('Lint RAM GiB').fill('');
    await page.getByLabel('my.cnf').fill('[mysqld]\ninnodb_buffer_pool_instances = 8\ninnodb_buffer_pool_size = 4096G\n');
    await page.getByRole('button', { name: 'Lint', exact: true }).click();
    await expect(page.getByTestId('lint-basis')).toContainText('Linted for MariaDB 10.11 (the connection)');
    await expect(page.getByTestId('lint-basis')).toContainText("the connection's host");
    const annotated = page.getByTestId('lint-annotated');
    await expect(annotated.locator('.al.has', { hasText: 'innodb_buffer_pool_instances' })).toHaveClass(/sev-warning/);
    await expect(annotated.locator('.al.has', { hasText: 'innodb_buffer_pool_size' })).toHaveClass(/sev-error/);
    await shot(page, 'tuner-linter-connected');
  } finally {
    await admin.query('SET GLOBAL thread_cache_size = ?', [original]);
    await admin.end();
  }
});
