#!/usr/bin/env node
// Generates the bundled demo: a MySQL 8 slow log (log_slow_extra=ON, long_query_time=0) of the
// co-writing platform's workload, down-sampled to ~600 statements over ten minutes, with each
// query's share following its peak QPS, parameter values drawn like the app's, and times and
// row counts plausible for the schema as shipped (primary/unique keys only), so the full scans
// stand out. A few N+1 bursts run on one connection (a document list, then each document).
// Deterministic (seeded PRNG): re-running it rewrites the same bytes.
//   node scripts/gen-demo-log.mjs [--workload path] [--schema path] [--out dir]
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { draws } from './lib/prng.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const workloadPath = arg('workload', join(root, '../shared/corpus/cowrite/workload.sql'));
const schemaPath = arg('schema', join(root, '../shared/corpus/cowrite/schema.sql'));
const outDir = arg('out', join(root, 'electron/assets/demo'));

const { rnd, int, pick, gauss } = draws(20261126);
const jitter = (base, spread = 0.35) => base * Math.exp(gauss() * spread);

// Production-sized tables (the sandbox's are smaller); scans examine every row.
const ROWS = { users: 50_000, user_sessions: 300_000, projects: 200_000, documents: 800_000, document_versions: 2_400_000, ai_generations: 1_600_000 };

/** The workload: `-- name | qps | slo` then the statement. */
function readWorkload(text) {
  const out = [];
  let head = null;
  for (const line of text.split('\n')) {
    const m = /^--\s*(\w+)\s*\|\s*(\d+)\s*\|\s*(\d+)ms/.exec(line);
    if (m) head = { name: m[1], qps: Number(m[2]), sloMs: Number(m[3]) };
    else if (head && line.trim() && !line.startsWith('--')) {
      out.push({ ...head, sql: line.trim() });
      head = null;
    }
  }
  return out;
}

// How each query behaves without secondary indexes: base time (s), rows examined/sent, extras.
const PROFILE = {
  login: () => ({ t: 0.045, ex: ROWS.users, sent: 1, scan: true }),
  user_info: () => ({ t: 0.00018, ex: 1, sent: 1 }),
  session_check: () => ({ t: 0.16, ex: ROWS.user_sessions + 1, sent: 1, scan: true }),
  project_list: () => ({ t: 0.12, ex: ROWS.projects + 40, sent: 20, scan: true, sort: 20 }),
  project_detail: () => ({ t: 0.42, ex: ROWS.documents + 40_000 + 3, sent: 1, scan: true }),
  document_list: () => ({ t: 0.55, ex: ROWS.documents + 20 * 900, sent: 20, scan: true, sort: 20 }),
  document_content: () => ({ t: 0.00035, ex: 1, sent: 1 }),
  document_versions: () => ({ t: 0.95, ex: ROWS.document_versions + 3, sent: 3, scan: true, sort: 3 }),
  ai_generation_list: () => ({ t: 0.62, ex: ROWS.ai_generations + 2, sent: 2, scan: true, sort: 2 }),
  ai_generation_status: () => ({ t: 0.00022, ex: 1, sent: 1 }),
  ai_generation_completed: () => ({ t: 0.74, ex: ROWS.ai_generations + 20, sent: 20, scan: true, sort: 20, tmp: true }),
  document_search: () => ({ t: 1.6, ex: ROWS.documents + ROWS.projects, sent: 20, scan: true, sort: 20, tmp: true, disk: true }),
  sessions_this_year: () => ({ t: 0.38, ex: ROWS.user_sessions, sent: 120_000, scan: true }),
  cleanup_expired_sessions: () => ({ t: 0.9, ex: ROWS.user_sessions, sent: 0, scan: true }),
  cleanup_old_ai_generations: () => ({ t: 2.4, ex: ROWS.ai_generations, sent: 0, scan: true }),
  versions_over_limit: () => ({ t: 2.7, ex: ROWS.document_versions, sent: 180, scan: true, tmp: true, disk: true }),
};

const WORDS = ['quarterly', 'contract', 'roadmap', 'onboarding', 'invoice', 'proposal', 'release notes', 'minutes'];
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const sqlString = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Fills each `?` from what precedes it, as the application would. */
function bind(sql, ctx) {
  let offsetNext = false;
  const user = ctx.userId ?? int(1, ROWS.users);
  return sql.replace(/\?/g, (_m, at) => {
    const before = sql.slice(Math.max(0, at - 40), at).toLowerCase();
    if (offsetNext) {
      offsetNext = false;
      return String(pick([0, 0, 0, 20, 40]));
    }
    if (/limit\s*$/.test(before)) {
      offsetNext = /offset\s*\?/i.test(sql.slice(at, at + 12));
      return '20';
    }
    if (/username\s*=\s*$/.test(before)) return sqlString(`user${String(user).padStart(5, '0')}`);
    if (/email\s*=\s*$/.test(before)) return sqlString(`user${String(user).padStart(5, '0')}@cowrite.example`);
    if (/token_hash\s*=\s*$/.test(before)) return sqlString(hex(64));
    if (/like\s*$/.test(before)) return sqlString(`%${ctx.word ?? (ctx.word = pick(WORDS))}%`);
    if (/expires_at\s*<\s*$/.test(before)) return sqlString('2026-11-13 00:00:00');
    if (/created_at\s*<\s*$/.test(before)) return sqlString('2026-08-20 00:00:00');
    if (/>\s*$/.test(before)) return '50';
    if (/user_id\s*=\s*$/.test(before)) return String(user);
    if (/project_id\s*=\s*$/.test(before)) return String(ctx.projectId ?? int(1, ROWS.projects));
    if (/document_id\s*=\s*$/.test(before)) return String(ctx.documentId ?? int(1, ROWS.documents));
    if (/\bd\.id\s*=\s*$/.test(before)) return String(ctx.documentId ?? int(1, ROWS.documents));
    if (/\bp\.id\s*=\s*$/.test(before)) return String(ctx.projectId ?? int(1, ROWS.projects));
    if (/ai_generations where id\s*=\s*$/.test(before)) return String(int(1, ROWS.ai_generations));
    return String(user);
  });
}

