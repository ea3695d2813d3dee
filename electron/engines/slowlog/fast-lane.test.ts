import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDigester, type DigestOptions, type Digester } from './digester';
import { laneProbes, MAX_CLASS_IDS } from './lane-scan';
import { stateJson } from './testing/state-json';
import { corpusPath } from '../../testing/paths';

/**
 * The digester's fast lane reads the common MySQL entry shape in place; it must leave exactly the
 * state the general path leaves. Each case digests the same bytes with the lane on and off (in
 * different chunkings) and compares the whole state: classes, aggregates in Map order (bucket
 * counts sorted by bucket: the lane scanner gives busy aggregates' counts back in bucket order),
 * samples, series, N+1 runs, warnings.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Chunk sizes for a digest: mostly a few KB, now and then tiny. */
function chunks(input: Buffer, r: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < input.length;) {
    const n = 1 + Math.floor(r() * (r() < 0.2 ? 64 : 8192));
    out.push(input.subarray(i, Math.min(input.length, i + n)));
    i += n;
  }
  return out;
}

interface Dump {
  json: string;
  events: number;
  fastEvents: number;
  laneValues: number;
}

function digestJson(d: Digester): Dump {
  const { fastEvents, laneValues } = d.progress();
  const s = d.end();
  return { json: stateJson(s), events: s.parsedEvents, fastEvents, laneValues };
}

function dump(input: Buffer, options: DigestOptions, r: () => number): Dump {
  const d = createDigester(options);
  for (const c of chunks(input, r)) d.push(c);
  return digestJson(d);
}

/** Entries of the lane's shape only, all of a few classes: the busy classes the lane scanner aggregates. */
function plainLog(r: () => number, entries: number, startMs: number): Buffer {
  let out = '';
  let ms = startMs;
  for (let i = 0; i < entries; i++) {
    const start = ms;
    ms += Math.floor(r() * 50);
    const thread = 100 + Math.floor(r() * 4);
    const iso = (t: number): string => new Date(t).toISOString().replace('Z', '') + String(Math.floor(r() * 1000)).padStart(3, '0') + 'Z';
    // Now and then a value that is not a plain decimal: the aggregate comes back to JavaScript.
    const n = (): string => (r() < 0.0005 ? '1e3' : String(r() < 0.5 ? Math.floor(r() * 10) : Math.floor(r() * 100_000)));
    out += `# Time: ${iso(ms)}
# User@Host: app[app] @ app1.internal [10.0.1.${thread}]  Id: ${String(thread).padStart(6)}
`;
    out += `# Query_time: ${(r() * 0.2).toFixed(6)}  Lock_time: ${(r() * 0.001).toFixed(6)} Rows_sent: ${n()}  Rows_examined: ${n()} Thread_id: ${thread} Errno: 0 Bytes_sent: ${n()} Start: ${iso(start)} End: ${iso(ms)}
`;
    out += `SET timestamp=${Math.floor(start / 1000)};
${STATEMENTS[Math.floor(r() * 3)]};
`;
  }
  return Buffer.from(out, 'latin1');
}

const STATEMENTS = [
  "SELECT id, username FROM users WHERE username = 'user12' OR email = 'u@example.com'",
  'SELECT * FROM documents WHERE owner_id = 42 ORDER BY updated_at DESC LIMIT 20',
  'SELECT content FROM document_contents WHERE document_id = 981 AND version = 3',
  "UPDATE sessions SET last_seen = '2026-11-20 08:00:00' WHERE token_hash = 'ab12'",
  "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')",
  "INSERT INTO t (a) VALUES ('a)b')",
  "SELECT 'values' FROM t",
  'SELECT "double" FROM t WHERE a = 1',
  "SELECT a FROM t WHERE b = 'it\\'s'",
  'SELECT /* hint */ a FROM t WHERE id = 7',
  'SELECT a FROM t -- trailing\nWHERE id = 8',
  'select a\nfrom t\nwhere id in (1, 2, 3)',
  'CALL refresh_stats(5)',
  '  call other(1)',
  'administrator command: Ping',
  'SET NAMES utf8mb4',
  'SET timestamp=5',
  'use otherdb',
  '0',
  'SELECT 1',
  'SELECT a FROM t WHERE n = 1.5e3 AND x = 0x1F',
  "SELECT 'mysqld, Version: 8.0 started with:' FROM t",
  'SELECT a FROM t WHERE c = 5\r',
  "SELECT naïve FROM t WHERE c = 'é'",
];

const PAIR_NAMES = ['Query_time', 'Lock_time', 'Rows_sent', 'Rows_examined', 'Thread_id', 'Errno', 'Bytes_sent', 'Start', 'End', 'Full_scan'];

