// Verified backup benchmark, against the peer on the same data in the same run. Builds a
// cowrite-shaped database dbw_bk_bench from the sandbox's cowrite (the two largest tables,
// ai_generations and document_versions, repeated --scale times with shifted ids; on MySQL its
// DEFAULT CURRENT_TIMESTAMP columns lose the default, so that mydumper 0.10 dumps them), then times:
//   (1) `dbw backup --tool mysqldump --verify`: mariadb-dump + restore into a scratch database + row checksums, compared;
//   (2) `dbw backup --tool mydumper --verify`: the same with mydumper/myloader (where the product allows mydumper);
//   (3) the peer: mydumper dump + myloader restore + CHECKSUM TABLE of every restored table (no comparison) + dropping the copy;
//       its copy is then checked against the source with the product's checksum, untimed; with --ssl where the server
//       offers TLS (MySQL 9.7 here), which dbw and the mariadb clients use there by default.
// --classic also times, untimed against the target, what a DBA does without mydumper and which gives a right copy on
//   both servers: mariadb-dump | gzip -1 to a file, gunzip -c | mariadb into a copy, CHECKSUM TABLE of source and copy
//   (one server, so the values compare), compared, the copy dropped.
// Odd rounds run the peer first, even rounds dbw first; with --before, an earlier build's (1) and (2) run after this build's;
// --rounds N repeats the whole sequence N times (the machine's speed drifts between runs).
// (1) restores the dump while it is written, so its stages overlap: they add up to more than its total.
// Prints the source size, seconds and MB/s of each, its stages and its ratio to the peer. Drops everything it created.
//   node bench/backup/run.mjs [--scale 4] [--rounds N] [--tools mysqldump,mydumper] [--mysql] [--classic] [--before OTHER/bin/dbw.mjs]   (needs `npm run build` for dist/cli.mjs)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as bundle } from 'esbuild';
import mysql from 'mysql2/promise';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const scale = Math.max(1, Number(arg('--scale') || 4) || 4);
const rounds = Math.max(1, Number(arg('--rounds') || 1) || 1);
// --tools mysqldump,mydumper: which of dbw's verified backups to time (both by default).
const tools = (arg('--tools') || 'mysqldump,mydumper').split(',').filter((t) => t === 'mysqldump' || t === 'mydumper');
const servers = [{ label: 'MariaDB 10.11', port: Number(process.env.DBW_MARIADB_PORT ?? 3307) }];
if (process.argv.includes('--mysql')) servers.push({ label: 'MySQL 9.7', port: Number(process.env.DBW_MYSQL_PORT ?? 3308) });
const DB = 'dbw_bk_bench';
// --before PATH: an earlier build's bin/dbw.mjs (a checkout of an earlier commit), timed in the same run.
const builds = [{ label: '', path: 'bin/dbw.mjs' }];
if (arg('--before')) builds.push({ label: ' (before)', path: arg('--before') });
const PEER = 'dbw_bk_bench_peer';
const CLASSIC = 'dbw_bk_bench_classic';
const classic = process.argv.includes('--classic');
const SCALED = ['ai_generations', 'document_versions'];

