#!/usr/bin/env node
// Slow-log digest benchmark: our digest vs pt-query-digest on the same file, in the same run.
//
//   node bench/digest/run.mjs [--size 200MB] [--format extra|default] [--file path] [--threads N] [--ranges-per-thread N] [--no-pt] [--pt-bytes 100MB]
//   node bench/digest/run.mjs --formats all|mariadb,mysql-default,mysql-extra,percona [--size 200MB] [--rounds N] [--fresh] ...
//
// `--formats` measures real server output of each format users have (bench/digest/real-logs.mjs:
// the sandbox MariaDB's query_plan,explain log, the sandbox MySQL's log_slow_extra log and its
// default-format cut, Percona Server's extended samples), grown with shifted literals, and ends with
// a table of every format. Run it with the sandbox's environment (DBW_SANDBOX_DIR, DBW_*_PORT).
//
// Without --file it generates a realistic MySQL 8 slow log (log_slow_extra fields) of the given
// size (default 100MB) into bench/.data/ from the co-writing workload
// (../shared/corpus/cowrite/workload.sql): every hot query weighted by its peak QPS, real-looking
// parameter values, 200 connections, and N+1 loops (a document list followed by one content
// query per document on the same connection). `--format default` writes what MySQL writes without
// log_slow_extra (its default): only Query_time, Lock_time, Rows_sent and Rows_examined.
// Our side: esbuild (a devDependency) bundles the worker runner and the worker into
// bench/.data/build/ — no `npm run build` needed — and a child process digests the file and
// reports its own peak RSS (process.resourceUsage().maxRSS covers its worker threads), its CPU
// (main thread, each worker's own, and the rest: V8's background compiler) and a timeline of
// each range (sent, started, first chunk digested, done, received). `--ranges-per-thread N` cuts
// N ranges per worker, each worker taking the next when free.
// pt's side: `/usr/bin/time -v pt-query-digest --output json --limit 100% FILE`, peak RSS from
// time's "Maximum resident set size" (or /proc polling when /usr/bin/time is missing).
// pt reads ~1-9 MB/s, so on a file larger than --pt-bytes (default 100MB) it is timed on a prefix of
// the same file cut at an entry start (its MB/s is per byte it read, and the output says so).
// It prints MB/s of both, the ratio and both peak RSS figures. Nothing here asserts on time.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const data = join(root, 'bench/.data');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)\s*(k|m|g)?b?$/i.exec(s);
  if (!m) throw new Error(`bad --size ${s}`);
  return Math.round(Number(m[1]) * { k: 1e3, m: 1e6, g: 1e9 }[(m[2] ?? '').toLowerCase()] || Number(m[1]));
}

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function loadWorkload() {
  const text = readFileSync(new URL('../../../shared/corpus/cowrite/workload.sql', import.meta.url), 'utf8');
  const out = [];
  const re = /^-- ([\w_]+) \| (\d+) \| (\d+)ms\n([^\n]+;)/gm;
  for (const m of text.matchAll(re)) out.push({ name: m[1], qps: Number(m[2]), sloMs: Number(m[3]), sql: m[4].replace(/;$/, '') });
  return out;
}

