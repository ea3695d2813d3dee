/**
 * The workspace's backup catalog: each backup taken from the app or the CLI, with its manifest's
 * figures and its last verification, so the DBA sees which backups were proven to restore. Its
 * table belongs to the backup feature alone and is created on first use, so the shared migration
 * list does not grow a step per feature.
 */
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { backupTool, type BackupManifest, type CatalogEntry, type VerifyReport } from '../../shared/contract/backup';

interface Row {
  id: string;
  connection_id: string;
  database: string;
  dir: string;
  tool: string;
  started_at: string;
  bytes: number;
  duration_ms: number;
  tables: number;
  rows: number;
  verified: number | null;
  verified_at: string | null;
  differing: string;
}

/** Reads and writes the backup catalog. */
export class BackupCatalogRepo {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS backup_catalog (
               id TEXT PRIMARY KEY,
               connection_id TEXT NOT NULL,
               database TEXT NOT NULL,
               dir TEXT NOT NULL,
               tool TEXT NOT NULL,
               started_at TEXT NOT NULL,
               bytes INTEGER NOT NULL,
               duration_ms REAL NOT NULL,
               tables INTEGER NOT NULL,
               rows INTEGER NOT NULL,
               verified INTEGER,
               verified_at TEXT,
               differing TEXT NOT NULL DEFAULT '[]'
             );
             CREATE INDEX IF NOT EXISTS backup_catalog_started ON backup_catalog(started_at);`);
  }

  /** Records a backup just taken (or taken again into the same folder). */
  add(connectionId: string, dir: string, m: BackupManifest): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO backup_catalog (id, connection_id, database, dir, tool, started_at, bytes, duration_ms, tables, rows, verified, verified_at, differing)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, '[]')`,
      )
      .run(
        m.id,
        connectionId,
        m.database,
        dir,
        m.tool,
        m.startedAt,
        m.bytes,
        m.durationMs,
        m.tables.length,
        m.tables.reduce((s, t) => s + t.rows, 0),
      );
  }

  /** Records a verification's outcome on the backup with that id (no-op for a backup the catalog does not know). */
  setVerification(id: string, report: VerifyReport): void {
    this.db
      .prepare('UPDATE backup_catalog SET verified = ?, verified_at = ?, differing = ? WHERE id = ?')
      .run(report.verified ? 1 : 0, report.at, JSON.stringify(report.differing), id);
  }

  /** Forgets backups whose folders retention removed. */
  removeDirs(dirs: readonly string[]): void {
    const del = this.db.prepare('DELETE FROM backup_catalog WHERE dir = ?');
    for (const d of dirs) del.run(d);
  }

  /** Newest first, optionally for one connection. */
  list(connectionId: string | undefined, limit: number): CatalogEntry[] {
    const rows = (
      connectionId
        ? this.db.prepare('SELECT * FROM backup_catalog WHERE connection_id = ? ORDER BY started_at DESC LIMIT ?').all(connectionId, limit)
        : this.db.prepare('SELECT * FROM backup_catalog ORDER BY started_at DESC LIMIT ?').all(limit)
    ) as Row[];
    return rows.map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      database: r.database,
      dir: r.dir,
      tool: backupTool.catch('mysqldump').parse(r.tool),
      startedAt: r.started_at,
      bytes: r.bytes,
      durationMs: r.duration_ms,
      tables: r.tables,
      rows: r.rows,
      verified: r.verified === null ? null : r.verified === 1,
      verifiedAt: r.verified_at,
      differing: JSON.parse(r.differing) as string[],
      present: existsSync(r.dir),
    }));
  }
}