/** A MySQL 8 style slow log (log_slow_extra) with every variation the fast lane must refuse or read alike. */
function generateLog(r: () => number, entries: number): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  let ms = Date.UTC(2026, 10, 20, 8, 0, 0);
  const iso = (t: number): string => new Date(t).toISOString().replace('Z', '') + String(Math.floor(r() * 1000)).padStart(3, '0') + 'Z';
  let out = '';
  // Without log_slow_extra (MySQL's default) there is no Start: times come from `# Time:`.
  const defaultFormat = r() < 0.3;
  if (r() < 0.5)
    out +=
      '/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\nTcp port: 3306  Unix socket: /tmp/s\nTime                 Id Command    Argument\n';
  if (r() < 0.5) out += 'use cowrite;\n';
  for (let i = 0; i < entries; i++) {
    const start = ms;
    ms += Math.floor(r() * 5000);
    const thread = 100 + Math.floor(r() * 4);
    const roll = r();
    if (roll < 0.01)
      out +=
        '/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\nTcp port: 3306  Unix socket: /tmp/s\nTime                 Id Command    Argument\n';
    const time = (): string => {
      const x = r();
      if (x < 0.9) return iso(ms);
      if (x < 0.93) return '261120  8:00:01';
      if (x < 0.95) return '2026-11-20 08:00:01 x';
      if (x < 0.97) return `${iso(ms)}  12:00`;
      if (x < 0.98) return ` ${iso(ms)}`;
      return '2026-11-31T08:00:00.5Z';
    };
    if (r() < 0.9) out += `# Time: ${time()}\n`;
    if (r() < 0.02) out += `# Time: ${iso(ms)} # User@Host: odd[odd] @ h [1.2.3.4]\n`;
    if (r() < 0.95) {
      const id = r() < 0.1 ? 0 : thread;
      out += `# User@Host: ${pick(['app[app]', 'web[web]', '[anon]'])} @ ${pick(['app1.internal', '', 'db'])} [10.0.1.${thread}]  Id: ${String(id).padStart(6)}\n`;
    }
    let names = PAIR_NAMES.slice(0, defaultFormat ? 4 : r() < 0.95 ? 9 : 10);
    if (r() < 0.03) names = names.reverse();
    if (r() < 0.03) names = names.filter((_, k) => k !== 3);
    if (r() < 0.02) names.push('Schema');
    if (r() < 0.02) names.push('New_attr');
    if (r() < 0.01) names.push('Query_time');
    if (r() < 0.01) names.push('Log_slow_rate_limit');
    const value = (name: string): string => {
      if (r() < 0.01) return pick(['1e3', '0.5x', 'a:Schema:', '-1', '.5', '007', '']);
      if (name === 'Query_time' || name === 'Lock_time') return (r() * 0.2).toFixed(6);
      if (name === 'Start') return iso(start);
      if (name === 'End') return iso(ms);
      if (name === 'Full_scan') return r() < 0.5 ? 'Yes' : 'No';
      if (name === 'Thread_id') return String(thread);
      if (name === 'Schema') return pick(['cowrite', 'other']);
      return String(Math.floor(r() * 1000));
    };
    const pairs = names.map((n) => `${n}: ${value(n)}`);
    if (r() < 0.03) {
      const cut = Math.floor(pairs.length / 2);
      out += `# ${pairs.slice(0, cut).join('  ')}\n# ${pairs.slice(cut).join(' ')}\n`;
    } else out += `# ${pairs.join(r() < 0.5 ? ' ' : '  ')}${r() < 0.02 ? '  ' : ''}\n`;
    if (r() < 0.01) out += '# explain: id\tselect_type\ttable\n';
    if (r() < 0.03) out += `use ${pick(['cowrite;', 'other;', '`other`', 'a;b;'])}\n`;
    if (r() < 0.9) out += `SET timestamp=${r() < 0.02 ? 'x1' : Math.floor(start / 1000)};\n`;
    if (r() < 0.01) out += 'SET insert_id=5;\n';
    // An admin command as the entry's statement (`roll` decides it, so the other generators' draws stay as they were).
    if (roll > 0.98) {
      out += `# administrator command: ${['Quit', 'Ping', 'Quit\r'][Math.floor((roll - 0.98) * 150) % 3]};\n`;
      continue;
    }
    if (r() < 0.01) {
      // A header-only entry: pt reads the next chunk as its statement.
      continue;
    }
    out += `${r() < 0.8 ? pick(STATEMENTS.slice(0, 4)) : pick(STATEMENTS)};\n`;
  }
  return Buffer.from(out, 'latin1');
}

