import { describe, expect, it } from 'vitest';
import { analyzeFixture } from '../../testing/fixtures';
import { noPartitionPruningRule } from './no-partition-pruning.rule';

const run = (path: string, withSchema = true) => analyzeFixture(path, [noPartitionPruningRule], withSchema);

describe('no-partition-pruning', () => {
  it('all 8 HASH partitions read when filtering on another column', () => {
    for (const path of [
      'mysql/extra/partitioned_no_pruning.explain.v1.json',
      'mariadb/extra/partitioned_no_pruning.explain.json',
      'mysql/extra/partitioned_no_pruning.explain.grid.txt',
    ]) {
      expect(run(path), path).toMatchObject([{ evidence: { partitionsRead: 8, partitionsTotal: 8 } }]);
    }
    const [noSchema] = run('mysql/extra/partitioned_no_pruning.explain.v1.json', false);
    expect(noSchema!.evidence).not.toHaveProperty('partitionsTotal');
  });

  it('quiet when the filter is on the partitioning column', () => {
    expect(run('mysql/extra/partitioned_pruned.explain.v1.json')).toEqual([]);
    expect(run('mariadb/extra/partitioned_pruned.explain.json')).toEqual([]);
  });
});
