import { describe, expect, it } from 'vitest';
import { filterSessions } from './session-filter';
import { parseRuleFile } from './rule-file';

const s = (id: number, over: Partial<Parameters<typeof filterSessions>[0][number]> = {}) => ({
  id,
  user: 'app',
  host: '10.0.0.1:5000',
  db: 'cowrite',
  command: 'Query',
  timeSec: id,
  state: 'executing',
  info: `SELECT ${id}`,
  ...over,
});

describe('filterSessions', () => {
  const rows = [
    s(1),
    s(2, { command: 'Sleep', info: null }),
    s(3, { user: 'system user', command: 'Daemon' }),
    s(4, { db: 'other', user: 'etl' }),
    s(9, { info: 'UPDATE docs SET x = 1' }),
  ];
  it('hides idle sessions and daemons, longest first', () => {
    expect(filterSessions(rows, { hideIdle: true, minTimeSec: 0 }).map((r) => r.id)).toEqual([9, 4, 1]);
  });
  it('filters by user, database, time and statement text', () => {
    expect(filterSessions(rows, { hideIdle: false, minTimeSec: 0, user: 'etl' }).map((r) => r.id)).toEqual([4]);
    expect(filterSessions(rows, { hideIdle: false, minTimeSec: 0, db: 'cowrite' }).map((r) => r.id)).toEqual([9, 3, 2, 1]);
    expect(filterSessions(rows, { hideIdle: false, minTimeSec: 4 }).map((r) => r.id)).toEqual([9, 4]);
    expect(filterSessions(rows, { hideIdle: false, minTimeSec: 0, text: 'update DOCS' }).map((r) => r.id)).toEqual([9]);
  });
});

describe('parseRuleFile', () => {
  const rule = { id: 'r', summary: 's', source: 'user', expr: 'qps > 1', severity: 'notice', message: 'm' };
  it('reads {"rules": [...]} and a bare list, filling defaults', () => {
    expect(parseRuleFile(JSON.stringify({ rules: [rule] }))[0]).toMatchObject({ id: 'r', forSec: 0, cooldownSec: 300, params: [] });
    expect(parseRuleFile(JSON.stringify([rule]))).toHaveLength(1);
  });
  it('says what is wrong', () => {
    expect(() => parseRuleFile('{', 'x.json')).toThrow(/x.json is not JSON/);
    expect(() => parseRuleFile(JSON.stringify({ rules: [{ ...rule, severity: 'loud' }] }), 'x.json')).toThrow(/x.json: rules.0.severity: /);
    expect(() => parseRuleFile('{"x": 1}', 'x.json')).toThrow(/write {"rules"/);
  });
});
