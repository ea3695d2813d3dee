import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError } from './flags';

describe('parseFlags', () => {
  it('parses values, booleans, lists and positionals', () => {
    const f = parseFlags(['a.log', '--json', '--limit', '5', '--filter=x', '--db', 'a', '--db', 'b', '-'], {
      json: 'boolean',
      limit: 'string',
      filter: 'string',
      db: 'list',
    });
    expect(f).toEqual({ _: ['a.log', '-'], json: true, limit: '5', filter: 'x', db: ['a', 'b'] });
  });
  it('refuses unknown options and missing values', () => {
    expect(() => parseFlags(['--nope'], {})).toThrow(UsageError);
    expect(() => parseFlags(['--limit'], { limit: 'string' })).toThrow(/needs a value/);
  });
});