function generate(path, size, format) {
  const r = rng(42);
  const queries = loadWorkload();
  const total = queries.reduce((n, q) => n + q.qps, 0);
  const pick = () => {
    let x = r() * total;
    for (const q of queries) if ((x -= q.qps) < 0) return q;
    return queries[0];
  };
  const words = ['draft', 'report', 'meeting', 'launch', 'budget', 'design', 'review', 'summary', 'roadmap', 'notes'];
  const value = (sql, at) => {
    const before = sql.slice(Math.max(0, at - 40), at).toLowerCase();
    if (/like\s*$/.test(before)) return `'%${words[Math.floor(r() * words.length)]}%'`;
    if (/token_hash\s*=\s*$/.test(before)) return `'${[...Array(64)].map(() => '0123456789abcdef'[Math.floor(r() * 16)]).join('')}'`;
    if (/email\s*=\s*$/.test(before)) return `'user${Math.floor(r() * 2000)}@example.com'`;
    if (/username\s*=\s*$/.test(before)) return `'user${Math.floor(r() * 2000)}'`;
    if (/(created_at|expires_at)\s*<\s*$/.test(before)) return `'2026-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)} 00:00:00'`;
    if (/limit\s*$/.test(before)) return String([10, 20, 50][Math.floor(r() * 3)]);
    if (/offset\s*$/.test(before)) return String(Math.floor(r() * 5) * 20);
    return String(1 + Math.floor(r() * 90000));
  };
  const bind = (sql) => {
    let out = '';
    let last = 0;
    for (let i = sql.indexOf('?'); i >= 0; i = sql.indexOf('?', i + 1)) {
      out += sql.slice(last, i) + value(sql, i);
      last = i + 1;
    }
    return out + sql.slice(last);
  };
  const contentQuery = queries.find((q) => q.name === 'document_content');
  let ms = Date.UTC(2026, 10, 20, 8, 0, 0);
  const fd = openSync(path, 'w');
  let written = 0;
  let buf = [];
  let bufLen = 0;
  const flush = () => {
    const s = buf.join('');
    writeSync(fd, s);
    written += Buffer.byteLength(s);
    buf = [];
    bufLen = 0;
  };
  const iso = (t) => new Date(t).toISOString().replace('Z', '') + String(Math.floor(r() * 1000)).padStart(3, '0') + 'Z';
  const entry = (thread, q, sql) => {
    const qt = Math.max(0.000005, (q.sloMs / 1000 / 8) * Math.exp((r() - 0.5) * 3) * (r() < 0.01 ? 20 : 1));
    const start = ms;
    ms += Math.max(0, qt * 1000) / 20 + r() * 2;
    const examined = Math.floor(r() * (q.name.includes('search') || q.name.includes('year') ? 200000 : 500));
    const sent = Math.min(examined, Math.floor(r() * 50));
    const head = `# Time: ${iso(ms)}\n# User@Host: app[app] @ app${thread % 8}.internal [10.0.1.${thread % 250}]  Id: ${String(thread).padStart(6)}\n# Query_time: ${qt.toFixed(6)}  Lock_time: ${(r() * 0.0001).toFixed(6)} Rows_sent: ${sent}  Rows_examined: ${examined}`;
    if (format === 'default') {
      const e = `${head}\nSET timestamp=${Math.floor(start / 1000)};\n${sql};\n`;
      buf.push(e);
      bufLen += e.length;
      if (bufLen > 1 << 20) flush();
      return;
    }
    const e = `${head} Thread_id: ${thread} Errno: 0 Killed: 0 Bytes_received: ${sql.length} Bytes_sent: ${sent * 120 + 60} Read_first: 0 Read_last: 0 Read_key: ${Math.floor(r() * 5)} Read_next: ${sent} Read_prev: 0 Read_rnd: 0 Read_rnd_next: ${examined} Sort_merge_passes: 0 Sort_range_count: 0 Sort_rows: ${sent} Sort_scan_count: ${sql.includes('ORDER BY') ? 1 : 0} Created_tmp_disk_tables: 0 Created_tmp_tables: ${sql.includes('GROUP BY') ? 1 : 0} Count_hit_tmp_table_size: 0 Start: ${iso(start)} End: ${iso(ms)}\nSET timestamp=${Math.floor(start / 1000)};\n${sql};\n`;
    buf.push(e);
    bufLen += e.length;
    if (bufLen > 1 << 20) flush();
  };
  buf.push(
    '/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\nTcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\nTime                 Id Command    Argument\n# Time: 2026-11-20T08:00:00.000000Z\n# User@Host: app[app] @ app0.internal [10.0.1.1]  Id:      1\n# Query_time: 0.000100  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\nuse cowrite;\nSET timestamp=1795766400;\nSELECT 1;\n',
  );
  while (written + bufLen < size) {
    const thread = 100 + Math.floor(r() * 200);
    const q = pick();
    entry(thread, q, bind(q.sql));
    if (q.name === 'document_list' && r() < 0.3) {
      const n = 10 + Math.floor(r() * 20);
      for (let i = 0; i < n; i++) entry(thread, contentQuery, bind(contentQuery.sql));
    }
  }
  flush();
  closeSync(fd);
}

