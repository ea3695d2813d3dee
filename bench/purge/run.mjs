// Purge throughput against pt-archiver --purge, same run, same chunk size, on identical copies of a
// table shaped like the sandbox's user_sessions (BIGINT id, user_id, unique CHAR(64) token_hash,
// expires_at, created_at): ~N expired rows of N + N/5. Ours runs `dbw purge --apply` (the built
// CLI, so the executor, the checkpoint row written in every chunk's transaction and the audit are
// all on) with the lag gate reading the MariaDB replica when it answers; pt-archiver runs
// --purge --bulk-delete --limit C --commit-each (one DELETE and one commit per chunk, its fastest
// purge) with --check-slave-lag on the same replica. Prints rows/s for both and checks both left
// the same rows (CHECKSUM TABLE).
//   node build/build.mjs && node bench/purge/run.mjs [--rows 1000000] [--chunk 1000] [--mysql | --only-mysql] [--timeout-min 40]
// The lag gate is on for both tools only when the replica's SQL thread runs (a stopped replica
// would hold both forever, as it should); otherwise both run without it and the output says so.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const expiredRows = Number(arg('rows', '1000000'));
const chunk = Number(arg('chunk', '1000'));
const keptRows = Math.round(expiredRows / 5);
const servers = process.argv.includes('--only-mysql') ? [] : [{ label: 'MariaDB 10.11', port: Number(process.env.DBW_MARIADB_PORT ?? 3307) }];
if (process.argv.includes('--mysql') || process.argv.includes('--only-mysql'))
  servers.push({ label: 'MySQL 9.7', port: Number(process.env.DBW_MYSQL_PORT ?? 3308) });
const replicaPort = Number(process.env.DBW_REPLICA_PORT ?? 3327);
const timeoutMin = Number(arg('timeout-min', '40'));
const CUTOFF = '2026-01-01 00:00:00';
const WHERE = `expires_at < '${CUTOFF}'`;

/** The replica's state: a lag gate is only fair to both tools on a replica whose SQL thread runs (a stopped one holds both forever). */
async function replicaState(port) {
  try {
    const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
    const [rows] = await c.query('SHOW SLAVE STATUS').catch(() => [[]]);
    await c.end();
    const r = rows[0];
    if (!r) return { ok: false, why: 'not a replica' };
    if (r.Slave_SQL_Running !== 'Yes' || r.Seconds_Behind_Master === null) {
      return {
        ok: false,
        why: `SQL thread ${r.Slave_SQL_Running}, lag ${r.Seconds_Behind_Master}${r.Last_SQL_Error ? ` (${String(r.Last_SQL_Error).slice(0, 60)}…)` : ''}`,
      };
    }
    return { ok: true, why: `running, ${r.Seconds_Behind_Master} s behind` };
  } catch (e) {
    return { ok: false, why: e.message };
  }
}

/** Fills `db.a` with expired and live sessions in id order mixed (every 6th row is live), then copies it to `db.b`. */
async function load(conn, db) {
  await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await conn.query(`CREATE DATABASE \`${db}\``);
  const ddl = (t) =>
    `CREATE TABLE \`${db}\`.${t} (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, user_id BIGINT UNSIGNED NOT NULL, token_hash CHAR(64) NOT NULL,
      expires_at DATETIME NOT NULL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (id), UNIQUE KEY uk_token (token_hash)) ENGINE=InnoDB`;
  await conn.query(ddl('a'));
  await conn.query(ddl('b'));
  await conn.query(`CREATE TABLE \`${db}\`.n (i INT PRIMARY KEY)`);
  await conn.query(`INSERT INTO \`${db}\`.n VALUES ${Array.from({ length: 1000 }, (_, i) => `(${i})`).join(',')}`);
  const total = expiredRows + keptRows;
  for (let base = 0; base < total; base += 100_000) {
    const size = Math.min(100_000, total - base);
    await conn.query(
      `INSERT INTO \`${db}\`.a (id, user_id, token_hash, expires_at, created_at)
       SELECT k + 1, (k * 7919) % 20000, SHA2(CONCAT('t', k), 256),
              IF(k % 6 = 5, '2027-06-01 00:00:00' + INTERVAL (k % 1000) MINUTE, '2025-01-01 00:00:00' + INTERVAL (k % 500000) MINUTE),
              '2024-12-01 00:00:00' + INTERVAL (k % 500000) MINUTE
         FROM (SELECT ${base} + x.i * 1000 + y.i AS k FROM \`${db}\`.n x, \`${db}\`.n y WHERE x.i * 1000 + y.i < ${size}) s`,
    );
  }
  await conn.query(`INSERT INTO \`${db}\`.b SELECT * FROM \`${db}\`.a`);
  const [[c]] = await conn.query(`SELECT COUNT(*) AS n, SUM(${WHERE}) AS e FROM \`${db}\`.a`);
  return { rows: Number(c.n), expired: Number(c.e) };
}

