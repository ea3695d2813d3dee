// Compares MySQLTuner with the workbench tuner on the sandbox servers and prints a Markdown report:
// for each MySQLTuner warning/recommendation, the tuner rule that corresponds (and what it
// measured), or why we deliberately differ.
//
//   node bench/tuner-compare/run.mjs [--interval-ms 10000] [--ports 3307,3308]
//
// MySQLTuner always runs with --nosysstat (no host probing), --skippassword (its 600 password
// guesses each fail on MySQL 9.7 and take minutes), --forcemem 4096 --forceswap 0 (same RAM as
// we give our tuner) and --noprocess. Read-only on both sides.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import mysql from 'mysql2/promise';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const intervalMs = Number(arg('interval-ms', '10000'));
const ports = arg('ports', '3307,3308').split(',').map(Number);
const RAM_MB = 4096;

/** MySQLTuner line → our rule, or null with the reason we differ. First match wins. */
const mapping = [
  {
    re: /Illegal division by zero/,
    rule: 'innodb-buffer-pool-chunks',
    why: 'innodb_buffer_pool_chunk_size = 0 means "autosize" on MariaDB 10.8+; MySQLTuner divides by it and dies before its InnoDB checks and recommendations. Ours records "autosize" and moves on.',
  },
  {
    re: /EOL software|unsupported version|Upgrade as soon as possible/,
    rule: 'version-eol',
    why: 'MySQLTuner 1.9.9 calls any series missing from its bundled list EOL. Ours reads a dated table: MariaDB 10.11 is LTS until 2028-02-16, MySQL 9.7 LTS until 2034-04-21.',
  },
  {
    re: /started within the last 24 hours/,
    rule: null,
    why: 'Ours samples status twice and uses the deltas for current behaviour, so a short uptime does not invalidate rates; lifetime fallbacks are labelled in each finding.',
  },
  {
    re: /Maximum possible memory usage|memory footprint|maximum memory usage is dangerously high|Add RAM before|Overall possible memory usage/,
    rule: 'memory-worst-case',
    why: 'MySQLTuner adds max_allowed_packet (64 MiB by default on MySQL 8+) to the per-thread buffers; that buffer only grows on demand for a big packet, so ours leaves it out and counts read/read_rnd/sort/join buffers, thread_stack, binlog_cache_size and net_buffer_length.',
  },
  {
    re: /Dedicate this server/,
    rule: null,
    why: 'Follows from the memory estimate above; ours takes host RAM as an input and does not judge what else runs there.',
  },
  {
    re: /skip-name-resolve|Name resolution is active/,
    rule: 'name-resolution',
    why: 'Same advice; ours adds that every account must be granted by IP first, and marks it restart-only.',
  },
  {
    re: /join_buffer_size|Joins performed without indexes|JOINs not using indexes|join-buffer-size/,
    rule: 'joins-without-indexes',
    why: 'Ours counts full and range-check joins per 1000 SELECTs in the sample window and sends you to the slow-log digest / index advisor; it never proposes a bigger global join_buffer_size (allocated per join, per connection).',
  },
  {
    re: /key_buffer_size=0|Buffer Key MyISAM/,
    rule: null,
    why: 'The 8 MiB default MyISAM key cache is negligible; ours only reports key buffers in the worst-case memory sum.',
  },
  {
    re: /innodb_log_file_size|Ratio InnoDB log file size|InnoDB total log files size/,
    rule: 'innodb-redo-capacity',
    why: 'MySQLTuner wants the redo log = 25% of the buffer pool and names innodb_log_file_size even on MySQL 9.7, where it no longer exists. Ours sizes redo to ~1 h of writes at the sampled Innodb_os_log_written rate, with innodb_redo_log_capacity on MySQL 8.0.30+.',
  },
  {
    re: /Slow queries:/,
    rule: 'slow-log-config',
    why: 'The sandbox logs every statement (long_query_time = 0) on purpose, so its share of "slow" queries says nothing. Ours checks the slow log is on and its threshold ≤ the 200 ms SLO.',
  },
  {
    re: /Aborted connections/,
    rule: 'connections-aborted',
    why: 'Same ratio (Aborted_connects / Connections), but ours uses the sample window when it saw ≥ 100 connections and says which window it used.',
  },
  {
    re: /Binlog cache memory access/,
    rule: 'binlog-cache',
    why: 'Same counters; ours excludes lifetime spills from bulk loads when the window has enough transactions.',
  },
  {
    re: /user name as password|hostname restrictions|basic passwords|anonymous accounts/,
    rule: null,
    why: "Account security is out of the tuner's scope (no password guessing against the server).",
  },
  {
    re: /Log file .*(exist|warning)|error\.log/,
    rule: null,
    why: 'Reading the error log needs file access on the database host; the tuner is remote-safe and SQL-only.',
  },
  { re: /swap space/, rule: null, why: 'Swap is not an input; ours needs RAM only.' },
  {
    re: /SHOW SLAVE/,
    rule: 'replication-health',
    why: 'MySQLTuner issues SHOW SLAVE STATUS/HOSTS, removed in MySQL 8.4; ours picks SHOW REPLICA STATUS from the version (MySQL 8.0.22+, MariaDB 10.5.1+).',
  },
  { re: /Temporary tables created on disk/, rule: 'tmp-tables-on-disk', why: 'Same ratio, from the window.' },
  { re: /Thread cache/, rule: 'thread-cache-hit-rate', why: 'Same ratio, from the window.' },
  { re: /Query cache/, rule: 'query-cache', why: 'Same conclusion (off unless measured); not applicable on MySQL 8+.' },
  {
    re: /buffer pool \/ data size|InnoDB buffer pool size/,
    rule: 'innodb-buffer-pool-size',
    why: 'Ours targets data × 1.25 capped at 70% of RAM, in chunk units.',
  },
  { re: /Read buffer efficiency/, rule: 'innodb-buffer-pool-hit-rate', why: 'Same ratio, from the window.' },
  { re: /log waits/, rule: 'innodb-log-waits', why: 'Same counter, window delta.' },
];

