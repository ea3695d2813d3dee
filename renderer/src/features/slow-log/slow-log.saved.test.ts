import { describe, expect, it } from 'vitest';
import type { QueryClass } from '../../../../shared/contract/slow-log';
import { fixtureClass, fixtureReport } from './slow-log.fixtures';
import { restoreDigest, savedDigestText, SAVED_PASTE_CHARS } from './slow-log.saved';
import type { Digest, Filters } from './slow-log.store';

const filters: Filters = { db: 'cowrite', user: '', host: '', minTime: '', text: '', since: '', until: '' };
const now = new Date('2026-12-06T23:00:00Z');

/** A class whose raw sample is `sampleChars` long, with the attributes and EXPLAIN a dropped sample loses. */
function cls(rank: number, sampleChars: number): QueryClass {
  const c = fixtureClass(rank, `SELECT t${rank}`, rank, 1, 0);
  const text = `SELECT * FROM t${rank} WHERE a = '${'x'.repeat(sampleChars)}'`;
  return { ...c, sample: { ...c.sample, text, db: 'cowrite', attributes: { Query_time: String(rank) }, explain: ['id select_type'] } };
}

function digest(classes: number, sampleChars: number, input: Digest['input'] = { kind: 'demo' }): Digest {
  const report = fixtureReport(
    Array.from({ length: classes }, (_, i) => cls(i + 1, sampleChars)),
    classes,
  );
  report.warnings = Array.from({ length: 500 }, (_, i) => ({ kind: 'truncated-entry' as const, offset: i, message: 'cut', skippedBytes: 0, skippedLines: 0 }));
  return { report, label: 'slow.log', input, missing: [], notes: [] };
}

describe('the slow-log digest kept across a reload', () => {
  it('keeps a small digest whole, with its filters, and says when it was analysed', () => {
    const d = digest(5, 100);
    const back = restoreDigest(savedDigestText(d, filters, now));
    expect(back?.filters).toEqual(filters);
    expect(back?.digest.report).toEqual(d.report);
    expect(back?.digest.restored).toEqual({ savedAt: '2026-12-06T23:00:00.000Z', samplesKept: 5, classes: 5 });
  });

  it('keeps the whole class table of a large digest and drops the raw samples beyond the top classes to fit the bound', () => {
    const d = digest(400, 5_000);
    const whole = JSON.stringify(d).length;
    const budget = 800_000;
    expect(whole).toBeGreaterThan(budget);
    const text = savedDigestText(d, filters, now, budget)!;
    expect(text.length).toBeLessThanOrEqual(budget);
    const back = restoreDigest(text)!.digest;
    expect(back.report.classes).toHaveLength(400);
    expect(back.report.classes.map((c) => c.metrics)).toEqual(d.report.classes.map((c) => c.metrics));
    expect(back.restored).toEqual({ savedAt: now.toISOString(), samplesKept: 50, classes: 400 });
    expect(back.report.classes[49]!.sample.text).toBe(d.report.classes[49]!.sample.text);
    expect(back.report.classes[50]!.sample).toMatchObject({ text: '', attributes: {}, explain: [], db: 'cowrite' });
    expect(back.report.warnings).toHaveLength(100);
  });

  it('keeps nothing when even the class table without samples is over the bound', () => {
    expect(savedDigestText(digest(400, 10), filters, now, 10_000)).toBeNull();
  });

  it('keeps a file and a large paste by name only, and a small paste or the demo as they are', () => {
    const file = new File(['# Query_time: 1\nSELECT 1;\n'], 'prod-slow.log');
    expect(restoreDigest(savedDigestText(digest(1, 1, { kind: 'file', file }), filters, now))?.digest.input).toEqual({
      kind: 'restored',
      name: 'prod-slow.log',
    });
    const big = { kind: 'paste' as const, text: 'x'.repeat(SAVED_PASTE_CHARS + 1) };
    expect(restoreDigest(savedDigestText(digest(1, 1, big), filters, now))?.digest.input).toEqual({ kind: 'restored', name: 'slow.log' });
    const small = { kind: 'paste' as const, text: 'SELECT 1;' };
    expect(restoreDigest(savedDigestText(digest(1, 1, small), filters, now))?.digest.input).toEqual(small);
    expect(restoreDigest(savedDigestText(digest(1, 1), filters, now))?.digest.input).toEqual({ kind: 'demo' });
  });

  it('ignores what it did not write', () => {
    expect(restoreDigest(null)).toBeNull();
    expect(restoreDigest('not json')).toBeNull();
    expect(restoreDigest(JSON.stringify({ version: 2 }))).toBeNull();
  });
});
