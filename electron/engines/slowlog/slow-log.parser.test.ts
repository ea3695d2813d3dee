import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ParseWarning, SlowLogEvent } from './slow-log.event';
import { createSlowLogParser, type SlowLogParserOptions } from './slow-log.parser';
import { corpusPath } from '../../testing/paths';

const CORPUS = corpusPath('slowlogs/percona');
const FIXTURES = join(__dirname, 'fixtures');

function readLog(path: string): Buffer {
  const raw = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(raw) : raw;
}

function parse(input: Buffer | string, chunk = 1 << 20, opts: Partial<SlowLogParserOptions> = {}): { events: SlowLogEvent[]; warnings: ParseWarning[] } {
  const events: SlowLogEvent[] = [];
  const warnings: ParseWarning[] = [];
  const p = createSlowLogParser({ onEvent: (e) => events.push(e), onWarning: (w) => warnings.push(w), ...opts });
  const buf = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  for (let i = 0; i < buf.length; i += chunk) p.push(buf.subarray(i, i + chunk));
  p.end();
  return { events, warnings };
}

describe('slow-log parser on the Percona corpus', () => {
  const files = readdirSync(CORPUS).sort();
  it.each(files)('parses %s', (name) => {
    const buf = readLog(join(CORPUS, name));
    const whole = parse(buf);
    if (buf.length > 0) expect(whole.events.length + whole.warnings.length).toBeGreaterThan(0);
    for (const size of [1, 3, 64]) expect(parse(buf, size).events).toEqual(whole.events);
  });
});

describe('chunk buffers', () => {
  it('keeps nothing of a pushed buffer, so the reader can reuse one buffer for every read', () => {
    const buf = readLog(join(CORPUS, 'slow006.txt'));
    for (const size of [7, 300, 4096]) {
      const events: SlowLogEvent[] = [];
      const p = createSlowLogParser({ onEvent: (e) => events.push(e) });
      const reused = Buffer.alloc(size);
      for (let i = 0; i < buf.length; i += size) {
        const n = buf.copy(reused, 0, i, i + size);
        p.push(reused.subarray(0, n));
        reused.fill(0x7e);
      }
      p.end();
      expect(events).toEqual(parse(buf).events);
    }
  });
});

describe('formats', () => {
  it('reads MySQL 9.7 log_slow_extra fields, Id:, ISO time and admin commands', () => {
    const { events, warnings } = parse(readFileSync(join(FIXTURES, 'mysql-9.7-extra.log')));
    expect(warnings).toEqual([]);
    const q = events.find((e) => e.arg?.startsWith('select @@version_comment'))!;
    expect(Object.fromEntries(q.props)).toMatchObject({
      user: 'root',
      host: 'localhost',
      Thread_id: '10',
      Errno: '0',
      Killed: '0',
      Bytes_received: '39',
      Read_key: '0',
      Start: '2026-11-26T00:47:58.986467Z',
      timestamp: '1795654078',
    });
    expect(q.props.get('ts')).toBe('2026-11-26T00:47:58');
    expect(q.timeText).toBe('2026-11-26T00:47:58.986746Z');
    const quit = events.find((e) => e.cmd === 'Admin')!;
    expect(quit.arg).toMatch(/^administrator command: (Quit|Ping)$/);
    expect(events.some((e) => /Tcp port|Id Command|Version/.test(e.arg ?? ''))).toBe(false);
  });

  it('reads MariaDB 10.11 Schema:, empty Schema, explain lines and removes the mariadbd banner', () => {
    const { events } = parse(readFileSync(join(FIXTURES, 'mariadb-10.11-explain.log')));
    const { events: e2 } = parse(readFileSync(join(FIXTURES, 'mariadb-10.11-explain.log')), 13);
    expect(e2).toEqual(events);
    expect(events[0]!.arg).toBe('SELECT 1');
    expect(events[0]!.props.get('Schema')).toBeUndefined();
    expect(events[0]!.props.get('QC_hit')).toBe('No');
    expect(events[0]!.explain?.[0]).toMatch(/^id\tselect_type\ttable/);
    const scan = events.find((e) => e.arg?.startsWith('SELECT id, title FROM documents'))!;
    expect(Object.fromEntries(scan.props)).toMatchObject({ Schema: 'cowrite', db: '`cowrite`', Full_scan: 'Yes', Filesort: 'Yes', Rows_examined: '32002' });
    expect(scan.explain?.[1]).toMatch(/^1\tSIMPLE\tdocuments\tALL/);
  });

  it('removes a mid-file mariadbd banner, which pt mode (like pt) reads as part of the statement', () => {
    const log =
      '# Query_time: 1\nSELECT 1;\nmariadbd, Version: 10.11.19-MariaDB-log (Debian 12). started with:\nTcp port: 3307  Unix socket: /tmp/s.sock\nTime\t\t    Id Command\tArgument\n# Query_time: 2\nSELECT 2;\n';
    expect(parse(log).events.map((e) => e.arg)).toEqual(['SELECT 1', 'SELECT 2']);
    const pt = parse(log, 1 << 20, { ptBanners: true }).events;
    expect(pt).toHaveLength(1);
    expect(pt[0]!.arg).toMatch(/^SELECT 1;\nmariadbd, Version[\s\S]*SELECT 2$/);
  });

  it('handles ISO time with an offset, SET timestamp, use db, multi-line statements and a mid-file banner', () => {
    const log = [
      '# Time: 2024-05-01T10:00:00.123456+02:00',
      '# User@Host: app[app] @ web1 [10.0.0.1]  Id:    42',
      '# Query_time: 1.500000  Lock_time: 0.000100 Rows_sent: 1  Rows_examined: 1000',
      'use shop;',
      'SET timestamp=1714550400;',
      'SELECT *',
      '  FROM orders',
      ' WHERE id = 5;',
      '/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:',
      'Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock',
      'Time                 Id Command    Argument',
      '# Time: 2024-05-01T10:00:01Z',
      '# User@Host: app[app] @ web1 [10.0.0.1]  Id:    43',
      '# Query_time: 0.100000  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0',
      'SET timestamp=1714550401;',
      '# administrator command: Quit;',
      '',
    ].join('\n');
    const { events, warnings } = parse(log, 5);
    expect(warnings).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ arg: 'SELECT *\n  FROM orders\n WHERE id = 5', cmd: 'Query', timeText: '2024-05-01T10:00:00.123456+02:00' });
    expect(Object.fromEntries(events[0]!.props)).toMatchObject({ db: 'shop', timestamp: '1714550400', Thread_id: '42', Query_time: '1.500000' });
    expect(events[1]).toMatchObject({ arg: 'administrator command: Quit', cmd: 'Admin' });
  });
});

