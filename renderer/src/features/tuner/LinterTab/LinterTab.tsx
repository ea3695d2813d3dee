/** Linter tab: a my.cnf editor with per-line markers, a target release, and the issue list. Works offline. */
import { useRef } from 'react';
import { useActiveConnection } from '../../../app/active-connection';
import { useShallow } from 'zustand/react/shallow';
import { fmtBytes, severityIcon } from '../format';
import { seedMyCnf } from '../seed-my.cnf';
import { useTuner, type LintTarget } from '../tuner.store';

const TARGETS: Array<{ value: LintTarget; label: string }> = [
  { value: 'mysql-8.4', label: 'MySQL 8.4' },
  { value: 'mysql-9.7', label: 'MySQL 9.7' },
  { value: 'mariadb-10.11', label: 'MariaDB 10.11' },
];
const rank = { error: 0, warning: 1, info: 2 } as const;

/** The Linter tab. */
export function LinterTab() {
  const s = useTuner(useShallow((x) => ({ text: x.lintText, target: x.lintTarget, ram: x.lintRamGiB, lint: x.lint, busy: x.busy, error: x.error })));
  const act = useTuner(useShallow((x) => ({ setField: x.setField, setLintTarget: x.setLintTarget, runLint: x.runLint })));
  const gutter = useRef<HTMLDivElement>(null);
  const active = useActiveConnection();
  const connection = active?.kind === 'mysql' ? active : null;
  const lint = () => void act.runLint(connection?.id ?? null);
  const lines = s.text.split('\n');
  const byLine = new Map<number, NonNullable<typeof s.lint>['issues']>();
  for (const i of s.lint?.issues ?? []) byLine.set(i.line, [...(byLine.get(i.line) ?? []), i]);
  const worst = (n: number) =>
    byLine
      .get(n)
      ?.slice()
      .sort((a, b) => rank[a.severity] - rank[b.severity])[0]?.severity;
  const m = s.lint?.memory;

  return (
    <>
      <div className="card row">
        <label>
          Target{' '}
          <select aria-label="Target flavor" value={s.target} onChange={(e) => act.setLintTarget(e.target.value as LintTarget | 'connection')}>
            <option value="connection">
              {connection ? `The connection's server${connection.lastFlavor ? ` (${connection.lastFlavor.label})` : ''}` : 'MySQL 8.4 (no connection)'}
            </option>
            {TARGETS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Host RAM (GiB){' '}
          <input
            aria-label="Lint RAM GiB"
            type="number"
            min={0}
            step="0.5"
            value={s.ram}
            placeholder={connection ? "connection's host" : 'unknown'}
            onChange={(e) => act.setField('lintRamGiB', e.target.value)}
          />
        </label>
        <button
          onClick={() => {
            act.setField('lintText', seedMyCnf);
            lint();
          }}
        >
          Load the seed config
        </button>
        <button className="primary" onClick={lint} disabled={s.busy !== null || s.text.trim() === ''}>
          {s.busy === 'lint' ? 'Linting…' : 'Lint'}
        </button>
        {s.lint && (
          <span className="small" data-testid="lint-counts">
            {(['error', 'warning', 'info'] as const).map((sev) => `${s.lint!.issues.filter((i) => i.severity === sev).length} ${sev}`).join(' · ')}
          </span>
        )}
        {s.lint && (
          <span className="small muted" data-testid="lint-basis">
            Linted for {TARGETS.find((t) => t.value === s.lint!.target)?.label ?? s.lint.target} ({s.lint.basis.target}) · RAM{' '}
            {s.lint.memory.ramBytes ? `${fmtBytes(s.lint.memory.ramBytes)} (${s.lint.basis.ram})` : s.lint.basis.ram}
          </span>
        )}
      </div>
      {s.error && (
        <div className="error-text" role="alert">
          {s.error}
        </div>
      )}
      <div className="split tuner-split">
        <div className="card tuner-editor">
          <div className="tuner-gutter" ref={gutter} aria-hidden>
            {lines.map((_, i) => {
              const sev = worst(i + 1);
              return (
                <div key={i} className={sev ? `gl sev-${sev}` : 'gl'}>
                  <span className="gi">{sev ? severityIcon(sev) : ''}</span>
                  {i + 1}
                </div>
              );
            })}
          </div>
          <textarea
            aria-label="my.cnf"
            spellCheck={false}
            wrap="off"
            value={s.text}
            placeholder="[mysqld]&#10;innodb_buffer_pool_size = 4G"
            onChange={(e) => act.setField('lintText', e.target.value)}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
          />
        </div>
        <div className="card scroll tuner-annotated" data-testid="lint-annotated">
          {!s.lint && (
            <p className="muted">Paste a my.cnf (or load the seed config), choose the release it is for, and lint it. Nothing leaves this machine.</p>
          )}
          {s.lint &&
            lines.map((text, i) => {
              const issues = byLine.get(i + 1) ?? [];
              return (
                <div key={i} className={issues.length ? `al has sev-${worst(i + 1)}` : 'al'} data-line={i + 1}>
                  <code>
                    <span className="muted">{String(i + 1).padStart(3, ' ')} </span>
                    {text || ' '}
                  </code>
                  {issues.map((iss) => (
                    <div key={`${iss.code}:${iss.message}`} className={`lint-msg sev-${iss.severity}`} data-testid="lint-marker">
                      {severityIcon(iss.severity)} {iss.message}{' '}
                      <a href={iss.docUrl} target="_blank" rel="noreferrer">
                        doc
                      </a>
                    </div>
                  ))}
                </div>
              );
            })}
          {m && (
            <p className="small" data-testid="lint-memory">
              <b>Worst-case memory</b> {fmtBytes(m.worstCaseBytes)} = global {fmtBytes(m.globalBytes)} + {m.maxConnections} connections ×{' '}
              {fmtBytes(m.perThreadBytes)}
              {m.ramBytes ? ` (${((100 * m.worstCaseBytes) / m.ramBytes).toFixed(0)}% of ${fmtBytes(m.ramBytes)} RAM)` : ''}
            </p>
          )}
          {s.lint && s.lint.issues.some((i) => i.line === 0) && (
            <div>
              {s.lint.issues
                .filter((i) => i.line === 0)
                .map((i) => (
                  <div key={i.message} className={`lint-msg sev-${i.severity}`}>
                    {severityIcon(i.severity)} {i.message}
                  </div>
                ))}
            </div>
          )}
        </div>
      </div>
      {s.lint && (
        <table className="grid small" data-testid="lint-issues">
          <thead>
            <tr>
              <th>Line</th>
              <th>Severity</th>
              <th>Option</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {s.lint.issues.map((i) => (
              <tr key={`${i.line}:${i.code}:${i.message}`}>
                <td className="num">{i.line || '—'}</td>
                <td className={`sev-${i.severity}`}>
                  {severityIcon(i.severity)} {i.severity}
                </td>
                <td>
                  <code>{i.option ?? ''}</code>
                </td>
                <td>
                  {i.message}{' '}
                  <a href={i.docUrl} target="_blank" rel="noreferrer">
                    doc
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
