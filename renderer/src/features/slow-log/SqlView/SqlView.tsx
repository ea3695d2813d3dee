/** A statement with simple syntax colouring: tokens rendered as text nodes in spans (never as HTML). */
import { useMemo } from 'react';
import { tokenizeSql } from '../sql-highlight';

/** Longest text coloured; a longer sample (a huge multi-row INSERT) is shown plain past this point. */
const MAX_COLOURED = 20_000;

/** Shows SQL. */
export function SqlView({ sql, label }: { sql: string; label: string }) {
  const head = sql.slice(0, MAX_COLOURED);
  const tokens = useMemo(() => tokenizeSql(head), [head]);
  return (
    <pre className="sql sl-sql" aria-label={label} data-testid="sample-sql">
      {tokens.map((t, i) =>
        t.kind === 'space' || t.kind === 'other' ? (
          t.text
        ) : (
          <span key={i} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
      {sql.length > MAX_COLOURED ? sql.slice(MAX_COLOURED) : null}
    </pre>
  );
}
