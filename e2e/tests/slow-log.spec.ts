import { expect, test, type Page } from '@playwright/test';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addConnection, openApp, shot, openPanel } from './helpers';
import { corpusPath } from '../../electron/testing/paths';
import { fmtBytes } from '../../shared/format-bytes';

test.describe.configure({ mode: 'serial' });

const perconaSample = readFileSync(corpusPath('slowlogs/percona/slow002.txt'), 'utf8');
let bigDir = '';
let bigFile = '';

test.beforeAll(() => {
  // ~200 MB: the bundled demo log repeated (each copy starts with the server banner, as a rotated log does).
  bigDir = mkdtempSync(join(tmpdir(), 'dbw-e2e-slowlog-'));
  bigFile = join(bigDir, 'big-slow.log');
  const demo = readFileSync('electron/assets/demo/cowrite-slow.log');
  const fd = openSync(bigFile, 'w');
  for (let written = 0; written < 200 * 1024 * 1024; written += demo.length) writeSync(fd, demo);
  closeSync(fd);
});
test.afterAll(() => rmSync(bigDir, { recursive: true, force: true }));

async function openSlowLog(page: Page): Promise<void> {
  await openApp(page);
  await openPanel(page, /Slow log/);
  await expect(page.getByRole('region', { name: 'Slow log' })).toBeVisible();
}

test('slow log: the demo analysis of the co-writing platform, with findings and a sortable profile', async ({ page }) => {
  await openSlowLog(page);
  const banner = page.getByTestId('demo-banner');
  // A fresh workspace opens on the demo by itself; after other specs added connections, ask for it.
  if (!(await banner.isVisible().catch(() => false))) await page.getByRole('button', { name: 'Show demo' }).first().click();
  await expect(banner).toContainText('Demo: co-writing platform');
  await expect(page.getByTestId('digest-totals')).toContainText('cowrite-slow.log');
  const findings = page.getByTestId('findings');
  await expect(findings).toContainText('N+1 query pattern');
  await expect(findings).toContainText('Examines far more rows than it returns');
  const rows = page.getByTestId('profile-row');
  await expect(rows.first()).toBeVisible();
  // Sort by calls: the busiest class (the N+1 target or a hot PK lookup) comes first.
  await page.getByRole('columnheader', { name: /Calls/ }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Calls/ })).toHaveAttribute('aria-sort', 'descending');
  const calls = await rows.locator('.sl-c-calls').allTextContents();
  const nums = calls.slice(0, 5).map((x) => Number(x.replace(/[^\d.]/g, '')));
  expect([...nums].sort((a, b) => b - a)).toEqual(nums);
  await shot(page, 'slow-log-demo');
});

test('slow log: a pasted Percona log shows its classes; compared with the demo, classes are new and gone', async ({ page }) => {
  await openSlowLog(page);
  if (
    !(await page
      .getByTestId('demo-banner')
      .isVisible()
      .catch(() => false))
  )
    await page.getByRole('button', { name: 'Show demo' }).first().click();
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await page.getByRole('button', { name: 'Keep as baseline' }).click();
  await page.getByRole('button', { name: 'Paste a log' }).click();
  await page.getByLabel('Slow-log text').fill(perconaSample);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await expect(page.getByTestId('digest-totals')).toContainText('Pasted text');
  await expect(page.getByTestId('profile-row').filter({ hasText: /tuningdetail/i })).toHaveCount(1);
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await page.getByRole('button', { name: 'Compare with baseline' }).click();
  const cmp = page.getByTestId('comparison');
  await expect(cmp).toContainText(/new 7/);
  await expect(cmp).toContainText(/gone \d+/);
  await shot(page, 'slow-log-paste-compare');
});

