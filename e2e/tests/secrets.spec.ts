import { expect, test } from '@playwright/test';
import { createConnection } from 'mysql2/promise';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeProcess } from '../serve';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const user = `dbw_sec_e2e_${process.pid}`;
const password = `pw-${process.pid}-it's "quoted"`;

test('a removed secret key is said plainly, the connection asks for its password again, and re-entering it makes it work', async ({ page }) => {
  const workspace = mkdtempSync(join(tmpdir(), 'dbw-e2e-secrets-'));
  const admin = await createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '' });
  await admin.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [user, password]);
  let serve: ServeProcess | null = null;
  try {
    // First run: save a connection with a password; it works.
    serve = await startServe(workspace);
    await openApp(page, serve.url);
    await addConnection(page, { name: 'Orders replica', port: mariadbPort, user, password });
    const card = page.getByTestId('connection-Orders replica');
    await expect(card.getByTestId('test-ok')).toContainText('MariaDB 10.11');
    await serve.stop();
    expect(statSync(workspace).mode & 0o777).toBe(0o700);
    for (const f of ['workspace.sqlite', 'secret.key']) expect(statSync(join(workspace, f)).mode & 0o777).toBe(0o600);

    // The key file goes missing; the next start creates a new key and says so.
    rmSync(join(workspace, 'secret.key'));
    serve = await startServe(workspace);
    expect(serve.stderr()).toMatch(/1 saved connection has secrets sealed with another key: the key file .*secret\.key was missing/);
    await openApp(page, serve.url);
    await openPanel(page, /Connections/);
    await expect(page.getByTestId('secret-key-warning')).toContainText('the key changed');
    await expect(page.getByTestId('secret-key-warning')).toContainText('was missing, so a new key was created');
    await expect(card).toContainText('PASSWORD UNREADABLE');
    await expect(card.getByTestId('secret-unreadable')).toBeVisible();
    await card.getByRole('button', { name: 'Test' }).click();
    await expect(card.getByTestId('test-error')).toContainText('SECRET_UNREADABLE');
    await expect(card.getByTestId('test-error')).toContainText('enter the password');
    await expect(card.getByTestId('test-error')).not.toContainText('authenticate data');
    await shot(page, 'connections-secret-unreadable');

    // Re-enter it: the form asks for exactly that, and the connection works again.
    await card.getByRole('button', { name: 'Re-enter password' }).click();
    const form = page.getByRole('form', { name: 'Connection settings' });
    await expect(form.getByTestId('reenter-note')).toContainText('cannot be opened');
    await expect(form.locator('input[name=password]')).toBeFocused();
    await shot(page, 'connections-reenter-form');
    await form.locator('input[name=password]').fill(password);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(card.getByTestId('test-ok')).toContainText('MariaDB 10.11');
    await expect(card).not.toContainText('PASSWORD UNREADABLE');
    await expect(page.getByTestId('secret-key-warning')).toHaveCount(0);
    await shot(page, 'connections-reentered');
  } finally {
    await serve?.stop();
    await admin.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    await admin.end();
    rmSync(workspace, { recursive: true, force: true });
  }
});
