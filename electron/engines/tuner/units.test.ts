import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtPct, parseSize, roundDownTo, roundUpTo } from './units';

describe('units', () => {
  it('parses mysqld size suffixes', () => {
    expect(parseSize('4G')).toBe(4 * 1024 ** 3);
    expect(parseSize('256k')).toBe(262144);
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('0.2')).toBe(0.2);
    expect(parseSize('4GB')).toBeNull();
    expect(parseSize('O_DIRECT')).toBeNull();
  });
  it('formats bytes and ratios', () => {
    expect(fmtBytes(268435456)).toBe('256 MiB');
    expect(fmtBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(fmtBytes(null)).toBe('unknown');
    expect(fmtPct(0.9912)).toBe('99.1%');
  });
  it('rounds to allocation units', () => {
    expect(roundUpTo(130, 128)).toBe(256);
    expect(roundDownTo(100, 128)).toBe(128);
    expect(roundDownTo(300, 128)).toBe(256);
  });
});
