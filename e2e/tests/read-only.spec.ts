import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const USER = `dbw_ro_e2e_${process.pid}`;

test.afterAll(async () => {
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root' });
  try {
    await admin.query(`DROP USER IF EXISTS '${USER}'@'localhost'`);
  } finally {
    await admin.end();
  }
});

test('connections: plan, preview and create the read-only account', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'Account MariaDB', port: mariadbPort, user: 'root' });
  const card = page.getByTestId('connection-Account MariaDB');
  await card.getByRole('button', { name: 'Read-only account…' }).click();
  const box = card.getByTestId('read-only-account');
  await expect(box).toBeVisible();
  await box.getByLabel('Account user').fill(USER);
  await box.getByLabel('Account host').fill('localhost');
  await expect(box.getByLabel('Account password')).toHaveValue(/^[A-Za-z0-9_-]{20}$/);
  await box.getByRole('button', { name: 'Preview plan' }).click();
  const plan = box.getByTestId('plan-view');
  await expect(plan).toContainText(`CREATE USER '${USER}'@'localhost' IDENTIFIED BY`);
  await expect(plan).toContainText('GRANT SELECT, PROCESS, SHOW VIEW, REPLICATION CLIENT, SLAVE MONITOR ON *.*');
  await expect(plan).toContainText('dry run · writes nothing');
  await shot(page, 'read-only-account-preview');

  await box.getByRole('button', { name: `Create ${USER}@localhost` }).click();
  await expect(box.getByTestId('account-created')).toBeVisible();
  await expect(box.getByTestId('step-outcome')).toHaveCount(2);
  await expect(plan).toContainText('BINLOG MONITOR');
  await shot(page, 'read-only-account-created');

  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root' });
  try {
    const [rows] = await admin.query('SELECT COUNT(*) AS n FROM mysql.user WHERE User = ?', [USER]);
    expect(Number((rows as Array<{ n: number }>)[0]!.n)).toBe(1);
  } finally {
    await admin.end();
  }
});
