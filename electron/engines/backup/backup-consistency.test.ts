import { describe, expect, it } from 'vitest';
import { consistencyText } from '../../../shared/backup-consistency';

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
