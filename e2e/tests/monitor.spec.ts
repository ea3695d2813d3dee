import { expect, test, type Page } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const admin = () => mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });

test.describe.configure({ mode: 'serial' });

async function openMonitor(page: Page, name: string): Promise<void> {
  await openApp(page);
  await addConnection(page, { name, port: mariadbPort, user: 'root' });
  await page.getByLabel('Active connection').selectOption({ label: name });
  await openPanel(page, /Monitor/);
  await expect(page.getByRole('heading', { name: 'Monitor' })).toBeVisible();
}

test('monitor dashboard: live charts of the sandbox MariaDB, sampled every second', async ({ page }) => {
  const load = await admin();
  try {
    await openMonitor(page, 'Monitor live');
    await page.getByLabel('Sample interval').selectOption('1');
    await page.getByRole('button', { name: 'Go live' }).click();
    // Some load so the lines move: statements, rows read, bytes out.
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 40; j++) await load.query('SELECT COUNT(*) FROM cowrite.users');
      await page.waitForTimeout(500);
    }
    await expect(page.getByTestId('mon-status')).toContainText(/live · sampling every 1 s · ([5-9]|\d\d+) point/, { timeout: 20_000 });
    const qps = page.getByTestId('chart-qps');
    await expect(qps).toBeVisible();
    await expect(qps.locator('.recharts-line path.recharts-curve').first()).toHaveAttribute('d', /L/);
    await expect(page.getByTestId('chart-threads_connected').locator('svg.recharts-surface')).toContainText(/max_connections \d+/);
    await expect(page.getByTestId('mon-tiles').getByLabel('QPS')).not.toContainText('—');
    await shot(page, 'monitor-dashboard-live');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('mon-status')).toContainText('paused');
  } finally {
    await load.end();
  }
});

test('monitor activity: a forced lock wait shows its root blocker, and a previewed kill frees the waiter', async ({ page }) => {
  const db = `dbw_mon_e2e_${process.pid}`;
  const setup = await admin();
  const blocker = await admin();
  const waiter = await admin();
  try {
    await setup.query(
      `DROP DATABASE IF EXISTS \`${db}\`; CREATE DATABASE \`${db}\`; CREATE TABLE \`${db}\`.docs (id INT PRIMARY KEY, title VARCHAR(50)) ENGINE=InnoDB; INSERT INTO \`${db}\`.docs VALUES (1, 'draft')`,
    );
    const [[b]] = (await blocker.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]];
    const [[w]] = (await waiter.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]];
    await blocker.query('BEGIN');
    await blocker.query(`UPDATE \`${db}\`.docs SET title = 'held' WHERE id = 1`);
    await waiter.query('SET SESSION innodb_lock_wait_timeout = 90');
    const waiting = waiter.query(`UPDATE \`${db}\`.docs SET title = 'waiting' WHERE id = 1`);

    await openMonitor(page, 'Monitor locks');
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const root = page.getByTestId(`lock-node-${b.id}`);
    await expect(root).toContainText('root blocker');
    await expect(root.getByTestId(`lock-node-${w.id}`)).toContainText(`on ${db}.docs`);
    await expect(root.getByTestId(`lock-node-${w.id}`)).toContainText("SET title = 'waiting'");
    await expect(page.getByTestId('transactions')).toContainText('LOCK WAIT');
    await shot(page, 'monitor-lock-tree');

    await root
      .getByRole('button', { name: `Kill connection ${b.id}` })
      .first()
      .click();
    const plan = page.getByTestId('plan-view');
    await expect(plan).toContainText(`KILL CONNECTION ${b.id}`);
    await expect(page.getByTestId('kill-what')).toContainText('rolls back its transaction (1 row(s) modified');
    await expect(page.getByTestId('kill-what')).toContainText('sessions waiting on its locks1');
    await expect(plan).toContainText('writes nothing');
    await shot(page, 'monitor-kill-preview');
    await page.getByRole('button', { name: 'Kill the session' }).click();
    await expect(plan.getByTestId('step-outcome')).toContainText('OK');
    await waiting;
    const [[row]] = (await setup.query(`SELECT title FROM \`${db}\`.docs WHERE id = 1`)) as unknown as [[{ title: string }]];
    expect(row.title).toBe('waiting');
    await expect(page.getByTestId('lock-tree')).toContainText('No transaction is waiting');
    await shot(page, 'monitor-kill-applied');
  } finally {
    blocker.destroy();
    await waiter.end().catch(() => waiter.destroy());
    await setup.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await setup.end();
  }
});