// The product's table checksum (rows, CRC32 sum, normalised definition), to check the peer's copy untimed.
async function loadChecksum() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  mkdirSync(join(root, 'bench/.data'), { recursive: true });
  const tmp = mkdtempSync(join(root, 'bench/.data/backup-'));
  try {
    const out = join(tmp, 'code.mjs');
    await bundle({
      entryPoints: [join(root, 'electron/connections/collectors/backup.collector.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      logLevel: 'error',
      external: ['mysql2', 'mysql2/*'],
    });
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
const { collectBaseTables, collectTableChecksum } = await loadChecksum();
const readerOf = (conn) => ({ query: async (sql, params) => (await conn.query(sql, params))[0] });

/** Tables of `copy` whose rows, checksum or definition differ from `source`'s (the product's definition). */
async function differing(conn, source, copy) {
  const r = readerOf(conn);
  const [a, b] = [await collectBaseTables(r, source), await collectBaseTables(r, copy)];
  const out = a.filter((t) => !b.includes(t)).map((t) => `${t} (missing)`);
  for (const t of a.filter((x) => b.includes(x))) {
    const [x, y] = [await collectTableChecksum(r, source, t), await collectTableChecksum(r, copy, t)];
    const what = [x.rows !== y.rows && 'rows', x.checksum !== y.checksum && 'checksum', x.definition !== y.definition && 'definition'].filter(Boolean);
    if (what.length) out.push(`${t} (${what.join(', ')})`);
  }
  return out;
}

const run = (program, args, env = {}) => {
  const t0 = performance.now();
  const r = spawnSync(program, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return { s: (performance.now() - t0) / 1000, code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
};

async function build(conn) {
  await conn.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  await conn.query(`CREATE DATABASE \`${DB}\``);
  const [tables] = await conn.query("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'cowrite' AND TABLE_TYPE = 'BASE TABLE'");
  for (const { t } of tables) await conn.query(`CREATE TABLE \`${DB}\`.\`${t}\` LIKE cowrite.\`${t}\``);
  const defaults = await constantDefaults(conn);
  for (const { t } of tables) {
    await conn.query(`INSERT INTO \`${DB}\`.\`${t}\` SELECT * FROM cowrite.\`${t}\``);
    if (!SCALED.includes(t)) continue;
    const [cols] = await conn.query(
      'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      ['cowrite', t],
    );
    const [[{ m }]] = await conn.query(`SELECT MAX(id) AS m FROM cowrite.\`${t}\``);
    for (let k = 1; k < scale; k++) {
      const list = cols.map(({ c }) => (c === 'id' ? `id + ${Number(m) * k}` : `\`${c}\``)).join(', ');
      await conn.query(`INSERT INTO \`${DB}\`.\`${t}\` SELECT ${list} FROM cowrite.\`${t}\``);
    }
  }
  const [[{ b }]] = await conn.query('SELECT SUM(DATA_LENGTH + INDEX_LENGTH) AS b FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [DB]);
  return { mb: Number(b) / 1048576, defaults };
}

/**
 * mydumper 0.10 leaves out of its dump every column whose EXTRA says GENERATED, and MySQL 8+ says
 * DEFAULT_GENERATED of a `DEFAULT CURRENT_TIMESTAMP` column: its copy of cowrite on MySQL lacks every
 * created_at. So that the peer copies the same rows as dbw (and its time is for the same work), those
 * columns of the still empty dbw_bk_bench are redefined without that default (MySQL keeps the flag
 * through a DROP DEFAULT); the rows loaded after are cowrite's. MariaDB reports no such EXTRA, so
 * nothing changes there. Returns the columns changed.
 */
async function constantDefaults(conn) {
  const [cols] = await conn.query(
    "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND EXTRA LIKE '%DEFAULT_GENERATED%' ORDER BY 1, 2",
    [DB],
  );
  for (const { t, c, type, nullable } of cols) {
    await conn.query(`ALTER TABLE \`${DB}\`.\`${t}\` MODIFY \`${c}\` ${type} ${nullable === 'YES' ? 'NULL' : 'NOT NULL'}`);
  }
  return cols.map(({ t, c }) => `${t}.${c}`);
}

function line(label, mb, s, note = '') {
  console.log(`  ${label.padEnd(44)} ${s.toFixed(1).padStart(7)} s  ${(mb / s).toFixed(1).padStart(6)} MB/s${note ? `  ${note}` : ''}`);
}

/** The last line a failed command printed. */
const lastLine = (...outs) => outs.join('').trim().split('\n').pop();

/**
 * The peer: mydumper dump + myloader restore + CHECKSUM TABLE of the copy + dropping it, as a DBA would
 * script it. Prints its line; resolves to its seconds, or null when a tool failed.
 */
async function timePeer(conn, connArgs, work, mb, tls) {
  const common = [...connArgs, '--threads=2', ...(tls ? ['--ssl'] : [])];
  const dump = run('mydumper', [
    ...common,
    `--database=${DB}`,
    `--outputdir=${join(work, 'peer')}`,
    '--trx-consistency-only',
    '--compress',
    '--triggers',
    '--events',
    '--routines',
  ]);
  await conn.query(`DROP DATABASE IF EXISTS \`${PEER}\``);
  const load = run('myloader', [...common, `--directory=${join(work, 'peer')}`, `--source-db=${DB}`, `--database=${PEER}`]);
  const [tables] = await conn.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [PEER]);
  const t0 = performance.now();
  if (tables.length) await conn.query(`CHECKSUM TABLE ${tables.map(({ t }) => `\`${PEER}\`.\`${t}\``).join(', ')}`);
  const sum = (performance.now() - t0) / 1000;
  // Untimed: is the peer's copy the source? (mydumper 0.10 on MySQL 8+ leaves out DEFAULT CURRENT_TIMESTAMP columns.)
  const wrong = load.code === 0 ? await differing(conn, DB, PEER) : [];
  // Dropping the restored copy is part of a verification (dbw drops its scratch database in its time).
  const t1 = performance.now();
  await conn.query(`DROP DATABASE IF EXISTS \`${PEER}\``);
  const drop = (performance.now() - t1) / 1000;
  if (dump.code !== 0 || load.code !== 0) {
    console.log(`  peer failed: ${lastLine(dump.err, load.err)}`);
    return null;
  }
  const seconds = dump.s + load.s + sum + drop;
  const copy = wrong.length ? `its copy differs from the source in ${wrong.length} table(s): ${wrong.join(', ')}` : 'its copy equals the source';
  line(
    'peer: mydumper + myloader + CHECKSUM TABLE + drop',
    mb,
    seconds,
    `dump ${dump.s.toFixed(1)} s, restore ${load.s.toFixed(1)} s, checksum ${sum.toFixed(1)} s, drop ${drop.toFixed(1)} s; ${copy}`,
  );
  return seconds;
}

/**
 * The classic (--classic): mariadb-dump | gzip -1 to a file, gunzip -c | mariadb into a copy, CHECKSUM
 * TABLE of source and copy (one server, so the values compare), the copy dropped. Resolves to its seconds or null.
 */
async function timeClassic(conn, connArgs, work, mb) {
  const file = join(work, 'classic.sql.gz');
  const q = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  const client = connArgs.map(q).join(' ');
  const sh = (script) => run('bash', ['-o', 'pipefail', '-c', script]);
  const dump = sh(`mariadb-dump ${client} --single-transaction --routines --triggers --events ${DB} | gzip -1 > ${q(file)}`);
  await conn.query(`DROP DATABASE IF EXISTS \`${CLASSIC}\``);
  const t0 = performance.now();
  await conn.query(`CREATE DATABASE \`${CLASSIC}\``);
  const load = sh(`gunzip -c ${q(file)} | mariadb ${client} ${CLASSIC}`);
  const [names] = await conn.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [DB]);
  const list = (schema) => names.map(({ t }) => `\`${schema}\`.\`${t}\``).join(', ');
  const [a] = await conn.query(`CHECKSUM TABLE ${list(DB)}`);
  const [b] = await conn.query(`CHECKSUM TABLE ${list(CLASSIC)}`);
  const same = a.length === b.length && a.every((r, i) => String(r.Checksum) === String(b[i].Checksum));
  await conn.query(`DROP DATABASE IF EXISTS \`${CLASSIC}\``);
  const rest = (performance.now() - t0) / 1000 - load.s;
  if (dump.code !== 0 || load.code !== 0) {
    console.log(`  classic failed: ${lastLine(dump.err, load.err)}`);
    return null;
  }
  const seconds = dump.s + load.s + rest;
  line(
    'classic: mariadb-dump|gzip, gunzip|mariadb',
    mb,
    seconds,
    `dump ${dump.s.toFixed(1)} s, restore ${load.s.toFixed(1)} s, create + checksums + drop ${rest.toFixed(1)} s; checksums ${same ? 'equal' : 'DIFFER'}`,
  );
  return seconds;
}

/** One `dbw backup --verify` of a build: its label, seconds and JSON, or null (its failure printed). */
function timeDbw(b, tool, url, work, env) {
  const label = `dbw${b.label} --tool ${tool} --verify`;
  const r = run(
    process.execPath,
    [b.path, 'backup', '--connection', url, '--database', DB, '--out', join(work, tool), '--tool', tool, '--verify', '--json'],
    env,
  );
  if (r.code !== 0 && r.code !== 1) {
    console.log(`  ${label}: ${lastLine(r.err)}`);
    return null;
  }
  return { label, s: r.s, j: JSON.parse(r.out) };
}

/** A dbw run's line, with its ratios to the round's peer and classic. */
function dbwLine(mb, { label, s, j }, peer, classicS) {
  const v = j.verification;
  // The source's checksums run alongside the dump (in its snapshot) where the build can; this is what is left after the dump.
  const sourceSums = Math.max(0, Date.parse(j.manifest.checksumsAt) - Date.parse(j.manifest.startedAt) - j.manifest.durationMs) / 1000;
  const c = j.manifest.consistency;
  const lock = c ? (c.checksums === 'dump-snapshot' ? `, commits held ${c.lockMs} ms` : `, checksums after the dump (${c.reason})`) : '';
  line(
    label,
    mb,
    s,
    `verified=${j.verified}${lock}; dump ${(j.manifest.durationMs / 1000).toFixed(1)} s, source checksums after it ${sourceSums.toFixed(1)} s, restore ${(v.restoreMs / 1000).toFixed(1)} s, checksums ${(v.checksumMs / 1000).toFixed(1)} s, ${(j.manifest.bytes / 1048576).toFixed(0)} MB on disk${peer ? `; ${(peer / s).toFixed(2)}x the peer's throughput` : ''}${classicS ? ` (${(classicS / s).toFixed(2)}x the classic's)` : ''}`,
  );
}

for (const s of servers) {
  let conn;
  try {
    conn = await mysql.createConnection({ host: '127.0.0.1', port: s.port, user: 'root', password: '' });
  } catch (e) {
    console.log(`${s.label}: not reachable (${e.message})`);
    continue;
  }
  const work = mkdtempSync(join(tmpdir(), 'dbw-bk-bench-'));
  try {
    const { mb, defaults } = await build(conn);
    console.log(`${s.label}: ${DB}, ${mb.toFixed(0)} MB of data and indexes (cowrite with its two largest tables x${scale})`);
    if (defaults.length) {
      console.log(
        `  DEFAULT CURRENT_TIMESTAMP dropped from ${defaults.length} column(s) (${defaults.join(', ')}), which mydumper 0.10 leaves out of its dump on this server; the rows are the same`,
      );
    }
    const url = `mysql://root@127.0.0.1:${s.port}/`;
    const env = { DBW_WORKSPACE: join(work, 'workspace') };
    const cnf = join(work, 'peer.cnf');
    writeFileSync(cnf, '[client]\nuser=root\npassword=\n', { mode: 0o600 });
    const connArgs = [`--defaults-file=${cnf}`, '--host=127.0.0.1', `--port=${s.port}`];
    // dbw's connections and the mariadb clients (dbw's tools and the classic's) use TLS when the
    // server offers it; mydumper 0.10 and myloader connect in plain text unless told --ssl. The
    // peer is given --ssl where the server has TLS, so both sides encrypt the same bytes.
    const [[tlsRow]] = await conn.query("SHOW GLOBAL STATUS LIKE 'Ssl_server_not_after'");
    const tls = Boolean(tlsRow?.Value);
    if (tls) console.log('  the server offers TLS: the peer connects with --ssl, as dbw and the mariadb clients do by default');
    // Per timed command, each round's seconds and ratios to that round's peer (and classic): the medians are printed last.
    const summary = new Map();
    const peerTimes = [];
    const classicTimes = [];
    const references = async () => {
      const peer = await timePeer(conn, connArgs, work, mb, tls);
      const classicS = classic ? await timeClassic(conn, connArgs, work, mb) : null;
      if (peer !== null) peerTimes.push(peer);
      if (classicS !== null) classicTimes.push(classicS);
      return { peer, classicS };
    };
    for (let round = 1; round <= rounds; round++) {
      // Odd rounds time the peer first, even rounds dbw first: a run may leave the server busier for the next.
      const peerFirst = round % 2 === 1;
      if (rounds > 1) console.log(`  round ${round} of ${rounds}, ${peerFirst ? 'the peer' : 'dbw'} first`);
      for (const d of ['peer', 'mysqldump', 'mydumper']) rmSync(join(work, d), { recursive: true, force: true });
      const first = peerFirst ? await references() : null;
      const runs = builds.flatMap((b) => tools.map((tool) => timeDbw(b, tool, url, work, env))).filter(Boolean);
      // dbw's lines print once the round's peer time is known.
      const { peer, classicS } = first ?? (await references());
      for (const r of runs) {
        const v = summary.get(r.label) ?? { s: [], ratio: [], classic: [] };
        summary.set(r.label, v);
        v.s.push(r.s);
        if (peer) v.ratio.push(peer / r.s);
        if (classicS) v.classic.push(classicS / r.s);
        dbwLine(mb, r, peer, classicS);
      }
    }
    if (rounds > 1) {
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
      console.log(`  medians over ${rounds} rounds (lower median):`);
      if (peerTimes.length) line('peer', mb, median(peerTimes));
      if (classicTimes.length) line('classic', mb, median(classicTimes));
      for (const [label, v] of summary)
        if (v.s.length)
          line(
            label,
            mb,
            median(v.s),
            (v.ratio.length ? `${median(v.ratio).toFixed(2)}x the peer's throughput (rounds: ${v.ratio.map((x) => x.toFixed(2)).join(', ')})` : '') +
              (v.classic.length ? `; ${median(v.classic).toFixed(2)}x the classic's` : ''),
          );
    }
  } finally {
    await conn.query(`DROP DATABASE IF EXISTS \`${DB}\``).catch(() => undefined);
    await conn.query(`DROP DATABASE IF EXISTS \`${PEER}\``).catch(() => undefined);
    await conn.query(`DROP DATABASE IF EXISTS \`${CLASSIC}\``).catch(() => undefined);
    await conn.end();
    rmSync(work, { recursive: true, force: true });
  }
}
