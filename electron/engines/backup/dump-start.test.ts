import { describe, expect, it } from 'vitest';
import { DumpStartWatch, isVerboseLine } from './dump-start';

// mariadb-dump 10.11 --verbose --single-transaction, as written to stderr.
const STDERR = [
  '-- Connecting to 127.0.0.1...',
  '-- Starting transaction...',
  '-- Setting savepoint...',
  '-- Retrieving table structure for table ai_generations...',
  '-- Sending SELECT query...',
  '',
].join('\n');

describe('DumpStartWatch', () => {
  it('waits for the line after `Starting transaction`, however the bytes are cut', () => {
    const known = STDERR.indexOf('-- Setting savepoint...\n') + '-- Setting savepoint...\n'.length;
    for (let cut = 0; cut <= STDERR.length; cut++) {
      const w = new DumpStartWatch();
      const first = w.feed(STDERR.slice(0, cut));
      expect(first, `cut at ${cut}`).toBe(cut >= known);
      expect(w.feed(STDERR.slice(cut)), `cut at ${cut}`).toBe(true);
    }
  });

  it('is not satisfied by the connection or by the announcement alone', () => {
    const w = new DumpStartWatch();
    expect(w.feed('-- Connecting to 127.0.0.1...\n-- Starting transaction...\n')).toBe(false);
    expect(w.feed('mariadb-dump: Got error: 1045: "Access denied"\n')).toBe(false);
  });

  it('reads CRLF lines', () => {
    expect(new DumpStartWatch().feed('-- Starting transaction...\r\n-- Setting savepoint...\r\n')).toBe(true);
  });

  it('tells the progress lines from an error', () => {
    expect(isVerboseLine('-- Retrieving rows...')).toBe(true);
    expect(isVerboseLine("mariadb-dump: Couldn't execute")).toBe(false);
  });
});
