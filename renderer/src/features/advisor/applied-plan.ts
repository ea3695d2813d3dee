/**
 * The advisor's last applied index plan, read back from the executor's audit records (not page
 * memory): which indexes its ALTERs added, and which of them a later advisor plan dropped, so the
 * Verify / Roll back panel survives a reload and knows what is gone.
 */
import type { AuditEntry } from '../../../../shared/contract/actions';

/** One index an applied plan added, as its ALTER TABLE spelled it. */
export interface AddedIndex {
  schema: string;
  table: string;
  name: string;
  kind: 'BTREE' | 'FULLTEXT';
  columns: { name: string; subPart: number | null; direction: 'ASC' | 'DESC' }[];
  invisible: boolean;
}

/** The newest applied add plan of a connection and what became of its indexes since. */
export interface AppliedIndexPlan {
  planHash: string;
  at: string;
  added: AddedIndex[];
  /** Names (lower-case `table.index`) a later advisor plan dropped. */
  gone: string[];
}

const unq = (s: string): string => s.replace(/^`|`$/g, '').replace(/``/g, '`');
const IDENT = '`(?:[^`]|``)+`';

/** The indexes one ALTER TABLE statement adds (pure). */
export function addedBy(sql: string): AddedIndex[] {
  const head = new RegExp(`^ALTER TABLE (${IDENT})\\.(${IDENT}) `).exec(sql);
  if (!head) return [];
  const out: AddedIndex[] = [];
  const add = new RegExp(`ADD (FULLTEXT )?INDEX (${IDENT}) \\(((?:[^()]|\\(\\d+\\))*)\\)( INVISIBLE)?`, 'g');
  for (const m of sql.matchAll(add)) {
    const columns = m[3]!.split(',').map((c) => {
      const p = new RegExp(`^\\s*(${IDENT})(?:\\((\\d+)\\))?( DESC)?\\s*$`).exec(c);
      return { name: p ? unq(p[1]!) : c.trim(), subPart: p?.[2] ? Number(p[2]) : null, direction: p?.[3] ? ('DESC' as const) : ('ASC' as const) };
    });
    out.push({ schema: unq(head[1]!), table: unq(head[2]!), name: unq(m[2]!), kind: m[1] ? 'FULLTEXT' : 'BTREE', columns, invisible: Boolean(m[4]) });
  }
  return out;
}

/** Finds the newest fully applied advisor plan that added indexes, and which of them were dropped after it (pure; `entries` newest first, as audit.list returns them). */
export function lastAppliedIndexPlan(entries: readonly AuditEntry[]): AppliedIndexPlan | null {
  const advisor = entries.filter((e) => e.planner === 'index-advisor');
  const addRow = advisor.find((e) => e.status === 'ok' && addedBy(e.sql).length > 0);
  if (!addRow) return null;
  const rows = advisor.filter((e) => e.planHash === addRow.planHash);
  if (rows.some((e) => e.status !== 'ok')) return null;
  const added = rows.flatMap((e) => addedBy(e.sql));
  const newer = advisor.slice(0, advisor.indexOf(rows[0]!)).filter((e) => e.planHash !== addRow.planHash && e.status === 'ok');
  const gone = added
    .filter((a) =>
      newer.some((e) => e.sql.includes(`\`${a.table}\``) && new RegExp(`DROP INDEX \`${a.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``).test(e.sql)),
    )
    .map((a) => `${a.table}.${a.name}`.toLowerCase());
  return { planHash: addRow.planHash, at: addRow.at, added, gone };
}
