/** The unused-index section: the evidence window, each secondary index's stage, and its hide or drop plan. */
import { useShallow } from 'zustand/react/shallow';
import { utcText, windowText, type UnusedIndex } from '../../../../../shared/contract/health';
import { fmtBytes } from '../../../../../shared/format-bytes';
import { useHealth } from '../health.store';

const STAGE: Record<UnusedIndex['stage'], { label: string; badge: string }> = {
  candidate: { label: 'unused', badge: 'risk-medium' },
  waiting: { label: 'hidden · waiting', badge: 'risk-low' },
  'drop-allowed': { label: 'hidden · drop allowed', badge: 'risk-high' },
  'hidden-unrecorded': { label: 'hidden elsewhere', badge: 'unknown' },
  used: { label: 'used', badge: 'ok' },
  kept: { label: 'kept', badge: '' },
  unknown: { label: 'usage unknown', badge: 'unknown' },
};

const ORDER: UnusedIndex['stage'][] = ['drop-allowed', 'waiting', 'candidate', 'hidden-unrecorded', 'unknown', 'used', 'kept'];

/** The section. */
export function UnusedIndexes({ connectionId }: { connectionId: string }) {
  const h = useHealth(useShallow((s) => ({ schema: s.schema, unused: s.unused, reading: s.reading, waitDays: s.waitDays, busy: s.flow?.busy ?? null })));
  const a = useHealth(useShallow((s) => ({ loadUnused: s.loadUnused, hide: s.hide, drop: s.drop, setWaitDays: s.setWaitDays })));
  const r = h.unused;
  const rows = r ? [...r.indexes].sort((x, y) => ORDER.indexOf(x.stage) - ORDER.indexOf(y.stage)) : [];
  const hideWord = r?.hide === 'ignored' ? 'IGNORED' : 'INVISIBLE';
  return (
    <div className="card" aria-label="Unused indexes">
      <div className="row">
        <h3>Unused indexes</h3>
        <label className="row small">
          Wait before drop (days)
          <input
            aria-label="Wait days"
            type="number"
            min={1}
            max={365}
            value={h.waitDays}
            onChange={(e) => a.setWaitDays(Number(e.target.value))}
            style={{ width: 60 }}
          />
        </label>
        <button disabled={!h.schema.trim() || h.reading !== null} onClick={() => void a.loadUnused(connectionId)}>
          {h.reading === 'unused' ? 'Reading…' : 'Find unused indexes'}
        </button>
      </div>
      {r && (
        <p className="muted small" data-testid="unused-evidence">
          {r.source === 'unavailable'
            ? r.note
            : `Evidence: ${r.source === 'user_statistics' ? 'user statistics' : 'performance_schema'} counters over ${windowText(r.countersAgeSec)} (since ${utcText(r.evidenceSince)}, the last server start). `}
          {r.hide === 'none'
            ? 'This server cannot hide an index, so none is proposed for dropping.'
            : `Hide first (${hideWord}: instant, undone in one statement), drop only after ${r.waitDays} day(s) hidden with no statement failing for it.`}
        </p>
      )}
      {r && (
        <table className="grid" data-testid="unused-indexes">
          <thead>
            <tr>
              <th>Index</th>
              <th>Columns</th>
              <th className="num">Rows read</th>
              <th className="num">Size</th>
              <th>Stage</th>
              <th>Drop allowed after</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={`${i.table}.${i.index}`} data-index={`${i.table}.${i.index}`} title={i.reason}>
                <td>
                  {i.table}.<strong>{i.index}</strong>
                </td>
                <td className="small">{i.columns.join(', ')}</td>
                <td className="num">{i.reads.toLocaleString('en-US')}</td>
                <td className="num">{fmtBytes(i.sizeBytes, '—')}</td>
                <td>
                  <span className={`badge ${STAGE[i.stage].badge}`}>{STAGE[i.stage].label}</span>
                  <div className="muted small">{i.reason}</div>
                </td>
                <td className="small">{utcText(i.dropAllowedAt)}</td>
                <td>
                  {i.stage === 'candidate' && r.hide !== 'none' && (
                    <button disabled={h.busy !== null} onClick={() => void a.hide(i.table, i.index)}>
                      Hide
                    </button>
                  )}
                  {(i.stage === 'waiting' || i.stage === 'drop-allowed') && (
                    <button className={i.stage === 'drop-allowed' ? '' : 'ghost'} disabled={h.busy !== null} onClick={() => void a.drop(i.table, i.index)}>
                      Drop
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!r && <p className="muted">Secondary indexes no query read since the server started: hide one, wait, then drop it.</p>}
    </div>
  );
}
