/**
 * Generated MySQL slow logs (long_query_time = 0, log_slow_extra = ON: `Start:` with microseconds,
 * `Id:`/`Thread_id:` per entry, as MySQL 9.7 writes them) with read-after-write pairs planted on
 * known connections, and a control log whose reads never follow a write on their own connection
 * within the window. Deterministic (seeded), so a test knows exactly what it planted.
 */
import { rng } from '../engines/bench/stats';

/** One statement to write. */
interface Entry {
  thread: number;
  startMs: number;
  durationMs: number;
  sql: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** The text of a slow log holding `entries` in start order. */
export function slowLogText(entries: readonly Entry[]): string {
  const out = [
    '/usr/sbin/mysqld, Version: 9.7.4-2 (Debian). started with:',
    'Tcp port: 3308  Unix socket: /run/mysqld-test/mysqld.sock',
    'Time                 Id Command    Argument',
  ];
  for (const e of [...entries].sort((a, b) => a.startMs - b.startMs)) {
    const end = e.startMs + e.durationMs;
    out.push(
      `# Time: ${iso(end)}`,
      `# User@Host: app[app] @ localhost [127.0.0.1]  Id: ${String(e.thread).padStart(5)}`,
      `# Query_time: ${(e.durationMs / 1000).toFixed(6)}  Lock_time: 0.000001 Rows_sent: 1  Rows_examined: 1 Thread_id: ${e.thread} Errno: 0 Killed: 0 Bytes_received: ${e.sql.length} Bytes_sent: 100  Start: ${iso(e.startMs)} End: ${iso(end)}`,
      `SET timestamp=${Math.floor(e.startMs / 1000)};`,
      `${e.sql};`,
    );
  }
  return out.join('\n') + '\n';
}

/** Reads of the co-writing workload that no planted write touches first. */
const PLAIN_READS = [
  (n: number) => `SELECT id, username, email, full_name, avatar_url, role, created_at, last_login_at FROM users WHERE id = ${n}`,
  (n: number) => `SELECT p.id, p.name, p.type, p.status FROM projects p WHERE p.user_id = ${n} ORDER BY p.updated_at DESC LIMIT 20 OFFSET 0`,
  (n: number) => `SELECT id, status, generated_content, metadata, completed_at FROM ai_generations WHERE id = ${n}`,
];
/** The planted write and the read of the same row that follows it. */
export const PLANTED_WRITE = (n: number) => `UPDATE documents SET content = 'v${n}', updated_at = NOW() WHERE id = ${n}`;
/** The read that follows the planted write. */
export const PLANTED_READ = (n: number) =>
  `SELECT d.id, d.title, d.content, d.format, d.status, d.metadata, d.created_at, d.updated_at FROM documents d WHERE d.id = ${n}`;
/** A locking read, which stays on the primary whatever follows it. */
export const LOCKING_READ = (n: number) =>
  `SELECT id, version_number FROM document_versions WHERE document_id = ${n} ORDER BY version_number DESC LIMIT 1 FOR UPDATE`;
/** A write to versions, and the insert id read that must stay on the connection. */
export const INSERT_VERSION = (n: number) => `INSERT INTO document_versions (document_id, version_number, content, created_by) VALUES (${n}, 2, 'x', 1)`;

/** What a generated log holds. */
export interface GeneratedLog {
  text: string;
  /** Pairs planted: write → read on the same connection within `gapMs`. */
  planted: number;
  /** Connections that carry planted pairs. */
  threads: number[];
  entries: number;
}

/**
 * A log of `threads` connections over `seconds`: plain reads everywhere; on the first `pairThreads`
 * connections `pairs` planted write→read pairs, the read `gapMs` after the write; writes on other
 * connections are read on a different connection (not a pair), and the planted read class also
 * runs on connections with no write.
 */
export function plantedLog(
  opts: { seed?: number; threads?: number; pairThreads?: number; pairs?: number; gapMs?: number; seconds?: number; readsPerThread?: number } = {},
): GeneratedLog {
  const r = rng(opts.seed ?? 17);
  const threads = opts.threads ?? 8;
  const pairThreads = opts.pairThreads ?? 2;
  const pairs = opts.pairs ?? 12;
  const gap = opts.gapMs ?? 20;
  const t0 = Date.parse('2026-12-06T10:00:00Z');
  const span = (opts.seconds ?? 60) * 1000;
  const entries: Entry[] = [];
  const busy = new Map<number, number>();
  const add = (thread: number, at: number, durationMs: number, sql: string) => {
    const start = Math.max(at, busy.get(thread) ?? 0);
    entries.push({ thread, startMs: start, durationMs, sql });
    busy.set(thread, start + durationMs + 1);
    return start + durationMs;
  };
  for (let th = 1; th <= threads; th++) {
    for (let i = 0; i < (opts.readsPerThread ?? 40); i++)
      add(100 + th, t0 + Math.floor(r() * span), 1 + Math.floor(r() * 8), PLAIN_READS[i % PLAIN_READS.length]!(1 + Math.floor(r() * 500)));
  }
  const pairThreadIds: number[] = [];
  for (let p = 0; p < pairs; p++) {
    const th = 101 + (p % pairThreads);
    if (!pairThreadIds.includes(th)) pairThreadIds.push(th);
    const doc = 1000 + p;
    const end = add(th, t0 + Math.floor(((p + 0.5) * span) / pairs), 3, PLANTED_WRITE(doc));
    add(th, end + gap, 2, PLANTED_READ(doc));
  }
  // The read class alone, on connections that write nothing.
  for (let i = 0; i < pairs * 3; i++) add(100 + pairThreads + 1 + (i % (threads - pairThreads)), t0 + Math.floor(r() * span), 2, PLANTED_READ(2000 + i));
  // A write on one connection read on another at once: replicas see the same race, but that is no read-your-writes pair.
  add(150, t0 + span / 3, 3, PLANTED_WRITE(3000));
  add(151, t0 + span / 3 + 5, 2, PLANTED_READ(3000));
  // A locking read, an insert and its LAST_INSERT_ID().
  const end = add(101, t0 + span / 2 + 500, 2, LOCKING_READ(7));
  const end2 = add(101, end + 1, 3, INSERT_VERSION(7));
  add(101, end2 + 1, 1, 'SELECT LAST_INSERT_ID()');
  return { text: slowLogText(entries), planted: pairs, threads: pairThreadIds, entries: entries.length };
}

/** The same workload with no read following a write on its own connection within `windowMs`. */
export function controlLog(opts: { seed?: number; windowMs?: number } = {}): GeneratedLog {
  const r = rng(opts.seed ?? 23);
  const t0 = Date.parse('2026-12-06T11:00:00Z');
  const window = opts.windowMs ?? 1000;
  const entries: Entry[] = [];
  for (let i = 0; i < 300; i++)
    entries.push({ thread: 200 + (i % 6), startMs: t0 + i * 200 + Math.floor(r() * 50), durationMs: 2, sql: PLAIN_READS[i % 3]!(i) });
  for (let i = 0; i < 10; i++) {
    const at = t0 + 70_000 + i * 10_000;
    // Read first, then the write; the next read on that connection comes well after the window.
    entries.push({ thread: 300, startMs: at, durationMs: 2, sql: PLANTED_READ(i) });
    entries.push({ thread: 300, startMs: at + 10, durationMs: 3, sql: PLANTED_WRITE(i) });
    entries.push({ thread: 300, startMs: at + 10 + window * 3, durationMs: 2, sql: PLANTED_READ(i) });
    // A write to another table, followed by a read of documents: no table in common.
    entries.push({ thread: 301, startMs: at, durationMs: 3, sql: `UPDATE users SET last_login_at = NOW() WHERE id = ${i}` });
    entries.push({ thread: 301, startMs: at + 6, durationMs: 2, sql: PLANTED_READ(i) });
  }
  return { text: slowLogText(entries), planted: 0, threads: [], entries: entries.length };
}
