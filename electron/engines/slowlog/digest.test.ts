import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestReport } from '../../../shared/contract/slow-log';
import { compareDigests, createDigester, digestText, reportFromStates } from './digest';
import { activeFilter } from './digester';
import { corpusPath } from '../../testing/paths';

const CORPUS = corpusPath('slowlogs/percona');
const FIXTURES = join(__dirname, 'fixtures');

function entry(thread: number, iso: string, qt: number, sql: string, extra = ''): string {
  return `# Time: ${iso}\n# User@Host: app[app] @ web [10.0.0.${thread}]  Id: ${thread}\n# Query_time: ${qt.toFixed(6)}  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: ${extra || '1'}\nSET timestamp=1714550400;\n${sql};\n`;
}

function nPlusOneLog(): string {
  const out: string[] = [];
  let ms = 0;
  const at = (): string => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + ms).toISOString().replace('Z', '000Z');
  for (let page = 0; page < 3; page++) {
    out.push(entry(7, at(), 0.002, `SELECT id FROM documents WHERE project_id = ${page}`));
    for (let i = 0; i < 12; i++) {
      ms += 3;
      out.push(entry(7, at(), 0.0005, `SELECT * FROM document_versions WHERE document_id = ${page * 100 + i}`));
    }
    ms += 5000;
  }
  out.push(entry(8, at(), 1.5, "SELECT * FROM documents WHERE title LIKE '%x%'", '32000'));
  return out.join('');
}

