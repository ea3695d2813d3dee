/** The profile: every class, sortable by any column, virtualized (a log can have tens of thousands of classes). */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { QueryClass } from '../../../../../shared/contract/slow-log';
import { fmtCount, fmtPct, fmtSeconds, profileColumns, sortClasses } from '../slow-log.format';
import { useSlowLog } from '../slow-log.store';

const ROW = 30;

function cell(c: QueryClass, key: (typeof profileColumns)[number]['key'], missing: readonly string[]) {
  const qt = c.metrics.Query_time;
  const gone = (stat: string) => missing.includes(`Query_time.${stat}`);
  switch (key) {
    case 'rank':
      return c.rank;
    case 'item':
      return (
        <span className="sl-item" title={c.fingerprint}>
          <span className="sl-qid">{c.queryId}</span> {c.distillate}
        </span>
      );
    case 'total':
      return fmtSeconds(qt?.sum ?? 0);
    case 'pct':
      return (
        <span className="sl-share" title={`${(c.pctOfOrderBy * 100).toFixed(2)}% of total time`}>
          <span className="sl-share-bar" style={{ width: `${Math.max(1, c.pctOfOrderBy * 100)}%` }} />
          <span className="sl-share-text">{fmtPct(c.pctOfOrderBy)}</span>
        </span>
      );
    case 'calls':
      return fmtCount(c.count, true);
    case 'avg':
      return fmtSeconds(qt?.avg ?? 0);
    case 'p95':
      return gone('p95') ? 'n/a' : fmtSeconds(qt?.p95 ?? 0);
    case 'max':
      return fmtSeconds(qt?.max ?? 0);
    case 'examined':
      return c.metrics.Rows_examined ? fmtCount(c.metrics.Rows_examined.avg, true) : '—';
    case 'sent':
      return c.metrics.Rows_sent ? fmtCount(c.metrics.Rows_sent.avg, true) : '—';
    case 'findings':
      // The whole list on hover when the column is narrower than the badge.
      return c.findings.length ? (
        <span className="badge sev-warning" title={c.findings.map((f) => f.title).join('\n')}>
          {c.findings.map((f) => f.id.replace(/-/g, ' ')).join(', ')}
        </span>
      ) : (
        ''
      );
  }
}

/** The profile table. */
export function ProfileTable() {
  const { current, sort, selected } = useSlowLog(useShallow((x) => ({ current: x.current, sort: x.sort, selected: x.selected })));
  const { sortBy, select } = useSlowLog(useShallow((x) => ({ sortBy: x.sortBy, select: x.select })));
  const rows = useMemo(() => sortClasses(current?.report.classes ?? [], sort), [current, sort]);
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  if (!current) return null;
  const missing = current.missing;
  return (
    <div className="card sl-profile" role="table" aria-label="Profile" aria-rowcount={rows.length + 1}>
      <div className="sl-row sl-head" role="row">
        {profileColumns.map((col) => (
          <div
            key={col.key}
            role="columnheader"
            className={`sl-c-${col.key}`}
            aria-sort={sort.key === col.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
          >
            <button className="sl-sort" onClick={() => sortBy(col.key)}>
              {col.label}
              {sort.key === col.key ? (sort.dir === 'asc' ? ' ↑' : ' ↓') : ''}
            </button>
          </div>
        ))}
      </div>
      <div ref={scroller} className="sl-scroll" data-testid="profile-scroll">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const c = rows[item.index]!;
            return (
              <div
                key={c.checksum}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={c.checksum === selected}
                data-testid="profile-row"
                className={c.checksum === selected ? 'sl-row selected' : 'sl-row'}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}
                onClick={() => select(c.checksum)}
              >
                {profileColumns.map((col) => (
                  <div key={col.key} role="cell" className={`sl-c-${col.key}`}>
                    {cell(c, col.key, missing)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      {rows.length === 0 && <div className="muted pad">No class matches (check the filters).</div>}
    </div>
  );
}