const checksum = async (conn, db, t) => String((await conn.query(`CHECKSUM TABLE \`${db}\`.${t}`))[0][0].Checksum);

for (const s of servers) {
  let conn;
  try {
    conn = await mysql.createConnection({ host: '127.0.0.1', port: s.port, user: 'root', password: '' });
  } catch (e) {
    console.log(`${s.label}: not reachable (${e.message})`);
    continue;
  }
  const db = `dbw_pg_bench_${s.port}`;
  try {
    const t0 = performance.now();
    const { rows, expired } = await load(conn, db);
    console.log(
      `${s.label}: ${rows.toLocaleString('en-US')} rows, ${expired.toLocaleString('en-US')} to purge, chunk ${chunk} (loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    const rstate = s.label.startsWith('MariaDB') ? await replicaState(replicaPort) : { ok: false, why: 'no replica of this server' };
    const replica = rstate.ok;
    // Ours: the built CLI, executor + checkpoint + audit, lag gate on the replica when there is one.
    const workspace = mkdtempSync(join(tmpdir(), 'dbw-bench-purge-'));
    const oursArgs = [
      'bin/dbw.mjs',
      'purge',
      '--connection',
      `mysql://root@127.0.0.1:${s.port}/${db}`,
      '--table',
      `${db}.a`,
      '--where',
      WHERE,
      '--chunk',
      String(chunk),
      '--apply',
      '--yes',
      '--json',
    ];
    if (replica) oursArgs.push('--replica', `mysql://root@127.0.0.1:${replicaPort}/`, '--max-lag', '10');
    let t = performance.now();
    const ours = spawnSync(process.execPath, oursArgs, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DBW_WORKSPACE: workspace },
      maxBuffer: 64 << 20,
      timeout: timeoutMin * 60_000,
    });
    const oursSec = (performance.now() - t) / 1000;
    if (ours.status !== 0) throw new Error(`dbw purge failed: ${ours.stderr || ours.stdout}`);
    const r = JSON.parse(ours.stdout);
    console.log(
      `  lag gate: ${replica ? `on (replica 127.0.0.1:${replicaPort}, ${rstate.why})` : `off for both: replica 127.0.0.1:${replicaPort} ${rstate.why}; dbw's gate read Threads_running only`}; checkpoint: on (dbw)`,
    );
    console.log(
      `  dbw purge      ${r.rows.toLocaleString('en-US').padStart(10)} rows  ${r.chunks} chunks  ${oursSec.toFixed(1).padStart(6)} s  ${Math.round(
        r.rows / oursSec,
      )
        .toLocaleString('en-US')
        .padStart(
          8,
        )} rows/s  (loop ${r.rowsPerSec.toLocaleString('en-US')} rows/s, chunk p50 ${r.latency.p50Ms} ms, p95 ${r.latency.p95Ms} ms, waits ${JSON.stringify(r.waits)})`,
    );
    // The peer, on the identical copy.
    const ptArgs = [
      '--source',
      `h=127.0.0.1,P=${s.port},u=root,D=${db},t=b`,
      '--purge',
      '--where',
      WHERE,
      '--limit',
      String(chunk),
      '--commit-each',
      '--bulk-delete',
      '--no-check-charset',
      '--statistics',
      '--nosafe-auto-increment',
    ];
    if (replica) ptArgs.push('--check-slave-lag', `h=127.0.0.1,P=${replicaPort},u=root`, '--max-lag', '10');
    t = performance.now();
    const pt = spawnSync('pt-archiver', ptArgs, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: timeoutMin * 60_000, killSignal: 'SIGKILL' });
    const ptSec = (performance.now() - t) / 1000;
    if (pt.status !== 0) throw new Error(`pt-archiver failed: ${pt.stderr || pt.stdout}`);
    const ptDeleted = Number(/^DELETE\s+(\d+)/m.exec(pt.stdout)?.[1] ?? NaN);
    if (pt.error) throw new Error(`pt-archiver did not finish within ${timeoutMin} min (${pt.error.message})`);
    const same = (await checksum(conn, db, 'a')) === (await checksum(conn, db, 'b'));
    console.log(
      `  pt-archiver    ${String(ptDeleted.toLocaleString('en-US')).padStart(10)} rows           ${ptSec.toFixed(1).padStart(6)} s  ${Math.round(
        ptDeleted / ptSec,
      )
        .toLocaleString('en-US')
        .padStart(8)} rows/s`,
    );
    console.log(`  ratio dbw / pt-archiver: ${(ptSec / oursSec).toFixed(2)}×; rows left identical (CHECKSUM TABLE): ${same ? 'yes' : 'NO'}`);
    if (r.rows !== expired || ptDeleted !== expired || !same) console.log('  MISMATCH: the two purges did not delete the same rows');
  } catch (e) {
    console.log(`  ${s.label}: ${e.message}`);
  } finally {
    await conn.query(`DROP DATABASE IF EXISTS \`${db}\``).catch(() => undefined);
    await conn.end();
  }
}
