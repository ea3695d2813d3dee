import { describe, expect, it } from 'vitest';
import type { BackupManifest } from '../../../shared/contract/backup';
import { planRestore } from './restore-plan';

const manifest: BackupManifest = {
  format: 'dbw-backup/1',
  id: 'shop-20260101T000000Z-abcdef',
  database: 'shop',
  server: { host: '127.0.0.1', port: 3307, flavor: 'MariaDB 10.11', version: '10.11.19-MariaDB' },
  binlog: { file: 'binlog.000001', position: 4, gtid: null },
  tool: 'mysqldump',
  toolVersion: 'mariadb-dump',
  compressed: true,
  files: ['dump.sql.gz'],
  bytes: 2048,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 100,
  checksumsAt: '2026-01-01T00:00:01.000Z',
  tables: [
    { table: 'orders', rows: 10, checksum: '1', definition: 'a' },
    { table: 'users', rows: 5, checksum: '2', definition: 'b' },
  ],
  routines: 0,
  triggers: 0,
  events: 0,
};

describe('restore plans', () => {
  it('creates a missing target, loads into it, and estimates from the last restore', () => {
    const r = planRestore(manifest, '/b/dump.sql.gz', { name: 'shop_copy', exists: false, tables: [] }, 4200);
    expect(r.plan.steps.map((s) => [s.id, s.sql, s.rollback])).toEqual([
      ['create', 'CREATE DATABASE `shop_copy`', 'DROP DATABASE IF EXISTS `shop_copy`'],
      ['load', 'gunzip -c /b/dump.sql.gz | mariadb --database=`shop_copy`', null],
    ]);
    expect(r.plan.steps[1]!.estimate).toBe('2 KiB dump; about 4.2 s (its last restore)');
    expect(r.touches.every((t) => t.action === 'create')).toBe(true);
    expect(r.plan.notes[0]).toMatch(/does not exist/);
  });
  it('reads a zstd dump with zstd -dc', () => {
    const r = planRestore(
      { ...manifest, compression: 'zstd', files: ['dump.sql.zst'] },
      '/b/dump.sql.zst',
      { name: 'shop_copy', exists: false, tables: [] },
      null,
    );
    expect(r.plan.steps[1]!.sql).toBe('zstd -dc /b/dump.sql.zst | mariadb --database=`shop_copy`');
  });
  it('says which tables an existing target loses and keeps, and that the time is unknown before any restore', () => {
    const r = planRestore(
      { ...manifest, compressed: false },
      '/b/dump.sql',
      {
        name: 'shop',
        exists: true,
        tables: [
          { table: 'ORDERS', rows: 12, bytes: 16384 },
          { table: 'audit', rows: 3, bytes: 16384 },
        ],
      },
      null,
    );
    expect(r.plan.steps.map((s) => s.id)).toEqual(['load']);
    expect(r.plan.steps[0]!.sql).toBe('mariadb --database=`shop` < /b/dump.sql');
    expect(r.plan.steps[0]!.risk).toBe('high');
    expect(r.plan.steps[0]!.estimate).toMatch(/time unknown/);
    expect(r.touches.map((t) => [t.table, t.action, t.rowsLost])).toEqual([
      ['orders', 'overwrite', 12],
      ['users', 'create', 0],
      ['audit', 'keep', 0],
    ]);
    expect(r.plan.steps[0]!.noRollback).toMatch(/current contents of orders \(12 rows\) are replaced/);
    expect(planRestore(manifest, '/b/dump.sql.gz', { name: 'x', exists: false, tables: [] }, 1).plan.hash).not.toBe(
      planRestore(manifest, '/b/dump.sql.gz', { name: 'x', exists: true, tables: [] }, 1).plan.hash,
    );
  });
});
