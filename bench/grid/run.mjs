// Result-grid benchmark: with the built app and the MariaDB sandbox, the time from pressing Run
// to the first rows of a 192k-row result on screen, the time until the whole result is buffered,
// and frame times during a programmatic scroll (requestAnimationFrame timestamps, one scroll
// step per frame from the top to the bottom of the grid). Prints the figures.
//   node build/build.mjs && node bench/grid/run.mjs [--runs 3]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs') || 3) || 3;
// --trace FILE: a Chromium performance trace (CDP tracing) of the last run's scroll, for DevTools' Performance panel.
const traceFile = arg('--trace');
const port = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const SQL = 'SELECT v.id, v.document_id, v.version_number, x.n FROM document_versions v CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) x';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const ws = mkdtempSync(join(tmpdir(), 'dbw-grid-bench-'));
const child = spawn(process.execPath, ['bin/dbw.mjs', 'serve', '--port', '0', '--workspace', ws], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
    const m = /(http:\/\/\S+#token=\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.on('exit', () => reject(new Error(out)));
});
const browser = await chromium.launch({ executablePath: process.env.DBW_CHROMIUM ?? '/usr/bin/chromium', args: flags });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(url);
await page.getByText('DBA Workbench').first().waitFor();
const saved = await page.evaluate(async (p) => {
  const token = sessionStorage.getItem('dbw.token');
  const r = await fetch('/api/call/connections.save', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ payload: { name: 'Grid bench', kind: 'mysql', port: p, user: 'root', password: '', database: 'cowrite' } }),
  });
  return (await r.json()).result;
}, port);
await page.evaluate(
  ([id, sql]) => {
    localStorage.setItem('dbw.ui', JSON.stringify({ state: { theme: 'light', activeConnectionId: id }, version: 0 }));
    localStorage.setItem('dbw.editor', JSON.stringify({ state: { tabs: [{ title: 'Bench', text: sql }] }, version: 0 }));
  },
  [saved.id, SQL],
);
await page.reload();
await page.getByText('DBA Workbench').first().waitFor();
// Click the nav entry: a shortcut pressed before the shell mounts its key listener is lost.
await page
  .getByRole('button', { name: /SQL editor/ })
  .first()
  .click();
await page.getByTestId('sql-editor').waitFor({ timeout: 60_000 });

const rows = [];
for (let i = 0; i < runs; i++) {
  const t0 = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('.grid-row[data-row="0"] .grid-cell.num').first().waitFor();
  const tFirst = (await page.evaluate(() => performance.now())) - t0;
  await page
    .getByTestId('result-count')
    .filter({ hasText: /^192,000 rows$/ })
    .waitFor({ timeout: 120_000 });
  const tAll = (await page.evaluate(() => performance.now())) - t0;
  const tracing = traceFile && i === runs - 1;
  if (tracing)
    await browser.startTracing(page, {
      path: traceFile,
      screenshots: false,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
    });
  const frames = await page.getByTestId('result-scroll').evaluate(
    (el) =>
      new Promise((resolve) => {
        const steps = 300;
        const stride = (el.scrollHeight - el.clientHeight) / steps;
        const stamps = [];
        let k = 0;
        const tick = (t) => {
          stamps.push(t);
          if (k++ >= steps) return resolve(stamps.slice(1).map((s, j) => s - stamps[j]));
          el.scrollTop = k * stride;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  if (tracing) await browser.stopTracing();
  frames.sort((a, b) => a - b);
  const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
  rows.push({ tFirst, tAll, median: q(0.5), p95: q(0.95), max: frames[frames.length - 1] });
  console.log(
    `run ${i + 1}: first rows ${tFirst.toFixed(0)} ms · all 192,000 buffered ${tAll.toFixed(0)} ms · scroll frames (300 steps) median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${frames[frames.length - 1].toFixed(1)} ms`,
  );
}
const med = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
console.log(
  `median over ${runs} runs: first rows ${med('tFirst').toFixed(0)} ms, fully buffered ${med('tAll').toFixed(0)} ms, frame median ${med('median').toFixed(1)} ms, frame p95 ${med('p95').toFixed(1)} ms`,
);
await browser.close();
child.kill();
