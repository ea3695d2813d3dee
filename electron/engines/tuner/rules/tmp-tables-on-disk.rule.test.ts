import { describe, expect, it } from 'vitest';
import { tmpTablesOnDiskRule } from './tmp-tables-on-disk.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

const MIB = 1024 ** 2;

describe.each(fixtureNames)('tmp-tables-on-disk on %s', (name) => {
  it('flags a 50% disk share in the window and raises both limits together', () => {
    const input = fixtureInput(name, {
      intervalSeconds: 10,
      variables: { tmp_table_size: 16 * MIB, max_heap_table_size: 8 * MIB },
      status: { Created_tmp_tables: 5000, Created_tmp_disk_tables: 2500 },
      rates: { Created_tmp_tables: 20, Created_tmp_disk_tables: 10 },
    });
    const f = tmpTablesOnDiskRule.check(input)!;
    expect(f.result.value).toBeCloseTo(0.5);
    expect(f.changes.map((c) => [c.name, c.recommended])).toEqual([
      ['tmp_table_size', String(32 * MIB)],
      ['max_heap_table_size', String(32 * MIB)],
    ]);
  });

  it('proposes no change once the limit is already 256 MiB', () => {
    const input = fixtureInput(name, {
      intervalSeconds: 10,
      variables: { tmp_table_size: 256 * MIB, max_heap_table_size: 256 * MIB },
      status: { Created_tmp_tables: 5000 },
      rates: { Created_tmp_tables: 20, Created_tmp_disk_tables: 15 },
    });
    const f = tmpTablesOnDiskRule.check(input)!;
    expect(f.changes).toEqual([]);
  });

  it('is quiet below 25%', () => {
    const input = fixtureInput(name, {
      intervalSeconds: 10,
      status: { Created_tmp_tables: 5000 },
      rates: { Created_tmp_tables: 20, Created_tmp_disk_tables: 1 },
    });
    expect(tmpTablesOnDiskRule.check(input)).toBeNull();
  });
});