test('monitor alerts: a rule edited as data fires after its sustained-for time, with a desktop notification', async ({ page, context }) => {
  await context.grantPermissions(['notifications']);
  // Record the notifications the page raises, through the browser's own Notification class.
  await page.addInitScript(() => {
    const Original = window.Notification;
    const seen: Array<{ title: string; body: string }> = [];
    (window as unknown as { __notes: typeof seen }).__notes = seen;
    window.Notification = class extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        seen.push({ title, body: options?.body ?? '' });
      }
    } as typeof Notification;
  });
  await openMonitor(page, 'Monitor alerts');
  await page.getByRole('tab', { name: 'Alerts' }).click();
  await expect(page.getByTestId('alert-rules')).toContainText('low_buffer_pool_hit_rate');
  await expect(page.getByText('Desktop notifications: granted')).toBeVisible();
  await page.getByRole('button', { name: 'Edit as JSON' }).click();
  const rule = {
    id: 'busy_server',
    summary: 'Sessions connected',
    source: 'user',
    expr: 'threads_connected >= [[ .n ]]',
    params: [{ name: 'n', summary: 'connected sessions', unit: 'count', range: [0, 10000], value: 1 }],
    forSec: 2,
    severity: 'critical',
    cooldownSec: 600,
    message: '{{value}} sessions connected (at least {{n}})',
  };
  await page.getByLabel('Rules JSON').fill(JSON.stringify({ rules: [rule] }, null, 2));
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByTestId('alert-rules')).toContainText('busy_server');
  await expect(page.getByTestId('alert-rules')).toContainText('(saved)');

  try {
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByLabel('Sample interval').selectOption('1');
    const started = Date.now();
    await page.getByRole('button', { name: 'Go live' }).click();
    await expect(page.getByTestId('alert-banner')).toContainText('Sessions connected (busy_server)', { timeout: 20_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    const notes = await page.evaluate(() => (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes);
    expect(notes[0]?.title).toBe('Alert: busy_server (critical)');
    expect(notes[0]?.body).toMatch(/^\d+ sessions connected \(at least 1\)$/);
    await expect(page.locator('.toast').first()).toContainText('Alert: busy_server');
    await shot(page, 'monitor-alert-fired');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('tab', { name: /Alerts/ }).click();
    await expect(page.getByTestId('alert-history')).toContainText('busy_server');
    await page.getByRole('button', { name: 'Export for Prometheus' }).click();
    await expect(page.getByLabel('Prometheus rule file')).toContainText('alert: MysqlBusyServer');
    await shot(page, 'monitor-alerts-tab');
  } finally {
    await page.getByRole('tab', { name: /Alerts/ }).click();
    await page.getByRole('button', { name: 'Restore shipped rules' }).click();
    await expect(page.getByTestId('alert-rules')).toContainText('(shipped defaults)');
  }
});

test('monitor pool: advice for a declared pool shows the formula with the numbers', async ({ page }) => {
  await openMonitor(page, 'Monitor pool');
  await page.getByRole('tab', { name: 'Pool' }).click();
  await page.getByLabel('Instances').fill('4');
  await page.getByLabel('Cores').fill('8');
  await page.getByRole('button', { name: 'Advise' }).click();
  const advice = page.getByTestId('pool-advice');
  await expect(advice).toContainText('ceil((8 × 2 + 1) / 4) = 5');
  await expect(advice).toContainText('max_connections (server)');
  await shot(page, 'monitor-pool');
});

test('monitor dashboard on the sandbox replica: a stopped SQL thread shows rising lag, and recovers', async ({ page }) => {
  const replicaPort = Number(process.env.DBW_REPLICA_PORT ?? 3327);
  const replica = await mysql.createConnection({ host: '127.0.0.1', port: replicaPort, user: 'root', password: '' });
  const primary = await admin();
  const table = `dbw_repl.e2e_${process.pid}`;
  let writer: ReturnType<typeof setInterval> | undefined;
  try {
    // Earlier tests ran account statements on the primary that this filtered replica may have
    // stopped on: it starts from the primary's current position, as replica.sh does.
    const [posRows] = await primary.query('SELECT @@GLOBAL.gtid_binlog_pos AS p');
    await replica.query('STOP SLAVE');
    await replica.query('SET GLOBAL gtid_slave_pos = ?', [String((posRows as Array<{ p: string }>)[0]!.p)]);
    await replica.query('START SLAVE');
    await primary.query(`CREATE DATABASE IF NOT EXISTS dbw_repl; CREATE TABLE IF NOT EXISTS ${table} (id INT AUTO_INCREMENT PRIMARY KEY, v INT)`);
    await openApp(page);
    await addConnection(page, { name: 'Replica', port: replicaPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Replica' });
    await openPanel(page, /Monitor/);
    await page.getByLabel('Sample interval').selectOption('1');
    await page.getByRole('button', { name: 'Go live' }).click();
    const tile = page.getByTestId('mon-tiles').getByLabel('Replica lag');
    await expect(tile).toContainText(/\b0 s|\d s/, { timeout: 20_000 });
    await replica.query('STOP SLAVE SQL_THREAD');
    writer = setInterval(() => void primary.query(`INSERT INTO ${table} (v) VALUES (1)`).catch(() => undefined), 300);
    await expect(tile).toContainText('replication stopped', { timeout: 30_000 });
    await expect(tile).toContainText(/([4-9]|\d\d+) s/, { timeout: 30_000 });
    await expect(page.getByTestId('chart-replication_lag_s').locator('.recharts-line path.recharts-curve').first()).toHaveAttribute('d', /L/);
    await shot(page, 'monitor-replica-stopped');
    await page.getByTestId('chart-replication_lag_s').scrollIntoViewIfNeeded();
    await shot(page, 'monitor-replica-lag-chart');
    clearInterval(writer);
    writer = undefined;
    await replica.query('START SLAVE SQL_THREAD');
    await expect(tile).not.toContainText('stopped', { timeout: 30_000 });
    await shot(page, 'monitor-replica-recovered');
    await page.getByRole('button', { name: 'Stop' }).click();
  } finally {
    if (writer) clearInterval(writer);
    await replica.query('START SLAVE SQL_THREAD').catch(() => undefined);
    await primary.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await replica.end();
    await primary.end();
  }
});
