/** Sorts that needed merge passes because they did not fit in sort_buffer_size. */
import { defineRule } from '../rule';
import { fmtBytes, fmtNum, fmtPct, SIZE } from '../units';

const MIN_SORTS = 100;

/** The rule. */
export const sortMergePassesRule = defineRule({
  id: 'sort-merge-passes',
  area: 'queries',
  severity: 'info',
  title: 'Sorts spilling into merge passes',
  rationale:
    'A filesort that does not fit in sort_buffer_size writes sorted runs to disk and merges them (Sort_merge_passes). An index that delivers rows in ORDER BY order avoids the sort entirely; a larger sort buffer helps only those sorts and is allocated in full by every sort.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/order-by-optimization.html',
  evaluate(r) {
    const w = r.window(['Sort_merge_passes', 'Sort_scan', 'Sort_range'], 'Sort_scan', MIN_SORTS);
    const buf = r.v('sort_buffer_size', 'bytes');
    if (!w || buf === null) return null;
    const [passes = 0, scan = 0, range = 0] = w.values;
    const sorts = scan + range;
    if (sorts < MIN_SORTS) return null;
    const ratio = passes / sorts;
    const fires = ratio > 0.1;
    const next = Math.min(2 * SIZE.MIB, buf * 2);
    const grow = buf < SIZE.MIB;
    return {
      fires,
      message: `${fmtNum(passes)} merge passes for ${fmtNum(sorts)} sorts ${w.source === 'status-delta' ? 'in the window' : 'since startup'} (${fmtPct(ratio)}); sort_buffer_size = ${fmtBytes(buf)}.`,
      formula: 'ratio = Sort_merge_passes / (Sort_scan + Sort_range); fires above 10%',
      result: { name: 'merge passes per sort', value: ratio, unit: 'ratio' },
      recommendation: grow
        ? {
            text: `First find the sorting queries (slow-log digest: Filesort_on_disk) and give them an index; a modest sort_buffer_size of ${fmtBytes(next)} is the fallback.`,
            computation: `min(2 MiB, 2 × ${fmtBytes(buf)}) = ${fmtBytes(next)}`,
          }
        : {
            text: 'Find the sorting queries with the slow-log digest and index their ORDER BY; the buffer is already ≥ 1 MiB.',
            computation: 'no variable change',
          },
      changes: fires && grow ? [r.change('sort_buffer_size', next)] : [],
    };
  },
});