/** Runs a command with stdin closed (MySQLTuner prompts for a login on an empty --pass otherwise). */
function run(cmd, args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code: signal ? `killed by ${signal}` : code, stdout, stderr }));
  });
}

/** MySQLTuner's warnings and recommendations, without its SQL-failure noise. */
function parseTuner(out) {
  const lines = out.stdout.split('\n');
  const bad = lines.filter((l) => l.startsWith('[!!]') && !/Failed to execute|FAIL Execute SQL/.test(l)).map((l) => l.slice(5).trim());
  const sqlFailures = lines.filter((l) => /Failed to execute/.test(l)).length;
  const recs = [];
  let section = null;
  for (const l of lines) {
    if (/^General recommendations:/.test(l)) section = 'general';
    else if (/^Variables to adjust:/.test(l)) section = 'variables';
    else if (section && /^\s{2,}\S/.test(l) && !/^\s+See https?:/.test(l) && !/^\s{8,}/.test(l))
      recs.push(`${section === 'variables' ? 'adjust: ' : ''}${l.trim()}`);
  }
  const crash = /Illegal division by zero[^\n]*/.exec(out.stderr)?.[0] ?? null;
  return { bad, recs, sqlFailures, crash };
}

async function loadEngine() {
  const tmp = mkdtempSync(join(tmpdir(), 'dbw-tuner-compare-'));
  const entry = join(tmp, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { collectServerStatus } from ${JSON.stringify(join(root, 'electron/connections/collectors/server-status.collector.ts'))};`,
      `export { analyzeSnapshot } from ${JSON.stringify(join(root, 'electron/engines/tuner/analyze.ts'))};`,
      `export { findRule } from ${JSON.stringify(join(root, 'electron/engines/tuner/registry.ts'))};`,
      `export { capabilitiesOf } from ${JSON.stringify(join(root, 'electron/engines/tuner/capabilities.ts'))};`,
    ].join('\n'),
  );
  const out = join(tmp, 'engine.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error', external: ['mysql2', 'mysql2/*'] });
  const mod = await import(pathToFileURL(out).href);
  rmSync(tmp, { recursive: true, force: true });
  return mod;
}

function ours(engine, snapshot, ruleId) {
  const rule = engine.findRule(ruleId);
  const caps = engine.capabilitiesOf(snapshot.server.version, snapshot.server.versionComment);
  const m = rule?.measure({ snapshot, caps, now: new Date() });
  if (!m)
    return `\`${ruleId}\`: not measured here (${rule?.appliesTo(caps) === false ? 'does not apply to this server' : 'inputs absent / too little activity in the window'})`;
  return `\`${ruleId}\` ${m.evaluation.fires ? `**fires** (${m.evaluation.severity ?? rule.severity})` : 'measured, does not fire'}: ${m.evaluation.message}`;
}

const engine = await loadEngine();
const version = (await run('mysqltuner', ['--help'], 30_000)).stdout.match(/MySQLTuner [\d.]+/)?.[0] ?? 'MySQLTuner';
console.log(
  `# ${version} vs the workbench tuner\n\nGenerated ${new Date().toISOString()} by bench/tuner-compare/run.mjs (host RAM given to both: ${RAM_MB} MiB; our sample interval ${intervalMs / 1000} s).\n`,
);
for (const port of ports) {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
  const reader = { query: async (sql, params) => (await conn.query(sql, params))[0] };
  const snapshot = await engine.collectServerStatus(reader, { intervalMs, host: { ramBytes: RAM_MB * 1024 * 1024, cores: 2, source: 'user' } });
  await conn.end();
  const analysis = engine.analyzeSnapshot(snapshot, { now: new Date() });
  const t0 = Date.now();
  const mt = await run(
    'mysqltuner',
    [
      '--nosysstat',
      '--skippassword',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--user',
      'root',
      '--pass',
      '',
      '--forcemem',
      String(RAM_MB),
      '--forceswap',
      '0',
      '--nocolor',
      '--noprocess',
    ],
    300_000,
  );
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const parsed = parseTuner(mt);
  console.log(`## ${snapshot.server.version} (${snapshot.server.versionComment}) on 127.0.0.1:${port}\n`);
  console.log(
    `- MySQLTuner: exit ${mt.code} after ${secs} s${parsed.crash ? `, **crashed**: \`${parsed.crash}\`` : ''}; ${parsed.bad.length} warnings, ${parsed.recs.length} recommendation lines, ${parsed.sqlFailures} failed SQL statements.`,
  );
  console.log(
    `- Ours: ${analysis.findings.length} findings (${analysis.findings.map((f) => f.ruleId).join(', ') || 'none'}), ${analysis.errors.length} rule errors, chunk size ${snapshot.variables.innodb_buffer_pool_chunk_size}.\n`,
  );
  console.log('| MySQLTuner says | Ours | Same or why we differ |\n|---|---|---|');
  const mapped = new Set();
  for (const line of [...(parsed.crash ? [parsed.crash] : []), ...parsed.bad, ...parsed.recs]) {
    const m = mapping.find((x) => x.re.test(line));
    if (m?.rule) mapped.add(m.rule);
    const cell = (s) => s.replace(/\|/g, '\\|');
    console.log(
      `| ${cell(line)} | ${m ? (m.rule ? cell(ours(engine, snapshot, m.rule)) : '—') : 'no counterpart'} | ${m ? cell(m.why) : 'unmapped: review'} |`,
    );
  }
  const extra = analysis.findings.filter((f) => !mapped.has(f.ruleId));
  if (extra.length) {
    console.log(`\nFound by ours only: ${extra.map((f) => `\`${f.ruleId}\` (${f.message})`).join('; ')}\n`);
  }
}
