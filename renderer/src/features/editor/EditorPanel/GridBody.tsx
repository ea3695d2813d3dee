/**
 * The scrolling body of the result grid. Rows have a fixed height, so the visible range is plain
 * arithmetic on scrollTop; only that range plus a small overscan is rendered. Scroll state lives
 * here (the rest of the grid does not re-render on scroll), row elements are recycled by slot (a
 * jump reuses the same DOM nodes and only their text changes), rows are memoized, and CSS
 * containment keeps each row's layout to itself. Measured with bench/grid/run.mjs.
 */
import { memo, useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { SqlCell } from '../../../../../shared/contract/sql.calls';
import { cellClass, cellText } from './cells';

/** Row height in px (CSS `.grid-row` uses the same). */
export const ROW_H = 24;
/** Rows rendered above and below the viewport. */
const OVERSCAN = 6;

interface Range {
  from: number;
  to: number;
}

function rangeOf(el: HTMLElement, total: number): Range {
  const from = Math.max(0, Math.floor(el.scrollTop / ROW_H) - OVERSCAN);
  const to = Math.min(total, Math.ceil((el.scrollTop + el.clientHeight) / ROW_H) + OVERSCAN);
  return { from, to };
}

interface RowProps {
  index: number;
  row: SqlCell[] | undefined;
  columns: number;
  widths: readonly number[];
  width: number;
  /** Selected column in this row, or -1. */
  selectedCol: number;
  onSelect(row: number, col: number): void;
}

/** One row; re-renders only when its index, data, widths or selection change. */
const GridRow = memo(function GridRow({ index, row, columns, widths, width, selectedCol, onSelect }: RowProps) {
  const cells = [];
  for (let i = 0; i < columns; i++) {
    const c = row?.[i];
    cells.push(
      <div key={i} className={`grid-cell ${row ? cellClass(c) : ''}${i === selectedCol ? ' selected' : ''}`} style={{ width: widths[i] }} data-col={i}>
        {row ? cellText(c) : '…'}
      </div>,
    );
  }
  return (
    <div
      className="grid-row"
      data-row={index}
      style={{ transform: `translateY(${index * ROW_H}px)`, width }}
      onClick={(e) => {
        const col = (e.target as HTMLElement).closest<HTMLElement>('[data-col]')?.dataset.col;
        if (col !== undefined) onSelect(index, Number(col));
      }}
    >
      <div className="grid-cell rownum">{index + 1}</div>
      {cells}
    </div>
  );
});

interface BodyProps {
  scroller: RefObject<HTMLDivElement | null>;
  total: number;
  columns: number;
  widths: readonly number[];
  width: number;
  rowAt(i: number): SqlCell[] | undefined;
  selected: { row: number; col: number } | null;
  onSelect(row: number, col: number): void;
  /** Asks for the rows of a range (pages are fetched in the background; the body never waits). */
  onRange(from: number, to: number): void;
}

/** The virtualized rows under the sticky header. */
export function GridBody({ scroller, total, columns, widths, width, rowAt, selected, onSelect, onRange }: BodyProps) {
  const [range, setRange] = useState<Range>({ from: 0, to: Math.min(total, 40) });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = (sync: boolean) => {
      const next = rangeOf(el, total);
      const apply = () => setRange((r) => (r.from === next.from && r.to === next.to ? r : next));
      // Render the new range before this frame paints, so a fast scroll never shows an empty band.
      if (sync) flushSync(apply);
      else apply();
    };
    update(false);
    const onScroll = () => update(true);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [scroller, total]);

  useEffect(() => {
    if (range.to > range.from) onRange(range.from, range.to);
  }, [range, onRange]);

  // Slots: row i renders in slot i % n, so scrolling reuses the same elements.
  const n = Math.max(1, range.to - range.from);
  const rows = [];
  for (let i = range.from; i < range.to; i++) {
    rows.push(
      <GridRow
        key={i % n}
        index={i}
        row={rowAt(i)}
        columns={columns}
        widths={widths}
        width={width}
        selectedCol={selected?.row === i ? selected.col : -1}
        onSelect={onSelect}
      />,
    );
  }
  return (
    <div className="grid-body" style={{ height: total * ROW_H, width }}>
      {rows}
    </div>
  );
}
