import { expect, test } from '@playwright/test';
import mysql from 'mysql2/promise';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const DB = 'dbw_hl_e2e';

test.describe.configure({ mode: 'serial' });

test('health: an unused index is hidden (preview, apply) and shows when its drop is allowed; CHECK TABLE runs per table', async ({ page }) => {
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', multipleStatements: true });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}`);
    await admin.query(
      `CREATE TABLE ${DB}.docs (id INT PRIMARY KEY, owner INT, title VARCHAR(64), slug VARCHAR(64), UNIQUE KEY uq_slug (slug), KEY k_owner (owner), KEY k_title (title)) ENGINE=InnoDB`,
    );
    await admin.query(`CREATE TABLE ${DB}.legacy_log (id INT PRIMARY KEY, msg VARCHAR(64)) ENGINE=MyISAM`);
    await admin.query(`INSERT INTO ${DB}.docs VALUES ${Array.from({ length: 200 }, (_, i) => `(${i}, ${i % 20}, 'title ${i}', 'slug-${i}')`).join(',')}`);
    await admin.query(`INSERT INTO ${DB}.legacy_log VALUES (1, 'a'), (2, 'b')`);
    // The workload reads documents by owner only: k_title is never read.
    for (let i = 0; i < 5; i++) await admin.query(`SELECT id FROM ${DB}.docs FORCE INDEX (k_owner) WHERE owner = ${i}`);

    await openApp(page);
    await addConnection(page, { name: 'Health indexes MariaDB', port: mariadbPort, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'Health indexes MariaDB' });
    await openPanel(page, /Maintenance/);
    await page.getByRole('tab', { name: 'Health' }).click();
    await page.getByLabel('Health database').fill(DB);
    await page.getByRole('button', { name: 'Find unused indexes' }).click();
    const grid = page.getByTestId('unused-indexes');
    await expect(page.getByTestId('unused-evidence')).toContainText(/Evidence: user statistics counters over [\d.]+ (hours|days)/);
    const title = grid.locator('tr[data-index="docs.k_title"]');
    await expect(title.locator('.badge')).toHaveText('unused');
    await expect(grid.locator('tr[data-index="docs.k_owner"] .badge')).toHaveText('used');
    await expect(grid.locator('tr[data-index="docs.uq_slug"]')).toContainText('enforces a UNIQUE constraint');
    await shot(page, 'health-unused-indexes');

    await title.getByRole('button', { name: 'Hide' }).click();
    const plan = page.getByTestId('plan-view');
    await expect(plan).toContainText(`ALTER TABLE \`${DB}\`.\`docs\` ALTER INDEX \`k_title\` IGNORED`);
    await expect(plan).toContainText('NOT IGNORED');
    // The preview changed nothing on the server.
    const ignored = async () =>
      (
        (await admin.query(`SELECT IGNORED FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME = 'k_title'`, [DB])) as unknown as [
          Array<{ IGNORED: string }>,
        ]
      )[0][0]!.IGNORED;
    expect(await ignored()).toBe('NO');
    await shot(page, 'health-hide-preview');
    const applyAt = Date.now();
    await page.getByRole('button', { name: /Apply 1 step/ }).click();
    await expect(page.getByTestId('step-outcome').first()).toContainText('OK', { timeout: 20_000 });
    expect(await ignored()).toBe('YES');
    await expect(title.locator('.badge')).toHaveText('hidden · waiting', { timeout: 20_000 });
    // Seven days after the hide ran (its date, whichever side of midnight UTC the apply fell).
    const week = (t: number) => new Date(t + 7 * 86_400_000).toISOString().slice(0, 10);
    const allowed = new RegExp(`${week(applyAt)}|${week(Date.now())}`);
    await expect(title).toContainText(allowed);
    await shot(page, 'health-index-hidden');

    // Dropping now is refused, saying when it becomes allowed.
    await title.getByRole('button', { name: 'Drop' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'its drop is allowed after' })).toContainText(allowed);
    await shot(page, 'health-drop-refused');

    await page.getByLabel('Check mode').selectOption('extended');
    await page.getByRole('button', { name: 'Check every table' }).click();
    await expect(plan).toContainText(`CHECK TABLE \`${DB}\`.\`legacy_log\` EXTENDED`);
    await page.getByRole('button', { name: /Apply 2 step/ }).click();
    const results = page.getByTestId('check-results');
    await expect(results.locator('tr[data-table="docs"]')).toContainText('ok', { timeout: 30_000 });
    await expect(results.locator('tr[data-table="legacy_log"]')).toContainText('status: OK');
    await results.scrollIntoViewIfNeeded();
    await shot(page, 'health-check-tables');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
  }
});
