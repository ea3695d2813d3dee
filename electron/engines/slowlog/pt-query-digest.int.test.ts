/**
 * Differential test against pt-query-digest 3.x: on every Percona corpus log and on the slow
 * logs the sandbox MariaDB and MySQL 9.7 are writing, our pt-compatible digest must find the
 * same classes (checksums), the same counts, the same distillates (the profile's Item labels), and print the same sums, min/max, median, 95th
 * percentile and stddev of Query_time, Lock_time, Rows_sent and Rows_examined at pt's printed
 * precision (%.6f for times, %d for counts). Nothing is cached: pt runs on every test run.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { DigestReport } from '../../../shared/contract/slow-log';
import { digestText } from './digest';
import { corpusPath } from '../../testing/paths';
import { mariadbSlowLog, mysqlSlowLog } from '../../testing/servers';

const CORPUS = corpusPath('slowlogs/percona');
const SERVER_LOGS = [
  ['MariaDB 10.11', mariadbSlowLog],
  ['MySQL 9.7', mysqlSlowLog],
] as const;
/** Server logs grow while tests run: both tools read the same snapshot of its first bytes. */
const SNAPSHOT_BYTES = 48 * 1024 * 1024;
const ATTRS = ['Query_time', 'Lock_time', 'Rows_sent', 'Rows_examined'] as const;
const STATS = [
  ['sum', 'sum'],
  ['min', 'min'],
  ['max', 'max'],
  ['median', 'median'],
  ['pct_95', 'p95'],
  ['stddev', 'stddev'],
] as const;

interface PtClass {
  checksum: string;
  distillate: string;
  query_count: number;
  metrics: Record<string, Record<string, string>>;
}

const work = mkdtempSync(join(tmpdir(), 'dbw-pt-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runPt(file: string): { classes: PtClass[]; global?: { query_count: number } } {
  const out = execFileSync('pt-query-digest', ['--output', 'json', '--limit', '100%', '--no-version-check', file], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return out.trim() === '' ? { classes: [] } : JSON.parse(out);
}

function ptFormat(attr: string, v: number): string {
  return /(?:time|wait)$/.test(attr) ? v.toFixed(6) : String(Math.trunc(v));
}

/** Every difference between pt's report and ours, as readable lines (empty = identical). */
function differences(pt: ReturnType<typeof runPt>, ours: DigestReport): string[] {
  const diffs: string[] = [];
  const mine = new Map(ours.classes.map((c) => [c.checksum, c]));
  for (const c of pt.classes) {
    const m = mine.get(c.checksum);
    if (!m) {
      diffs.push(`class ${c.checksum} missing`);
      continue;
    }
    mine.delete(c.checksum);
    if (m.count !== c.query_count) diffs.push(`${c.checksum} count ${m.count} != ${c.query_count}`);
    if (m.distillate !== c.distillate) diffs.push(`${c.checksum} distillate ${JSON.stringify(m.distillate)} != ${JSON.stringify(c.distillate)}`);
    for (const attr of ATTRS) {
      const p = c.metrics[attr];
      if (!p) continue;
      const o = m.metrics[attr];
      if (!o) {
        diffs.push(`${c.checksum} ${attr} missing`);
        continue;
      }
      for (const [ptKey, ourKey] of STATS) {
        const got = ptFormat(attr, o[ourKey]);
        if (got !== p[ptKey]) diffs.push(`${c.checksum} ${attr}.${ptKey} ${got} != ${p[ptKey]}`);
      }
    }
  }
  for (const c of mine.values()) diffs.push(`extra class ${c.checksum} (${c.fingerprint.slice(0, 60)})`);
  if ((pt.global?.query_count ?? 0) !== ours.header.events) diffs.push(`total events ${ours.header.events} != ${pt.global?.query_count ?? 0}`);
  return diffs;
}

describe('pt-query-digest differential: Percona corpus', () => {
  const files = readdirSync(CORPUS).sort();
  it.each(files)('%s', (name) => {
    let path = join(CORPUS, name);
    let buf = readFileSync(path);
    if (name.endsWith('.gz')) {
      // pt reads files as they are; we decompress in the runner, so pt gets the plain copy.
      buf = gunzipSync(buf);
      path = join(work, name.replace(/\.gz$/, ''));
      writeFileSync(path, buf);
    }
    const pt = runPt(path);
    const ours = digestText(buf, { ptCompatible: true });
    expect(differences(pt, ours)).toEqual([]);
    expect(ours.classes.length).toBe(pt.classes.length);
  });
});

describe('pt-query-digest differential: sandbox server logs', () => {
  it.each(SERVER_LOGS)('%s slow log', (_label, log) => {
    if (!existsSync(log)) throw new Error(`${log} is missing: is the sandbox server running?`);
    const fd = openSync(log, 'r');
    const head = Buffer.alloc(SNAPSHOT_BYTES);
    const n = readSync(fd, head, 0, SNAPSHOT_BYTES, 0);
    closeSync(fd);
    // Cut before the last complete entry start so the snapshot does not end mid-entry.
    const cut = n < SNAPSHOT_BYTES ? n : head.lastIndexOf('\n# Time:', n) + 1;
    const snap = head.subarray(0, cut);
    const path = join(work, `${_label.replace(/\W+/g, '-')}.log`);
    writeFileSync(path, snap);
    const pt = runPt(path);
    const ours = digestText(snap, { ptCompatible: true });
    expect(pt.classes.length).toBeGreaterThan(5);
    expect(differences(pt, ours)).toEqual([]);
  });
});
