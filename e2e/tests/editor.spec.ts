import { expect, test, type Page } from '@playwright/test';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);

test.describe.configure({ mode: 'serial' });

/** Replaces the editor text by typing (Monaco keeps its own model; fill() does not reach it). */
async function typeInEditor(page: Page, text: string): Promise<void> {
  const editor = page.getByTestId('sql-editor');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

test('editor: autocomplete, run, scroll 192k rows, EXPLAIN findings, rewrite and plan diff', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'Editor MariaDB', port: mariadbPort, user: 'root' });
  // The default database makes unqualified table names resolve in cowrite.
  await page.getByTestId('connection-Editor MariaDB').getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Connection settings' });
  await form.locator('input[name=database]').fill('cowrite');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByLabel('Active connection').selectOption({ label: 'Editor MariaDB' });
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('region', { name: 'SQL editor' })).toBeVisible();

  // Autocompletion: type a prefix, ask for suggestions, accept the table name.
  await typeInEditor(page, 'SELECT v.id, v.document_id, x.n FROM document_ver');
  await page.keyboard.press('Control+Space');
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'document_versions' }).first();
  await expect(suggestion).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.type(' v CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) x');
  await expect(page.locator('.view-lines')).toContainText('FROM document_versions v CROSS JOIN');

  // Run: the first rows arrive while the rest streams into the host's buffer (no row cap: every row).
  await page.getByLabel('Row cap').selectOption('0');
  await page.getByTestId('sql-editor').click();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('result-count')).toContainText(/rows/);
  await expect(page.getByTestId('result-count')).toHaveText(/^192,000 rows/, { timeout: 60_000 });
  await shot(page, 'editor-results');

  // Scroll far down: rows near the end render, and the page keeps answering.
  const scroller = page.getByTestId('result-scroll');
  await scroller.evaluate((el) => (el.scrollTop = 24 * 150_000));
  await expect(page.locator('.grid-row[data-row="150005"] .grid-cell').nth(1)).not.toHaveText('…');
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('.grid-row[data-row="191999"] .grid-cell.rownum')).toHaveText('192000');
  await expect(page.locator('.grid-row[data-row="191999"] .grid-cell').nth(1)).not.toHaveText('…');
  const lag = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame((t0) => requestAnimationFrame((t1) => r(t1 - t0)))));
  expect(lag).toBeLessThan(1000);
  await shot(page, 'editor-scrolled');

  // EXPLAIN a workload query and read the findings.
  await typeInEditor(page, 'SELECT * FROM user_sessions WHERE YEAR(expires_at) = YEAR(NOW())');
  await page.getByRole('button', { name: 'EXPLAIN', exact: true }).click();
  await expect(page.getByTestId('plan-tree')).toBeVisible();
  await expect(page.getByTestId('explain-findings')).toContainText('Index not usable as written');
  const lint = page.getByTestId('lint-findings').locator('li', { hasText: 'MAKEDATE' }).first();
  await expect(lint).toBeVisible();
  await shot(page, 'editor-explain');

  // Compare the rewrite's plan with the original, then apply the rewrite to the editor.
  await lint.getByRole('button', { name: 'Compare plans' }).click();
  await expect(page.getByTestId('plan-compare')).toContainText('user_sessions');
  await expect(page.getByTestId('plan-compare').getByTestId('plan-tree')).toHaveCount(2);
  await page.getByTestId('plan-compare').scrollIntoViewIfNeeded();
  await shot(page, 'editor-compare');
  await lint.getByRole('button', { name: 'Apply rewrite' }).click();
  await expect(page.locator('.view-lines')).toContainText('MAKEDATE');

  // A write is refused on the read path and offered as a plan (preview only here).
  await typeInEditor(page, "UPDATE user_sessions SET token_hash = 'x' WHERE id = -1");
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('statement-error')).toContainText('READ_ONLY');
  await page.getByRole('button', { name: 'Run as a plan' }).click();
  await expect(page.getByTestId('plan-view')).toContainText('dry run');
  await expect(page.getByTestId('step-details')).toContainText('rows affected (exact count of the WHERE)');
  await shot(page, 'editor-plan');

  // ANALYZE of a write: preview of START TRANSACTION / ANALYZE / ROLLBACK, confirm, then the measured plan.
  await typeInEditor(page, 'UPDATE user_sessions s JOIN users u ON u.id = s.user_id SET s.expires_at = s.expires_at WHERE s.id < 50');
  await page.getByLabel('EXPLAIN mode').selectOption('analyze');
  await page.getByRole('button', { name: 'EXPLAIN', exact: true }).click();
  const box = page.getByTestId('analyze-write');
  await expect(box.getByTestId('plan-view')).toContainText('ROLLBACK');
  await expect(box.getByTestId('plan-view')).toContainText('dry run');
  await box.getByRole('button', { name: 'ANALYZE (runs it, rolled back)' }).click();
  await expect(page.getByTestId('plan-tree').first()).toContainText('actual rows');
  await expect(page.getByTestId('explain-view')).toContainText('ANALYZE FORMAT=JSON UPDATE');
  await expect(box.getByTestId('analyze-write-outcome')).toContainText('unchanged');
  await expect(box.getByTestId('analyze-write-outcome')).not.toContainText('≠ changed');
  await page.getByTestId('plan-tree').first().scrollIntoViewIfNeeded();
  await shot(page, 'editor-analyze-write');
});

