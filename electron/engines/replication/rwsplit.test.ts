import { describe, expect, it } from 'vitest';
import { rwSplitOptions } from '../../../shared/contract/replication';
import { controlLog, INSERT_VERSION, LOCKING_READ, plantedLog, PLANTED_READ, PLANTED_WRITE } from '../../testing/rwsplit-log';
import { fingerprint } from '../slowlog/fingerprint';
import { adviseRwSplit } from './rwsplit-advice';
import { analyzeRwSplit, classifyStatement, type RwEvent } from './rwsplit';
import { eventsFromSlowLog } from './rwsplit-slowlog';

const opts = rwSplitOptions.parse({});

describe('statement kinds', () => {
  it.each([
    ['SELECT * FROM t WHERE id = 1', 'read', false],
    ['  /* app */ (SELECT a FROM t) UNION (SELECT a FROM u)', 'read', false],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'read', false],
    ['SELECT * FROM t WHERE id = 1 FOR UPDATE', 'locking-read', false],
    ['select * from t for share skip locked', 'locking-read', false],
    ['SELECT * FROM t LOCK IN SHARE MODE', 'locking-read', false],
    ['SELECT LAST_INSERT_ID()', 'read', true],
    ['SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 1; SELECT FOUND_ROWS()', 'read', true],
    ["SELECT GET_LOCK('k', 1)", 'read', true],
    ['SELECT * FROM t INTO OUTFILE "/tmp/x"', 'write', false],
    ['WITH d AS (SELECT id FROM t) DELETE FROM t WHERE id IN (SELECT id FROM d)', 'write', false],
    ['INSERT INTO t VALUES (1)', 'write', false],
    ['update t set a = 1', 'write', false],
    ['REPLACE INTO t VALUES (1)', 'write', false],
    ['CALL proc()', 'write', false],
    ['BEGIN', 'other', false],
    ['SET NAMES utf8mb4', 'other', false],
  ] as const)('%s → %s', (sql, kind, sessionState) => {
    expect(classifyStatement(sql)).toEqual({ kind, sessionState });
  });
});

describe('read-after-write pairs in a generated slow log', () => {
  const log = plantedLog({ pairs: 12, pairThreads: 2, gapMs: 20 });
  const { events, warnings } = eventsFromSlowLog(log.text);

  it('reads every entry with its connection and microsecond start', () => {
    expect(warnings).toEqual([]);
    expect(events).toHaveLength(log.entries);
    expect(new Set(events.map((e) => e.thread)).size).toBeGreaterThan(8);
  });

  it('finds exactly the planted pairs, on the planted connections, and nothing across connections', () => {
    const a = analyzeRwSplit(events, opts, 'mysql');
    expect(a.pairs).toHaveLength(1);
    const p = a.pairs[0]!;
    expect(p.writeFingerprint).toBe(fingerprint(PLANTED_WRITE(1)));
    expect(p.readFingerprint).toBe(fingerprint(PLANTED_READ(1)));
    expect(p.occurrences).toBe(log.planted);
    expect(p.threads).toBe(2);
    expect(log.threads.map(String)).toContain(p.example.thread);
    expect(p.tables).toEqual(['documents']);
    expect(p.minGapMs).toBeGreaterThanOrEqual(19);
    expect(p.minGapMs).toBeLessThanOrEqual(21);
  });

  it('routes each class: the pair read after a GTID wait, locking reads and LAST_INSERT_ID() to the primary, plain reads to replicas', () => {
    const a = analyzeRwSplit(events, opts, 'mysql');
    const byFp = (sql: string) => a.classes.find((c) => c.fingerprint === fingerprint(sql))!;
    const read = byFp(PLANTED_READ(1));
    expect(read.afterWriteCount).toBe(log.planted);
    expect(read.route).toBe('replica-after-gtid-wait');
    expect(read.reason).toContain('WAIT_FOR_EXECUTED_GTID_SET');
    expect(read.lagBudgetMs).toBe(opts.readSloMs - read.p95TimeMs!);
    expect(byFp(PLANTED_WRITE(1))).toMatchObject({ kind: 'write', route: 'primary', lagBudgetMs: null });
    expect(byFp(LOCKING_READ(1))).toMatchObject({ kind: 'locking-read', route: 'primary' });
    expect(byFp(INSERT_VERSION(1)).kind).toBe('write');
    expect(byFp('SELECT LAST_INSERT_ID()')).toMatchObject({ kind: 'read', route: 'primary' });
    const plain = a.classes.filter((c) => c.kind === 'read' && c.afterWriteCount === 0 && !c.fingerprint.includes('last_insert_id'));
    expect(plain.length).toBeGreaterThanOrEqual(3);
    for (const c of plain) expect(c.route).toBe('replica');
    expect(a.readShareByCount).toBeGreaterThan(0.9);
    expect(a.readShareByTime).toBeGreaterThan(0.8);
  });

  it('a class most of whose runs follow a write stays on the primary; MariaDB names MASTER_GTID_WAIT', () => {
    const only = events.filter((e) => !(e.sql.startsWith('SELECT d.id') && !log.threads.map(String).includes(e.thread)));
    const a = analyzeRwSplit(only, opts, 'mariadb');
    expect(a.classes.find((c) => c.fingerprint === fingerprint(PLANTED_READ(1)))!.route).toBe('primary');
    const b = analyzeRwSplit(events, opts, 'mariadb');
    expect(b.classes.find((c) => c.fingerprint === fingerprint(PLANTED_READ(1)))!.reason).toContain('MASTER_GTID_WAIT');
  });

  it('a tight SLO leaves no room to wait: the read stays on the primary', () => {
    const a = analyzeRwSplit(events, rwSplitOptions.parse({ readSloMs: 50 }), 'mysql');
    expect(a.classes.find((c) => c.fingerprint === fingerprint(PLANTED_READ(1)))!.route).toBe('primary');
  });

  it('a window shorter than the planted gap finds none', () => {
    expect(analyzeRwSplit(events, rwSplitOptions.parse({ windowMs: 10 }), 'mysql').pairs).toEqual([]);
  });
});

