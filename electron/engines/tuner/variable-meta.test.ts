import { describe, expect, it } from 'vitest';
import { fixtureInput } from './fixtures/snapshots';
import { tunerRules } from './registry';
import { knownTunables, normaliseTunerValue, valueTypeOf } from './variable-meta';

describe('tuner plan values', () => {
  it('normalises sizes with units to bytes', () => {
    expect(normaliseTunerValue('sort_buffer_size', '2M')).toBe(String(2 * 1024 * 1024));
    expect(normaliseTunerValue('innodb_buffer_pool_size', ' 1g ')).toBe(String(1024 ** 3));
    expect(normaliseTunerValue('thread_cache_size', '64')).toBe('64');
  });

  it('accepts enum words, booleans and fractional seconds in their canonical spelling', () => {
    expect(normaliseTunerValue('innodb_flush_method', 'o_direct')).toBe('O_DIRECT');
    expect(normaliseTunerValue('innodb_flush_method', 'FSYNC')).toBe('fsync');
    expect(normaliseTunerValue('query_cache_type', 'off')).toBe('OFF');
    expect(normaliseTunerValue('slow_query_log', '1')).toBe('ON');
    expect(normaliseTunerValue('long_query_time', '0.50')).toBe('0.5');
    expect(normaliseTunerValue('character_set_server', 'UTF8MB4')).toBe('utf8mb4');
  });

  it('refuses anything that could carry SQL, and variables the tuner does not manage', () => {
    const bad = ['1; DROP TABLE t', "2M'", '1e9', '-5', 'ON', '0x10', ''];
    for (const v of bad) expect(() => normaliseTunerValue('sort_buffer_size', v), v).toThrow(/sort_buffer_size/);
    expect(() => normaliseTunerValue('innodb_flush_method', "O_DIRECT'; --")).toThrow(/one of/);
    expect(() => normaliseTunerValue('character_set_server', 'utf8mb4 COLLATE x')).toThrow(/character set/);
    expect(() => normaliseTunerValue('long_query_time', '1;')).toThrow(/seconds/);
    expect(() => normaliseTunerValue('secure_file_priv', '/tmp')).toThrow(/not a variable the tuner manages/);
    expect(() => normaliseTunerValue('thread_cache_size', '2M')).toThrow(/whole number/);
    expect(() => normaliseTunerValue('innodb_flush_log_at_trx_commit', '5')).toThrow(/one of/);
  });

  it('reads booleans as booleans whatever the variable: skip_name_resolve = ON is ON, not a number', () => {
    expect(normaliseTunerValue('skip_name_resolve', 'ON')).toBe('ON');
    expect(normaliseTunerValue('skip_name_resolve', 'true')).toBe('ON');
    expect(normaliseTunerValue('performance_schema', 'off')).toBe('OFF');
    for (const name of knownTunables) expect(valueTypeOf(name), name).not.toBeNull();
  });

  it('accepts every value a rule proposes on the captured servers', () => {
    for (const fixture of ['mariadb-10.11', 'mysql-9.7'] as const) {
      // Settings that make most rules fire: nothing tuned, the slow log off, DNS on, utf8mb3.
      const input = fixtureInput(fixture, {
        variables: { skip_name_resolve: 'OFF', slow_query_log: 'OFF', character_set_server: 'utf8mb3', thread_cache_size: 0, sync_binlog: 0 },
      });
      const changes = tunerRules.flatMap((r) => r.check(input)?.changes ?? []);
      expect(changes.map((c) => c.name)).toContain('skip_name_resolve');
      for (const c of changes) expect(() => normaliseTunerValue(c.name, c.recommended), `${fixture} ${c.name}=${c.recommended}`).not.toThrow();
    }
  });
});
