import { describe, expect, it } from 'vitest';
import { archiveHeader, expandArchivePath, formatArchiveRows, type ArchiveColumn } from './archive-file';

const cols: ArchiveColumn[] = [
  { name: 'id', kind: 'number' },
  { name: 'note', kind: 'text' },
  { name: 'raw', kind: 'binary' },
  { name: 'amount', kind: 'number' },
];
const b = (s: string) => Buffer.from(s, 'utf8');
// Values as the text protocol sends them (a BIGINT past 2^53, a tab, a newline, a backslash, NUL bytes).
const rows = [
  [b('9007199254740993'), b('a\tb\nc\\d\re'), Buffer.from([0x00, 0x5c, 0xff]), b('12.500000')],
  [b('2'), null, null, b('-0.000001')],
  [b('3'), b(''), Buffer.alloc(0), b('1e3')],
  [b('4'), b('say "hi", ok'), b('x'), b('7')],
];

describe('archive file formats', () => {
  it("writes TSV as LOAD DATA's defaults read it: \\N for NULL, backslash escapes for tab, newline, CR, NUL and backslash", () => {
    const out = formatArchiveRows('tsv', cols, rows);
    const expected = Buffer.concat([
      b('9007199254740993\ta\\tb\\nc\\\\d\\re\t'),
      Buffer.from([0x5c, 0x30, 0x5c, 0x5c, 0xff]),
      b('\t12.500000\n'),
      b('2\t\\N\t\\N\t-0.000001\n'),
      b('3\t\t\t1e3\n'),
      b('4\tsay "hi", ok\tx\t7\n'),
    ]);
    expect(out.equals(expected)).toBe(true);
    expect(archiveHeader('tsv', cols).length).toBe(0);
  });

  it('writes CSV with a header, quoting what needs it; NULL is empty, an empty string is ""; bytes in base64', () => {
    expect(archiveHeader('csv', cols).toString()).toBe('id,note,raw,amount\n');
    expect(formatArchiveRows('csv', cols, rows).toString()).toBe(
      '9007199254740993,"a\tb\nc\\d\re",AFz/,12.500000\n2,,,-0.000001\n3,"","",1e3\n4,"say ""hi"", ok",eA==,7\n',
    );
  });

  it("writes JSON lines keeping the server's digits exact, text as strings and bytes in base64", () => {
    const lines = formatArchiveRows('jsonl', cols, rows).toString().trimEnd().split('\n');
    expect(lines[0]).toBe('{"id":9007199254740993,"note":"a\\tb\\nc\\\\d\\re","raw":"AFz/","amount":12.500000}');
    expect(JSON.parse(lines[1]!)).toEqual({ id: 2, note: null, raw: null, amount: -0.000001 });
    expect(JSON.parse(lines[2]!)).toEqual({ id: 3, note: '', raw: '', amount: 1000 });
    // A "number" column whose text is no JSON number (MySQL never sends one, but bytes are bytes) stays a string.
    expect(formatArchiveRows('jsonl', [{ name: 'n', kind: 'number' }], [[b('.5')]]).toString()).toBe('{"n":".5"}\n');
  });
});

describe('archive file name', () => {
  const at = new Date(2026, 11, 6, 7, 8, 9);
  it("expands pt-archiver's %D %t %Y %m %d %H %i %s and %%", () => {
    expect(expandArchivePath('/a/%D.%t-%Y-%m-%d_%H%i%s-100%%.tsv', { schema: 'app', table: 'user_sessions', at })).toBe(
      '/a/app.user_sessions-2026-12-06_070809-100%.tsv',
    );
  });
  it('keeps a database or table name from moving the file to another folder', () => {
    expect(expandArchivePath('/a/%t.tsv', { schema: 'x', table: '../etc', at })).toBe('/a/.._etc.tsv');
  });
  it('refuses an unknown or lone %', () => {
    expect(() => expandArchivePath('/a/%q', { schema: 'x', table: 't', at })).toThrow(/%q/);
    expect(() => expandArchivePath('/a/b%', { schema: 'x', table: 't', at })).toThrow(/lone %/);
    expect(expandArchivePath('/a/b%%', { schema: 'x', table: 't', at })).toBe('/a/b%');
  });
});
