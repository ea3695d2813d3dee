// The benchmark harness against sysbench on the same statement, same server, same run: sysbench's
// oltp_point_select (`SELECT c FROM sbtest1 WHERE id = ?`, a prepared statement, random ids) and
// `dbw bench --query` of that statement (ids sampled from the table, each run inside the read
// guard's READ ONLY transaction: three round trips where sysbench has one), at the same
// concurrency on a 10,000-row sbtest1 that sysbench prepares. Prints queries/s and p95 for both,
// and a `dbw bench --sysbench` run's figures with the server's statement count next to sysbench's.
//   node build/build.mjs && node bench/sysbench/run.mjs [--threads 4] [--time 5] [--runs 3000] [--mysql]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const threads = Number(arg('threads', '4'));
const time = Number(arg('time', '5'));
const runs = Number(arg('runs', '3000'));
const rows = 10_000;
const servers = [{ label: 'MariaDB 10.11', port: Number(process.env.DBW_MARIADB_PORT ?? 3307) }];
if (process.argv.includes('--mysql')) servers.push({ label: 'MySQL 9.7', port: Number(process.env.DBW_MYSQL_PORT ?? 3308) });
const DB = 'dbw_sb_bench';
const env = { ...process.env, DBW_WORKSPACE: mkdtempSync(join(tmpdir(), 'dbw-bench-sysbench-')) };

function sysbench(port, phase, extra = []) {
  const args = [
    'oltp_point_select',
    '--db-driver=mysql',
    '--mysql-host=127.0.0.1',
    `--mysql-port=${port}`,
    '--mysql-user=root',
    `--mysql-db=${DB}`,
    '--tables=1',
    `--table-size=${rows}`,
    ...extra,
    phase,
  ];
  const r = spawnSync('sysbench', args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0)
    throw new Error(
      `sysbench ${phase}: ${
        r.stdout
          .split('\n')
          .filter((l) => l.startsWith('FATAL'))
          .join(' ') || r.stderr
      }`,
    );
  return r.stdout;
}

function dbw(args) {
  const r = spawnSync(process.execPath, ['bin/dbw.mjs', ...args], { cwd: root, encoding: 'utf8', env, timeout: 180_000 });
  if (r.status !== 0) throw new Error(`dbw ${args[0]}: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout);
}

for (const { label, port } of servers) {
  const admin = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.query(`CREATE DATABASE ${DB}`);
    sysbench(port, 'prepare');
    const out = sysbench(port, 'run', [`--threads=${threads}`, `--time=${time}`, '--percentile=95']);
    const sb = {
      qps: Number(/queries:\s+\d+\s+\(([\d.]+) per sec/.exec(out)[1]),
      p95: Number(/95th percentile:\s+([\d.]+)/.exec(out)[1]),
      n: Number(/total:\s+(\d+)/.exec(out)[1]),
    };
    const ours = dbw([
      'bench',
      '--connection',
      `mysql://root@127.0.0.1:${port}/${DB}`,
      '--query',
      'SELECT c FROM sbtest1 WHERE id = ?',
      '--runs',
      String(runs),
      '--concurrency',
      String(threads),
      '--warmup',
      '50',
      '--json',
    ]);
    console.log(`\n${label}: SELECT c FROM sbtest1 WHERE id = ? (${rows} rows), concurrency ${threads}`);
    console.log(`  sysbench oltp_point_select  ${String(sb.n).padStart(7)} queries  ${sb.qps.toFixed(0).padStart(7)} q/s  p95 ${sb.p95} ms`);
    console.log(
      `  dbw bench --query           ${String(ours.runs).padStart(7)} queries  ${ours.qps.toFixed(0).padStart(7)} q/s  p95 ${ours.p95Ms} ms  (server counted ${ours.serverCount})`,
    );
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    const driven = dbw([
      'bench',
      '--connection',
      `mysql://root@127.0.0.1:${port}/`,
      '--sysbench',
      'oltp_read_write',
      '--threads',
      String(threads),
      '--time',
      String(time),
      '--table-size',
      String(rows),
      '--yes',
      '--json',
    ]);
    console.log(
      `  dbw bench --sysbench oltp_read_write: ${driven.tps} tps, ${driven.qps} qps, p95 ${driven.p95Ms} ms, errors ${driven.errors}; sysbench queries ${driven.queries.total} + errors = server count ${driven.server.statements}; scratch ${driven.dropped ? 'dropped' : 'LEFT'}`,
    );
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
  }
}
