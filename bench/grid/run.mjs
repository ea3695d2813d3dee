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
  // Jumps: the whole span in 300 frames, every frame a new screenful (the worst case).
  const frames = await scrollFrames(page, null);
  if (tracing) await browser.stopTracing();
  // Wheel: 96 px (4 rows) a frame, a fast mouse wheel; most rows stay, a few enter and leave.
  const wheel = await scrollFrames(page, 96);
  const jump = quantiles(frames);
  const w = quantiles(wheel);
  rows.push({ tFirst, tAll, median: jump.median, p95: jump.p95, max: jump.max, wMedian: w.median, wP95: w.p95 });
  console.log(
    `run ${i + 1}: first rows ${tFirst.toFixed(0)} ms · all 192,000 buffered ${tAll.toFixed(0)} ms · jump frames (300) median ${jump.median.toFixed(1)} ms, p95 ${jump.p95.toFixed(1)} ms, max ${jump.max.toFixed(1)} ms · wheel frames (300 × 96 px) median ${w.median.toFixed(1)} ms, p95 ${w.p95.toFixed(1)} ms`,
  );
}
const med = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
// The floor this browser sets: the same number of cells getting new text every frame, no app at all.
const floor = quantiles(await floorFrames(browser));
console.log(
  `median over ${runs} runs: first rows ${med('tFirst').toFixed(0)} ms, fully buffered ${med('tAll').toFixed(0)} ms, jump frame median ${med('median').toFixed(1)} ms, p95 ${med('p95').toFixed(1)} ms; wheel frame median ${med('wMedian').toFixed(1)} ms, p95 ${med('wP95').toFixed(1)} ms`,
);
console.log(`browser floor (plain DOM, 44 rows × 5 cells re-texted per frame): median ${floor.median.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms`);
await browser.close();
child.kill();

/** rAF-to-rAF intervals while scrolling the grid: `stride` px per frame, or null for 300 equal jumps over the whole span. */
async function scrollFrames(page, stride) {
  return page.getByTestId('result-scroll').evaluate(
    (el, px) =>
      new Promise((resolve) => {
        el.scrollTop = 0;
        const steps = 300;
        const step = px ?? (el.scrollHeight - el.clientHeight) / steps;
        const stamps = [];
        let k = 0;
        const tick = (t) => {
          stamps.push(t);
          if (k++ >= steps) return resolve(stamps.slice(1).map((s, j) => s - stamps[j]));
          el.scrollTop = k * step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    stride,
  );
}

/** The same frame loop on a bare page whose 44 × 5 cells all change text each frame. */
async function floorFrames(b) {
  const p = await b.newPage({ viewport: { width: 1400, height: 860 } });
  const row = `<div style="height:24px;display:flex">${'<span style="width:200px;overflow:hidden;white-space:nowrap"></span>'.repeat(5)}</div>`;
  await p.setContent(`<div style="font:13px monospace">${row.repeat(44)}</div>`);
  const out = await p.evaluate(
    () =>
      new Promise((resolve) => {
        const spans = [...document.querySelectorAll('span')];
        const stamps = [];
        let n = 0;
        const tick = (t) => {
          stamps.push(t);
          if (n++ >= 300) return resolve(stamps.slice(1).map((s, j) => s - stamps[j]));
          spans.forEach((s, i) => (s.textContent = String(n * 1000 + i)));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  await p.close();
  return out;
}

function quantiles(frames) {
  const f = [...frames].sort((a, b) => a - b);
  const q = (p) => f[Math.min(f.length - 1, Math.floor(p * f.length))];
  return { median: q(0.5), p95: q(0.95), max: f[f.length - 1] };
}
