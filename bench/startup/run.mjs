// Start-up benchmark: time from launching `dbw serve` to the renderer being interactive (the
// shell's connection switcher is enabled and a call has answered), in Debian's Chromium.
// Prints each run, the median and the worst, and the host's peak RSS.
//   node bench/startup/run.mjs [--runs 5]     (needs `npm run build` first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 5) || 5;
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.DBW_CHROMIUM ?? '/usr/bin/chromium', args: flags });

function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const results = [];
for (let i = 0; i < runs; i++) {
  const ws = mkdtempSync(join(tmpdir(), 'dbw-bench-'));
  const t0 = performance.now();
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
  const tListen = performance.now() - t0;
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByLabel('Active connection').waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('.muted.pad'));
  const tReady = performance.now() - t0;
  const rss = peakRss(child.pid);
  await page.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  results.push({ tListen, tReady, rss });
  console.log(`run ${i + 1}: host listening ${tListen.toFixed(0)} ms, renderer interactive ${tReady.toFixed(0)} ms, host peak RSS ${rss.toFixed(0)} MB`);
}
await browser.close();
const ready = results.map((r) => r.tReady).sort((a, b) => a - b);
console.log(
  `start-up to interactive: median ${ready[Math.floor(ready.length / 2)].toFixed(0)} ms, worst ${ready.at(-1).toFixed(0)} ms over ${runs} runs; host peak RSS max ${Math.max(...results.map((r) => r.rss)).toFixed(0)} MB`,
);
