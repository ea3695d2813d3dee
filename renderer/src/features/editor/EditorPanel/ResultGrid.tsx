/** A virtualized grid over a buffered result: rows arrive in pages as they scroll into view. */
import { useCallback, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SqlResult } from '../../../../../shared/contract/sql.calls';
import { useUi } from '../../../app/ui.store';
import { PAGE_SIZE, useEditor } from '../editor.store';
import { cellText, cellView, exportResult } from './cells';
import { GridBody } from './GridBody';

/** The grid of one result set. */
export function ResultGrid({ result }: { result: SqlResult }) {
  const resultId = result.resultId!;
  const { totals, pages, sort } = useEditor(useShallow((s) => ({ totals: s.totals[resultId], pages: s.pages[resultId], sort: s.sort })));
  const ensureRows = useEditor((s) => s.ensureRows);
  const sortBy = useEditor((s) => s.sortBy);
  const toast = useUi((s) => s.toast);
  const total = totals?.total ?? result.totalRows;
  const scroller = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<number[]>(() => result.columns.map((c) => Math.min(320, Math.max(80, c.name.length * 9 + 24))));
  const [selected, setSelected] = useState<{ row: number; col: number } | null>(null);
  const [viewing, setViewing] = useState(false);
  const onRange = useCallback((from: number, to: number) => void ensureRows(resultId, from, to), [resultId, ensureRows]);
  const onSelect = useCallback((row: number, col: number) => setSelected({ row, col }), []);

  const rowAt = (i: number) => pages?.[Math.floor(i / PAGE_SIZE)]?.[i % PAGE_SIZE];
  const copy = (text: string) =>
    void navigator.clipboard.writeText(text).then(
      () => toast('info', 'Copied'),
      () => toast('error', 'The clipboard is not available'),
    );
  const startResize = (col: number, e: React.MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    const w0 = widths[col]!;
    const move = (ev: MouseEvent) => setWidths((w) => w.map((v, i) => (i === col ? Math.max(40, w0 + ev.clientX - x0) : v)));
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };
  const width = widths.reduce((a, b) => a + b, 72);
  const doExport = (format: 'csv' | 'json') =>
    void exportResult(resultId, result.columns, format, `result-${result.index + 1}`).then(
      (n) => toast('success', `Exported ${n.toLocaleString('en-US')} rows`),
      (err: unknown) => toast('error', String(err)),
    );

  return (
    <div className="result-grid">
      <div className="row small grid-tools">
        <span data-testid="result-count">
          {total.toLocaleString('en-US')} rows{totals && !totals.complete ? ' so far…' : ''}
          {totals?.truncated && !totals.note ? ' · truncated at the buffer cap' : ''}
        </span>
        {totals?.note && (
          <span className="warn-text" data-testid="result-note" role="status">
            {totals.note}
          </span>
        )}
        <span className="muted">{Math.round(totals?.elapsedMs ?? result.elapsedMs)} ms</span>
        {sort && (
          <span className="muted">
            sorted by the server on column {sort.column + 1} ({sort.dir}): statement re-run inside ORDER BY
          </span>
        )}
        <span className="spacer" />
        <button
          className="ghost"
          disabled={!selected}
          aria-pressed={viewing}
          onClick={() => setViewing((v) => !v)}
          title="The selected cell in full: JSON formatted, binary as hex"
        >
          View cell
        </button>
        <button className="ghost" disabled={!selected} onClick={() => selected && copy(cellText(rowAt(selected.row)?.[selected.col]))}>
          Copy cell
        </button>
        <button className="ghost" disabled={!selected} onClick={() => selected && copy((rowAt(selected.row) ?? []).map(cellText).join('\t'))}>
          Copy row
        </button>
        <button className="ghost" onClick={() => doExport('csv')}>
          Export CSV
        </button>
        <button className="ghost" onClick={() => doExport('json')}>
          Export JSON
        </button>
      </div>
      {viewing && selected && (
        <CellViewer
          value={cellView(rowAt(selected.row)?.[selected.col])}
          column={result.columns[selected.col]?.name ?? ''}
          row={selected.row}
          onClose={() => setViewing(false)}
        />
      )}
      <div className="grid-scroll" ref={scroller} data-testid="result-scroll">
        <div className="grid-head" style={{ width }}>
          <div className="grid-cell rownum">#</div>
          {result.columns.map((c, i) => (
            <div
              key={i}
              className="grid-cell head"
              style={{ width: widths[i] }}
              title={`${c.name} · ${c.type} — click to sort on the server`}
              onClick={() => void sortBy(i)}
            >
              {c.name}
              {sort?.column === i ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              <span className="resize" onMouseDown={(e) => startResize(i, e)} />
            </div>
          ))}
        </div>
        <GridBody
          scroller={scroller}
          total={total}
          columns={result.columns.length}
          widths={widths}
          width={width}
          rowAt={rowAt}
          selected={selected}
          onSelect={onSelect}
          onRange={onRange}
        />
      </div>
    </div>
  );
}

/** The selected cell in full, above the grid. */
function CellViewer({ value, column, row, onClose }: { value: ReturnType<typeof cellView>; column: string; row: number; onClose: () => void }) {
  return (
    <div className="cell-viewer" data-testid="cell-viewer" role="region" aria-label="Cell value">
      <div className="row small">
        <strong>
          {column} · row {row + 1}
        </strong>
        <span className="muted">{value.note}</span>
        <span className="spacer" />
        <button className="ghost tiny" onClick={onClose}>
          Close
        </button>
      </div>
      <pre className={`cell-viewer-body ${value.kind}`}>{value.text}</pre>
    </div>
  );
}
