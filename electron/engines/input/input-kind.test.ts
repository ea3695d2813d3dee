import { describe, expect, it } from 'vitest';
import { binaryReason, binaryTextReason, describeText } from './input-kind';

describe('what an input looks like', () => {
  it('names the usual wrong inputs', () => {
    expect(describeText('  {"a": 1}')).toBe('JSON');
    expect(describeText('[1, 2]')).toBe('JSON');
    expect(describeText('<!doctype html><title>x</title>')).toBe('HTML or XML');
    expect(describeText('/usr/sbin/mariadbd, Version: 10.11.6. started with:\nTime\t\t    Id Command\tArgument\n')).toMatch(/^a general query log/);
    expect(describeText('2026-11-26T10:00:00.000000Z\t    7 Query\tSELECT 1\n')).toMatch(/^a general query log/);
    expect(describeText('2026-11-26 10:00:00 0 [Note] InnoDB: Buffer pool(s) load completed\n')).toBe('a server error log');
    expect(describeText('# at 4\n#261126 10:00:00 server id 1  end_log_pos 256\n')).toBe('mysqlbinlog output');
    expect(describeText('a,b,c,d\n1,2,3,4\n5,6,7,8\n')).toMatch(/^CSV/);
    expect(describeText('select 1;\nupdate t set a = 1;\n')).toMatch(/^SQL statements/);
    expect(describeText('hello world\n')).toMatch(/^text without/);
    expect(describeText(' \n ')).toBe('an empty file');
  });

  it('tells binary from text, and UTF-8 from other bytes when asked', () => {
    expect(binaryReason(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('a gzip-compressed file');
    expect(binaryReason(Buffer.from('PK\u0003\u0004rest', 'latin1'))).toBe('a zip archive');
    expect(binaryReason(Buffer.from('SELECT 1\u0000'))).toMatch(/1 NUL bytes/);
    const latin1 = Buffer.from("SELECT 'caf\xe9' ".repeat(20), 'latin1');
    expect(binaryReason(latin1)).toBeUndefined();
    expect(binaryReason(latin1, true)).toMatch(/not UTF-8/);
    expect(binaryReason(Buffer.from("SELECT 'café — ok' ".repeat(20)), true)).toBeUndefined();
    expect(binaryTextReason('SELECT 1')).toBeUndefined();
    expect(binaryTextReason('x\uFFFD'.repeat(64))).toMatch(/not UTF-8/);
  });
});
