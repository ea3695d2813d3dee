import { describe, expect, it } from 'vitest';
import { bodyEffect, effectIndex, functionsReached, referencesOf, unsafeReferences } from './routine-effects';

// Bodies as information_schema.ROUTINES.ROUTINE_DEFINITION shows them on MariaDB 10.11 / MySQL 9.7.
const fns = [
  { schema: 'app', name: 'writes', dataAccess: 'CONTAINS SQL', body: "BEGIN INSERT INTO app.log (msg) VALUES ('x'); RETURN 1; END" },
  { schema: 'app', name: 'sets_global', dataAccess: 'READS SQL DATA', body: 'BEGIN SET GLOBAL max_connections = 777; RETURN 1; END' },
  { schema: 'app', name: 'locks', dataAccess: 'NO SQL', body: "BEGIN DO GET_LOCK('x', 0); RETURN 1; END" },
  { schema: 'app', name: 'declared', dataAccess: 'MODIFIES SQL DATA', body: 'RETURN 1' },
  { schema: 'app', name: 'hidden', dataAccess: 'CONTAINS SQL', body: null },
  { schema: 'app', name: 'pure', dataAccess: 'CONTAINS SQL', body: "RETURN CONCAT(a, '-insert-', b)" },
  { schema: 'app', name: 'reads', dataAccess: 'READS SQL DATA', body: 'BEGIN DECLARE n INT; SELECT COUNT(*) INTO n FROM app.t; RETURN n; END' },
  { schema: 'app', name: 'wraps', dataAccess: 'CONTAINS SQL', body: 'RETURN writes() + 1' },
  { schema: 'app', name: 'wraps_wraps', dataAccess: 'CONTAINS SQL', body: 'RETURN `app`.`wraps`()' },
  { schema: 'app', name: 'seq', dataAccess: 'CONTAINS SQL', body: 'RETURN NEXT VALUE FOR app.s' },
];
const views = [
  { schema: 'app', name: 'v_writes', definition: 'select `app`.`t`.`id` AS `id`,`app`.`writes`() AS `w` from `app`.`t`' },
  { schema: 'app', name: 'v_on_v', definition: 'select `app`.`v_writes`.`id` AS `id` from `app`.`v_writes`' },
  { schema: 'app', name: 'v_pure', definition: 'select `app`.`pure`(1, 2) AS `p` from `app`.`t`' },
];

describe('routine effects', () => {
  const index = effectIndex(fns, ['innodb_redo_log_archive_start'], views);
  const unsafe = (name: string) => (index.functions.get(name) ?? index.views.get(name) ?? [])[0]?.why ?? null;

  it('judges a function by its body, not its declared SQL_DATA_ACCESS (advisory only)', () => {
    expect(unsafe('writes')).toBe('its definition has INSERT');
    expect(unsafe('sets_global')).toBe('its definition has GLOBAL');
    expect(unsafe('locks')).toBe('its definition has GET_LOCK');
    expect(unsafe('seq')).toBe('its definition has NEXT VALUE FOR');
    expect(unsafe('declared')).toBe('it is declared MODIFIES SQL DATA');
    expect(unsafe('hidden')).toBe('its definition is not visible to this account');
    expect(unsafe('pure')).toBeNull();
    expect(unsafe('reads')).toBeNull();
  });

  it('follows calls and views to the function that acts', () => {
    expect(unsafe('wraps')).toMatch(/calls app\.writes, which/);
    expect(unsafe('wraps_wraps')).toMatch(/calls app\.wraps/);
    expect(unsafe('v_writes')).toMatch(/calls app\.writes/);
    expect(unsafe('v_on_v')).toMatch(/reads app\.v_writes/);
    expect(unsafe('v_pure')).toBeNull();
    expect(index.functions.get('innodb_redo_log_archive_start')?.[0]?.kind).toBe('loadable function');
  });

  it('resolves unqualified names in the session database only', () => {
    const call = (qualifier: string | null, name: string) => ({ qualifier, name });
    expect(unsafeReferences(index, [call(null, 'writes')], [], 'app').map((o) => o.name)).toEqual(['writes']);
    expect(unsafeReferences(index, [call(null, 'writes')], [], 'other')).toEqual([]);
    expect(unsafeReferences(index, [call('app', 'writes')], [], 'other').map((o) => o.name)).toEqual(['writes']);
    expect(unsafeReferences(index, [call(null, 'pure')], [call(null, 'v_pure')], 'app')).toEqual([]);
    expect(unsafeReferences(index, [], [call('app', 'v_on_v')], null).map((o) => o.kind)).toEqual(['view']);
    expect(unsafeReferences(index, [call(null, 'innodb_redo_log_archive_start')], [], null).map((o) => o.kind)).toEqual(['loadable function']);
  });

  it('skips strings and comments in a body', () => {
    expect(bodyEffect("RETURN 'INSERT INTO x' /* UPDATE y */")).toBeNull();
    expect(bodyEffect('RETURN 1 /*!50000 + (SELECT 1) */')).toBe('its definition holds an executable comment');
  });

  it('lists the stored functions a write reaches directly and through views of views', () => {
    const refs = referencesOf("DELETE FROM v_on_v WHERE id = pure(1) AND note = 'writes()' /* reads() */")!;
    expect(functionsReached(refs, fns, views, 'app').sort()).toEqual(['app.pure', 'app.writes']);
    expect(functionsReached(referencesOf('DELETE FROM app.t WHERE id = 1')!, fns, views, null)).toEqual([]);
    expect(referencesOf("SELECT 'open")).toBeNull();
  });
});
