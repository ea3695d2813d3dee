import { describe, expect, it } from 'vitest';
import { lintOne } from '../testing/lint-one';
import { selectStarRule } from './select-star.rule';

describe('select-star', () => {
  it('warns on a list with LONGTEXT columns and rewrites to the short columns', () => {
    const [f] = lintOne(selectStarRule, 'SELECT d.*, p.name FROM documents d JOIN projects p ON d.project_id = p.id WHERE p.user_id = ? LIMIT 20');
    expect(f).toMatchObject({ severity: 'warning', evidence: { star: 'd.*' } });
    expect(String(f!.evidence.largeColumns)).toContain('documents.content');
    expect(f!.rewrite!.sql).toContain('`d`.`title`');
    expect(f!.rewrite!.sql).not.toContain('`d`.`content`');
    expect(f!.rewrite!.diff).toContain('-   `d`.*,');
  });
  it('info for a one-row lookup or a table without long columns; none for explicit columns', () => {
    expect(lintOne(selectStarRule, 'SELECT * FROM documents WHERE id = ?')[0]!.severity).toBe('info');
    expect(lintOne(selectStarRule, 'SELECT * FROM user_sessions')[0]).toMatchObject({ severity: 'info', rewrite: null });
    expect(lintOne(selectStarRule, 'SELECT id, title FROM documents')).toEqual([]);
    expect(lintOne(selectStarRule, 'SELECT COUNT(*) FROM documents')).toEqual([]);
  });
  it('without a schema it cannot name long columns: info, no rewrite', () => {
    expect(lintOne(selectStarRule, 'SELECT d.* FROM documents d LIMIT 20', false)).toMatchObject([{ severity: 'info', rewrite: null }]);
  });
});
