// Partition conversion benchmark, on the MariaDB and MySQL sandboxes: copies cowrite.ai_generations
// into a scratch database, then measures (1) the read the conversion planner times to estimate the
// copy (SELECT * of up to 20 000 rows), (2) a full read of the table, (3) the ALTER TABLE … PARTITION
// BY the preflight fix produces, and (4) the peer: pt-online-schema-change running the same alter.
// Prints seconds and the copy/read ratio the planner's estimate multiplies by (COPY_OVER_READ).
//   node bench/partitions/run.mjs [--runs 3]
import { spawnSync } from 'node:child_process';
import mysql from 'mysql2/promise';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs') || 3) || 3;
const servers = [
  { label: 'MariaDB 10.11', port: Number(process.env.DBW_MARIADB_PORT ?? 3307) },
  { label: 'MySQL 9.7', port: Number(process.env.DBW_MYSQL_PORT ?? 3308) },
];
const ALTER =
  "DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `created_at`) PARTITION BY RANGE COLUMNS(`created_at`) (PARTITION p2025h1 VALUES LESS THAN ('2025-07-01'), PARTITION p2025h2 VALUES LESS THAN ('2026-01-01'), PARTITION p2026h1 VALUES LESS THAN ('2026-07-01'), PARTITION p_future VALUES LESS THAN (MAXVALUE))";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = async (fn) => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

for (const s of servers) {
  const db = `dbw_part_bench_${s.port}`;
  let conn;
  try {
    conn = await mysql.createConnection({ host: '127.0.0.1', port: s.port, user: 'root', password: '' });
  } catch (e) {
    console.log(`${s.label}: not reachable (${e.message})`);
    continue;
  }
  const rows = { sample: [], full: [], alter: [], ptosc: [] };
  let bytes = 0;
  try {
    for (let r = 0; r < runs; r++) {
      await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await conn.query(`CREATE DATABASE \`${db}\``);
      await conn.query(`CREATE TABLE \`${db}\`.a LIKE cowrite.ai_generations`);
      await conn.query(`INSERT INTO \`${db}\`.a SELECT * FROM cowrite.ai_generations`);
      await conn.query(`CREATE TABLE \`${db}\`.b LIKE cowrite.ai_generations`);
      await conn.query(`INSERT INTO \`${db}\`.b SELECT * FROM cowrite.ai_generations`);
      await conn.query(`ANALYZE TABLE \`${db}\`.a`);
      const [[st]] = await conn.query(
        'SELECT DATA_LENGTH + INDEX_LENGTH AS b, DATA_LENGTH AS d, TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
        [db, 'a'],
      );
      bytes = Number(st.b);
      const sampleSec = await timed(() => conn.query(`SELECT COUNT(*) FROM (SELECT * FROM \`${db}\`.a LIMIT 20000) s`));
      // What the planner estimates: bytes / (sample rows × average row bytes / sample time).
      rows.sample.push(bytes / ((20000 * (Number(st.d) / Number(st.n))) / sampleSec));
      rows.full.push(await timed(() => conn.query(`SELECT SUM(LENGTH(generated_content)) FROM \`${db}\`.a`)));
      rows.alter.push(await timed(() => conn.query(`ALTER TABLE \`${db}\`.a ${ALTER}`)));
      const t0 = performance.now();
      const pt = spawnSync(
        'pt-online-schema-change',
        [
          '--alter',
          ALTER,
          `D=${db},t=b,h=127.0.0.1,P=${s.port},u=root`,
          '--execute',
          '--no-check-alter',
          '--recursion-method=none',
          '--no-check-replication-filters',
        ],
        {
          encoding: 'utf8',
          timeout: 600_000,
        },
      );
      rows.ptosc.push(pt.status === 0 ? (performance.now() - t0) / 1000 : NaN);
      if (pt.status !== 0 && r === 0)
        console.log(`  pt-online-schema-change failed on ${s.label}: ${(pt.stderr || pt.stdout).split('\n').slice(-4).join(' ')}`);
    }
  } finally {
    await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await conn.end();
  }
  const f = (x) => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(2)} s`);
  console.log(`${s.label}: ai_generations copy, ${(bytes / 1024 / 1024).toFixed(1)} MB, 64 000 rows, median of ${runs}`);
  console.log(`  planner's read-rate estimate of one pass : ${f(median(rows.sample))}`);
  console.log(`  full read                                : ${f(median(rows.full))}`);
  console.log(`  ALTER TABLE … PARTITION BY (copy)        : ${f(median(rows.alter))}`);
  console.log(`  pt-online-schema-change, same alter      : ${f(median(rows.ptosc))}`);
  console.log(`  copy / read-rate estimate                : ${(median(rows.alter) / median(rows.sample)).toFixed(1)}×`);
}
