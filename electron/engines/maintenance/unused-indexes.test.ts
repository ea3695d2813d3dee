import { describe, expect, it } from 'vitest';
import { checkTableResults } from '../../../shared/contract/health';
import { schemaFromDdl } from '../advisor/schema-ddl';
import type { IndexUsageSnapshot } from '../advisor/unused';
import { dropRefusal, hiddenKey, hiddenSinceFromAudit, reviewUnusedIndexes, visibilitySql } from './unused-indexes';

const DAY = 86_400_000;
const now = new Date('2026-12-10T12:00:00.000Z');
const schema = schemaFromDdl(
  `CREATE TABLE parent (id INT PRIMARY KEY, code INT, KEY k_code (code));
   CREATE TABLE t (id INT PRIMARY KEY, a INT, c INT, p INT, u INT, UNIQUE KEY uq_u (u), KEY k_a (a), KEY k_p (p), KEY k_c (c),
     CONSTRAINT fk_p FOREIGN KEY (p) REFERENCES parent (id), CONSTRAINT fk_code FOREIGN KEY (a) REFERENCES parent (code))`,
);
const usage: IndexUsageSnapshot = {
  source: 'performance_schema',
  countersAgeSec: 30 * 86_400,
  indexReads: [{ table: 't', index: 'k_a', reads: 12 }],
  tableActivity: [{ table: 't', reads: 500, writes: 40 }],
  note: null,
};
const review = (hidden: Map<string, string>, u: IndexUsageSnapshot = usage, visibleC = true) => {
  const s = structuredClone(schema);
  s.tables.find((t) => t.name === 't')!.indexes.find((i) => i.name === 'k_c')!.visible = visibleC;
  return reviewUnusedIndexes({ schema: s, usage: u, hide: 'invisible', hiddenSince: hidden, waitDays: 7, now });
};

