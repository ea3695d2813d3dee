import { describe, expect, it } from 'vitest';
import { countGtids, formatGtidSet, gtidDistance, gtidGaps, parseGtidSet, parseMariadbPosition, subtractGtidSets } from './gtid';

const U = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const V = '4d22fb58-82db-22f2-af44-d91bba53a673';

describe('MySQL GTID sets', () => {
  it('parses intervals, merges touching ones and prints them as MySQL does', () => {
    const s = parseGtidSet(`${U.toUpperCase()}:1-5:6-8:10,\n${V}:3`);
    expect(formatGtidSet(s)).toBe(`${U}:1-8:10,${V}:3`);
    expect(countGtids(s)).toBe(10);
  });

  it('subtracts like GTID_SUBTRACT (checked against MySQL 9.7: uuid:1-10 minus uuid:1-5 is uuid:6-10)', () => {
    expect(formatGtidSet(subtractGtidSets(parseGtidSet(`${U}:1-10`), parseGtidSet(`${U}:1-5`)))).toBe(`${U}:6-10`);
    const d = subtractGtidSets(parseGtidSet(`${U}:1-20,${V}:1-4`), parseGtidSet(`${U}:3-5:8-9:30`));
    expect(formatGtidSet(d)).toBe(`${U}:1-2:6-7:10-20,${V}:1-4`);
    expect(countGtids(d)).toBe(2 + 2 + 11 + 4);
  });

  it('keeps tagged GTIDs (MySQL 8.4+) apart from untagged ones of the same source', () => {
    const s = parseGtidSet(`${U}:1-3:blue:1-2`);
    expect([...s.keys()].sort()).toEqual([U, `${U}:blue`]);
    expect(countGtids(subtractGtidSets(s, parseGtidSet(`${U}:1-3`)))).toBe(2);
  });

  it('finds gaps in an executed set', () => {
    expect(gtidGaps(parseGtidSet(`${U}:1-7:9-10:15`))).toEqual([
      { source: U, from: 8, to: 8 },
      { source: U, from: 11, to: 14 },
    ]);
    expect(gtidGaps(parseGtidSet(`${U}:1-100`))).toEqual([]);
  });

  it('refuses text that is not a GTID set', () => {
    expect(() => parseGtidSet('binlog.000002:4512')).toThrow(/Not a GTID set/);
    expect(() => parseGtidSet(`${U}:9-3`)).toThrow(/interval/);
  });
});

describe('MariaDB GTID positions', () => {
  it('parses one GTID per domain and counts the transactions between two positions', () => {
    const p = parseMariadbPosition('0-1-1201,1-2-7');
    expect(p.get(0)).toEqual({ domain: 0, server: 1, seq: 1201 });
    expect(gtidDistance('0-1-1210,1-2-7', '0-1-1201,1-2-7', 'mariadb')).toBe(9);
    // A domain the replica has never seen counts in full.
    expect(gtidDistance('0-1-5,1-2-3', '0-1-5', 'mariadb')).toBe(3);
    expect(gtidDistance('0-1-5', '0-1-9', 'mariadb')).toBe(0);
  });

  it('says null, not a guess, for unreadable or missing positions', () => {
    expect(gtidDistance('nonsense', '0-1-1', 'mariadb')).toBeNull();
    expect(gtidDistance(null, '0-1-1', 'mariadb')).toBeNull();
    expect(gtidDistance(`${U}:1-5`, '', 'mysql')).toBe(5);
  });
});
