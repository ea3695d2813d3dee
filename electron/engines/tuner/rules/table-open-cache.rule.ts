/** table_open_cache: tables opened per second when the cache is full. */
import { defineRule } from '../rule';
import { fmtNum } from '../units';

/** The rule. */
export const tableOpenCacheRule = defineRule({
  id: 'table-open-cache',
  area: 'caches',
  severity: 'warning',
  title: 'Table open cache too small',
  rationale:
    'Each statement needs an open table handle per table; when table_open_cache is full, the server closes one and opens another (Opened_tables grows). A steady opening rate with a full cache costs mutex time and file descriptors. Each cached table needs file descriptors, so the cache is bounded by open_files_limit.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/table-cache.html',
  evaluate(r) {
    const size = r.v('table_open_cache');
    const open = r.lifetime('Open_tables');
    const rate = r.rate('Opened_tables');
    const filesLimit = r.v('open_files_limit');
    if (size === null || open === null || rate === null) return null;
    const maxConn = r.v('max_connections') ?? 151;
    const full = open >= 0.95 * size;
    const cap = filesLimit ? Math.max(size, Math.floor((filesLimit - maxConn - 10) / 2)) : size * 2;
    const recommended = Math.min(size * 2, cap);
    const fires = full && rate > 1 && recommended > size;
    return {
      fires,
      message: `Open_tables ${open} of table_open_cache ${size}; ${fmtNum(rate)} tables opened per second in the window.`,
      formula: 'fires when Open_tables ≥ 95% of table_open_cache and Δ Opened_tables / interval > 1/s',
      result: { name: 'tables opened per second', value: rate, unit: 'per-second' },
      recommendation: {
        text: `Raise table_open_cache to ${recommended}.`,
        computation: `min(2 × ${size}, (open_files_limit ${filesLimit ?? '?'} − max_connections ${maxConn} − 10) / 2) = ${recommended}`,
      },
      changes: fires ? [r.change('table_open_cache', recommended)] : [],
    };
  },
});
