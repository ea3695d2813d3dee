/**
 * The Replication and Read/write split tabs of "Shards & replicas" on the sandbox: the MariaDB
 * replica's channel with its source chosen, the lag chart rising while the replica's SQL thread is
 * stopped (restarted in a finally) and recovering after; the advisor on a generated slow log with
 * planted read-after-write pairs, and its exports.
 */
import { expect, test, type Page } from '@playwright/test';
import mysql from 'mysql2/promise';
import { plantedLog } from '../../electron/testing/rwsplit-log';
import { addConnection, openApp, shot, openPanel } from './helpers';

const primaryPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const replicaPort = Number(process.env.DBW_REPLICA_PORT ?? 3327);
const admin = (port: number) => mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });

test.describe.configure({ mode: 'serial' });

async function openTab(page: Page, tab: 'Replication' | 'Read/write split'): Promise<void> {
  await openPanel(page, /Shards & replicas/);
  await page.getByRole('tab', { name: tab }).click();
}

test('replication tab: the replica, its source, and the lag rising while its SQL thread is stopped', async ({ page }) => {
  test.setTimeout(120_000);
  const primary = await admin(primaryPort);
  const replica = await admin(replicaPort).catch((e: Error) => {
    throw new Error(`no replica on 127.0.0.1:${replicaPort} (${e.message}): run scripts/sandbox/replica.sh start`);
  });
  const table = `dbw_repl.dbw_repl_rw_e2e_${process.pid}`;
  let writer: ReturnType<typeof setInterval> | undefined;
  try {
    const [[pos]] = (await primary.query('SELECT @@GLOBAL.gtid_binlog_pos AS p')) as unknown as [[{ p: string }]];
    await replica.query('STOP SLAVE');
    await replica.query('SET GLOBAL gtid_slave_pos = ?', [pos.p]);
    await replica.query('START SLAVE');
    await primary.query('CREATE DATABASE IF NOT EXISTS dbw_repl');
    await primary.query(`CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB`);

    await openApp(page);
    await addConnection(page, { name: 'Repl primary', port: primaryPort, user: 'root' });
    await addConnection(page, { name: 'Repl replica', port: replicaPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Repl replica' });
    await openTab(page, 'Replication');
    await expect(page.getByRole('heading', { name: 'Replication · Repl replica' })).toBeVisible();
    const channel = page.getByTestId('repl-channel-default');
    await expect(channel).toBeVisible({ timeout: 15_000 });
    await expect(channel).toContainText('Replicate_Wild_Do_Table');
    await page.getByLabel('Source connection').selectOption({ label: 'Repl primary' });
    await page.getByRole('button', { name: 'Watch lag' }).click();
    await expect(channel).toContainText(/Behind source\s*0 transaction/, { timeout: 15_000 });
    await expect(page.getByTestId('repl-topology')).toContainText(`127.0.0.1:${primaryPort}`);

    await replica.query('STOP SLAVE SQL_THREAD');
    writer = setInterval(() => void primary.query(`INSERT INTO ${table} (v) VALUES (1)`).catch(() => undefined), 300);
    await expect(page.getByTestId('repl-lag')).toContainText(/^([4-9]|\d\d+) s/, { timeout: 30_000 });
    await expect(page.getByTestId('repl-finding-sql-stopped')).toBeVisible();
    await expect(page.getByTestId('repl-lag-chart').locator('.recharts-line path.recharts-curve').first()).toHaveAttribute('d', /L/);
    await shot(page, 'replication-lag-rising');

    clearInterval(writer);
    writer = undefined;
    await replica.query('START SLAVE SQL_THREAD');
    await expect(page.getByTestId('repl-backlog')).toContainText(/^0 transaction/, { timeout: 30_000 });
    await expect(page.getByTestId('repl-lag')).toContainText(/^[01] s/, { timeout: 30_000 });
    await expect(page.getByTestId('repl-finding-sql-stopped')).toHaveCount(0);
    await shot(page, 'replication-lag-recovered');
    await page.getByRole('button', { name: 'Stop watching' }).click();
  } finally {
    if (writer) clearInterval(writer);
    await replica.query('START SLAVE SQL_THREAD').catch(() => undefined);
    await primary.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await primary.end();
    await replica.end();
  }
});

test('read/write split tab: planted read-after-write pairs in a slow log, routes, and the exports', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await openTab(page, 'Read/write split');
  await page.getByRole('textbox', { name: 'Slow log text' }).fill(plantedLog({ pairs: 10, readsPerThread: 10 }).text);
  await page.getByRole('button', { name: 'Advise' }).click();
  await expect(page.getByTestId('rw-pairs-title')).toContainText('Read-after-write pairs: 1', { timeout: 20_000 });
  await expect(page.getByTestId('rw-pair')).toContainText('10');
  await expect(page.getByTestId('rw-read-share')).toContainText(/Reads: \d+\.\d % of the time/);
  await expect(page.getByTestId('rw-class-replica-after-gtid-wait')).toHaveCount(1);
  await expect(page.getByTestId('rw-export')).toContainText('INSERT INTO mysql_query_rules');
  await expect(page.getByText('structure checked')).toBeVisible();
  await shot(page, 'rwsplit-advice');
  await page.getByLabel('Export format').selectOption('shardingsphere');
  await expect(page.getByTestId('rw-export')).toContainText('- !READWRITE_SPLITTING');
  await page.getByTestId('rw-export').scrollIntoViewIfNeeded();
  await shot(page, 'rwsplit-export-shardingsphere');
});
