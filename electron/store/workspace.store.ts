/**
 * The local workspace: one SQLite database (WAL) holding connection metadata, sealed secrets,
 * history, saved analyses and the audit log. Schema changes are numbered migrations.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Numbered, append-only migrations. Never edit one that has shipped; add a new one. */
export const migrations: readonly string[] = [
  `CREATE TABLE connections (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     kind TEXT NOT NULL,
     config TEXT NOT NULL,
     secret TEXT,
     production INTEGER NOT NULL DEFAULT 0,
     last_flavor TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     connection_id TEXT NOT NULL,
     connection_name TEXT NOT NULL,
     planner TEXT NOT NULL,
     plan_title TEXT NOT NULL,
     plan_hash TEXT NOT NULL,
     step_id TEXT NOT NULL,
     sql TEXT NOT NULL,
     status TEXT NOT NULL,
     message TEXT NOT NULL,
     duration_ms REAL NOT NULL,
     rollback TEXT
   );
   CREATE INDEX audit_log_connection ON audit_log(connection_id, id);
   CREATE TABLE history (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     connection_id TEXT,
     kind TEXT NOT NULL,
     text TEXT NOT NULL
   );
   CREATE INDEX history_connection ON history(connection_id, id);
   CREATE TABLE analyses (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     kind TEXT NOT NULL,
     title TEXT NOT NULL,
     payload TEXT NOT NULL
   );
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

/** Opens (creating if needed) the workspace database and brings its schema up to date. */
export function openWorkspace(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies the migrations the database has not seen, each in its own transaction. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`The workspace was written by a newer DBA Workbench (schema ${current}, this build knows ${migrations.length})`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length - current;
}