/**
 * A MariaDB 10.11 (`log_slow_verbosity=query_plan,explain`) or Percona Server style slow log:
 * several `Name: value` lines per entry, `# Time:` only now and then, a `Schema` pair, comment
 * lines (`#`, `# explain:`, `# No InnoDB statistics...`), and every variation the lane must refuse
 * or read alike (an empty or odd Schema, `use`, lines in another order, a new or repeated name,
 * a line the layout does not have, a `# Time:` line holding the User@Host, entries without one).
 */
function generateMultiLineLog(r: () => number, entries: number, odd = 1): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const percona = r() < 0.5;
  // Percona Server 5.5+ puts the thread id in the User@Host line and starts with `# Schema:`; 5.1 writes `# Thread_id:`.
  const idInUserHost = percona && r() < 0.5;
  let sec = Date.UTC(2026, 11, 6, 23, 0, 0) / 1000;
  const yymmdd = (t: number): string => {
    const d = new Date(t * 1000);
    const p2 = (n: number): string => String(n).padStart(2, '0');
    return `${p2(d.getUTCFullYear() % 100)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${r() < 0.5 ? p2(d.getUTCHours()) : String(d.getUTCHours()).padStart(2)}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  };
  const yesNo = (): string => (r() < 0.5 ? 'Yes' : 'No');
  const num = (): string =>
    r() < 0.005 * odd ? pick(['1e3', '0.5x', '-1', '.5', '007']) : String(r() < 0.5 ? Math.floor(r() * 10) : Math.floor(r() * 100_000));
  const time = (): string => (r() * 0.05).toFixed(6);
  let out = '';
  if (r() < 0.3)
    out +=
      '/usr/sbin/mariadbd, Version: 10.11.6-MariaDB (Debian). started with:\nTcp port: 3306  Unix socket: /run/mysqld/mysqld.sock\nTime\t\tId Command\tArgument\n';
  for (let i = 0; i < entries; i++) {
    const thread = 80 + Math.floor(r() * 4);
    if (r() < 0.3) {
      sec += 1 + Math.floor(r() * 3);
      out += r() < 0.03 * odd ? `# Time: ${yymmdd(sec)} # User@Host: odd[odd] @ h [1.2.3.4]\n` : `# Time: ${yymmdd(sec)}\n`;
    }
    if (r() > 0.03 * odd)
      out += `# User@Host: ${pick(['root[root]', 'app[app]', 'dbw_exporter[dbw_exporter]'])} @ ${pick(['localhost', '', 'app1'])} [${pick(['127.0.0.1', '10.0.0.7', ''])}]${idInUserHost ? `  Id: ${thread}` : ''}\n`;
    const schema = r() < 0.02 * odd ? pick(['', '`quoted`', 'a:b']) : pick(['cowrite', 'cowrite', 'other']);
    let lines: string[][] = percona
      ? [
          [...(idInUserHost ? [] : [`Thread_id: ${thread}`]), `Schema: ${schema}`, `Last_errno: 0`, `Killed: 0`],
          [`Query_time: ${time()}`, `Lock_time: ${time()}`, `Rows_sent: ${num()}`, `Rows_examined: ${num()}`, `Rows_affected: ${num()}`],
          [`Bytes_sent: ${num()}`, `Tmp_tables: 0`, `Tmp_disk_tables: 0`, `Tmp_table_sizes: ${num()}`],
          [`InnoDB_trx_id: ${pick(['839DE234', '839DE2A1', 'A1B2'])}`],
          [`QC_Hit: ${yesNo()}`, `Full_scan: ${yesNo()}`, `Full_join: No`, `Tmp_table: No`, `Tmp_table_on_disk: No`],
          [`Filesort: ${yesNo()}`, `Filesort_on_disk: No`, `Merge_passes: 0`],
          [`InnoDB_IO_r_ops: ${num()}`, `InnoDB_IO_r_bytes: ${num()}`, `InnoDB_IO_r_wait: ${time()}`],
          [`InnoDB_rec_lock_wait: ${time()}`, `InnoDB_queue_wait: ${time()}`],
          [`InnoDB_pages_distinct: ${num()}`],
        ]
      : [
          [`Thread_id: ${thread}`, `Schema: ${schema}`, `QC_hit: ${yesNo()}`],
          [`Query_time: ${time()}`, `Lock_time: ${time()}`, `Rows_sent: ${num()}`, `Rows_examined: ${num()}`],
          [`Rows_affected: ${num()}`, `Bytes_sent: ${num()}`],
          [`Full_scan: ${yesNo()}`, `Full_join: No`, `Tmp_table: ${yesNo()}`, `Tmp_table_on_disk: No`],
          [`Filesort: ${yesNo()}`, `Filesort_on_disk: No`, `Merge_passes: 0`, `Priority_queue: ${yesNo()}`],
        ];
    // Later lines are left out as the servers do (no plan, no InnoDB statistics); now and then another change.
    lines = lines.slice(0, percona ? pick([6, 6, 9]) : pick([3, 3, 5]));
    if (r() < 0.02 * odd) lines = lines.reverse();
    if (r() < 0.02 * odd) lines[1]!.push(pick(['New_attr: 5', 'Query_time: 1.5', 'Log_slow_rate_limit: 2', 'Other_Schema: x']));
    if (r() < 0.02 * odd) lines.splice(1, 0, [`Pages_accessed: ${num()}`]);
    if (r() < 0.02 * odd) lines[0] = lines[0]!.filter((p) => !p.startsWith('Schema'));
    if (r() < 0.02 * odd) lines = lines.slice(1);
    for (const l of lines) out += `#${percona && l[0]!.startsWith('InnoDB_') ? '   ' : ' '}${l.join(r() < 0.9 ? '  ' : ' ')}\n`;
    // Percona Server's rate limit line: folded into `rate_limit` unless its limit is 0 or it has no limit.
    if (percona && odd === 1 && r() < 0.3)
      out += pick([
        '# Log_slow_rate_type: query  Log_slow_rate_limit: 10\n',
        '# Log_slow_rate_type: query  Log_slow_rate_limit: 10\n',
        '# Log_slow_rate_type: session  Log_slow_rate_limit: 100\n',
        '# Log_slow_rate_type: query  Log_slow_rate_limit: 0\n',
        '# Log_slow_rate_limit: 5\n',
        '# Log_slow_rate_type: query\n',
      ]);
    if (percona && lines.length < 7 && r() < 0.7) out += '# No InnoDB statistics available for this query\n';
    if (!percona && r() < 0.7) {
      out += '#\n# explain: id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tr_rows\tfiltered\tr_filtered\tExtra\n';
      out += `# explain: 1\tSIMPLE\tusers\tconst\tPRIMARY\tPRIMARY\t8\tconst\t1\t${pick(['NULL', '1.00'])}\t100.00\tNULL\t\n#\n`;
    }
    if (r() < 0.01 * odd) out += pick(['# Tmp_note: x\n', '# administrator command: Ping\n', '# Time: 261206 23:00:00\n']);
    // An admin command as the entry's statement (its row counts are zeroed), now and then as the general reader reads it otherwise.
    if (odd === 1 && r() < 0.03) {
      out += `# administrator command: ${r() < 0.9 ? pick(['Quit', 'Ping', 'Close stmt']) : pick(['Quit\r', 'Ping\nSELECT 1', ''])};\n`;
      continue;
    }
    // `use` lines as the lane must read them (the text up to the line's first `;`) or refuse them (none of it, a second one).
    if (r() < 0.03 * odd) out += `use ${pick(['cowrite;', '`other`;', 'other', 'a;b;', 'x y ;', ';', 'cowrite;\nuse other;'])}\n`;
    if (r() < 0.95) out += `SET timestamp=${sec};\n`;
    if (r() < 0.01 * odd) continue;
    out += `${r() < 0.8 ? pick(STATEMENTS.slice(0, 4)) : pick(STATEMENTS)};\n`;
  }
  return Buffer.from(out, 'latin1');
}

