import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import { openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const DB = 'advisor_e2e';

test.describe.configure({ mode: 'serial' });

async function openAdvisor(page: Page): Promise<void> {
  await openPanel(page, /Index advisor/);
  await expect(page.getByRole('region', { name: 'Index advisor' })).toBeVisible();
}

test('advisor offline: the co-writing example with its seed indexes shows duplicates, low selectivity and secrets', async ({ page }) => {
  await openApp(page);
  await openAdvisor(page);
  await page.getByLabel('with its seed indexes').check();
  await page.getByRole('button', { name: 'Load the co-writing example' }).click();
  await expect(page.getByLabel('Schema DDL')).toHaveValue(/idx_users_is_active/);
  await expect(page.getByRole('textbox', { name: 'Workload' })).toHaveValue(/document_list/);
  await page.getByRole('button', { name: 'Advise' }).click();
  const dups = page.getByRole('region', { name: 'Duplicate and redundant indexes' });
  await expect(dups).toContainText('idx_users_email is a duplicate of uk_users_email');
  await expect(page.getByRole('region', { name: 'Low selectivity' })).toContainText('idx_users_is_active');
  await expect(page.getByRole('region', { name: 'Secrets in indexes' })).toContainText('password_hash');
  await expect(page.getByText('Connect and advise on the live schema to plan changes.')).toBeVisible();
  await shot(page, 'advisor-offline');
  await page.getByRole('region', { name: 'Low selectivity' }).scrollIntoViewIfNeeded();
  await shot(page, 'advisor-offline-findings');
});

test('advisor offline: a TEXT column gets a prefix length, shown in the recommendation and its plan reason', async ({ page }) => {
  await openApp(page);
  await openAdvisor(page);
  await page.getByRole('radio', { name: 'Paste queries' }).check();
  await page.getByRole('radio', { name: 'Pasted CREATE TABLEs' }).check();
  await page
    .getByLabel('Schema DDL')
    .fill(
      'CREATE TABLE notes (id BIGINT NOT NULL AUTO_INCREMENT, owner_id BIGINT NOT NULL, body TEXT NULL, url VARCHAR(1000) NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
    );
  await page
    .getByRole('textbox', { name: 'Workload' })
    .fill(
      '-- note_by_body | 200 | 20ms\nSELECT id FROM notes WHERE owner_id = ? AND body = ?;\n-- note_by_url | 50 | 50ms\nSELECT id FROM notes WHERE url = ?;',
    );
  await page.getByRole('button', { name: 'Advise' }).click();
  const recs = page.locator('[aria-label="Recommendations"]');
  await expect(recs).toContainText('idx_notes_owner_id_body (owner_id, body(32))');
  await expect(recs).toContainText('prefix body(32)');
  await expect(recs).toContainText('idx_notes_url (url(32))');
  await expect(recs).toContainText('body(32): TEXT can only be indexed by a prefix');
  await shot(page, 'advisor-prefix-length');
});

test.describe('advisor connected to MariaDB', () => {
  test.beforeAll(() => {
    execFileSync('node', ['scripts/sandbox/load-cowrite.mjs', '--port', String(mariadbPort), '--database', DB, '--size', 'small'], {
      stdio: 'ignore',
      timeout: 180_000,
    });
  });
  test.afterAll(async () => {
    const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '' });
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.end();
  });

  test('advise on the live schema, tick two, preview, apply, verify, roll one back', async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page);
    await openPanel(page, /Connections/);
    const add = page.getByRole('button', { name: 'Add connection' });
    if (await add.isVisible()) await add.click();
    const form = page.getByRole('form', { name: 'Connection settings' });
    await form.locator('input[name=name]').fill('Advisor MariaDB');
    await form.locator('input[name=port]').fill(String(mariadbPort));
    await form.locator('input[name=user]').fill('root');
    await form.locator('input[name=database]').fill(DB);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('connection-Advisor MariaDB')).toBeVisible();
    await page.getByLabel('Active connection').selectOption({ label: 'Advisor MariaDB' });

    await openAdvisor(page);
    await page.getByRole('button', { name: 'Load the co-writing example' }).click();
    await page.getByRole('radio', { name: /Live/ }).check();
    await page.getByRole('button', { name: 'Advise' }).click();
    await expect(page.getByText(`live ${DB}`)).toBeVisible({ timeout: 30_000 });
    const ticks = page.getByRole('checkbox', { name: /^Tick / });
    expect(await ticks.count()).toBeGreaterThan(2);
    // Two indexes of one table: the plan alters the table once, with both.
    const sameTable = page.getByRole('checkbox', { name: /^Tick idx_ai_generations_/ });
    expect(await sameTable.count()).toBeGreaterThan(1);
    await sameTable.nth(0).check();
    await sameTable.nth(1).check();
    await shot(page, 'advisor-live-advice');

    await page.getByRole('button', { name: 'Preview plan (2)' }).click();
    const plan = page.getByTestId('plan-view');
    await expect(plan).toContainText('dry run');
    await expect(plan.locator('.steps li')).toHaveCount(1);
    await expect(plan.locator('.steps li').first()).toContainText(
      /ALTER TABLE `\w+`\.`ai_generations` ADD INDEX `idx_ai_generations_\w+` .*, ADD INDEX `idx_ai_generations_\w+` /,
    );
    await expect(plan).toContainText('ALGORITHM=INPLACE, LOCK=NONE');
    await expect(plan).not.toContainText('pt-online-schema-change');
    await shot(page, 'advisor-preview');

    await page.getByRole('button', { name: 'Apply 1 step(s)' }).click();
    await expect(page.getByTestId('step-outcome')).toHaveCount(1, { timeout: 60_000 });
    await expect(page.getByTestId('step-outcome').first()).toContainText('OK');

    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const verify = page.getByTestId('verify-view');
    await expect(verify).toBeVisible({ timeout: 60_000 });
    await expect(verify.getByTestId('verify-query').first()).toBeVisible();
    await expect(verify).toContainText('improved');
    await expect(verify.locator('.adv-scan').first()).toBeVisible();
    // Each verdict shows what it rests on: rows read per run, with the parameters drawn from the tables.
    await expect(verify.getByTestId('verify-evidence').first()).toContainText(/Judged on (rows read|EXPLAIN estimates)/);
    await expect(verify).toContainText('Judged on rows read');
    await expect(verify).toContainText('drawn from the tables');
    await verify.scrollIntoViewIfNeeded();
    await shot(page, 'advisor-verify');

    // A reload keeps the applied plan: Verify and Roll back come back from the audit records.
    await page.reload();
    await openAdvisor(page);
    await expect(page.getByTestId('adv-restored')).toContainText('read back from the audit log', { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Verify', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Roll back / })).toHaveCount(2);
    await shot(page, 'advisor-after-reload');

    const rollback = page.getByRole('button', { name: /^Roll back / }).first();
    const name = ((await rollback.textContent()) ?? '').replace('Roll back ', '');
    await rollback.click();
    await expect(plan).toContainText(`DROP INDEX \`${name}\``);
    await expect(plan).toContainText('dry run');
    await page.getByRole('button', { name: /^Apply \d step\(s\)$/ }).click();
    await expect(page.getByTestId('step-outcome').last()).toContainText('OK', { timeout: 30_000 });
    // Applied: the badge says so, not "dry run".
    await expect(page.getByTestId('plan-applied-badge')).toBeVisible();
    await expect(plan).not.toContainText('dry run');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const applied = page.getByTestId('adv-applied-indexes');
    await expect(applied.getByTestId('adv-index-gone')).toHaveCount(1, { timeout: 30_000 });
    await expect(applied.locator('li').filter({ hasText: name })).toContainText('gone (rolled back)');
    await expect(applied).toContainText('now: (');
    await expect(page.getByTestId('adv-applied-state')).not.toContainText('The indexes are live');
    await shot(page, 'advisor-rolled-back');

    const admin = await mysql.createConnection({ host: '127.0.0.1', port: mariadbPort, user: 'root', password: '', database: DB });
    const [rows] = await admin.query('SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME = ?', [DB, name]);
    await admin.end();
    expect(rows).toHaveLength(0);
  });
});
