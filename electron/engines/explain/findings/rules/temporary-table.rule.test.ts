import { describe, expect, it } from 'vitest';
import { parseExplain } from '../../parse-explain';
import { analyzePlan } from '../../analyze-plan';
import { analyzeFixture, fixtureText } from '../../testing/fixtures';
import { temporaryTableRule } from './temporary-table.rule';

describe('temporary-table', () => {
  it('one finding per select for the GROUP BY report', () => {
    for (const path of [
      'mariadb/before/versions_over_limit.analyze.json',
      'mysql/before/versions_over_limit.explain.v1.json',
      'mariadb/before/versions_over_limit.explain.grid.txt',
    ]) {
      const out = analyzeFixture(path, [temporaryTableRule]);
      expect(out, path).toHaveLength(1);
      expect(out[0]!.severity).toBe('warning');
    }
  });

  it('is critical when the slow log says the temporary table went to disk', () => {
    const entry = fixtureText('mariadb', 'before', 'versions_over_limit.slowlog.txt');
    expect(entry).toMatch(/Tmp_table_on_disk: No/);
    const onDisk = parseExplain(entry.replace('Tmp_table_on_disk: No', 'Tmp_table_on_disk: Yes')).plan!;
    const [f] = analyzePlan(onDisk, {}, [temporaryTableRule]);
    expect(f).toMatchObject({ severity: 'critical', evidence: { onDisk: true } });
    const [g] = analyzePlan(parseExplain(entry).plan!, {}, [temporaryTableRule]);
    expect(g).toMatchObject({ severity: 'warning', evidence: { onDisk: false } });
  });

  it('no temporary table once document_versions is indexed', () => {
    expect(analyzeFixture('mysql/after/versions_over_limit.explain.v1.json', [temporaryTableRule])).toEqual([]);
  });
});
