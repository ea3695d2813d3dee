/** The form that schedules a job on the active connection. */
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionInfo } from '../../../../../shared/contract/connections';
import { useScheduler } from '../scheduler.store';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Name, kind, spec (JSON, seeded with the kind's example), schedule and, on production, the typed approval. */
export function JobFormCard({ connection }: { connection: ConnectionInfo | null }) {
  const s = useScheduler(useShallow((x) => ({ form: x.form, kinds: x.kinds, busy: x.busy })));
  const setForm = useScheduler((x) => x.setForm);
  const add = useScheduler((x) => x.add);
  const f = s.form;
  const kind = s.kinds.find((k) => k.id === f.kind);
  const sql = connection?.kind === 'mysql';
  return (
    <form
      className="card sched-form"
      aria-label="New job"
      onSubmit={(e) => {
        e.preventDefault();
        if (connection) void add(connection.id);
      }}
    >
      <strong>New job{connection ? ` on ${connection.name}` : ''}</strong>
      <label>
        Name
        <input value={f.name} onChange={(e) => setForm({ name: e.target.value })} />
      </label>
      <label>
        Kind
        <select value={f.kind} onChange={(e) => setForm({ kind: e.target.value })}>
          {s.kinds.map((k) => (
            <option key={k.id} value={k.id}>
              {k.title}
            </option>
          ))}
        </select>
      </label>
      {kind && <span className="muted">{kind.description}</span>}
      <label>
        Spec (JSON)
        <textarea rows={4} value={f.specText} onChange={(e) => setForm({ specText: e.target.value })} spellCheck={false} />
      </label>
      <div className="row sched-when">
        <select aria-label="Repeat" value={f.scheduleKind} onChange={(e) => setForm({ scheduleKind: e.target.value as typeof f.scheduleKind })}>
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
          <option value="monthly">Monthly</option>
          <option value="cron">Cron</option>
        </select>
        {f.scheduleKind === 'weekly' && (
          <select aria-label="Weekday" value={f.weekday} onChange={(e) => setForm({ weekday: Number(e.target.value) })}>
            {WEEKDAYS.map((d, i) => (
              <option key={d} value={i}>
                {d}
              </option>
            ))}
          </select>
        )}
        {f.scheduleKind === 'monthly' && (
          <input aria-label="Day of month" type="number" min={1} max={28} value={f.day} onChange={(e) => setForm({ day: Number(e.target.value) })} />
        )}
        {f.scheduleKind === 'cron' ? (
          <input aria-label="Cron expression" value={f.expr} onChange={(e) => setForm({ expr: e.target.value })} placeholder="m h dom mon dow" />
        ) : (
          <input aria-label="Time" type="time" value={f.at} onChange={(e) => setForm({ at: e.target.value })} />
        )}
        <input aria-label="Time zone" value={f.timeZone} onChange={(e) => setForm({ timeZone: e.target.value })} />
      </div>
      {connection?.production && (
        <label className="sched-approval warn">
          {connection.name} is production: type its name to give this job a standing approval (recorded in the audit log)
          <input value={f.confirmation} onChange={(e) => setForm({ confirmation: e.target.value })} aria-label="Standing approval" />
        </label>
      )}
      <button type="submit" disabled={!sql || s.busy !== null}>
        {s.busy === 'add' ? 'Scheduling…' : 'Schedule job'}
      </button>
      {!sql && <span className="muted">Choose a MySQL or MariaDB connection in the top bar.</span>}
    </form>
  );
}