async function bundle() {
  const { build } = await import('esbuild');
  const out = join(data, 'build');
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(root, 'electron/services/slow-log/digest.worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(out, 'digest.worker.mjs'),
    logLevel: 'silent',
  });
  await build({
    entryPoints: [join(here, 'digest-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(out, 'digest-child.mjs'),
    logLevel: 'silent',
  });
  return out;
}

function runChild(cmd, argv) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

async function runPt(file) {
  const t = performance.now();
  if (existsSync('/usr/bin/time')) {
    const r = await runChild('/usr/bin/time', ['-v', 'pt-query-digest', '--output', 'json', '--limit', '100%', '--no-version-check', file]);
    const ms = performance.now() - t;
    const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.err)?.[1] ?? 0);
    return { ms, rssKb: rss, classes: JSON.parse(r.out || '{"classes":[]}').classes.length };
  }
  const p = spawn('pt-query-digest', ['--output', 'json', '--limit', '100%', '--no-version-check', file], { stdio: ['ignore', 'pipe', 'ignore'] });
  let peak = 0;
  let out = '';
  p.stdout.on('data', (c) => (out += c));
  const poll = setInterval(() => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb);
    } catch {
      // The process may have exited between two polls.
    }
  }, 100);
  await new Promise((res) => p.on('close', res));
  clearInterval(poll);
  return { ms: performance.now() - t, rssKb: peak, classes: JSON.parse(out || '{"classes":[]}').classes.length };
}

mkdirSync(data, { recursive: true });
const out = await bundle();
const threads = opt('--threads', '');
const rangesPerThread = opt('--ranges-per-thread', '');
const ptBytes = parseSize(opt('--pt-bytes', '100MB'));

/**
 * Digests `file` with ours and (unless --no-pt) pt on the same bytes; prints and returns the figures.
 * `ptFirst` times pt before ours (the rounds of --rounds alternate, so neither side always runs on a
 * machine the other has just warmed or loaded).
 */
async function measure(file, ptFirst = false) {
  const bytes = statSync(file).size;
  const mb = bytes / 1e6;
  console.log(`file: ${file} (${mb.toFixed(1)} MB)`);
  const row = { mb };
  const ours = async () => {
    const r = await runChild(process.execPath, [join(out, 'digest-child.mjs'), file, join(out, 'digest.worker.mjs'), threads, rangesPerThread]);
    if (r.code !== 0) throw new Error(`our digest failed: ${r.err}`);
    const o = JSON.parse(r.out);
    Object.assign(row, { oursMbs: mb / (o.ms / 1000), oursRssMb: o.rssKb / 1024, classes: o.classes, cpuS: o.cpuMs / 1000, mbPerCpuS: mb / (o.cpuMs / 1000) });
    console.log(
      `ours: ${(o.ms / 1000).toFixed(2)} s, ${row.oursMbs.toFixed(1)} MB/s, ${o.events} events, ${o.classes} classes, ${o.threads} threads, peak RSS (process + workers) ${row.oursRssMb.toFixed(0)} MB`,
    );
    console.log(`ours stages: ${o.stages.map((s) => `${s.name} ${(s.ms / 1000).toFixed(2)}s`).join(', ')}`);
    printTimeline(o);
  };
  const pt = async () => {
    const ptFile = ptFileOf(file);
    const ptMb = statSync(ptFile).size / 1e6;
    const r = await runPt(ptFile);
    const what = ptFile === file ? 'the same file' : `the first ${ptMb.toFixed(1)} MB of the same file (${ptFile})`;
    Object.assign(row, { ptMbs: ptMb / (r.ms / 1000), ptRssMb: r.rssKb / 1024 });
    console.log(
      `pt-query-digest on ${what}: ${(r.ms / 1000).toFixed(2)} s, ${row.ptMbs.toFixed(2)} MB/s, ${r.classes} classes, peak RSS ${row.ptRssMb.toFixed(0)} MB`,
    );
  };
  const withPt = !args.includes('--no-pt');
  if (withPt && ptFirst) await pt();
  await ours();
  if (withPt && !ptFirst) await pt();
  if (!withPt) return row;
  row.ratio = row.oursMbs / row.ptMbs;
  console.log(`ratio (ours/pt throughput, MB/s): ${row.ratio.toFixed(1)}x`);
  return row;
}

