import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';

describe('lineDiff', () => {
  it('marks removed, added and kept lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc\nd')).toBe('  a\n- b\n+ x\n  c\n+ d');
  });
  it('identical texts are all kept', () => {
    expect(lineDiff('x\ny', 'x\ny')).toBe('  x\n  y');
  });
});
