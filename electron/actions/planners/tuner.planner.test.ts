import { describe, expect, it } from 'vitest';
import { normaliseTunerValue } from './tuner.planner';

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
  });
});
