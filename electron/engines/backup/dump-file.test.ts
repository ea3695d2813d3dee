import { dumpCompressionOf, storageText } from '../../../shared/backup-text';
import { describe, expect, it } from 'vitest';
import { decompressCommandText, dumpFileName } from './dump-file';

describe('a SQL dump file', () => {
  it('is named after its compression', () => {
    expect(dumpFileName('zstd')).toBe('dump.sql.zst');
    expect(dumpFileName('gzip')).toBe('dump.sql.gz');
    expect(dumpFileName(null)).toBe('dump.sql');
  });

  it('reads its compression from the manifest; a manifest from before zstd that says compressed means gzip', () => {
    expect(dumpCompressionOf({ compressed: true, compression: 'zstd' })).toBe('zstd');
    expect(dumpCompressionOf({ compressed: true })).toBe('gzip');
    expect(dumpCompressionOf({ compressed: false })).toBeNull();
    expect(storageText({ compressed: true, compression: 'zstd', tool: 'mysqldump' })).toBe('zstd');
    expect(storageText({ compressed: true, tool: 'mydumper' })).toBe('gzip');
    expect(storageText({ compressed: false, tool: 'mysqldump' })).toBe('uncompressed');
    expect(storageText({ compressed: false, tool: 'mariadb-backup' })).toBe('physical copy');
  });

  it('is read back by the command a DBA would type', () => {
    expect(decompressCommandText('zstd', '/b/dump.sql.zst')).toBe('zstd -dc /b/dump.sql.zst');
    expect(decompressCommandText('gzip', '/b/dump.sql.gz')).toBe('gunzip -c /b/dump.sql.gz');
    expect(decompressCommandText(null, '/b/dump.sql')).toBeNull();
  });
});