const formats = opt('--formats');
if (formats) {
  // Real server output of every format users have, grown to --size with shifted literals.
  const { FORMATS, baseOf, growLog } = await import('./real-logs.mjs');
  const size = parseSize(opt('--size', '200MB'));
  const wanted = formats === 'all' ? FORMATS : formats.split(',');
  // --rounds N measures every format N times, round after round (odd rounds ours first, even rounds pt first),
  // and the table gives each figure's median with every round's ratio: one run moves by a fifth or more.
  const rounds = Math.max(1, Number(opt('--rounds', '1')) || 1);
  const files = new Map();
  for (const format of wanted) {
    const file = join(data, `real-${format}-${size}.log`);
    if (!existsSync(file) || args.includes('--fresh')) {
      const t = performance.now();
      const base = baseOf(format, join(root, '../shared/corpus'));
      growLog(file, base, size);
      console.log(`\n${format}: grew ${(base.length / 1e6).toFixed(1)} MB of real output to ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } else console.log(`\n${format}: reusing ${file} (--fresh rebuilds it from the server's log)`);
    files.set(format, file);
  }
  // Both sides read from the page cache: a file not read since the machine's other work may come
  // from disk on its first read (a first round of ours 25-35 % slower than the next two).
  for (const file of files.values()) {
    const t = performance.now();
    const ptFile = args.includes('--no-pt') ? file : ptFileOf(file);
    const bytes = warmPageCache(file) + (ptFile === file ? 0 : warmPageCache(ptFile));
    console.log(`read ${(bytes / 1e6).toFixed(0)} MB of ${file} (and pt's prefix) into the page cache in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const byFormat = new Map(wanted.map((format) => [format, []]));
  for (let round = 1; round <= rounds; round++) {
    const ptFirst = round % 2 === 0;
    for (const format of wanted) {
      console.log(`\n${format}${rounds > 1 ? `, round ${round} of ${rounds} (${ptFirst ? 'pt' : 'ours'} first)` : ''}:`);
      byFormat.get(format).push(await measure(files.get(format), ptFirst));
    }
  }
  const f = (v, d) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(d));
  // The lower median, as bench/backup prints it.
  const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] : undefined);
  const of = (rs, k) => rs.map((r) => r[k]).filter((v) => v !== undefined);
  const max = (xs) => (xs.length ? Math.max(...xs) : undefined);
  console.log(
    `\n${rounds > 1 ? `Medians over ${rounds} rounds (lower median); peak RSS is the largest of the rounds.\n` : ''}` +
      `\n| format | size | ours MB/s | ours CPU s (MB/cpu-s) | pt MB/s | ratio | ${rounds > 1 ? 'ratio per round | ' : ''}ours peak RSS | pt peak RSS |` +
      `\n| --- | --- | --- | --- | --- | --- | ${rounds > 1 ? '--- | ' : ''}--- | --- |`,
  );
  for (const [format, rs] of byFormat) {
    const perRound =
      rounds > 1
        ? ` ${
            of(rs, 'ratio')
              .map((x) => `${x.toFixed(1)}×`)
              .join(', ') || '—'
          } |`
        : '';
    console.log(
      `| ${format} | ${f(rs[0].mb, 0)} MB | ${f(median(of(rs, 'oursMbs')), 1)} | ${f(median(of(rs, 'cpuS')), 2)} (${f(median(of(rs, 'mbPerCpuS')), 0)}) | ${f(median(of(rs, 'ptMbs')), 2)} | ${f(median(of(rs, 'ratio')), 1)}× |${perRound} ${f(max(of(rs, 'oursRssMb')), 0)} MB | ${f(max(of(rs, 'ptRssMb')), 0)} MB |`,
    );
  }
} else {
  let file = opt('--file');
  if (!file) {
    const size = parseSize(opt('--size', '100MB'));
    const format = opt('--format', 'extra');
    if (format !== 'extra' && format !== 'default') throw new Error(`bad --format ${format} (extra or default)`);
    file = join(data, format === 'extra' ? `cowrite-slow-${size}.log` : `cowrite-slow-${format}-${size}.log`);
    if (!existsSync(file) || statSync(file).size < size) {
      const t = performance.now();
      generate(file, size, format);
      console.log(`generated ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  await measure(file);
}

/**
 * The child's timeline, in ms from the child process's start: the runner's cut and back-reads in
 * the main thread, each worker (spawned, thread running, code loaded, first chunk digested,
 * digest done, state received; its own CPU time and MB per CPU-second), then merge + report.
 */
function printTimeline(o) {
  const t = o.timeline;
  if (!t) return;
  const at = (x) => (x === undefined ? '—' : (x - o.processStartAt).toFixed(0).padStart(5));
  console.log(
    `  timeline (ms from process start): runner called ${at(t.startAt)}, ranges cut ${at(t.splitAt)}, inherited db/ts read ${at(t.inheritedAt)}, states in ${at(t.endAt)}, merged + report ${at(o.t1)} (${(o.t1 - o.mergeFrom).toFixed(0)} ms); CPU ${(o.cpuMs / 1000).toFixed(2)} s (${(statSize(o) / (o.cpuMs / 1000)).toFixed(1)} MB/cpu-s)`,
  );
  const last = new Map();
  for (const w of t.workers) if (!last.has(w.worker) || (w.cpuMs ?? 0) > (last.get(w.worker).cpuMs ?? 0)) last.set(w.worker, w);
  const workersCpu = [...last.values()].reduce((n, w) => n + (w.cpuMs ?? 0), 0);
  if (o.mainCpuMs !== undefined)
    console.log(
      `  CPU (ms): main thread ${o.mainCpuMs}, workers ${workersCpu}, the rest (V8's background compiler and GC helpers, libuv) ${(o.cpuMs - o.mainCpuMs - workersCpu).toFixed(0)}`,
    );
  for (const [k, w] of [...last].sort((x, y) => x[0] - y[0]).filter(([k]) => k >= 0))
    console.log(`  worker ${k}: code loaded ${at(w.loadedAt)} (CPU ${w.loadCpuMs ?? '—'} ms), CPU ${((w.cpuMs ?? 0) / 1000).toFixed(2)} s in all`);
  for (const w of t.workers) {
    const mb = (w.end - w.start) / 1e6;
    const cpu = w.cpuMs !== undefined && w.startCpuMs !== undefined ? w.cpuMs - w.startCpuMs : undefined;
    const busy = w.digestedAt !== undefined && w.startedAt !== undefined ? (w.digestedAt - Math.max(w.startedAt, w.loadedAt ?? 0)) / 1000 : undefined;
    console.log(
      `    range ${w.range} on ${w.worker < 0 ? 'the main thread' : `worker ${w.worker}`}: ${mb.toFixed(1)} MB, sent ${at(w.spawnAt)}, started ${at(w.startedAt)}, first chunk ${at(w.firstByteAt)}, digested ${at(w.digestedAt)}, received ${at(w.receivedAt)}; CPU ${cpu === undefined ? '—' : (cpu / 1000).toFixed(2)} s${cpu ? ` (${(mb / (cpu / 1000)).toFixed(1)} MB/cpu-s)` : ''}${busy ? `, ${(mb / busy).toFixed(1)} MB/s` : ''}`,
    );
  }
}

function statSize(o) {
  return o.timeline.workers.reduce((n, w) => n + (w.end - w.start), 0) / 1e6 || 0;
}

/** What pt-query-digest reads of `file`: the file, or its prefix of --pt-bytes when it is larger. */
function ptFileOf(file) {
  return statSync(file).size > ptBytes ? prefixOf(file, ptBytes) : file;
}

/** Reads `path` once, untimed, so the timed reads come from the page cache; returns its size. */
function warmPageCache(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  let total = 0;
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) total += n;
  closeSync(fd);
  return total;
}

/** A copy of the first ~`n` bytes of `path`, cut before the first entry that starts after them. */
function prefixOf(path, n) {
  const out = `${path}.prefix-${n}.log`;
  if (existsSync(out)) return out;
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(n + 4 * 1024 * 1024);
  const len = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const cut = buf.subarray(0, len).indexOf('\n# Time:', n);
  const wfd = openSync(out, 'w');
  writeSync(wfd, buf, 0, cut < 0 ? len : cut + 1);
  closeSync(wfd);
  return out;
}
