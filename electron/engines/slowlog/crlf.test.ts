import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { digestText } from './digest';
import type { SlowLogEvent } from './slow-log.event';
import { createSlowLogParser } from './slow-log.parser';
import { digestWithoutOffsets, toCrlf } from './testing/crlf';
import { corpusPath } from '../../testing/paths';

const CORPUS = corpusPath('slowlogs/percona');

function readLog(name: string): Buffer {
  const raw = readFileSync(join(CORPUS, name));
  return name.endsWith('.gz') ? gunzipSync(raw) : raw;
}

function parse(input: Buffer, chunk: number): SlowLogEvent[] {
  const events: SlowLogEvent[] = [];
  const p = createSlowLogParser({ onEvent: (e) => events.push(e) });
  for (let i = 0; i < input.length; i += chunk) p.push(input.subarray(i, i + chunk));
  p.end();
  return events;
}

const ENTRY = (n: number, sql: string): string =>
  `# Time: 2026-11-26T00:0${n}:00.000000Z\n# User@Host: app[app] @ localhost []  Id:     ${n}\n# Query_time: 0.00${n}000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: ${n}\nSET timestamp=179565400${n};\n${sql};\n`;

describe('CRLF slow logs', () => {
  const files = readdirSync(CORPUS)
    .filter((f) => f !== 'empty')
    .sort();
  it.each(files)('%s digests the same with CRLF line ends as with LF', (name) => {
    const lf = readLog(name);
    const crlf = toCrlf(lf);
    for (const ptCompatible of [false, true]) {
      const a = digestText(lf, { ptCompatible, limit: undefined });
      const b = digestText(crlf, { ptCompatible, limit: undefined });
      expect(b.header.events).toBe(a.header.events);
      expect(digestWithoutOffsets(b)).toEqual(digestWithoutOffsets(a));
    }
  });

  it('reads a log whose lines end either way, with every chunk size', () => {
    const lf = Buffer.from(ENTRY(1, 'SELECT 1') + ENTRY(2, 'SELECT *\nFROM t\nWHERE a = 2') + ENTRY(3, 'UPDATE t SET a = 3'), 'latin1');
    let line = 0;
    const mixed = Buffer.from(
      lf.toString('latin1').replace(/\n/g, () => (line++ % 2 === 0 ? '\r\n' : '\n')),
      'latin1',
    );
    expect(mixed.includes('\r\n')).toBe(true);
    const want = parse(lf, 1 << 20).map((e) => [e.arg, Object.fromEntries(e.props)]);
    expect(want).toHaveLength(3);
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) expect(parse(mixed, size).map((e) => [e.arg, Object.fromEntries(e.props)])).toEqual(want);
  });

  it('keeps a lone CR inside a statement and the CR of a final CR with nothing after it', () => {
    const text = ENTRY(1, "SELECT 'a\rb'").replace(/\n/g, '\r\n');
    for (const size of [1, 5, 1 << 20]) {
      const [e] = parse(Buffer.from(text, 'latin1'), size);
      expect(e!.arg).toBe("SELECT 'a\rb'");
    }
    // A CR that ends the input is held back until the end says it ends no line, then read as it is.
    const endsInCr = Buffer.from(ENTRY(1, 'SELECT 1').replace(/;\n$/, ';\r'), 'latin1');
    const whole = parse(endsInCr, 1 << 20);
    expect(whole[0]!.arg).toMatch(/\r$/);
    expect(parse(endsInCr, 1)).toEqual(whole);
  });

  it("reports each entry's byte offset in the file, not in the LF text", () => {
    const crlf = Buffer.from((ENTRY(1, 'SELECT 1') + ENTRY(2, 'SELECT\n2') + ENTRY(3, 'SELECT 3')).replace(/\n/g, '\r\n'), 'latin1');
    const starts = [...crlf.toString('latin1').matchAll(/# Time:/g)].map((m) => m.index);
    for (const size of [1, 4, 1 << 20]) {
      const events = parse(crlf, size);
      // pt-query-digest's pos_in_log of a later entry is just after its separator's `#`, as in an LF log.
      expect(events.map((e) => e.pos)).toEqual([starts[0], starts[1]! + 1, starts[2]! + 1]);
    }
    const report = digestText(crlf, {});
    expect(report.classes.find((c) => c.sample.attributes.Rows_examined === '3')?.sample.posInLog).toBe(starts[2]! + 1);
  });
});
