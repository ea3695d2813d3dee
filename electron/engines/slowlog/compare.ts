/**
 * Compares two digests class by class (matched by checksum): classes that appeared, went away,
 * or whose average time rose or fell by more than `threshold` (a ratio, default 1.2 = 20%).
 */
import type { DigestComparison, DigestReport, QueryClass } from '../../../shared/contract/slow-log';

/** Compares `before` and `after`; changes are sorted by how much total time they add. */
export function compareDigests(before: DigestReport, after: DigestReport, threshold = 1.2): DigestComparison {
  const b = new Map(before.classes.map((c) => [c.checksum, c]));
  const a = new Map(after.classes.map((c) => [c.checksum, c]));
  const changes: DigestComparison['changes'] = [];
  for (const [sum, ca] of a) {
    const cb = b.get(sum);
    const after1 = summary(ca);
    if (!cb) {
      changes.push({
        checksum: sum,
        fingerprint: ca.fingerprint,
        status: 'new',
        before: null,
        after: after1,
        avgTimeRatio: null,
        totalTimeDelta: after1.totalTime,
      });
      continue;
    }
    const before1 = summary(cb);
    const ratio = before1.avgTime > 0 ? after1.avgTime / before1.avgTime : after1.avgTime > 0 ? Infinity : 1;
    const status = ratio >= threshold ? 'regressed' : ratio <= 1 / threshold ? 'improved' : 'unchanged';
    changes.push({
      checksum: sum,
      fingerprint: ca.fingerprint,
      status,
      before: before1,
      after: after1,
      avgTimeRatio: Number.isFinite(ratio) ? ratio : null,
      totalTimeDelta: after1.totalTime - before1.totalTime,
    });
  }
  for (const [sum, cb] of b) {
    if (a.has(sum)) continue;
    const before1 = summary(cb);
    changes.push({
      checksum: sum,
      fingerprint: cb.fingerprint,
      status: 'gone',
      before: before1,
      after: null,
      avgTimeRatio: null,
      totalTimeDelta: -before1.totalTime,
    });
  }
  changes.sort((x, y) => y.totalTimeDelta - x.totalTimeDelta);
  return { changes, threshold };
}

function summary(c: QueryClass): { count: number; totalTime: number; avgTime: number; p95: number } {
  const qt = c.metrics.Query_time;
  return { count: c.count, totalTime: qt?.sum ?? 0, avgTime: qt?.avg ?? 0, p95: qt?.p95 ?? 0 };
}
