// Cost of one monitoring sample, ours against mysqld_exporter's scrape, on the sandbox MariaDB in
// the same run: wall time per sample (median and p95 over N), statements sent to the server per
// sample, and what the sample carries. Read-only.
//
//   node bench/monitor/run.mjs [--n 60] [--port 3307] [--exporter http://127.0.0.1:19104/metrics]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const n = Number(arg('n', '60'));
const port = Number(arg('port', process.env.DBW_MARIADB_PORT ?? '3307'));
const exporter = arg('exporter', `http://127.0.0.1:${process.env.DBW_EXPORTER_PORT ?? 19104}/metrics`);

async function loadCode() {
  // Inside the repo (bench/.data is ignored) so the bundle resolves mysql2 from node_modules.
  mkdirSync(join(root, 'bench/.data'), { recursive: true });
  const tmp = mkdtempSync(join(root, 'bench/.data/monitor-'));
  const entry = join(tmp, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { Sampler } from ${JSON.stringify(join(root, 'electron/services/monitor/sampler.ts'))};`,
      `export { MysqlSession } from ${JSON.stringify(join(root, 'electron/connections/mysql-session.ts'))};`,
      `export { defaultRules } from ${JSON.stringify(join(root, 'electron/engines/monitor/default-rules.ts'))};`,
    ].join('\n'),
  );
  const out = join(tmp, 'code.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error', external: ['mysql2', 'mysql2/*'] });
  const mod = await import(pathToFileURL(out).href);
  rmSync(tmp, { recursive: true, force: true });
  return mod;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
};
const ms = (x) => `${x.toFixed(1)} ms`;

const { Sampler, MysqlSession, defaultRules } = await loadCode();
const cfg = {
  id: 'bench',
  name: 'bench',
  kind: 'mysql',
  host: '127.0.0.1',
  port,
  user: 'root',
  password: '',
  database: '',
  socket: '',
  tls: { mode: 'preferred' },
  production: false,
  readTimeoutMs: 30_000,
};
const session = await MysqlSession.open(cfg);
let statements = 0;
const counting = { flavor: session.flavor, query: (sql, params) => (statements++, session.query(sql, params)) };
const sampler = new Sampler({ local: true, rules: defaultRules, sleep: async () => {} });
await sampler.tick(counting, 0); // primes the previous read and the variables
const oursMs = [];
statements = 0;
let metrics = 0;
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const t = await sampler.tick(counting, 0);
  oursMs.push(performance.now() - t0);
  metrics = Object.values(t.sample.metrics).filter((v) => v !== null).length;
}
await session.close();
const oursStatements = statements / n;

const peerMs = [];
let bytes = 0;
let series = 0;
let peerError = null;
for (let i = 0; i < n && !peerError; i++) {
  const t0 = performance.now();
  try {
    const text = await (await fetch(exporter, { signal: AbortSignal.timeout(10_000) })).text();
    peerMs.push(performance.now() - t0);
    bytes = text.length;
    series = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
  } catch (e) {
    peerError = e.message;
  }
}

const o = stats(oursMs);
console.log(`# Monitor sample cost, MariaDB on 127.0.0.1:${port}, ${n} samples each`);
console.log('');
console.log('| | per sample (median) | p95 | statements per sample | what one sample carries |');
console.log('|---|---|---|---|---|');
console.log(
  `| dbw sampler (Sampler.tick) | ${ms(o.median)} | ${ms(o.p95)} | ${oursStatements.toFixed(2)} (SHOW GLOBAL STATUS, replica status; variables once a minute) | ${metrics} computed metrics (rates, ratios) + alert evaluation |`,
);
if (peerError) console.log(`| mysqld_exporter scrape | not measured: ${peerError} (start it: bash scripts/sandbox/prometheus.sh start) | | | |`);
else {
  const p = stats(peerMs);
  console.log(
    `| mysqld_exporter scrape (${exporter}) | ${ms(p.median)} | ${ms(p.p95)} | (its default collectors) | ${series} raw series, ${(bytes / 1024).toFixed(0)} KiB of text; rates computed later by PromQL |`,
  );
}
