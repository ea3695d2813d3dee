import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { indexDefeatedRule } from './index-defeated.rule';

const run = (path: string, withSchema = true) => analyzeFixture(path, [indexDefeatedRule], withSchema);

describe('index-defeated', () => {
  it.each([
    ['mysql/extra/lower_username.tree.txt', 'function', 'username'],
    ['mariadb/extra/lower_username.explain.json', 'function', 'username'],
    ['mariadb/extra/username_as_number.explain.json', 'conversion', 'username'],
    ['mysql/extra/username_as_number.explain.v1.json', 'conversion', 'username'],
    ['mysql/extra/email_suffix.explain.v1.json', 'leading-wildcard', 'email'],
    ['mariadb/extra/email_suffix.analyze.json', 'leading-wildcard', 'email'],
    ['mysql/after/sessions_this_year.explain.v1.json', 'function', 'expires_at'],
  ])('%s → %s on %s (indexed column: warning)', (path, reason, column) => {
    const out = run(path);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ severity: 'warning', evidence: { reason, column, indexed: true } });
  });

  it('without an index on the column only an info note for the function; no conversion claim without types', () => {
    expect(run('mysql/before/sessions_this_year.explain.v1.json')).toMatchObject([{ severity: 'info', evidence: { indexed: false } }]);
    expect(run('mariadb/extra/username_as_number.explain.json', false)).toEqual([]);
    // Unknown without a schema: left out of the evidence, not shown as null.
    const [lower] = run('mariadb/extra/lower_username.explain.json', false);
    expect(lower).toMatchObject({ severity: 'info' });
    expect(lower!.evidence).not.toHaveProperty('indexed');
  });

  it('does not flag lookups that use their index', () => {
    expect(run('mariadb/before/login.explain.json')).toEqual([]);
    expect(run('mysql/extra/partitioned_pruned.explain.v1.json')).toEqual([]);
  });
});
