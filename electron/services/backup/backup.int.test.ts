import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupResult, CatalogEntry, VerifyReport } from '../../../shared/contract/backup';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sandboxDir, sqlServers } from '../../testing/servers';
import { mydumperRefusal } from '../../engines/backup/tool-args';
import type { Runtime } from '../runtime';
import { toolVersion } from './tool-runner';

interface AuditRow {
  planner: string;
  sql: string;
  status: string;
}

/** A fresh folder for this run's backups, under the sandbox folder (never a path left by an earlier run). */
function backupRoot(): string {
  mkdirSync(sandboxDir, { recursive: true });
  return mkdtempSync(join(sandboxDir, 'dbw-bk-test-'));
}

describe.each(sqlServers)('verified backups of cowrite on $label', (server) => {
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  let root: string;
  let counts: Record<string, number>;

  const scratchDatabases = async (): Promise<string[]> => {
    const [rows] = await admin.query("SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'dbw\\_bk\\_%'");
    return (rows as Array<{ s: string }>).map((r) => r.s);
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    const [tables] = await admin.query("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'cowrite' AND TABLE_TYPE = 'BASE TABLE'");
    counts = {};
    for (const { t } of tables as Array<{ t: string }>) {
      const [[row]] = (await admin.query(`SELECT COUNT(*) AS n FROM cowrite.\`${t}\``)) as unknown as [[{ n: number }]];
      counts[t] = Number(row.n);
    }
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} backups`);
    root = backupRoot();
  }, 60_000);

  afterAll(async () => {
    rt?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    await admin?.end();
  });

  it('backs up cowrite with mariadb-dump, restores it into a scratch database and verifies every table', async () => {
    const before = await scratchDatabases();
    // Where the binlog stood before the backup (the manifest's position is the dump's, after the scratch database was created).
    const [status] = (await admin.query('SHOW BINARY LOG STATUS').catch(() => admin.query('SHOW MASTER STATUS'))) as unknown as [
      Array<{ File: string; Position: number }>,
    ];
    const start = status[0] ?? null;
    const r = await invoke<BackupResult>(rt, 'backup.run', { connectionId, spec: { database: 'cowrite', outDir: root, tool: 'mysqldump', verify: true } });
    expect(r.manifest.tables.map((t) => t.table).sort()).toEqual(Object.keys(counts).sort());
    // The manifest lists the tables by name, as the server orders them (restore plans follow that order), however the checksums were scheduled.
    const [named] = await admin.query(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'cowrite' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    );
    expect(r.manifest.tables.map((t) => t.table)).toEqual((named as Array<{ t: string }>).map((x) => x.t));
    for (const t of r.manifest.tables) expect(t.rows, t.table).toBe(counts[t.table]);
    expect(r.manifest.server.port).toBe(server.port);
    // zstd where it is installed (.ci installs it), as the choice left to the app.
    expect(r.manifest.compressed).toBe(true);
    expect(r.manifest.compression).toBe('zstd');
    expect(r.manifest.files).toEqual(['dump.sql.zst']);
    expect(r.manifest.bytes).toBeGreaterThan(100_000);
    expect(r.manifest.toolVersion).toMatch(/mariadb-dump/i);
    // The binlog position is read with the flavor's statement (SHOW BINARY LOG STATUS on MySQL 9.7).
    const [[{ logBin }]] = (await admin.query('SELECT @@log_bin AS logBin')) as unknown as [[{ logBin: number }]];
    if (Number(logBin) === 1) {
      expect(r.manifest.binlog.file).toMatch(/\S/);
      expect(r.manifest.binlog.position).toBeGreaterThan(0);
    } else expect(r.manifest.binlog.file).toBeNull();
    expect(r.verified).toBe(true);
    expect(r.verification?.differing).toEqual([]);
    expect(r.verification?.tables.every((t) => t.status === 'ok')).toBe(true);
    expect(r.verification?.dropped).toBe(true);
    expect(await scratchDatabases()).toEqual(before);
    // The scratch database was created and dropped by audited plans.
    const audit = await invoke<AuditRow[]>(rt, 'audit.list', { connectionId });
    const scratch = r.verification!.scratch;
    expect(audit.filter((a) => a.planner === 'backup-scratch' && a.sql.includes(scratch)).map((a) => [a.sql, a.status])).toEqual([
      [`DROP DATABASE IF EXISTS \`${scratch}\``, 'ok'],
      [`CREATE DATABASE \`${scratch}\``, 'ok'],
    ]);
    if (Number(logBin) === 1) {
      // The scratch restore stays out of the binary log (as myloader's does): only its CREATE and DROP DATABASE plans are logged.
      const [logs] = await admin.query('SHOW BINARY LOGS');
      const names = (logs as Array<{ Log_name: string }>).map((l) => l.Log_name);
      const from = names.indexOf(start!.File);
      expect(from).toBeGreaterThanOrEqual(0);
      expect(names.indexOf(r.manifest.binlog.file!)).toBeGreaterThanOrEqual(from);
      const naming: string[] = [];
      for (const name of names.slice(from)) {
        const at = name === start!.File ? ` FROM ${start!.Position}` : '';
        const [events] = await admin.query(`SHOW BINLOG EVENTS IN '${name}'${at}`);
        for (const e of events as Array<{ Info: string | null }>) if (String(e.Info ?? '').includes(scratch)) naming.push(String(e.Info));
      }
      expect(naming.length).toBeGreaterThanOrEqual(2);
      for (const info of naming) expect(info).toMatch(/(CREATE|DROP) DATABASE (IF EXISTS )?`dbw_bk_/);
    }
    const manifest = JSON.parse(readFileSync(join(r.dir, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('dbw-backup/1');
    const catalog = await invoke<CatalogEntry[]>(rt, 'backup.catalog', { connectionId });
    expect(catalog.find((c) => c.dir === r.dir)).toMatchObject({ verified: true, present: true, tables: Object.keys(counts).length });
  }, 480_000);

  it('restores a verified mariadb-dump backup while the dump is written; cancelled then, it leaves no folder and drops its scratch database', async () => {
    const before = await scratchDatabases();
    const dir = join(root, 'cancelled');
    const requestId = `t-cancel-${Math.random().toString(36).slice(2)}`;
    let restoring = 0;
    let dumping = 0;
    const onProgress = (e: { requestId: string; phase: string; message: string }): void => {
      if (e.requestId !== requestId) return;
      if (e.phase === 'restore' && e.message.includes('as it is written')) restoring++;
      if (e.phase === 'dump') dumping++;
      // The restore was started before the dump's first bytes: cancel while both run.
      if (dumping === 1 && restoring === 1) setTimeout(() => rt.dispatcher.cancel(requestId), 100);
    };
    rt.events.on('progress', onProgress);
    const t0 = performance.now();
    try {
      const r = await rt.dispatcher.dispatch(
        'backup.run',
        { connectionId, spec: { database: 'cowrite', outDir: dir, tool: 'mysqldump', verify: true } },
        requestId,
      );
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('CANCELLED');
      expect(!r.ok && r.error.message).toMatch(/^Cancelled/);
    } finally {
      rt.events.off('progress', onProgress);
    }
    expect(restoring).toBe(1);
    expect(performance.now() - t0).toBeLessThan(60_000);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect(await scratchDatabases()).toEqual(before);
  }, 120_000);

  it('verifies a gzip backup and a zstd backup from their files, and names a damaged zstd file', async () => {
    for (const compression of ['gzip', 'zstd'] as const) {
      const r = await invoke<BackupResult>(rt, 'backup.run', { connectionId, spec: { database: 'cowrite', outDir: root, compression } });
      expect(r.manifest.compression).toBe(compression);
      const file = compression === 'gzip' ? 'dump.sql.gz' : 'dump.sql.zst';
      expect(r.manifest.files).toEqual([file]);
      const magic = readFileSync(join(r.dir, file)).subarray(0, 4).toString('hex');
      expect(magic.startsWith(compression === 'gzip' ? '1f8b' : '28b52ffd')).toBe(true);
      const report = await invoke<VerifyReport>(rt, 'backup.verify', { connectionId, dir: r.dir });
      expect(report.verified, compression).toBe(true);
      expect(report.tables.every((t) => t.status === 'ok')).toBe(true);
      if (compression !== 'zstd') continue;
      // Cut in the middle: the restore fails with zstd's own words, and the scratch database is dropped.
      const path = join(r.dir, file);
      const bytes = readFileSync(path);
      writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
      const before = await scratchDatabases();
      const err = await invoke(rt, 'backup.verify', { connectionId, dir: r.dir }).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect(String((err as Error).message)).toMatch(/zstd \(decompressing the dump\) exited with status 1/);
      expect(await scratchDatabases()).toEqual(before);
    }
  }, 480_000);

  it('fails verification of a dump with one altered row, naming its table', async () => {
    const r = await invoke<BackupResult>(rt, 'backup.run', { connectionId, spec: { database: 'cowrite', outDir: root, compress: false } });
    expect(r.verification).toBeNull();
    const file = join(r.dir, 'dump.sql');
    const sql = readFileSync(file, 'utf8');
    // Change one character of one string value in the first row of users.
    const at = sql.indexOf('INSERT INTO `users` VALUES');
    expect(at).toBeGreaterThan(0);
    const quote = sql.indexOf("'", at) + 1;
    writeFileSync(file, `${sql.slice(0, quote)}${sql[quote] === 'Z' ? 'Y' : 'Z'}${sql.slice(quote + 1)}`);
    const report = await invoke<VerifyReport>(rt, 'backup.verify', { connectionId, dir: r.dir });
    expect(report.verified).toBe(false);
    expect(report.differing).toEqual(['users']);
    const users = report.tables.find((t) => t.table === 'users')!;
    expect(users.status).toBe('differs');
    expect(users.actualRows).toBe(users.expectedRows);
    expect(users.reasons.join(' ')).toMatch(/checksum/);
    expect(report.dropped).toBe(true);
    const catalog = await invoke<CatalogEntry[]>(rt, 'backup.catalog', { connectionId });
    expect(catalog.find((c) => c.dir === r.dir)).toMatchObject({ verified: false, differing: ['users'] });
  }, 480_000);

  it('backs up with mydumper in parallel, verifies with myloader, and keeps only the newest backup', async () => {
    const dir = join(root, 'mydumper');
    const [expr] = await admin.query(
      "SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'cowrite' AND EXTRA LIKE '%DEFAULT_GENERATED%'",
    );
    const columns = (expr as Array<{ t: string; c: string }>).map((r) => ({ table: r.t, column: r.c }));
    if (mydumperRefusal(await toolVersion('mydumper'), columns)) {
      // MySQL 8.0.13+ with Debian's mydumper 0.10.0: it would drop the DEFAULT CURRENT_TIMESTAMP columns, so it is refused up front.
      await expect(invoke(rt, 'backup.run', { connectionId, spec: { database: 'cowrite', outDir: dir, tool: 'mydumper' } })).rejects.toMatchObject({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/leaves out columns whose default is an expression \(\w+\.created_at/),
      });
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
      return;
    }
    const first = await invoke<BackupResult>(rt, 'backup.run', {
      connectionId,
      spec: { database: 'cowrite', outDir: dir, tool: 'mydumper', threads: 2, verify: true },
    });
    expect(first.verification?.tables.filter((t) => t.status !== 'ok')).toEqual([]);
    expect(first.verified).toBe(true);
    expect(first.manifest.files.some((f) => f.startsWith('data/') && f.endsWith('.sql.gz'))).toBe(true);
    const second = await invoke<BackupResult>(rt, 'backup.run', {
      connectionId,
      spec: { database: 'cowrite', outDir: dir, tool: 'mydumper', retention: { keep: 1 } },
    });
    expect(second.removed).toEqual([first.dir]);
    expect(readdirSync(dir)).toEqual([second.manifest.id]);
    expect(existsSync(first.dir)).toBe(false);
  }, 480_000);

  it('refuses a folder that is not a backup, and a database that does not exist', async () => {
    await expect(invoke(rt, 'backup.verify', { connectionId, dir: root })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(invoke(rt, 'backup.run', { connectionId, spec: { database: 'dbw_bk_no_such_db', outDir: root } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  }, 60_000);
});
