/**
 * The slow logs the sandbox MariaDB and MySQL 9.7 are writing, converted to CRLF, digest exactly
 * as the logs themselves (the corpus is covered by crlf.test.ts).
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digestText } from './digest';
import { digestWithoutOffsets, toCrlf } from './testing/crlf';
import { mariadbSlowLog, mysqlSlowLog } from '../../testing/servers';

/** The logs grow while tests run: both copies are made from one snapshot of their first bytes. */
const SNAPSHOT_BYTES = 12 * 1024 * 1024;

function snapshot(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SNAPSHOT_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    // Up to the last whole entry, so both copies end the same way.
    const text = buf.subarray(0, n);
    const cut = text.lastIndexOf(';\n#');
    return cut < 0 ? text : text.subarray(0, cut + 2);
  } finally {
    closeSync(fd);
  }
}

describe.each([
  ['MariaDB 10.11', mariadbSlowLog],
  ['MySQL 9.7', mysqlSlowLog],
])('CRLF copy of the %s sandbox slow log', (_name, path) => {
  it('digests the same as the log', () => {
    if (!existsSync(path)) throw new Error(`${path} is missing: is the sandbox server running?`);
    const lf = snapshot(path);
    expect(lf.length).toBeGreaterThan(0);
    const crlf = toCrlf(lf);
    for (const ptCompatible of [false, true]) {
      const a = digestText(lf, { ptCompatible, limit: undefined });
      const b = digestText(crlf, { ptCompatible, limit: undefined });
      expect(a.header.events).toBeGreaterThan(0);
      expect(b.header.events).toBe(a.header.events);
      expect(b.warnings.filter((w) => w.kind === 'oversized-entry')).toEqual([]);
      expect(digestWithoutOffsets(b)).toEqual(digestWithoutOffsets(a));
    }
  });
});