const START = Date.parse('2026-11-20T09:00:00Z');
const SPAN_MS = 10 * 60 * 1000;
const THREADS = Array.from({ length: 48 }, (_, i) => 3100 + i);
const APP_HOSTS = ['10.0.1.11', '10.0.1.12', '10.0.1.13', '10.0.1.14'];

function isoMicros(ms, micros) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${String(Math.floor(ms % 1000) * 1000 + micros).padStart(6, '0')}Z`);
}

/** One entry in MySQL 8's slow-log format with log_slow_extra. */
function entry(ev) {
  const p = ev.profile;
  const qt = ev.queryTime;
  const endMs = ev.atMs;
  const micros = int(0, 999);
  const startMs = endMs - qt * 1000;
  const examined = p.scan ? Math.round(p.ex * (0.98 + rnd() * 0.04)) : p.ex;
  const sent = p.sent;
  const diskTmp = p.disk && rnd() < 0.8 ? 1 : 0;
  const fields = [
    `Query_time: ${qt.toFixed(6)}  Lock_time: ${(0.000002 + rnd() * 0.00002).toFixed(6)} Rows_sent: ${sent}  Rows_examined: ${examined}`,
    `Thread_id: ${ev.thread} Errno: 0 Killed: 0 Bytes_received: ${ev.sql.length + 5} Bytes_sent: ${60 + sent * int(90, 240)}`,
    `Read_first: ${p.scan ? 1 : 0} Read_last: 0 Read_key: ${p.scan ? (p.tmp ? sent : 1) : 1} Read_next: 0 Read_prev: 0 Read_rnd: ${p.sort ?? 0} Read_rnd_next: ${p.scan ? examined + 1 : 0}`,
    `Sort_merge_passes: 0 Sort_range_count: 0 Sort_rows: ${p.sort ?? 0} Sort_scan_count: ${p.sort ? 1 : 0}`,
    `Created_tmp_disk_tables: ${diskTmp} Created_tmp_tables: ${p.tmp ? 1 : 0} Count_hit_tmp_table_size: ${diskTmp}`,
    ` Start: ${isoMicros(startMs, micros)} End: ${isoMicros(endMs, micros)}`,
  ];
  return [
    `# Time: ${isoMicros(endMs, micros)}`,
    `# User@Host: ${ev.user}[${ev.user}] @  [${ev.host}]  Id: ${String(ev.thread).padStart(5)}`,
    `# ${fields.join(' ')}`,
    ...(ev.use ? [`use ${ev.use};`] : []),
    `SET timestamp=${Math.floor(endMs / 1000)};`,
    ev.sql,
  ].join('\n');
}

const workload = readWorkload(readFileSync(workloadPath, 'utf8'));
const byName = new Map(workload.map((q) => [q.name, q]));
const totalQps = workload.reduce((a, q) => a + q.qps, 0);
const SAMPLED = 560;
const events = [];
const make = (q, atMs, thread, ctx = {}, user = 'app') => {
  const profile = PROFILE[q.name] ? PROFILE[q.name]() : { t: 0.001, ex: 1, sent: 1 };
  return {
    name: q.name,
    atMs,
    thread,
    user,
    host: user === 'app' ? pick(APP_HOSTS) : '10.0.2.5',
    profile,
    queryTime: jitter(profile.t),
    sql: bind(q.sql, ctx),
  };
};

// The steady workload: each query's share of the sample follows its peak QPS.
for (let i = 0; i < SAMPLED; i++) {
  let r = rnd() * totalQps;
  const q = workload.find((w) => (r -= w.qps) < 0) ?? workload[0];
  if (q.qps <= 1) continue;
  events.push(make(q, START + Math.floor(rnd() * SPAN_MS), pick(THREADS)));
}
// Batch jobs (QPS 1 in the workload): a few runs each from the scheduler's account.
for (const q of workload.filter((w) => w.qps <= 1)) {
  for (let k = 0; k < 3; k++) events.push(make(q, START + Math.floor(((k + 0.5) / 3) * SPAN_MS) + int(0, 20_000), 3099, {}, 'jobs'));
}
// N+1 bursts: one connection lists a project's documents, then fetches each document by id.
for (let b = 0; b < 4; b++) {
  const thread = 3200 + b;
  const at = START + Math.floor(((b + 0.3) / 4) * SPAN_MS);
  const projectId = int(1, ROWS.projects);
  events.push(make(byName.get('document_list'), at, thread, { projectId }));
  const n = int(18, 30);
  let t = at + 600;
  for (let k = 0; k < n; k++) {
    t += int(1, 4);
    events.push(make(byName.get('document_content'), t, thread, { documentId: projectId * 4 + k }));
  }
}
events.sort((a, b) => a.atMs - b.atMs || a.thread - b.thread);
const seenDb = new Set();
for (const ev of events) {
  if (!seenDb.has(ev.thread)) {
    ev.use = 'cowrite';
    seenDb.add(ev.thread);
  }
}
const banner =
  '/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\nTcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\nTime                 Id Command    Argument\n';
const text = banner + events.map(entry).join('\n') + '\n';
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'cowrite-slow.log'), text);
copyFileSync(schemaPath, join(outDir, 'cowrite-schema.sql'));
console.log(`[gen-demo-log] ${events.length} events, ${(text.length / 1024).toFixed(0)} KB → ${join(outDir, 'cowrite-slow.log')}`);
