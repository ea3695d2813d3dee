import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const DB = 'dbw_sched_e2e';

test('schedule: a job is added with its next run, runs now through the executor with its report, and a failing run notifies', async ({ page }) => {
  test.setTimeout(120_000);
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });
  try {
    await admin.query(
      `DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; CREATE TABLE ${DB}.t (id INT PRIMARY KEY, v INT, KEY kv (v)); INSERT INTO ${DB}.t VALUES (1, 1), (2, 2)`,
    );
    await openApp(page);
    await addConnection(page, { name: 'Schedule MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Schedule MariaDB' });
    await openPanel(page, /Maintenance/);
    await page.getByRole('tab', { name: 'Schedule' }).click();
    // The served app holds the workspace's schedule lease: it says so, so a DBA knows cron's `dbw schedule due` will not double-run.
    await expect(page.getByLabel('Schedule runner')).toHaveText('This app runs the schedule.');
    const form = page.getByRole('form', { name: 'New job' });
    await expect(form.getByLabel('Kind')).toHaveValue('analyze');
    await form.getByLabel('Name').fill('E2E nightly statistics');
    await form.getByLabel('Spec (JSON)').fill(JSON.stringify({ tables: [{ schema: DB, table: 't' }] }));
    await form.getByLabel('Time', { exact: true }).fill('03:00');
    await form.getByRole('button', { name: 'Schedule job' }).click();
    const jobs = page.getByRole('table', { name: 'Scheduled jobs' });
    const row = jobs.getByRole('row', { name: /E2E nightly statistics/ });
    await expect(row).toContainText('daily at 03:00 UTC');
    await expect(row).toContainText('never');
    await row.getByRole('button', { name: 'Run now' }).click();
    await expect(row.locator('.sched-status')).toHaveText('ok', { timeout: 30_000 });
    const runs = page.getByLabel('Runs');
    await expect(runs).toContainText('manual');
    await expect(runs).toContainText(`ok ANALYZE TABLE \`${DB}\`.\`t\``);
    await shot(page, 'scheduler-runs');

    // A job whose table is gone fails, says why, and notifies with a toast.
    await form.getByLabel('Name').fill('E2E weekly gone table');
    await form.getByLabel('Repeat').selectOption('weekly');
    await form.getByLabel('Weekday').selectOption('Sunday');
    await form.getByLabel('Spec (JSON)').fill(JSON.stringify({ tables: [{ schema: DB, table: 'gone' }] }));
    await form.getByRole('button', { name: 'Schedule job' }).click();
    const failing = jobs.getByRole('row', { name: /E2E weekly gone table/ });
    await expect(failing).toContainText('every Sunday at 03:00 UTC');
    await failing.getByRole('button', { name: 'Run now' }).click();
    await expect(failing.locator('.sched-status')).toHaveText('failed', { timeout: 30_000 });
    await expect(page.getByRole('alert').filter({ hasText: 'Scheduled job failed: E2E weekly gone table' })).toBeVisible();
    await expect(runs).toContainText('NOT_FOUND: No such table');
    await shot(page, 'scheduler-failure');

    for (const name of ['E2E nightly statistics', 'E2E weekly gone table']) {
      await jobs.getByRole('button', { name: `Delete ${name}` }).click();
      await expect(jobs.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
  }
});
