/** The live dashboard: controls, headline tiles, and the time series a DBA reads first. */
import { useShallow } from 'zustand/react/shallow';
import { RANGES, useMonitor } from '../monitor.store';
import { fmtNum, fmtRate } from '../format';
import { MetricChart, palette as c } from './MetricChart';

const pct = (v: number) => `${fmtNum(v, 1)} %`;

/** The dashboard tab. */
export function Dashboard() {
  const m = useMonitor(
    useShallow((s) => ({
      samples: s.samples,
      live: s.live,
      intervalSec: s.intervalSec,
      rangeSec: s.rangeSec,
      source: s.source,
      prometheusUrl: s.prometheusUrl,
      bucketSec: s.bucketSec,
      missing: s.missing,
      busy: s.busy,
    })),
  );
  const a = useMonitor(
    useShallow((s) => ({ startLive: s.startLive, stopLive: s.stopLive, setInterval: s.setInterval, setRange: s.setRange, setSource: s.setSource })),
  );
  const last = m.samples.at(-1)?.metrics;
  const hasLag = m.samples.some((s) => s.metrics.replication_lag_s !== null || s.metrics.replica_running !== null);
  const common = { samples: m.samples, rangeSec: m.rangeSec };
  return (
    <div className="mon-dashboard">
      <div className="row mon-controls">
        <button className={m.live ? 'primary' : ''} onClick={() => (m.live ? a.stopLive() : a.startLive())} disabled={m.source === 'prometheus'}>
          {m.live ? 'Stop' : 'Go live'}
        </button>
        <label>
          <span className="muted">Every</span>
          <select aria-label="Sample interval" value={m.intervalSec} onChange={(e) => a.setInterval(Number(e.target.value))}>
            {[1, 2, 5, 10, 30].map((s) => (
              <option key={s} value={s}>
                {s} s
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="muted">Range</span>
          <select aria-label="Range" value={m.rangeSec} onChange={(e) => void a.setRange(Number(e.target.value))}>
            {RANGES.map((r) => (
              <option key={r.sec} value={r.sec}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="muted">History from</span>
          <select aria-label="History source" value={m.source} onChange={(e) => void a.setSource(e.target.value as 'workspace' | 'prometheus')}>
            <option value="workspace">this app's samples</option>
            <option value="prometheus">Prometheus</option>
          </select>
        </label>
        {m.source === 'prometheus' && (
          <input
            aria-label="Prometheus URL"
            defaultValue={m.prometheusUrl}
            onBlur={(e) => e.target.value !== m.prometheusUrl && void a.setSource('prometheus', e.target.value)}
            style={{ width: 220 }}
          />
        )}
        <span className="muted small" data-testid="mon-status">
          {m.live ? `live · sampling every ${m.intervalSec} s` : 'paused'} · {m.samples.length} point(s)
          {m.bucketSec ? ` · ${m.bucketSec} s averages` : ''}
          {m.busy === 'history' ? ' · loading…' : ''}
        </span>
      </div>
      {m.missing.length > 0 && <div className="muted small">Prometheus has no series for: {m.missing.join(', ')}</div>}
      <div className="mon-tiles" data-testid="mon-tiles">
        <Tile label="QPS" value={fmtNum(last?.qps)} />
        <Tile label="TPS" value={fmtNum(last?.tps)} />
        <Tile
          label="Connections"
          value={`${fmtNum(last?.threads_connected, 0)} / ${fmtNum(last?.max_connections, 0)}`}
          warn={(last?.connections_pct ?? 0) > 80}
          sub={last?.connections_pct != null ? `${fmtNum(last.connections_pct)} % of max` : undefined}
        />
        <Tile label="Running" value={fmtNum(last?.threads_running, 0)} />
        <Tile
          label="Buffer pool hit"
          value={last?.buffer_pool_hit_pct != null ? pct(last.buffer_pool_hit_pct) : '—'}
          warn={(last?.buffer_pool_hit_pct ?? 100) < 95}
        />
        <Tile label="Lock waits now" value={fmtNum(last?.row_lock_current_waits, 0)} warn={(last?.row_lock_current_waits ?? 0) > 0} />
        <Tile label="Slow queries" value={`${fmtNum(last?.slow_queries_per_min)}/min`} />
        <Tile
          label="Replica lag"
          value={last?.replication_lag_s != null ? `${fmtNum(last.replication_lag_s, 0)} s` : last?.replica_running === 0 ? 'stopped' : 'no replica'}
          sub={last?.replica_running === 0 && last.replication_lag_s != null ? 'replication stopped' : undefined}
          warn={last?.replica_running === 0 || (last?.replication_lag_s ?? 0) > 30}
        />
      </div>
      {m.samples.length === 0 ? (
        <p className="muted pad">
          No samples in this range yet. Go live to sample the server every {m.intervalSec} s; samples are kept in the workspace (raw for 6 h, minute averages
          for 7 days).
        </p>
      ) : (
        <div className="mon-grid">
          <MetricChart
            {...common}
            title="Queries and transactions per second"
            series={[
              { key: 'qps', label: 'QPS', color: c.a },
              { key: 'tps', label: 'TPS', color: c.b },
            ]}
          />
          <MetricChart
            {...common}
            integer
            title="Threads against max_connections"
            series={[
              { key: 'threads_connected', label: 'connected', color: c.a },
              { key: 'threads_running', label: 'running', color: c.b },
            ]}
            reference={last?.max_connections ? { value: last.max_connections, label: `max_connections ${last.max_connections}` } : null}
          />
          <MetricChart {...common} title="Buffer pool hit rate" series={[{ key: 'buffer_pool_hit_pct', label: 'hit %', color: c.c }]} format={pct} percent />
          <MetricChart
            {...common}
            integer
            title="Buffer pool pages"
            series={[
              { key: 'buffer_pool_pages_data', label: 'data', color: c.a },
              { key: 'buffer_pool_pages_free', label: 'free', color: c.c },
              { key: 'buffer_pool_pages_dirty', label: 'dirty', color: c.b },
            ]}
          />
          <MetricChart
            {...common}
            title="Row operations per second"
            series={[
              { key: 'rows_read_per_s', label: 'read', color: c.a },
              { key: 'rows_inserted_per_s', label: 'inserted', color: c.c },
              { key: 'rows_updated_per_s', label: 'updated', color: c.b },
              { key: 'rows_deleted_per_s', label: 'deleted', color: c.d },
            ]}
          />
          <MetricChart {...common} title="Slow queries per second" series={[{ key: 'slow_queries_per_s', label: 'slow/s', color: c.d }]} />
          <MetricChart
            {...common}
            title="Row-lock waits"
            series={[
              { key: 'row_lock_waits_per_s', label: 'waits/s', color: c.d },
              { key: 'row_lock_current_waits', label: 'waiting now', color: c.b },
            ]}
          />
          <MetricChart {...common} title="Row-lock wait time (ms per second)" series={[{ key: 'row_lock_time_ms_per_s', label: 'ms/s', color: c.d }]} />
          <MetricChart
            {...common}
            title="Temporary tables per second"
            series={[
              { key: 'tmp_tables_per_s', label: 'all', color: c.a },
              { key: 'tmp_disk_tables_per_s', label: 'on disk', color: c.d },
            ]}
          />
          <MetricChart
            {...common}
            title="Table open cache hit rate"
            series={[{ key: 'table_open_cache_hit_pct', label: 'hit %', color: c.c }]}
            format={pct}
            percent
          />
          <MetricChart
            {...common}
            title="Network"
            series={[
              { key: 'bytes_received_per_s', label: 'in', color: c.a },
              { key: 'bytes_sent_per_s', label: 'out', color: c.c },
            ]}
            format={fmtRate}
          />
          <MetricChart
            {...common}
            title="Aborted per second"
            series={[
              { key: 'aborted_clients_per_s', label: 'clients', color: c.b },
              { key: 'aborted_connects_per_s', label: 'connects', color: c.d },
            ]}
          />
          {hasLag && (
            <MetricChart
              {...common}
              title="Replication lag (s)"
              series={[{ key: 'replication_lag_s', label: 'lag s', color: c.d }]}
              reference={{ value: 30, label: '30 s' }}
            />
          )}
        </div>
      )}
    </div>
  );
}

function Tile({ label, value, sub, warn }: { label: string; value: string; sub?: string; warn?: boolean }) {
  return (
    <div className={warn ? 'mon-tile warn' : 'mon-tile'} aria-label={label}>
      <div className="muted small">{label}</div>
      <div className="mon-tile-value">{value}</div>
      {sub && <div className="muted small">{sub}</div>}
    </div>
  );
}
