import { describe, expect, it } from 'vitest';
import type { ExplainRow } from '../../../shared/contract/advisor';
import { compareExplains, fullScans, summarizeTimings } from './verify';

const row = (table: string, accessType: string, key: string | null, rows: number): ExplainRow => ({ table, accessType, key, rows, extra: null });

describe('verify comparison', () => {
  it('calls a plan that replaces a full scan by a ref on the new index improved', () => {
    const r = compareExplains(
      'document_list',
      [row('d', 'ALL', null, 32000)],
      [row('d', 'ref', 'idx_documents_project_id_updated_at', 4)],
      ['idx_documents_project_id_updated_at'],
    );
    expect(r).toMatchObject({
      verdict: 'improved',
      rowsBefore: 32000,
      rowsAfter: 4,
      fullScansBefore: ['d'],
      fullScansAfter: [],
      newIndexesUsed: ['idx_documents_project_id_updated_at'],
    });
  });

  it('lets measured timings decide, with a noise margin', () => {
    const same = compareExplains('q', [row('t', 'ALL', null, 10)], [row('t', 'ALL', null, 10)], [], { before: [10, 11, 10], after: [10.5, 10, 10.2] });
    expect(same.verdict).toBe('unchanged');
    const worse = compareExplains('q', [row('t', 'ref', 'a', 10)], [row('t', 'ref', 'b', 5)], ['b'], { before: [1, 1, 1], after: [2, 2, 2] });
    expect(worse.verdict).toBe('worse');
  });

  it('summarizes timings and ignores full scans of small tables', () => {
    expect(summarizeTimings([5, 1, 3, 2, 4])).toEqual({ runs: 5, medianMs: 3, p95Ms: 5 });
    expect(summarizeTimings([])).toBeNull();
    expect(fullScans([row('small', 'ALL', null, 12), row('big', 'ALL', null, 5000)])).toEqual(['big']);
  });
});
