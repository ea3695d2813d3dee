import { describe, expect, it } from 'vitest';
import { binlogText, consistencyText } from '../../../shared/backup-text';

describe('consistencyText', () => {
  it('says how the checksums relate to the dump, and nothing for an older manifest', () => {
    expect(consistencyText({ checksums: 'dump-snapshot', lockMs: 12 })).toBe(
      "checksums read in the dump's snapshot (commits waited 12 ms for the global read lock)",
    );
    expect(
      consistencyText({ checksums: 'after-dump', reason: 'the account may not take FLUSH TABLES WITH READ LOCK (it needs the RELOAD privilege)' }),
    ).toMatch(/^checksums read after the dump, so a table written meanwhile will not verify: the account may not/);
    expect(consistencyText(undefined)).toBeNull();
  });
});

describe('binlogText', () => {
  it('tells a position, logging off, and a position the account may not read apart', () => {
    expect(binlogText({ file: 'binlog.000026', position: 4711, gtid: '0-1-9' })).toBe('binlog binlog.000026:4711');
    expect(binlogText({ file: null, position: null, gtid: null })).toBe('binlog off');
    expect(binlogText({ file: null, position: null, gtid: '0-1-9', unreadable: 'SHOW MASTER STATUS was refused: denied' })).toBe(
      'binlog position not read (SHOW MASTER STATUS was refused: denied)',
    );
  });
});
