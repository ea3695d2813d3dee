/** Filters (db, user, host, minimum time, text, time window) that re-run the digest in the core. */
import type { FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSlowLog, type Filters } from '../slow-log.store';

const fields: { key: keyof Filters; label: string; placeholder: string; type?: string; width?: number }[] = [
  { key: 'text', label: 'Text', placeholder: 'words in the statement', width: 200 },
  { key: 'db', label: 'DB', placeholder: 'a, b' },
  { key: 'user', label: 'User', placeholder: 'a, b' },
  { key: 'host', label: 'Host', placeholder: 'a, b' },
  { key: 'minTime', label: 'Min time (s)', placeholder: '0.1', width: 80 },
  { key: 'since', label: 'From (UTC)', placeholder: '', type: 'datetime-local' },
  { key: 'until', label: 'To (UTC)', placeholder: '', type: 'datetime-local' },
];

/** The filter bar. */
export function FilterBar() {
  const { filters, running } = useSlowLog(useShallow((x) => ({ filters: x.filters, running: x.running })));
  const { setFilters, applyFilters, clearFilters } = useSlowLog(
    useShallow((x) => ({ setFilters: x.setFilters, applyFilters: x.applyFilters, clearFilters: x.clearFilters })),
  );
  const active = Object.values(filters).some((v) => v.trim() !== '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void applyFilters();
  };
  return (
    <form className="sl-filters" aria-label="Filters" onSubmit={submit}>
      {fields.map((f) => (
        <label key={f.key}>
          <span className="muted small">{f.label}</span>
          <input
            name={f.key}
            type={f.type ?? 'text'}
            value={filters[f.key]}
            placeholder={f.placeholder}
            style={f.width ? { width: f.width } : undefined}
            onChange={(e) => setFilters({ [f.key]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit" disabled={running !== null}>
        Apply filters
      </button>
      {active && (
        <button type="button" className="ghost" onClick={() => void clearFilters()} disabled={running !== null}>
          Clear
        </button>
      )}
    </form>
  );
}
