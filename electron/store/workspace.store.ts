/**
 * The local workspace: one SQLite database (WAL) holding connection metadata, sealed secrets,
 * history, saved analyses and the audit log. Schema changes are numbered migrations. The folder
 * is 0700 and every file in it 0600, checked at every start: a workspace made by an older build
 * (or copied with a loose umask) is tightened, not trusted.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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
  // TLS client certificate and key, sealed like the password (ConnectionsRepo moves clear ones here on start).
  `ALTER TABLE connections ADD COLUMN tls_secret TEXT;`,
];

/** Folders under the workspace that hold user data (uploaded slow logs; saved analyses live in the database); 0700 with 0600 files. */
export const workspaceDataDirs: readonly string[] = ['uploads'];

/** Opens (creating if needed) the workspace database and brings its schema up to date. */
export function openWorkspace(file: string): Database.Database {
  const onDisk = file !== ':memory:';
  if (onDisk) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database's mode.
    closeSync(openSync(file, 'a', 0o600));
    secureWorkspaceDir(dirname(file));
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted and overwritten content (a password sealed again, a row redacted) is zeroed, not left in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);
  if (onDisk) secureWorkspaceDir(dirname(file), basename(file));
  return db;
}

/**
 * Makes the workspace folder 0700 and its files 0600: the database with its -wal/-shm/-journal,
 * secret.key, and the data folders. Only what the app writes is touched (the folder may be one
 * the user chose, next to files of their own); symbolic links are left alone.
 */
export function secureWorkspaceDir(dir: string, dbName = 'workspace.sqlite'): void {
  chmodSync(dir, 0o700);
  const own = new Set([dbName, `${dbName}-wal`, `${dbName}-shm`, `${dbName}-journal`, 'secret.key']);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isFile() && own.has(name)) chmodSync(path, 0o600);
    else if (st.isDirectory() && workspaceDataDirs.includes(name)) secureTree(path);
  }
}

function secureTree(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) secureTree(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
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