function mutate(buf: Buffer, r: () => number): Buffer {
  const out = Buffer.from(buf);
  const kind = Math.floor(r() * 3);
  if (kind === 0) {
    for (let i = 0; i < 1 + r() * 20; i++) {
      const at = Math.floor(r() * out.length);
      out[at] = out[at]! ^ (1 << Math.floor(r() * 8));
    }
    return out;
  }
  if (kind === 1) {
    const a = Math.floor(r() * out.length);
    return Buffer.concat([out.subarray(0, a), out.subarray(a + Math.floor(r() * 300))]);
  }
  return out.subarray(0, Math.floor(r() * out.length));
}

const since = Date.UTC(2026, 10, 20, 8, 1, 0);
const variants: DigestOptions[] = [
  {},
  { ptCompatible: true },
  { orderBy: 'Rows_examined' },
  { inherited: { db: 'inherited', ts: '261119  0:00:00' } },
  { filter: { since, until: since + 120_000 } },
  { filter: { db: ['cowrite'], user: ['web'] } },
  { filter: { host: ['db', 'app1.internal'], minQueryTime: 0.05 } },
  { filter: { text: 'FROM users' } },
];

/** Pushes two digests' chunks in turn (one thread, two digesters), calling `between(i)` after the first's i-th chunk. */
function pushInTurn(da: Digester, ca: readonly Buffer[], db: Digester, cb: readonly Buffer[], between: (i: number) => unknown = () => undefined): void {
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    if (i < ca.length) da.push(ca[i]!);
    between(i);
    if (i < cb.length) db.push(cb[i]!);
  }
}