test('editor: write previews state what they touch, a row cap on queries without LIMIT, the cell viewer and sort by header', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'Editor writes MariaDB', port: mariadbPort, user: 'root' });
  await page.getByTestId('connection-Editor writes MariaDB').getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Connection settings' });
  await form.locator('input[name=database]').fill('cowrite');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByLabel('Active connection').selectOption({ label: 'Editor writes MariaDB' });
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('region', { name: 'SQL editor' })).toBeVisible();

  // CREATE DATABASE previews as a database: nothing about table rows or rebuilds, DROP DATABASE to undo.
  await typeInEditor(page, 'CREATE DATABASE dbw_quality_e2e_never_applied');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('button', { name: 'Run as a plan' }).click();
  const plan = page.getByTestId('plan-view');
  await expect(plan).toContainText('creates an empty database');
  await expect(plan.getByTestId('step-rollback')).toHaveText('Rollback: DROP DATABASE `dbw_quality_e2e_never_applied`');
  await expect(plan).not.toContainText('rebuild');
  await expect(plan).not.toContainText('Rows in');
  await shot(page, 'editor-plan-create-database');

  // DELETE: the EXPLAIN it refers to and the exact number of rows its WHERE matches; a backup is the way back.
  await typeInEditor(page, 'DELETE FROM user_sessions WHERE id <= 25');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('button', { name: 'Run as a plan' }).click();
  await expect(plan.getByTestId('step-details')).toContainText(/explain\s*user_sessions: type=range key=PRIMARY/);
  await expect(plan.getByTestId('step-details')).toContainText(/rows affected \(exact count of the WHERE\)\s*25/);
  await expect(plan).toContainText('deletes 25 row(s)');
  await expect(plan.getByTestId('step-rollback')).toContainText('backup');
  await expect(plan).not.toContainText('none needed');
  await shot(page, 'editor-plan-delete');

  // A query without LIMIT stops at the row cap and says so; sorting by a header re-runs it on the server.
  await page.getByLabel('Row cap').selectOption('1000');
  await typeInEditor(page, 'SELECT id, document_id FROM document_versions');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('result-count')).toHaveText(/^1,000 rows/);
  await expect(page.getByTestId('result-note')).toContainText('the row cap for a query without LIMIT');
  const idHeader = page.locator('.grid-head .grid-cell.head', { hasText: 'id' }).first();
  await idHeader.click();
  await expect(idHeader).toContainText('▲');
  await idHeader.click();
  await expect(idHeader).toContainText('▼');
  await expect(page.locator('.grid-row[data-row="0"] .grid-cell').nth(1)).toHaveText('96000');
  await shot(page, 'editor-row-cap-sorted');

  // The cell viewer: JSON formatted, long text whole, binary as hex.
  await typeInEditor(page, "SELECT JSON_OBJECT('project', 42, 'tags', JSON_ARRAY('a', 'b')) AS j, REPEAT('long text ', 300) AS t, UNHEX('00FF10') AS b");
  await page.keyboard.press('Control+Enter');
  await page.locator('.grid-row[data-row="0"] .grid-cell[data-col="0"]').click();
  await page.getByRole('button', { name: 'View cell' }).click();
  const viewer = page.getByTestId('cell-viewer');
  await expect(viewer).toContainText('"project": 42');
  await expect(viewer).toContainText('JSON');
  await page.locator('.grid-row[data-row="0"] .grid-cell[data-col="2"]').click();
  await expect(viewer).toContainText('00000000  00 ff 10');
  await shot(page, 'editor-cell-viewer');
  await page.locator('.grid-row[data-row="0"] .grid-cell[data-col="1"]').click();
  await expect(viewer).toContainText('text, 3,000 characters');
});

