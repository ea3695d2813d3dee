import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/contract/actions';
import { addedBy, lastAppliedIndexPlan } from './applied-plan';

let id = 0;
const row = (planHash: string, sql: string, status: AuditEntry['status'] = 'ok', planner = 'index-advisor'): AuditEntry => ({
  id: ++id,
  at: `2026-12-07T00:00:${String(id).padStart(2, '0')}.000Z`,
  actor: 'app',
  connectionId: 'c1',
  connectionName: 'db',
  planner,
  planTitle: 't',
  planHash,
  stepId: `s${id}`,
  sql,
  status,
  message: '',
  durationMs: 1,
  rollback: null,
});
const add =
  'ALTER TABLE `app`.`docs` ADD INDEX `idx_a` (`project_id`, `title`(32), `created_at` DESC), ADD FULLTEXT INDEX `ft_b` (`body`), ALGORITHM=INPLACE, LOCK=NONE';

describe('applied advisor plan from the audit records', () => {
  it('reads the indexes an ALTER adds, with prefixes, directions and kinds', () => {
    expect(addedBy(add)).toEqual([
      {
        schema: 'app',
        table: 'docs',
        name: 'idx_a',
        kind: 'BTREE',
        invisible: false,
        columns: [
          { name: 'project_id', subPart: null, direction: 'ASC' },
          { name: 'title', subPart: 32, direction: 'ASC' },
          { name: 'created_at', subPart: null, direction: 'DESC' },
        ],
      },
      { schema: 'app', table: 'docs', name: 'ft_b', kind: 'FULLTEXT', invisible: false, columns: [{ name: 'body', subPart: null, direction: 'ASC' }] },
    ]);
  });

  it('finds the newest applied add plan and marks what a later plan dropped as gone (newest first, as audit.list gives)', () => {
    const entries = [
      row('h3', 'ALTER TABLE `app`.`docs` DROP INDEX `idx_a`, ALGORITHM=INPLACE, LOCK=NONE'),
      row('h3', 'ALTER TABLE `app`.`docs` ALTER INDEX `idx_a` IGNORED'),
      row('e1', 'UPDATE t SET a = 1', 'ok', 'editor'),
      row('h2', add),
    ];
    const plan = lastAppliedIndexPlan(entries)!;
    expect(plan.planHash).toBe('h2');
    expect(plan.added.map((a) => a.name)).toEqual(['idx_a', 'ft_b']);
    expect(plan.gone).toEqual(['docs.idx_a']);
  });

  it('offers nothing for a plan that stopped at a failed step, or when no advisor plan added an index', () => {
    expect(lastAppliedIndexPlan([row('h4', add, 'failed')])).toBeNull();
    expect(lastAppliedIndexPlan([row('e2', 'ALTER TABLE `app`.`docs` ADD INDEX `x` (`a`)', 'ok', 'editor')])).toBeNull();
  });
});