describe('digester fast lane', () => {
  it('leaves the state the general path leaves, on generated MySQL logs and their mutations', () => {
    const r = rng(20261126);
    let events = 0;
    let fastEvents = 0;
    for (let round = 0; round < 60; round++) {
      const log = generateLog(r, 150);
      const input = round % 3 === 2 ? mutate(log, r) : log;
      const options = variants[round % variants.length]!;
      const fastRun = dump(input, options, r);
      const general = dump(input, { ...options, fastLane: false }, r);
      expect(fastRun.json, `round ${round}`).toBe(general.json);
      expect(general.fastEvents).toBe(0);
      events += fastRun.events;
      fastEvents += fastRun.fastEvents;
    }
    // The variations are rare: most entries must have gone through the lane, or it tests nothing.
    expect(fastEvents / events).toBeGreaterThan(0.3);
  });

  it('leaves the state the general path leaves on generated MariaDB and Percona Server logs (several pairs lines) and their mutations', () => {
    const r = rng(20261206);
    let events = 0;
    let fastEvents = 0;
    for (let round = 0; round < 60; round++) {
      const log = generateMultiLineLog(r, 200);
      const input = round % 3 === 2 ? mutate(log, r) : log;
      const options = variants[round % variants.length]!;
      const fastRun = dump(input, options, r);
      const general = dump(input, { ...options, fastLane: false }, r);
      expect(fastRun.json, `round ${round}`).toBe(general.json);
      events += fastRun.events;
      fastEvents += fastRun.fastEvents;
    }
    // The variations are rare: many entries must have gone through the lane, or it tests nothing.
    expect(fastEvents / events).toBeGreaterThan(0.35);
  }, 120_000);

  it('reads MariaDB and Percona Server entries through the lane scanner, with busy classes aggregated there', () => {
    const r = rng(5150);
    let laneValues = 0;
    for (let round = 0; round < 2; round++) {
      // Long stretches of plain entries (a few variations), then every variation, then plain ones again.
      const log = Buffer.concat([generateMultiLineLog(r, 4000, 0.05), generateMultiLineLog(r, 150), generateLog(r, 80), generateMultiLineLog(r, 2500, 0.05)]);
      const options = variants[round]!;
      const fastRun = dump(log, options, r);
      expect(fastRun.json, `round ${round}`).toBe(dump(log, { ...options, fastLane: false }, r).json);
      expect(fastRun.fastEvents / fastRun.events, `round ${round}`).toBeGreaterThan(0.6);
      laneValues += fastRun.laneValues;
    }
    expect(laneValues).toBeGreaterThan(5_000);
  }, 120_000);

  it('learns the next layout at once after an entry it cannot learn from, and reads empty Schemas in the lane', () => {
    // Three Percona Server layouts, as in a log that moves between servers: A, then B, then C (whose
    // first entry the lane cannot learn from: its names have no slots yet), then B again, whose slots exist by then.
    const a = (i: number): string =>
      `# User@Host: app[app] @ localhost []\n# Thread_id: ${i}  Schema: ${i % 5 === 0 ? '' : 'shop'}  QC_hit: No\n# Query_time: 0.${i}  Lock_time: 0.0  Rows_sent: 1  Rows_examined: ${i}\n# Bytes_sent: ${i * 3}\nSELECT a FROM t2 WHERE id = ${i};\n`;
    const b = (i: number): string =>
      `# User@Host: app[app] @ localhost []\n# Thread_id: ${i}\n# Query_time: 0.${i}  Lock_time: 0.0  Rows_sent: 1  Rows_examined: ${i}\n# QC_Hit: No  Full_scan: ${i % 2 ? 'Yes' : 'No'}\nSELECT c FROM t WHERE id = ${i};\n`;
    const c = (i: number): string =>
      `# User@Host: app[app] @ localhost []  Id: ${i}\n# Schema: shop  Last_errno: 0  Killed: 0\n# Query_time: 0.${i}  Lock_time: 0.0  Rows_sent: 1  Rows_examined: ${i}\n# Log_slow_rate_type: query  Log_slow_rate_limit: 2\nSELECT 1;\n`;
    const block = (f: (i: number) => string, n: number): string => Array.from({ length: n }, (_, i) => f(i + 1)).join('');
    const head = Buffer.from(block(b, 20) + block(a, 40) + block(c, 3), 'latin1');
    const tail = Buffer.from(block(b, 100), 'latin1');
    const d = createDigester({});
    d.push(head);
    const before = d.progress().fastEvents;
    d.push(tail);
    const whole = digestJson(d);
    // The first B entry teaches the layout again; the lane reads the rest (it used to wait 64 entries after C).
    expect(whole.fastEvents - before).toBeGreaterThanOrEqual(98);
    const log = Buffer.concat([head, tail]);
    expect(whole.json).toBe(dump(log, { fastLane: false }, rng(1)).json);
    // A's empty Schemas (every fifth entry) are read in the lane too, as the general reader reads them.
    const onlyA = Buffer.from('# Time: 261207 10:00:00\n' + block(a, 40), 'latin1');
    const lane = dump(onlyA, {}, rng(2));
    expect(lane.json).toBe(dump(onlyA, { fastLane: false }, rng(2)).json);
    expect(lane.fastEvents).toBeGreaterThanOrEqual(38);
  });

  it('finds every line end of MariaDB entries whose lines end at each offset of an 8-byte word', () => {
    // The scanner looks for a line's end eight bytes at a time: lines of every length around a word's, the
    // last line of a record ending anywhere in a word, and the next record's bytes (with its line ends) after it.
    const r = rng(8);
    let log = '';
    for (let i = 0; i < 400; i++) {
      const pad = (n: number): string => 'x'.repeat(n);
      if (i % 7 === 0) log += `# Time: 261208  4:${String(10 + (i % 50)).padStart(2, '0')}:00\n`;
      log += `# User@Host: app${pad(i % 9)}[app] @ localhost [127.0.0.1]\n`;
      log += `# Thread_id: ${i % 5}  Schema: cowrite  QC_hit: No\n# Query_time: 0.00${i % 9}  Lock_time: 0.000001  Rows_sent: 1  Rows_examined: ${i}\n`;
      log += `# Rows_affected: 0  Bytes_sent: ${i % 17}\n#\n# explain: id\t${pad(i % 23)}\n# explain: 1\t${pad((i * 7) % 31)}\n#\n`;
      if (i % 11 === 0) log += `use \`db${pad(i % 8)}\`;\n`;
      log += `SET timestamp=${1796657325 + i};\nSELECT c FROM t${pad(i % 13)} WHERE id = ${i};\n`;
    }
    const input = Buffer.from(log, 'latin1');
    for (const ptCompatible of [false, true]) {
      const lane = dump(input, { ptCompatible }, r);
      expect(lane.json).toBe(dump(input, { ptCompatible, fastLane: false }, r).json);
      expect(lane.fastEvents).toBeGreaterThan(395);
    }
  });

  it('leaves records holding a start-up banner to the general path, wherever its line starts', () => {
    const entry = (i: number, stmt: string): string =>
      `# Time: 2026-12-07T02:31:${String(10 + (i % 40)).padStart(2, '0')}.000001Z\n# User@Host: app[app] @ localhost [127.0.0.1]  Id: 7\n# Query_time: 0.00${i % 9}  Lock_time: 0.000001 Rows_sent: 1  Rows_examined: ${i}\nSET timestamp=1796610707;\n${stmt};\n`;
    const banners = [
      'SELECT 1\nTcp port: 3306  Unix socket: /run/mysqld/mysqld.sock',
      'SELECT 1\rTcp port: 3306  Unix socket: /run/mysqld/mysqld.sock',
      'SELECT 1\rTime                 Id Command    Argument',
      'SELECT 1\nTime\t\tId Command\tArgument',
      'SELECT 1\n/usr/sbin/mariadbd, Version: 10.11.6-MariaDB (Debian). started with:',
      'SELECT 1 /* mysqld, Version: 9.7.0 (MySQL). started with: */',
    ];
    for (const [k, banner] of banners.entries()) {
      let log = '';
      for (let i = 0; i < 60; i++) log += entry(i, i % 10 === 5 ? banner : `SELECT c FROM t WHERE id = ${i}`);
      const input = Buffer.from(log, 'latin1');
      for (const ptCompatible of [false, true]) {
        const lane = dump(input, { ptCompatible }, rng(k));
        expect(lane.json, `${JSON.stringify(banner)} ${ptCompatible}`).toBe(dump(input, { ptCompatible, fastLane: false }, rng(k)).json);
        expect(lane.fastEvents).toBeGreaterThan(40);
      }
    }
  });

  it('leaves the state the general path leaves when busy classes are aggregated by the lane scanner', () => {
    const r = rng(99);
    let laneValues = 0;
    for (let round = 0; round < 4; round++) {
      // Long runs of the lane's shape, between stretches of every variation (other names, entries the general path reads).
      const t0 = Date.UTC(2026, 10, 20, 9, 0, 0);
      const log = Buffer.concat([
        plainLog(r, 1500, t0),
        generateLog(r, 150),
        plainLog(r, 1500, t0 + 3_600_000),
        generateLog(r, 60),
        plainLog(r, 900, t0 + 7_200_000),
      ]);
      const options = variants[round]!;
      const fastRun = dump(log, options, r);
      expect(fastRun.json, `round ${round}`).toBe(dump(log, { ...options, fastLane: false }, r).json);
      laneValues += fastRun.laneValues;
    }
    // Most numeric values of the busy classes went through the scanner's aggregates, or this tests nothing.
    expect(laneValues).toBeGreaterThan(10_000);
  });

  it('keeps two digests apart that push chunks in turn in one thread', () => {
    const r = rng(4242);
    const a = Buffer.concat([plainLog(r, 1200, Date.UTC(2026, 10, 20, 9)), generateLog(r, 100), plainLog(r, 800, Date.UTC(2026, 10, 20, 10))]);
    const b = Buffer.concat([generateLog(r, 100), plainLog(r, 1500, Date.UTC(2026, 10, 21, 9))]);
    const da = createDigester({});
    const db = createDigester({ ptCompatible: true });
    pushInTurn(da, chunks(a, r), db, chunks(b, r));
    const ja = digestJson(da);
    const jb = digestJson(db);
    expect(ja.laneValues).toBeGreaterThan(0);
    expect(jb.laneValues).toBeGreaterThan(0);
    expect(ja.json).toBe(dump(a, { fastLane: false }, r).json);
    expect(jb.json).toBe(dump(b, { ptCompatible: true, fastLane: false }, r).json);
  });

  it('leaves the state the general path leaves on every corpus log and fixture', () => {
    const dirs = [corpusPath('slowlogs/percona'), join(__dirname, 'fixtures')];
    const r = rng(7);
    let fastEvents = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(dir)) {
        const input = readFileSync(join(dir, name));
        for (const options of [{}, { ptCompatible: true }]) {
          const fastRun = dump(input, options, r);
          expect(fastRun.json, name).toBe(dump(input, { ...options, fastLane: false }, r).json);
          fastEvents += fastRun.fastEvents;
        }
      }
    }
    expect(fastEvents).toBeGreaterThan(0);
  });

  it('keeps and drops what the general path keeps and drops under a filter, and still reads in place', () => {
    const log = generateLog(rng(3), 400);
    for (const options of variants.filter((v) => v.filter)) {
      const r = rng(5);
      const fastRun = dump(log, options, r);
      const general = dump(log, { ...options, fastLane: false }, r);
      expect(fastRun.json, JSON.stringify(options.filter)).toBe(general.json);
      expect(fastRun.fastEvents).toBeGreaterThan(0);
      // The filter did keep some events and drop others, or it tested nothing.
      const kept = (JSON.parse(fastRun.json) as { stages?: unknown; events: number }).events;
      expect(kept, JSON.stringify(options.filter)).toBeGreaterThan(0);
      expect(kept, JSON.stringify(options.filter)).toBeLessThan(fastRun.events);
    }
  });
});