test('audit log: an applied editor statement is rolled back from the audit after a reload, filtered, in UTC, and exported', async ({ page }) => {
  const db = `dbw_quality_rb_${Date.now()}`;
  await openApp(page);
  await addConnection(page, { name: 'Audit rollback MariaDB', port: mariadbPort, user: 'root' });
  await page.getByLabel('Active connection').selectOption({ label: 'Audit rollback MariaDB' });
  await page.keyboard.press('Alt+2');
  await typeInEditor(page, `CREATE DATABASE ${db}`);
  await page.keyboard.press('Control+Enter');
  await page.getByRole('button', { name: 'Run as a plan' }).click();
  await page.getByRole('button', { name: 'Apply statement' }).click();
  const plan = page.getByTestId('plan-view');
  await expect(plan.getByTestId('step-outcome')).toContainText('OK');
  // An applied plan no longer says it is a dry run.
  await expect(plan.getByTestId('plan-applied-badge')).toBeVisible();
  await expect(plan).not.toContainText('dry run');

  // The page is gone; the rollback is still reachable from the audit log.
  await page.reload();
  await openPanel(page, /Audit log/);
  await page.getByLabel('Text filter').fill(db);
  const rows = page.getByTestId('audit-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`DROP DATABASE \`${db}\``);
  await expect(rows.first().locator('td').first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  await page.getByLabel('Outcome filter').selectOption('failed');
  await expect(rows).toHaveCount(0);
  await page.getByLabel('Outcome filter').selectOption('');
  await expect(rows).toHaveCount(1);

  const download = page.waitForEvent('download', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(file, 'utf8').split('\n');
  expect(csv[0]).toBe('id,at,actor,connectionName,planner,planTitle,planHash,stepId,sql,status,message,durationMs,rollback');
  expect(csv.filter((l) => l.includes(`CREATE DATABASE ${db}`))).toHaveLength(1);

  await rows.first().getByRole('button', { name: 'Roll back' }).click();
  const box = page.getByTestId('audit-rollback');
  await expect(box.getByTestId('plan-view')).toContainText(/Roll back audit entry #\d+/);
  await expect(box.getByTestId('plan-view')).toContainText('destroys 0 table(s)');
  await shot(page, 'audit-rollback-preview');
  await box.getByRole('button', { name: 'Apply rollback' }).click();
  await expect(box.getByTestId('step-outcome')).toContainText('OK');
  await expect(box.getByTestId('plan-view')).toContainText('Database ' + db + ' exists');
  // The rollback is audited too.
  await page.getByLabel('Text filter').fill(`DROP DATABASE \`${db}\``);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Roll back audit entry');
  await shot(page, 'audit-rolled-back');
});
