import { describe, expect, it } from 'vitest';
import { tableDefinitionCacheRule } from './table-definition-cache.rule';
import { fixtureInput, fixtureNames } from '../fixtures/snapshots';

const schemas = (tables: number) => [{ schema: 'app', engine: 'InnoDB', tables, dataBytes: 1, indexBytes: 0 }];

describe.each(fixtureNames)('table-definition-cache on %s', (name) => {
  it('flags more tables than cached definitions', () => {
    const f = tableDefinitionCacheRule.check(fixtureInput(name, { variables: { table_definition_cache: 400 }, schemas: schemas(1500) }))!;
    expect(f.changes[0]).toMatchObject({ name: 'table_definition_cache', recommended: '1900', dynamic: true });
  });
  it('is quiet for a small schema', () => {
    expect(
      tableDefinitionCacheRule.check(
        fixtureInput(name, { variables: { table_definition_cache: 400 }, schemas: schemas(20), rates: { Opened_table_definitions: 0 } }),
      ),
    ).toBeNull();
  });
});
