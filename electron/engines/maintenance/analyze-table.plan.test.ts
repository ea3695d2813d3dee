import { describe, expect, it } from 'vitest';
import { planAnalyzeTables, measureAnalyze } from './analyze-table.plan';

const stats = [
  { schema: 'cowrite', table: 'documents', engine: 'InnoDB', rows: 32000, dataBytes: 20 * 1024 * 1024, indexBytes: 0, statsUpdatedAt: '2026-01-01 00:00:00' },
  { schema: 'odd`db', table: 'we`ird', engine: 'MyISAM', rows: 5, dataBytes: 100, indexBytes: 0, statsUpdatedAt: null },
];

describe('planAnalyzeTables', () => {
  it('emits one quoted ADMIN step per existing table, deduplicated, with a stable hash', () => {
    const req = [
      { schema: 'cowrite', table: 'documents' },
      { schema: 'odd`db', table: 'we`ird' },
      { schema: 'cowrite', table: 'documents' },
    ];
    const a = planAnalyzeTables(req, stats);
    expect(a.plan.steps.map((s) => s.sql)).toEqual(['ANALYZE TABLE `cowrite`.`documents`', 'ANALYZE TABLE `odd``db`.`we``ird`']);
    expect(a.plan.steps.every((s) => s.kind === 'ADMIN' && s.rollback === null)).toBe(true);
    expect(a.plan.steps[1]!.estimate).toMatch(/MyISAM/);
    expect(a.missing).toEqual([]);
    expect(planAnalyzeTables(req, stats).plan.hash).toBe(a.plan.hash);
    expect(planAnalyzeTables(req.slice(0, 1), stats).plan.hash).not.toBe(a.plan.hash);
  });

  it('reports tables that do not exist', () => {
    expect(planAnalyzeTables([{ schema: 'cowrite', table: 'nope' }], stats).missing).toEqual(['cowrite.nope']);
  });

  it('measures statistics time stamps and row estimates', () => {
    const m = measureAnalyze(stats.slice(0, 1), 'now');
    expect(m.metrics.map((x) => x.value)).toEqual(['2026-01-01 00:00:00', 32000]);
  });
});
