// The benchmark's real-server logs: each format users have, taken from what a server wrote and
// grown to the wanted size with shifted literals (so no copy repeats a statement byte for byte).
//
// - mariadb: what the sandbox MariaDB 10.11 writes to its own slow log while a co-writing read
//   workload runs on it with long_query_time=0 and log_slow_verbosity=query_plan,explain set for
//   the workload's session only (nothing global changes);
// - mysql-extra: what the sandbox MySQL 9.7 (log_slow_extra=ON) writes during the same workload;
// - mysql-default: that MySQL log with the log_slow_extra attributes cut from each
//   `# Query_time:` line, which leaves the line MySQL writes by default;
// - percona: the Percona Server samples of ../shared/corpus/slowlogs/percona that carry its
//   extended attributes (Full_scan, QC_Hit, InnoDB_*...), concatenated.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every format the benchmark knows, in the order it prints them. */
export const FORMATS = ['mariadb', 'mysql-default', 'mysql-extra', 'percona'];

const sandboxDir = process.env.DBW_SANDBOX_DIR ?? join(tmpdir(), 'dbw-sandbox');
const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);
const mysqlPort = Number(process.env.DBW_MYSQL_PORT ?? 3308);
const mysqlChroot = process.env.MYSQL_CHROOT ?? join(tmpdir(), 'mysql-sid-chroot');
/** Statements the workload sends per server (under a minute on a loaded machine). */
const WORKLOAD_STATEMENTS = 600;

/** The co-writing workload's read queries with their placeholders bound to plausible values. */
function workloadSql(corpusDir, n) {
  const text = readFileSync(join(corpusDir, 'cowrite/workload.sql'), 'utf8');
  const queries = [...text.matchAll(/^-- [\w_]+ \| \d+ \| \d+ms\n([^\n]+;)/gm)].map((m) => m[1]).filter((q) => /^\s*select/i.test(q));
  if (queries.length === 0) throw new Error('no SELECT in cowrite/workload.sql');
  let s = 7;
  const r = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const out = [];
  for (let i = 0; i < n; i++) {
    const q = queries[i % queries.length];
    out.push(
      q.replace(/\?/g, (_m, at) => {
        const before = q.slice(Math.max(0, at - 30), at).toLowerCase();
        if (/like\s*$/.test(before)) return "'%review%'";
        if (/(token_hash|email|username)\s*=\s*$/.test(before)) return `'user${Math.floor(r() * 2000)}'`;
        if (/(_at)\s*[<>]=?\s*$/.test(before)) return `'2026-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)} 00:00:00'`;
        if (/(limit|offset)\s*$/.test(before)) return String(10 + Math.floor(r() * 3) * 10);
        return String(1 + Math.floor(r() * 30000));
      }),
    );
  }
  return out.join('\n') + '\n';
}

/** Runs the read workload on one sandbox server through the mysql client (reads only). */
function runWorkload(port, sessionSql, corpusDir) {
  const sql = `${sessionSql}\nUSE cowrite;\n${workloadSql(corpusDir, WORKLOAD_STATEMENTS)}`;
  execFileSync('mysql', ['-h127.0.0.1', `-P${port}`, '-uroot', '--batch', '--silent'], {
    input: sql,
    stdio: ['pipe', 'ignore', 'inherit'],
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Size of a server's slow log (it must exist: the sandbox servers log every statement). */
function sizeOf(path) {
  if (!existsSync(path)) throw new Error(`${path} is missing: is the sandbox server running (scripts/sandbox/sandbox.sh start)?`);
  return statSync(path).size;
}

/**
 * What the server wrote to its slow log from byte `from` on (the workload's entries, with whatever
 * other sessions logged meanwhile), from its first entry start to the last complete entry.
 */
function writtenSince(path, from) {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const buf = Buffer.alloc(Math.max(0, size - from));
  const n = readSync(fd, buf, 0, buf.length, from);
  closeSync(fd);
  const text = buf.subarray(0, n);
  const starts = ['\n# Time:', '\n# User@Host:'].map((m) => text.indexOf(m)).filter((i) => i >= 0);
  const start = starts.length ? Math.min(...starts) + 1 : -1;
  const end = text.lastIndexOf('\n# Time:') + 1;
  if (start <= 0 || end <= start) throw new Error(`the workload left no complete entry in ${path}`);
  return text.subarray(start, end);
}

/** Runs the workload on a server and returns the slow-log bytes it wrote. */
function workloadLog(path, port, sessionSql, corpusDir) {
  const before = sizeOf(path);
  runWorkload(port, sessionSql, corpusDir);
  return writtenSince(path, before);
}

/** The base copy of a format: real server (or Percona sample) output, unshifted. */
export function baseOf(format, corpusDir) {
  if (format === 'mariadb') {
    const session = "SET SESSION long_query_time=0, log_slow_verbosity='query_plan,explain';";
    return workloadLog(join(sandboxDir, `mariadb-${mariadbPort}`, 'slow.log'), mariadbPort, session, corpusDir);
  }
  if (format === 'mysql-extra' || format === 'mysql-default') {
    const log = workloadLog(join(mysqlChroot, 'var/log/mysql-test/slow.log'), mysqlPort, 'SET SESSION long_query_time=0;', corpusDir);
    if (!/^# Query_time: .* Thread_id: /m.test(log.subarray(0, 65536).toString('latin1'))) {
      throw new Error('the sandbox MySQL slow log has no log_slow_extra attributes (is log_slow_extra=ON?)');
    }
    if (format === 'mysql-extra') return log;
    return Buffer.from(
      log.toString('latin1').replace(/^(# Query_time: \S+ {2}Lock_time: \S+ Rows_sent: \d+ {2}Rows_examined: \d+) Thread_id: .*$/gm, '$1'),
      'latin1',
    );
  }
  if (format === 'percona') {
    const dir = join(corpusDir, 'slowlogs/percona');
    const parts = [];
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.gz')) continue;
      const text = readFileSync(join(dir, name), 'latin1');
      if (!/^# (QC_Hit|Full_scan|Last_errno|Bytes_sent|InnoDB_IO_r_ops)/m.test(text)) continue;
      parts.push(text.endsWith('\n') ? text : `${text}\n`);
    }
    return Buffer.from(parts.join(''), 'latin1');
  }
  throw new Error(`bad format ${format} (one of ${FORMATS.join(', ')})`);
}

/** Copy `k` of a base: every number in a statement line (not a `#` header line) moved by k. */
function shifted(baseText, k) {
  if (k === 0) return baseText;
  return baseText.replace(/^(?!#).*$/gm, (line) => (line.startsWith('SET timestamp=') ? line : line.replace(/\b\d{1,12}\b/g, (d) => String(Number(d) + k))));
}

/** Writes `path` (about `size` bytes): the base, then shifted copies of it. Returns the base's size. */
export function growLog(path, base, size) {
  const text = base.toString('latin1');
  const tmp = `${path}.part`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  for (let k = 0; written < size; k++) {
    const copy = Buffer.from(shifted(text, k), 'latin1');
    writeSync(fd, copy);
    written += copy.length;
  }
  closeSync(fd);
  renameSync(tmp, path);
  return base.length;
}