describe('reviewUnusedIndexes', () => {
  it('grades each secondary index: used, candidate, and kept for PRIMARY, UNIQUE and both sides of a FOREIGN KEY', () => {
    const r = review(new Map());
    const by = (table: string, i: string) => r.indexes.find((x) => x.table === table && x.index === i)!;
    expect(r.indexes.some((x) => x.index === 'PRIMARY')).toBe(false);
    expect(by('t', 'k_a').stage).toBe('kept'); // leads with fk_code's column
    expect(by('t', 'k_p')).toMatchObject({ stage: 'kept', reason: 'Stays: it backs the FOREIGN KEY fk_p.' });
    expect(by('t', 'uq_u').stage).toBe('kept');
    expect(by('parent', 'k_code')).toMatchObject({ stage: 'kept', reason: 'Stays: it is referenced by the FOREIGN KEY fk_code of t.' });
    expect(by('t', 'k_c')).toMatchObject({ stage: 'candidate', reads: 0, tableReads: 500 });
    expect(by('t', 'k_c').reason).toMatch(/^Not read in 30.0 days while the table saw 500 row reads/);
    expect(r.evidenceSince).toBe(new Date(now.getTime() - 30 * DAY).toISOString());
  });

  it("reads the scheduler's index-usage snapshots from before the counters restarted", () => {
    const restarted = { ...usage, countersAgeSec: 2 * 86_400 }; // the server restarted two days ago
    const snap = (daysAgo: number, reads: number) => ({
      at: new Date(now.getTime() - daysAgo * DAY).toISOString(),
      usage: { ...usage, countersAgeSec: 20 * 86_400, indexReads: reads ? [{ table: 'T', index: 'K_C', reads }] : [] },
    });
    const kc = (history: ReturnType<typeof snap>[]) =>
      reviewUnusedIndexes({ schema, usage: restarted, hide: 'invisible', hiddenSince: new Map(), waitDays: 7, now, history }).indexes.find(
        (x) => x.index === 'k_c',
      )!;
    // Read before the restart (names compared without case): used, with the snapshot named.
    expect(kc([snap(9, 0), snap(3, 4_200)])).toMatchObject({
      stage: 'used',
      reason: expect.stringMatching(
        /^Not read in 2\.0 days since the counters restarted, but read 4,200 rows before that \(index-usage snapshot of 2026-12-07/,
      ),
    });
    // Unread in every earlier window: still a candidate, with the snapshots as evidence, not a short-window warning.
    const quiet = kc([snap(9, 0), snap(3, 0)]);
    expect(quiet.stage).toBe('candidate');
    expect(quiet.reason).toMatch(/Nor in 2 index-usage snapshots taken before the counters restarted, since 2026-12-01/);
    expect(quiet.reason).not.toMatch(/cover less than/);
    // A snapshot taken after the restart says nothing the counters do not; one older than the history window is ignored.
    expect(kc([snap(1, 4_200)]).stage).toBe('candidate');
    expect(kc([snap(40, 4_200)]).stage).toBe('candidate');
  });

  it('says plainly when usage cannot be known, and that a short window is weak', () => {
    expect(review(new Map(), { ...usage, source: 'unavailable', note: 'no counters' }).indexes.find((x) => x.index === 'k_c')).toMatchObject({
      stage: 'unknown',
      reason: 'no counters',
    });
    expect(review(new Map(), { ...usage, countersAgeSec: 7200 }).indexes.find((x) => x.index === 'k_c')!.reason).toMatch(/cover less than 7 days/);
  });

  it('counts the waiting period from the hide the audit recorded', () => {
    const at = new Date(now.getTime() - 3 * DAY).toISOString();
    const waiting = review(new Map([[hiddenKey('t', 'k_c'), at]]), usage, false).indexes.find((x) => x.index === 'k_c')!;
    expect(waiting).toMatchObject({ stage: 'waiting', hiddenAt: at, dropAllowedAt: new Date(now.getTime() + 4 * DAY).toISOString() });
    expect(dropRefusal(waiting, usage, [], now)).toMatch(/its drop is allowed after/);
    const old = new Date(now.getTime() - 9 * DAY).toISOString();
    const allowed = review(new Map([[hiddenKey('t', 'k_c'), old]]), usage, false).indexes.find((x) => x.index === 'k_c')!;
    expect(allowed.stage).toBe('drop-allowed');
    expect(dropRefusal(allowed, usage, [], now)).toBeNull();
    expect(dropRefusal(allowed, usage, ['SELECT … FORCE INDEX (`k_c`)'], now)).toMatch(/failed since it was hidden/);
    // Counters restarted after the hide and still saw reads: something used it while hidden.
    expect(dropRefusal({ ...allowed, reads: 5 }, { countersAgeSec: 86_400 }, [], now)).toMatch(/was read/);
    const unrecorded = review(new Map(), usage, false).indexes.find((x) => x.index === 'k_c')!;
    expect(unrecorded.stage).toBe('hidden-unrecorded');
    expect(dropRefusal(unrecorded, usage, [], now)).toMatch(/hidden outside this app/);
  });

  it('reads the latest hide from the audit, undone by a later statement that shows the index again', () => {
    const sql = visibilitySql('ignored', 'db', 't', 'k_c');
    expect(sql).toEqual({ hide: 'ALTER TABLE `db`.`t` ALTER INDEX `k_c` IGNORED', show: 'ALTER TABLE `db`.`t` ALTER INDEX `k_c` NOT IGNORED' });
    const idx = [{ table: 't', index: 'k_c' }];
    const e = (at: string, s: string, status: 'ok' | 'failed' = 'ok') => ({ at, sql: s, status });
    expect(hiddenSinceFromAudit([e('3', sql.hide), e('2', sql.show), e('1', sql.hide)], 'ignored', 'db', idx).get('t.k_c')).toBe('3');
    expect(hiddenSinceFromAudit([e('3', sql.show), e('1', sql.hide)], 'ignored', 'db', idx).size).toBe(0);
    expect(hiddenSinceFromAudit([e('3', sql.hide, 'failed'), e('1', sql.hide)], 'ignored', 'db', idx).get('t.k_c')).toBe('1');
  });
});

describe('checkTableResults', () => {
  it('reads the per-table verdicts from the step messages (captured from MariaDB 10.11 and MySQL 9.7)', () => {
    const r = checkTableResults([
      { stepId: 'check:i', status: 'ok', message: 'db.i: status OK' },
      {
        stepId: 'check:broken',
        status: 'ok',
        message: 'db.broken: error Size of datafile is: 40         Should be: 144; db.broken: error Corrupt',
      },
      { stepId: 'check:nosuch', status: 'ok', message: "db.nosuch: Error Table 'db.nosuch' doesn't exist; db.nosuch: status Operation failed" },
      { stepId: 'check:w', status: 'ok', message: "db.w: warning 1 client is using or hasn't closed the table properly; db.w: status OK" },
      { stepId: 'check:later', status: 'skipped', message: 'cancelled before this step' },
    ]);
    expect(r.map((x) => [x.table, x.verdict])).toEqual([
      ['i', 'ok'],
      ['broken', 'corrupt'],
      ['nosuch', 'corrupt'],
      ['w', 'warning'],
      ['later', 'not-run'],
    ]);
    expect(r[2]!.messages).toEqual([
      { type: 'error', text: "Table 'db.nosuch' doesn't exist" },
      { type: 'status', text: 'Operation failed' },
    ]);
  });
});
