import { describe, expect, it } from 'vitest';
import { fmtBytes } from '../../../shared/format-bytes';

describe('fmtBytes', () => {
  it('writes IEC units, whole values whole, one decimal otherwise', () => {
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(16384)).toBe('16 KiB');
    expect(fmtBytes(268435456)).toBe('256 MiB');
    expect(fmtBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(fmtBytes(3 * 1024 ** 4)).toBe('3 TiB');
    expect(fmtBytes(-2048)).toBe('-2 KiB');
  });
  it('names an unknown size with the text the caller chose', () => {
    expect(fmtBytes(null)).toBe('unknown');
    expect(fmtBytes(undefined, '—')).toBe('—');
    expect(fmtBytes(Number.NaN)).toBe('unknown');
  });
});