describe('a log with no read-after-write', () => {
  it('finds no pair: reads before the write, after the window, or of another table', () => {
    const log = controlLog({ windowMs: 1000 });
    const { events } = eventsFromSlowLog(log.text);
    expect(events).toHaveLength(log.entries);
    const a = analyzeRwSplit(events, opts, 'mysql');
    expect(a.pairs).toEqual([]);
    for (const c of a.classes.filter((x) => x.kind === 'read')) expect(c.route).toBe('replica');
  });
});

describe('input the advisor cannot use', () => {
  it('entries without a connection id are counted and left out', () => {
    const { events, warnings } = eventsFromSlowLog(
      '# Time: 2026-12-06T10:00:00.000000Z\n# Query_time: 0.1  Lock_time: 0 Rows_sent: 1  Rows_examined: 1\nSET timestamp=1796551200;\nSELECT 1;\n',
    );
    expect(events).toEqual([]);
    expect(warnings.join(' ')).toMatch(/1 entry has no connection id/);
  });

  it('whole-second logs (MariaDB) still pair by order on a connection, and say their precision', () => {
    const text = [
      '# Time: 261206 10:00:00',
      '# User@Host: app[app] @ localhost [127.0.0.1]',
      '# Thread_id: 42  Schema: cowrite  QC_hit: No',
      '# Query_time: 0.003  Lock_time: 0.000  Rows_sent: 0  Rows_examined: 1',
      'SET timestamp=1796551200;',
      `${PLANTED_WRITE(5)};`,
      '# Time: 261206 10:00:00',
      '# User@Host: app[app] @ localhost [127.0.0.1]',
      '# Thread_id: 42  Schema: cowrite  QC_hit: No',
      '# Query_time: 0.002  Lock_time: 0.000  Rows_sent: 1  Rows_examined: 1',
      'SET timestamp=1796551200;',
      `${PLANTED_READ(5)};`,
    ].join('\n');
    const { events, warnings } = eventsFromSlowLog(text);
    expect(events.map((e) => e.thread)).toEqual(['42', '42']);
    expect(warnings.join(' ')).toMatch(/whole-second/);
    expect(analyzeRwSplit(events, opts, 'mariadb').pairs).toHaveLength(1);
  });

  it('no events: empty advice that says so, exports still well-formed', () => {
    const advice = adviseRwSplit([] as RwEvent[], { options: opts, family: 'mysql', source: 'slowlog' });
    expect(advice.events).toBe(0);
    expect(advice.warnings.join(' ')).toMatch(/nothing to advise/);
    for (const e of advice.exports) expect(e.problems).toEqual([]);
  });
});