test('slow log: a 200 MB file streams with progress, the UI stays responsive, one run is cancelled and the next completes', async ({ page }) => {
  test.setTimeout(600_000);
  const size = statSync(bigFile).size;
  await openSlowLog(page);
  const progress = page.getByTestId('digest-progress');
  const bar = page.getByTestId('progress-bar');
  const pctNow = async (): Promise<number> => Number((await bar.getAttribute('data-pct', { timeout: 1000 }).catch(() => '')) || -1);

  // Cancel a run as soon as it shows progress. The whole file digests in a few seconds, so a run may
  // end before the click lands: then it is started again (a cancel that never lands fails the test).
  let cancelled = false;
  for (let attempt = 0; attempt < 5 && !cancelled; attempt++) {
    await page.getByLabel('Slow-log file').setInputFiles(bigFile);
    await expect(bar).toHaveAttribute('data-pct', /^(?!0\.0$)\d+\.\d$/, { timeout: 120_000 });
    if (attempt === 0) await shot(page, 'slow-log-progress');
    cancelled = await progress
      .getByRole('button', { name: 'Cancel' })
      .click({ timeout: 2000 })
      .then(
        () => true,
        () => false,
      );
    await expect(progress).toHaveCount(0);
  }
  expect(cancelled).toBe(true);
  await expect(page.getByRole('alert')).toContainText('Cancelled');

  const t0 = Date.now();
  await page.getByLabel('Slow-log file').setInputFiles(bigFile);
  await expect(progress).toBeVisible();
  let lastPct = await pctNow();
  let moved = 0;
  const watch = async (): Promise<void> => {
    const pct = await pctNow();
    if (pct > lastPct && lastPct >= 0) moved++;
    lastPct = Math.max(lastPct, pct);
  };
  // The renderer stays usable while the core digests: switch panels and come back.
  await page.waitForTimeout(200);
  await watch();
  await openPanel(page, /Connections/);
  await expect(
    page
      .getByRole('button', { name: 'Add connection' })
      .or(page.getByRole('form', { name: 'Connection settings' }))
      .first(),
  ).toBeVisible();
  await openPanel(page, /Slow log/);
  await expect(page.getByRole('region', { name: 'Slow log' })).toBeVisible();
  while (await progress.isVisible()) {
    await watch();
    await page.waitForTimeout(150);
  }
  // The bar moved while the file was read (not one jump from 0 to done).
  expect(moved).toBeGreaterThan(0);
  console.log(`[slow-log e2e] ${(size / (1 << 20)).toFixed(0)} MB uploaded and digested in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const totals = page.getByTestId('digest-totals');
  await expect(totals).toContainText('big-slow.log');
  await expect(totals).toContainText(fmtBytes(size));
  const events = Number((await totals.locator('.sl-total').first().locator('strong').textContent())!.replace(/,/g, ''));
  expect(events).toBeGreaterThan(200_000);
  await shot(page, 'slow-log-big-file');
});

test('slow log: a class in detail (histogram, series, highlighted sample) and the exports', async ({ page }) => {
  await openSlowLog(page);
  await page.getByRole('button', { name: 'Show demo' }).first().click();
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await page
    .getByTestId('profile-row')
    .filter({ hasText: /user_sessions/ })
    .first()
    .click();
  const detail = page.getByTestId('class-detail');
  await expect(detail.getByTestId('histogram').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(detail.getByTestId('series')).toBeVisible();
  await expect(detail.getByTestId('sample-sql').locator('.tok-keyword').first()).toHaveText(/SELECT|DELETE/);
  await expect(detail.getByRole('table', { name: 'Metrics' })).toContainText('Rows_examined');
  await expect(detail.getByRole('button', { name: 'EXPLAIN' })).toBeDisabled();
  await detail.scrollIntoViewIfNeeded();
  await shot(page, 'slow-log-class-detail');

  const save = async (name: string) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
    return { name: dl.suggestedFilename(), text: readFileSync((await dl.path())!, 'utf8') };
  };
  const csv = await save('CSV');
  expect(csv.name).toMatch(/\.profile\.csv$/);
  expect(csv.text.split('\r\n')[0]).toBe(
    'rank,query_id,calls,total_time_s,pct_of_total,avg_s,p95_s,max_s,rows_examined_avg,rows_sent_avg,tables,findings,fingerprint',
  );
  expect(csv.text).toContain('user_sessions');
  const json = await save('JSON');
  const report = JSON.parse(json.text) as { version: number; classes: unknown[]; header: { events: number } };
  expect(report.version).toBe(1);
  expect(report.header.events).toBeGreaterThan(500);
  const md = await save('Markdown');
  expect(md.text).toContain('# Slow-log digest: Demo: co-writing platform');
  expect(md.text).toContain('## Findings');
});

test('slow log: a class goes to the SQL editor and to the index advisor', async ({ page }) => {
  await openSlowLog(page);
  await page.getByRole('button', { name: 'Show demo' }).first().click();
  await page
    .getByTestId('profile-row')
    .filter({ hasText: /user_sessions/ })
    .first()
    .click();
  const detail = page.getByTestId('class-detail');
  await detail.getByRole('button', { name: 'Send to index advisor' }).click();
  await expect(page.getByLabel('Workload', { exact: true })).toHaveValue(/-- class_[0-9A-F]{16} \| [\d.]+ \| [\d.]+s\n.*user_sessions/s);
  await page.keyboard.press('Alt+1');
  await page
    .getByTestId('profile-row')
    .filter({ hasText: /user_sessions/ })
    .first()
    .click();
  await page.getByTestId('class-detail').getByRole('button', { name: 'Open in editor' }).click();
  await expect(page.getByRole('heading', { name: /SQL editor/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^#\d+ [0-9A-F]{16}/, selected: true })).toBeVisible();
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('user_sessions');
  // Monaco with the SQL language: a keyword gets its own token class, not the plain-text one (mtk1).
  const keyword = page.locator('.monaco-editor .view-lines span[class^="mtk"]', { hasText: /^\s*(select|update|delete|insert)\s*$/i }).first();
  await expect(keyword).toBeVisible();
  await expect(keyword).not.toHaveClass('mtk1');
  await shot(page, 'slow-log-to-editor');
});

test('slow log: every class goes to the index advisor at once, and while connected the advisor reads the live schema', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'Slow log to advisor MariaDB', port: Number(process.env.DBW_MARIADB_PORT ?? 3307), user: 'root' });
  await page.getByLabel('Active connection').selectOption({ label: 'Slow log to advisor MariaDB' });
  await page.keyboard.press('Alt+1');
  await page.getByRole('button', { name: 'Show demo' }).first().click();
  const rows = page.getByTestId('profile-row');
  await expect(rows.first()).toBeVisible();
  await rows.first().click();
  const detail = page.getByTestId('class-detail');
  // The over-time chart names its two lines.
  await expect(detail.getByTestId('series')).toContainText('events (left axis)');
  await expect(detail.getByTestId('series')).toContainText('total query time (right axis)');
  const all = detail.getByRole('button', { name: /^Send all \d+ classes$/ });
  const n = Number((await all.textContent())!.match(/\d+/)![0]);
  expect(n).toBeGreaterThan(1);
  await all.click();
  const workload = page.getByLabel('Workload', { exact: true });
  await expect(workload).toHaveValue(/-- class_[0-9A-F]{16} \|/);
  const text = await workload.inputValue();
  expect(text.match(/^-- class_[0-9A-F]{16} \| [\d.]+ \| [\d.]+s$/gm)?.length).toBe(n);
  await expect(page.getByRole('radio', { name: 'Live (Slow log to advisor MariaDB)' })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Advise', exact: true })).toBeEnabled();
  await expect(page.getByTestId('workload-legend')).toContainText('qps');
  await shot(page, 'slow-log-all-to-advisor');
});

test('slow log: an opened log’s analysis is still there after a reload, and the findings column fits at 1440 and 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openSlowLog(page);
  await page.getByLabel('Slow-log file').setInputFiles({ name: 'slow002.log', mimeType: 'text/plain', buffer: Buffer.from(perconaSample) });
  const totals = page.getByTestId('digest-totals');
  await expect(totals).toContainText('slow002.log');
  const rows = page.getByTestId('profile-row');
  await expect(rows.filter({ hasText: /tuningdetail/i })).toHaveCount(1);
  const classes = await rows.count();
  const second = rows.nth(1);
  await second.click();
  const sample = await page.getByTestId('class-detail').getByLabel('Worst sample').textContent();

  await page.reload();
  await openPanel(page, /Slow log/);
  await expect(totals).toContainText('slow002.log');
  await expect(totals.getByTestId('digest-restored')).toContainText(/Kept from before the reload · analysed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await expect(rows).toHaveCount(classes);
  await expect(rows.filter({ hasText: /tuningdetail/i })).toHaveCount(1);
  await rows.nth(1).click();
  await expect(page.getByTestId('class-detail').getByLabel('Worst sample')).toHaveText(sample!);
  await shot(page, 'slow-log-restored-1440');
  // Every column of the profile, findings included, is inside the panel at 1440 px and at 1280 px.
  for (const [width, height] of [
    [1440, 900],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    const panel = (await page.getByRole('region', { name: 'Slow log' }).boundingBox())!;
    const findings = (await page.getByTestId('findings').boundingBox())!;
    expect(findings.x + findings.width, `findings inside the panel at ${width} px`).toBeLessThanOrEqual(panel.x + panel.width + 1);
    const profile = page.getByRole('table', { name: 'Profile' });
    const box = (await profile.boundingBox())!;
    const last = (await profile.getByRole('columnheader').last().boundingBox())!;
    expect(last.x + last.width, `the findings column inside the profile at ${width} px`).toBeLessThanOrEqual(box.x + box.width + 1);
    expect(box.x + box.width, `the profile inside the panel at ${width} px`).toBeLessThanOrEqual(panel.x + panel.width + 1);
    const badge = rows.first().locator('.sl-c-findings .badge');
    await expect(badge).toHaveText('full scan');
    expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth), `the findings badge is whole at ${width} px`).toBe(true);
    const headers = profile.getByRole('columnheader');
    for (let i = 0; i < (await headers.count()); i++)
      expect(await headers.nth(i).evaluate((el) => el.scrollWidth <= el.clientWidth), `header ${i} is whole at ${width} px`).toBe(true);
    await shot(page, `slow-log-findings-${width}`);
  }

  // The log itself was not kept: filtering asks for the file again instead of showing a stale result.
  await page.getByRole('form', { name: 'Filters' }).locator('input[name="db"]').fill('test');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('alert')).toContainText('open slow002.log again to filter it');
  await expect(rows).toHaveCount(classes);
});
