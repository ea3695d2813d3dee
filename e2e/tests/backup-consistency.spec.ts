import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);

test('backups: an account without RELOAD gets checksums read after the dump, and a verification that fails says why', async ({ page }) => {
  test.setTimeout(300_000);
  const tag = randomBytes(3).toString('hex');
  const db = `dbw_e2e_live_${tag}`;
  const user = `dbw_e2e_nr_${tag}`;
  const password = `pw-${tag}`;
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '' });
  let writing = false;
  let writer: Promise<void> = Promise.resolve();
  try {
    await admin.query(`CREATE DATABASE \`${db}\``);
    await admin.query(`CREATE TABLE \`${db}\`.orders (id INT AUTO_INCREMENT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(200))`);
    await admin.query('SET SESSION max_recursive_iterations = 100000');
    await admin.query(
      `INSERT INTO \`${db}\`.orders (amount, note) WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 30000) SELECT n, REPEAT('x', 150) FROM s`,
    );
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    // What a backup and its verification need, but not RELOAD: no global read lock for this account.
    await admin.query(`GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON \`${db}\`.* TO '${user}'@'%'`);
    await admin.query(`GRANT ALL ON \`dbw\\_bk\\_%\`.* TO '${user}'@'%'`);
    await admin.query(`GRANT PROCESS ON *.* TO '${user}'@'%'`);
    await admin.query(`GRANT SELECT ON mysql.innodb_table_stats TO '${user}'@'%'`); // the schema list reads statistics' age
    await admin.query(`GRANT SELECT ON mysql.innodb_index_stats TO '${user}'@'%'`);

    await openApp(page);
    await addConnection(page, { name: 'No RELOAD', port: mariadbPort, user, password });
    await page.getByLabel('Active connection').selectOption({ label: 'No RELOAD' });
    await openPanel(page, /Maintenance/);
    await page.getByRole('tab', { name: 'Backups' }).click();
    await page.getByLabel('Database to back up').selectOption(db);

    // The database is written while it is backed up.
    const w = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', database: db });
    writing = true;
    writer = (async () => {
      for (let n = 0; writing; n++) await w.query('INSERT INTO orders (amount, note) VALUES (?, ?)', [n, 'live']);
      await w.end();
    })();
    await page.getByRole('button', { name: 'Back up' }).click();
    const report = page.getByTestId('backup-report');
    await expect(report).toContainText('differ', { timeout: 240_000 });
    writing = false;
    await writer;
    await expect(report).toContainText('orders');
    await expect(page.getByTestId('backup-report-caveat')).toContainText("This backup's checksums were read after its dump");
    await expect(page.getByTestId('backup-consistency')).toContainText('checksums read after the dump, so a table written meanwhile will not verify');
    await expect(page.getByTestId('backup-consistency')).toContainText('RELOAD privilege');
    // The server logs, but this account may not read where: the line says so instead of "binlog off".
    await expect(page.getByTestId('backup-result')).toContainText('binlog position not read (SHOW MASTER STATUS was refused');
    await shot(page, 'backup-after-dump');
  } finally {
    writing = false;
    await writer.catch(() => undefined);
    await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.end();
  }
});