describe('digest', () => {
  it('produces a report the contract schema accepts (MariaDB fixture)', () => {
    const report = digestText(readFileSync(join(FIXTURES, 'mariadb-10.11-explain.log')));
    expect(() => digestReport.parse(report)).not.toThrow();
    const scan = report.classes.find((c) => c.fingerprint.startsWith('select id, title from documents'))!;
    expect(scan.bools.Full_scan).toEqual({ cnt: 1, yes: 1, pctYes: 1 });
    expect(scan.tables).toEqual(['cowrite.documents']);
    expect(scan.sample.explain[1]).toMatch(/documents\tALL/);
    expect(scan.findings.map((f) => f.id)).toContain('full-scan');
    expect(report.stages.map((s) => s.name)).toEqual(['parse', 'filter', 'fingerprint', 'tables', 'aggregate', 'rank']);
  });

  it('an empty filter is no filter: same report, and the unfiltered fast path', () => {
    expect(activeFilter({})).toBeUndefined();
    expect(activeFilter({ db: [], user: [], text: '', since: undefined })).toBeUndefined();
    expect(activeFilter({ db: ['cowrite'] })).toEqual({ db: ['cowrite'] });
    expect(activeFilter({ minQueryTime: 0 })).toEqual({ minQueryTime: 0 });
    const buf = readFileSync(join(CORPUS, 'slow057.txt'));
    const strip = (r: ReturnType<typeof digestText>) => ({ header: r.header, classes: r.classes });
    expect(strip(digestText(buf, { filter: {} }))).toEqual(strip(digestText(buf)));
  });

  it('gives the same report from split-and-merged states as from one pass', () => {
    const buf = readFileSync(join(CORPUS, 'slow024.txt'));
    const whole = digestText(buf, { ptCompatible: true });
    const cut = buf.indexOf('\n# Time:', buf.length >> 1) + 1;
    const a = createDigester({ ptCompatible: true });
    a.push(buf.subarray(0, cut));
    const b = createDigester({ ptCompatible: true, baseOffset: cut });
    b.push(buf.subarray(cut));
    const merged = reportFromStates([a.end(), b.end()], { ptCompatible: true });
    const strip = (r: typeof whole) => r.classes.map((c) => ({ id: c.checksum, n: c.count, m: c.metrics, h: c.histogram }));
    expect(strip(merged)).toEqual(strip(whole));
    expect(merged.header.metrics).toEqual(whole.header.metrics);
  });

  it('finds an N+1 loop and the statement that leads it', () => {
    const report = digestText(nPlusOneLog(), { nPlusOne: { minRepeats: 10, windowMs: 50 } });
    const child = report.classes.find((c) => c.fingerprint.startsWith('select * from document_versions'))!;
    expect(child.nPlusOne).toEqual({ runs: 3, repeats: 36, maxRun: 12, callers: [{ fingerprint: 'select id from documents where project_id = ?', runs: 3 }] });
    expect(child.findings.map((f) => f.id)).toContain('n-plus-one');
    const parent = report.classes.find((c) => c.fingerprint.startsWith('select id from documents'))!;
    expect(parent.nPlusOne).toBeNull();
    expect(report.classes[0]!.findings.map((f) => f.id)).toContain('rows-examined-ratio');
  });

  it('counts an N+1 run cut by range boundaries once, whatever the cuts', () => {
    const buf = Buffer.from(nPlusOneLog(), 'latin1');
    const opts = { nPlusOne: { minRepeats: 10, windowMs: 50 } };
    const whole = digestText(buf, opts).classes.map((c) => [c.checksum, c.nPlusOne]);
    const starts: number[] = [];
    for (let i = buf.indexOf('# Time:'); i >= 0; i = buf.indexOf('# Time:', i + 1)) starts.push(i);
    // Every entry its own range (each run crosses eleven boundaries), then every second entry.
    for (const step of [1, 2, 5]) {
      const cuts = starts.filter((_, i) => i % step === 0);
      const states = cuts.map((start, i) => {
        const d = createDigester({ ...opts, baseOffset: start });
        d.push(buf.subarray(start, cuts[i + 1] ?? buf.length));
        return d.end();
      });
      expect(reportFromStates(states, opts).classes.map((c) => [c.checksum, c.nPlusOne])).toEqual(whole);
    }
  });

  it('filters by time, user, db, minimum time and text', () => {
    const log = nPlusOneLog();
    expect(digestText(log, { filter: { minQueryTime: 1 } }).header.events).toBe(1);
    expect(digestText(log, { filter: { text: 'document_versions' } }).header.events).toBe(36);
    expect(digestText(log, { filter: { since: Date.UTC(2024, 4, 1, 10, 0, 6) } }).header.events).toBe(13 + 1);
    expect(digestText(log, { filter: { user: ['nobody'] } }).header.events).toBe(0);
  });

  it('reads "use `cowrite`" and "use cowrite" as one database, as pt-query-digest does, so a db filter keeps both', () => {
    const withUse = (db: string, iso: string) =>
      entry(1, iso, 0.1, `use ${db};\nSELECT 1 FROM t WHERE id = 1`)
        .replace('SET timestamp', `use ${db};\nSET timestamp`)
        .replace(`use ${db};\nSELECT`, 'SELECT');
    const log =
      withUse('`cowrite`', '2024-05-01T10:00:00Z') +
      withUse('cowrite', '2024-05-01T10:00:01Z') +
      entry(1, '2024-05-01T10:00:02Z', 0.1, 'SELECT 1 FROM t WHERE id = 2');
    const report = digestText(log);
    expect(report.classes).toHaveLength(1);
    // The third entry inherits the database of the second (pt's --inherit-attributes db).
    expect(report.classes[0]!.dbs).toEqual([{ value: 'cowrite', count: 3 }]);
    expect(digestText(log, { filter: { db: ['cowrite'] } }).header.events).toBe(3);
    // A worker range that starts after a backticked `use` inherits the bare name too.
    const tail = digestText(entry(1, '2024-05-01T10:00:02Z', 0.1, 'SELECT 1 FROM t WHERE id = 2'), { inherited: { db: '`cowrite`' } });
    expect(tail.classes[0]!.dbs).toEqual([{ value: 'cowrite', count: 1 }]);
  });

  it('builds per-class time series over the log span', () => {
    const report = digestText(nPlusOneLog());
    const child = report.classes.find((c) => c.fingerprint.startsWith('select * from document_versions'))!;
    expect(child.series!.counts.reduce((a, b) => a + b, 0)).toBe(36);
    expect(child.series!.stepMs).toBe(60_000);
  });

  it('reports exact percentiles outside pt mode and pt buckets inside it', () => {
    const log = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s, i) => entry(1, `2024-05-01T10:00:0${i}.000000Z`, s / 10, `SELECT ${i}`)).join('');
    const exact = digestText(log).classes[0]!.metrics.Query_time!;
    expect(exact).toMatchObject({ median: 0.55, exact: true, sum: 5.5 });
    const pt = digestText(log, { ptCompatible: true }).classes[0]!.metrics.Query_time!;
    expect(pt.exact).toBe(false);
    expect(pt.p95).toBeGreaterThan(0.85);
    expect(pt.p95).toBeLessThan(1.0);
  });

  it('compares two digests: new, gone, regressed', () => {
    const before = digestText(entry(1, '2024-05-01T10:00:00Z', 0.1, 'SELECT a FROM t WHERE id = 1') + entry(1, '2024-05-01T10:00:01Z', 0.2, 'SELECT b FROM u'));
    const after = digestText(entry(1, '2024-05-02T10:00:00Z', 0.5, 'SELECT a FROM t WHERE id = 2') + entry(1, '2024-05-02T10:00:01Z', 0.1, 'DELETE FROM v'));
    const cmp = compareDigests(before, after);
    const by = Object.fromEntries(cmp.changes.map((c) => [c.fingerprint, c]));
    expect(by['select a from t where id = ?']).toMatchObject({ status: 'regressed', avgTimeRatio: 5 });
    expect(by['select b from u']!.status).toBe('gone');
    expect(by['delete from v']!.status).toBe('new');
  });
});