/** `n` as letters (a statement key keeps letters, where a digit run becomes `0`). */
function letters(n: number): string {
  let s = '';
  do {
    s += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** Entries of the lane's shape, entry i with statement `stmt(i)`. */
function keysLog(entries: number, stmt: (i: number) => string): Buffer {
  let out = '';
  for (let i = 0; i < entries; i++)
    out += `# User@Host: app[app] @ app1 [10.0.0.1]  Id: 7\n# Query_time: 0.00${i % 10}  Lock_time: 0.000000 Rows_sent: ${i % 7}  Rows_examined: 1\nSET timestamp=${1_700_000_000 + i};\n${stmt(i)};\n`;
  return Buffer.from(out, 'latin1');
}

describe('lane scanner statement key ids', () => {
  it('never gives two statement keys one id when all their hashes collide', () => {
    const r = rng(77);
    // 300 keys, each met several times in turn, with short and long keys (the comparison reads eight bytes at a time).
    const log = keysLog(1500, (i) => `SELECT ${letters(i % 300)} FROM t${'x'.repeat(i % 300 === 7 ? 40 : 0)} WHERE id = ${i}`);
    laneProbes.classHashMask(0);
    try {
      const fastRun = dump(log, {}, r);
      // All but the first entries (the lane learns its layout from them).
      expect(fastRun.fastEvents).toBeGreaterThanOrEqual(1498);
      expect(fastRun.json).toBe(dump(log, { fastLane: false }, r).json);
      expect(JSON.parse(fastRun.json).classes.map.length).toBe(300);
      const generated = generateLog(r, 300);
      expect(dump(generated, {}, r).json).toBe(dump(generated, { fastLane: false }, r).json);
    } finally {
      laneProbes.classHashMask(0xffffffff);
    }
  });

  it('keeps each digest its classes when the ids start afresh, mid-digest, between chunks of digests pushed in turn', () => {
    const r = rng(78);
    const a = keysLog(2000, (i) => `SELECT ${letters(i % 40)} FROM a WHERE id = ${i}`);
    const b = keysLog(2000, (i) => `UPDATE ${letters((i * 7) % 60)} SET v = ${i}`);
    const da = createDigester({});
    const db = createDigester({ ptCompatible: true });
    // A new generation now and then: every id the digests hold is void.
    pushInTurn(da, chunks(a, r), db, chunks(b, r), (i) => i % 50 === 25 && laneProbes.classHashMask(0xffffffff));
    const ja = digestJson(da);
    const jb = digestJson(db);
    expect(ja.fastEvents).toBeGreaterThanOrEqual(1998);
    expect(jb.fastEvents).toBeGreaterThanOrEqual(1998);
    expect(ja.json).toBe(dump(a, { fastLane: false }, r).json);
    expect(jb.json).toBe(dump(b, { ptCompatible: true, fastLane: false }, r).json);
  });

  it('starts the ids afresh when there are more keys than ids, and keeps the classes apart', () => {
    const r = rng(79);
    // More distinct keys than one generation holds, then the first ones again (now with other ids).
    const n = MAX_CLASS_IDS + 500;
    const log = keysLog(n + 2000, (i) => `SELECT ${letters(i < n ? i : i - n)} FROM t`);
    const fastRun = dump(log, {}, r);
    expect(fastRun.fastEvents).toBeGreaterThanOrEqual(n + 1998);
    expect(fastRun.json).toBe(dump(log, { fastLane: false }, r).json);
  }, 60_000);
});

describe('lane scanner readers', () => {
  const KEY_BYTES = new Set([...'0123456789\'\\"#\r-/'].map((c) => c.charCodeAt(0)));
  const QUOTED_BYTES = new Set([39, 41, 97, 65]);

  it('flag every 8-byte word holding a byte the key or quoted text treats apart, in any position', () => {
    const r = rng(11);
    const flagged = (c: number): boolean => (c >= 0x22 && c <= 0x27) || (c >= 0x2f && c <= 0x39) || c === 0x2d || c === 13 || c === 92;
    const plain = [...Array(256).keys()].filter((c) => !flagged(c));
    const plainQuoted = [...Array(256).keys()].filter((c) => !QUOTED_BYTES.has(c));
    const eight = [0, 1, 2, 3, 4, 5, 6, 7];
    for (let v = 0; v < 256; v++) {
      for (let at = 0; at < 8; at++) {
        for (let k = 0; k < 10; k++) {
          const bytes = Uint8Array.from(eight.map(() => plain[Math.floor(r() * plain.length)]!));
          bytes[at] = v;
          // A yes for `$%&` is allowed (it only costs the byte path); a no must be right.
          if (KEY_BYTES.has(v)) expect(laneProbes.keyWordFlagged(bytes), `byte ${v} at ${at}`).toBe(true);
          expect(laneProbes.keyWordFlagged(bytes)).toBe(flagged(v));
          // The bytes below the first flagged one are copied as they are.
          expect(laneProbes.firstKeyByte(bytes), `first flagged byte, ${v} at ${at}`).toBe(flagged(v) ? at : 8);
          const quoted = Uint8Array.from(eight.map(() => plainQuoted[Math.floor(r() * plainQuoted.length)]!));
          quoted[at] = v;
          expect(laneProbes.quotedWordFlagged(quoted), `quoted byte ${v} at ${at}`).toBe(QUOTED_BYTES.has(v));
        }
      }
    }
  });

  it('read ISO-8601 UTC times as Date.parse does, and refuse what the general reader reads otherwise', () => {
    const r = rng(13);
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    let read = 0;
    for (let i = 0; i < 100_000; i++) {
      const y = 1000 + Math.floor(r() * 9000);
      const mo = 1 + Math.floor(r() * 12);
      const d = 1 + Math.floor(r() * 28);
      const base = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(Math.floor(r() * 24), 2)}:${pad(Math.floor(r() * 60), 2)}:${pad(Math.floor(r() * 60), 2)}`;
      const frac = ['', '.', '.5', '.25', '.123', '.000642', '.999999', '.1234567'][Math.floor(r() * 8)]!;
      let text = `${base}${frac}Z`;
      // Now and then a byte changed: a digit, a separator or the zone.
      if (r() < 0.2) {
        const at = Math.floor(r() * text.length);
        text = text.slice(0, at) + ' 9-:TZ.x'[Math.floor(r() * 8)]! + text.slice(at + 1);
      }
      // -1 is its "no" (times before 1970 are negative: the lane then reads them the general way).
      const got = laneProbes.isoUtc(text);
      if (got !== -1) {
        read++;
        expect(got, text).toBe(Date.parse(text));
      } else if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?Z$/.test(text) && !/^0/.test(text) && frac !== '.') {
        throw new Error(`refused a plain time: ${text}`);
      }
    }
    expect(read).toBeGreaterThan(70_000);
  });
});
