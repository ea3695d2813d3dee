import { describe, expect, it } from 'vitest';
import { rollbackText } from './PlanView';

describe('rollbackText', () => {
  it('never says "none needed" for a step that cannot be undone', () => {
    expect(rollbackText({ rollback: 'DROP DATABASE `x`' })).toBe('Rollback: DROP DATABASE `x`');
    expect(rollbackText({ rollback: null, noRollback: 'none: restore from a backup' })).toBe('Rollback: none: restore from a backup');
    expect(rollbackText({ rollback: null })).toBe('Rollback: none needed');
  });
});