describe('bad input', () => {
  it('flags binary input and reads nothing', () => {
    const bin = Buffer.alloc(5000);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) % 256;
    const { events, warnings } = parse(bin);
    expect(events).toEqual([]);
    expect(warnings[0]).toMatchObject({ kind: 'binary-input', offset: 0 });
  });

  it('flags a gzip file given without decompression', () => {
    const { warnings } = parse(readFileSync(join(CORPUS, 'slow039.txt.gz')));
    expect(warnings[0]!.message).toMatch(/compressed/);
  });

  it('reports text that is not a slow log', () => {
    const { events, warnings } = parse('hello world\nthis is a README\n');
    expect(events.every((e) => e.props.get('Query_time') === undefined)).toBe(true);
    expect(warnings.map((w) => w.kind)).toContain('mid-entry-start');
  });

  it('keeps a truncated last entry and says so', () => {
    const log =
      '# Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\nSELECT 1;\n# Query_time: 2  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\nSELECT * FROM t WHE';
    const { events, warnings } = parse(log, 7);
    expect(events.map((e) => e.arg)).toEqual(['SELECT 1', 'SELECT * FROM t WHE']);
    expect(warnings).toEqual([expect.objectContaining({ kind: 'truncated-entry', offset: log.indexOf('# Query_time: 2') + 1 })]);
  });

  it('skips an entry longer than the cap with its offset and keeps going', () => {
    const huge = 'x'.repeat(5000);
    const log = `# Query_time: 1\nSELECT 1;\n# Query_time: 2\nSELECT '${huge}';\n# Query_time: 3\nSELECT 3;\n`;
    const { events, warnings } = parse(log, 100, { maxEntryBytes: 1000 });
    expect(events.map((e) => e.arg)).toEqual(['SELECT 1', 'SELECT 3']);
    expect(warnings[0]).toMatchObject({ kind: 'oversized-entry', offset: log.indexOf('# Query_time: 2') + 1 });
    expect(warnings[0]!.skippedBytes).toBeGreaterThan(5000);
  });

  it('reads a pasted fragment that starts mid-entry', () => {
    const log = 'Rows_examined: 10\nSELECT a FROM t WHERE b = 1;\n# Query_time: 0.5  Lock_time: 0  Rows_sent: 1  Rows_examined: 1\nSELECT 2;\n';
    const { events, warnings } = parse(log);
    expect(warnings[0]!.kind).toBe('mid-entry-start');
    expect(events.at(-1)!.props.get('Query_time')).toBe('0.5');
  });
});
