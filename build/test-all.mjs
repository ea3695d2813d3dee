// `npm test`: every check, in the order a failure is cheapest to find. Installs missing system
// packages (as root), builds, lints, typechecks, runs unit tests, starts the sandbox servers
// (MariaDB 10.11, MySQL 9.7, Redis on loopback) for the integration and end-to-end tests, stops
// what it started, and ends with one line: "N passed, N failed, N skipped".
//   env: DBW_SKIP_E2E=1, DBW_SKIP_INTEGRATION=1, DBW_NO_MYSQL=1 (no MySQL 9.7 chroot)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env };
const out = mkdtempSync(join(tmpdir(), 'dbw-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
const timings = [];

function run(label, cmd, args, extraEnv = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) problems.push(`${label} failed (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return problems.push(`no vitest report at ${file}`);
  const j = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return problems.push(`no playwright report at ${file}`);
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  totals.passed += s.expected + s.flaky;
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
}

const isUp = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

if (!run('system packages', 'bash', ['scripts/install-deps.sh'])) {
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
run('build', 'node', ['build/build.mjs']);
run('lint', 'npx', ['eslint', '.']);
run('format', 'npx', ['prettier', '--check', '.']);
run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
if (existsSync('node_modules/electron/electron.d.ts')) run('typecheck (electron host)', 'npx', ['tsc', '-p', 'tsconfig.electron.json', '--noEmit']);
else console.log('[test] electron host typecheck skipped: the optional electron package (and its types) is not installed');

run('unit tests', 'npx', ['vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, 'unit.json')}`]);
countVitest(join(out, 'unit.json'));

const needServers = env.DBW_SKIP_INTEGRATION !== '1' || env.DBW_SKIP_E2E !== '1';
const alreadyUp = isUp('bash', ['scripts/sandbox/mariadb.sh', 'status']);
let serversOk = true;
if (needServers) serversOk = run('sandbox servers', 'bash', ['scripts/sandbox/sandbox.sh', 'start']);
if (!serversOk) totals.failed += 1;

if (serversOk && env.DBW_SKIP_INTEGRATION !== '1') {
  run('integration tests', 'npx', [
    'vitest',
    'run',
    '--project',
    'integration',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(out, 'integration.json')}`,
  ]);
  countVitest(join(out, 'integration.json'));
}
if (serversOk && env.DBW_SKIP_E2E !== '1') {
  run('end-to-end tests', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'e2e.json') });
  countPlaywright(join(out, 'e2e.json'));
}
if (needServers && !alreadyUp) run('stop sandbox servers', 'bash', ['scripts/sandbox/sandbox.sh', 'stop']);

console.log(`\n=== timings: ${timings.join(' · ')}`);
if (problems.length) console.log(`=== problems:\n- ${problems.join('\n- ')}`);
const failed = totals.failed + (problems.length && totals.failed === 0 ? problems.length : 0);
console.log(`\n${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`);
process.exit(problems.length || totals.failed ? 1 : 0);
