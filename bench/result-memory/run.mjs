// Result-memory benchmark: 100 editor runs of a large SELECT at once against the built host
// (`dbw serve`), each streaming into the result cache, and the host's peak resident memory
// (VmHWM from /proc) while they stream and after. Run it with the cache's byte budget unbounded
// (what the host did when limits were checked only as a run opened) and with the default budget.
//   node build/build.mjs && node bench/result-memory/run.mjs [--runs 100] [--port 3307] [--budgets 0,512] [--app DIR]
// A budget of 0 means unbounded (DBW_RESULT_CACHE_MB set far above any result). --app runs another
// build of the app (a checkout of an earlier commit, built) to measure it the same way.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const runs = Number(arg('--runs', 100));
const port = Number(arg('--port', process.env.DBW_MARIADB_PORT ?? 3307));
const budgets = String(arg('--budgets', '0,512'))
  .split(',')
  .map((b) => Number(b));
const SQL = 'SELECT v.*, x.n FROM cowrite.document_versions v CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) x';
const MB = 1024 * 1024;
const app = arg('--app', '.');
// The statement time limit is raised so that the server does not end the streams: the host's memory is what is measured.
const READ_LIMIT_MS = 600_000;

function memOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function one(budgetMb) {
  const ws = mkdtempSync(join(tmpdir(), 'dbw-mem-bench-'));
  const env = { ...process.env, DBW_RESULT_CACHE_MB: String(budgetMb === 0 ? 1_000_000 : budgetMb) };
  const child = spawn(process.execPath, [join(app, 'bin/dbw.mjs'), 'serve', '--port', '0', '--workspace', ws], { stdio: ['ignore', 'pipe', 'inherit'], env });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        const m = /(http:\/\/\S+)#token=(\S+)/.exec(out);
        if (m) resolve({ base: new URL(m[1]).origin, token: m[2] });
      });
      child.on('exit', () => reject(new Error(out)));
    });
    const call = async (method, payload) => {
      const r = await fetch(`${url.base}/api/call/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${url.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ payload }),
      });
      const body = await r.json();
      if (!body.ok) throw Object.assign(new Error(body.error?.message ?? r.statusText), body.error);
      return body.result;
    };
    const { id } = await call('connections.save', { name: 'Memory bench', kind: 'mysql', port, user: 'root', password: '', readTimeoutMs: READ_LIMIT_MS });
    const idle = memOf(child.pid);
    let peakSeen = idle.rss;
    const sampler = setInterval(() => (peakSeen = Math.max(peakSeen, memOf(child.pid).rss)), 100);
    const t0 = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: runs }, async (_, i) => {
        try {
          const { results } = await call('sql.run', { connectionId: id, sql: SQL, runId: `mem-${i}`, pageSize: 100 });
          const r = results[0];
          // Wait for the end of the stream: a page past the last row returns once the result is complete.
          const last = await call('sql.page', { resultId: r.resultId, offset: 10_000_000, limit: 1 }).catch((e) => ({ error: e }));
          if (last.error) return { error: `${last.error.code}: ${last.error.message}` };
          if (r.error) return { error: `${r.error.code}: ${r.error.message}` };
          return { rows: last.totalRows, truncated: last.truncated, reason: last.truncatedReason };
        } catch (e) {
          return { error: `${e.code}: ${e.message}` };
        }
      }),
    );
    const ms = performance.now() - t0;
    clearInterval(sampler);
    const end = memOf(child.pid);
    const complete = outcomes.filter((o) => !o.error && !o.truncated);
    const truncated = outcomes.filter((o) => o.truncated);
    const failed = outcomes.filter((o) => o.error);
    const reasons = [...new Set(truncated.map((o) => o.reason))];
    const errors = [...new Set(failed.map((o) => o.error.slice(0, 160)))];
    console.log(
      [
        `${app === '.' ? 'this build' : app}, budget ${budgetMb === 0 ? 'unbounded' : `${budgetMb} MB`}: ${runs} parallel runs in ${(ms / 1000).toFixed(1)} s`,
        `  host RSS idle ${(idle.rss / MB).toFixed(0)} MB, peak ${(Math.max(end.peak, peakSeen) / MB).toFixed(0)} MB (VmHWM), after ${(end.rss / MB).toFixed(0)} MB`,
        `  complete ${complete.length} (rows ${complete[0]?.rows ?? '-'}), truncated ${truncated.length}, failed ${failed.length}`,
        ...errors.map((e) => `  failed with: ${e}`),
        `  rows buffered in all: ${outcomes.reduce((n, o) => n + (o.rows ?? 0), 0).toLocaleString('en-US')}`,
        ...reasons.map((r) => `  truncated because: ${r}`),
      ].join('\n'),
    );
  } finally {
    child.kill('SIGTERM');
    rmSync(ws, { recursive: true, force: true });
  }
}

for (const b of budgets) await one(b);
