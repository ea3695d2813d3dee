import { chromium } from 'playwright-core';
const [url, out, ...clicks] = process.argv.slice(2);
const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const p = await b.newPage({ viewport: { width: 1400, height: 850 } });
p.on('console', (m) => console.log('console:', m.text()));
p.on('pageerror', (e) => console.log('pageerror:', e.message));
await p.goto(url);
await p.waitForTimeout(800);
for (const c of clicks) {
  await p.getByRole('button', { name: c }).first().click();
  await p.waitForTimeout(1200);
}
await p.screenshot({ path: out });
await b.close();
