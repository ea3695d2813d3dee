import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FORMAT, type BackupManifest, type VerifyReport } from '../../shared/contract/backup';
import { BackupCatalogRepo } from './backup-catalog.repo';
import { openWorkspace } from './workspace.store';

const manifest = (id: string, startedAt: string): BackupManifest => ({
  format: MANIFEST_FORMAT,
  id,
  database: 'cowrite',
  server: { host: '127.0.0.1', port: 3307, flavor: 'MariaDB 10.11', version: '10.11.19' },
  binlog: { file: null, position: null, gtid: null },
  tool: 'mysqldump',
  toolVersion: 'mariadb-dump 10.19',
  compressed: true,
  files: ['dump.sql.gz'],
  bytes: 1234,
  startedAt,
  durationMs: 50,
  checksumsAt: startedAt,
  tables: [
    { table: 'a', rows: 2, checksum: '1', definition: 'x' },
    { table: 'b', rows: 3, checksum: '2', definition: 'y' },
  ],
  routines: 0,
  triggers: 0,
  events: 0,
});

describe('backup catalog', () => {
  it('lists backups newest first with their last verification and whether the folder is still there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-cat-'));
    try {
      const repo = new BackupCatalogRepo(openWorkspace(':memory:'));
      repo.add('c1', dir, manifest('old', '2026-01-01T00:00:00.000Z'));
      repo.add('c1', join(dir, 'gone'), manifest('new', '2026-01-02T00:00:00.000Z'));
      repo.add('c2', dir, manifest('other', '2026-01-03T00:00:00.000Z'));
      const report: VerifyReport = {
        verified: false,
        scratch: 'dbw_bk_x',
        dropped: true,
        tables: [],
        differing: ['b'],
        restoreMs: 1,
        checksumMs: 1,
        at: '2026-01-04T00:00:00.000Z',
      };
      repo.setVerification('old', report);
      const list = repo.list('c1', 10);
      expect(list.map((e) => [e.id, e.verified, e.present, e.rows, e.tables, e.differing])).toEqual([
        ['new', null, false, 5, 2, []],
        ['old', false, true, 5, 2, ['b']],
      ]);
      expect(repo.list(undefined, 10)).toHaveLength(3);
      repo.removeDirs([dir]);
      expect(repo.list(undefined, 10).map((e) => e.id)).toEqual(['new']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
