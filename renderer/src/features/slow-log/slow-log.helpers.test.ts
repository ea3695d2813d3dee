import { describe, expect, it } from 'vitest';
import type { QueryClass } from '../../../../shared/contract/slow-log';
import { csvField, profileCsv, reportMarkdown } from './slow-log.export';
import { fixtureClass, fixtureReport } from './slow-log.fixtures';
import { fmtSeconds, nextSort, parseUtcInput, percentileNote, sortClasses } from './slow-log.format';

const cls = (rank: number, distillate: string, total: number, count: number, examined: number): QueryClass => ({
  ...fixtureClass(rank, distillate, total, count, examined),
  findings: rank === 2 ? [{ id: 'rows-examined-ratio', severity: 'warning', checksum: 'C2', title: 'Examines | far more', evidence: '1000 per row' }] : [],
});

const classes = [cls(1, 'SELECT a', 6, 10, 5), cls(2, 'SELECT b', 3, 100, 5000), cls(3, 'UPDATE c', 1, 1, 1)];
const report = fixtureReport(classes, 111);

describe('profile sorting', () => {
  it('sorts by any column both ways, ties in rank order', () => {
    expect(sortClasses(classes, { key: 'calls', dir: 'desc' }).map((c) => c.rank)).toEqual([2, 1, 3]);
    expect(sortClasses(classes, { key: 'avg', dir: 'asc' }).map((c) => c.rank)).toEqual([2, 1, 3]);
    expect(sortClasses(classes, { key: 'examined', dir: 'desc' }).map((c) => c.rank)).toEqual([2, 1, 3]);
    expect(sortClasses(classes, { key: 'item', dir: 'desc' }).map((c) => c.rank)).toEqual([3, 2, 1]);
    expect(sortClasses(classes, { key: 'findings', dir: 'desc' }).map((c) => c.rank)).toEqual([2, 1, 3]);
    expect(classes.map((c) => c.rank)).toEqual([1, 2, 3]);
  });

  it('flips on the same header, starts descending on a numeric one', () => {
    expect(nextSort({ key: 'total', dir: 'desc' }, 'total')).toEqual({ key: 'total', dir: 'asc' });
    expect(nextSort({ key: 'total', dir: 'desc' }, 'calls')).toEqual({ key: 'calls', dir: 'desc' });
    expect(nextSort({ key: 'total', dir: 'desc' }, 'item')).toEqual({ key: 'item', dir: 'asc' });
  });
});

describe('formats', () => {
  it('prints times at a readable scale', () => {
    expect(fmtSeconds(0.00025)).toBe('250 µs');
    expect(fmtSeconds(0.0042)).toBe('4.20 ms');
    expect(fmtSeconds(0.25)).toBe('250 ms');
    expect(fmtSeconds(0.0425)).toBe('42.5 ms');
    expect(fmtSeconds(3.5)).toBe('3.50 s');
    expect(fmtSeconds(600)).toBe('10.0 min');
    expect(fmtSeconds(16_722)).toBe('4.6 h');
  });

  it('reads a datetime-local value as UTC', () => {
    expect(parseUtcInput('2026-11-20T09:05')).toBe(Date.parse('2026-11-20T09:05:00Z'));
    expect(parseUtcInput('')).toBeUndefined();
    expect(parseUtcInput('nonsense')).toBeUndefined();
  });
});

describe('exports', () => {
  it('writes the profile as RFC 4180 CSV', () => {
    const csv = profileCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^rank,query_id,calls,total_time_s/);
    expect(lines[2]).toContain('0x2,100,3,0.3,');
    expect(lines[2]).toContain('rows-examined-ratio');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('writes Markdown with findings, an escaped profile table and samples', () => {
    const md = reportMarkdown(report, 'test log', 2);
    expect(md).toContain('# Slow-log digest: test log');
    expect(md).toContain('- **warning** Examines \\| far more (#2 0x2): 1000 per row');
    expect(md).toContain('| 2 | 0x2 | 3.00 s | 30% | 100 | 30.0 ms | SELECT b |');
    expect(md).toContain('```sql\nSELECT a, "x,y" FROM t WHERE a = 1\n```');
    expect(md).not.toContain('## #3');
  });
});

describe('percentile note', () => {
  it("claims pt's figures only for the pt-compatible report, and says the interpolated ones are not pt's", () => {
    expect(percentileNote({ exact: true }, false)).toBeNull();
    expect(percentileNote({ exact: false }, true)).toMatch(/pt-query-digest's own bucket values/);
    const interpolated = percentileNote({ exact: false }, false)!;
    expect(interpolated).toMatch(/interpolated/);
    expect(interpolated).toMatch(/not equal to/);
  });
});
