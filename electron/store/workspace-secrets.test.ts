import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionInput } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import { HistoryRepo } from '../services/sql/history.repo';
import { AuditRepo } from './audit.repo';
import { ConnectionsRepo } from './connections.repo';
import { nodeSecretBox } from './secret-box';
import { redactStoredStatements } from './stored-statements';
import { migrations, openWorkspace } from './workspace.store';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'dbw-ws-secrets-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const mode = (p: string): number => statSync(p).mode & 0o777;
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQ-client-key-body\n-----END PRIVATE KEY-----';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIC-client-cert-body\n-----END CERTIFICATE-----';

/** Everything on disk for the workspace database, after a checkpoint: what an attacker reading the files sees. */
function diskBytes(db: Database.Database, file: string): Buffer {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]);
}

describe('workspace file modes', () => {
  it('makes the folder 0700 and its files 0600 at every start, old ones included, and leaves foreign files alone', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const file = join(dir, 'workspace.sqlite');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x)');
    old.close();
    chmodSync(file, 0o644);
    writeFileSync(join(dir, 'secret.key'), 'x', { mode: 0o644 });
    mkdirSync(join(dir, 'uploads', 'sub'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, 'uploads', 'sub', 'slow.log'), '# Time', { mode: 0o644 });
    writeFileSync(join(dir, 'notes.txt'), 'mine', { mode: 0o644 });

    const db = openWorkspace(file);
    expect(mode(dir)).toBe(0o700);
    for (const f of ['workspace.sqlite', 'workspace.sqlite-wal', 'workspace.sqlite-shm', 'secret.key']) expect([f, mode(join(dir, f))]).toEqual([f, 0o600]);
    expect(mode(join(dir, 'uploads'))).toBe(0o700);
    expect(mode(join(dir, 'uploads', 'sub'))).toBe(0o700);
    expect(mode(join(dir, 'uploads', 'sub', 'slow.log'))).toBe(0o600);
    expect(mode(join(dir, 'notes.txt'))).toBe(0o644);
    db.close();
  });

  it('creates a new workspace private from the first byte, whatever the umask', () => {
    const dir = join(tempDir(), 'nested', 'ws');
    const previous = process.umask(0o022);
    try {
      const db = openWorkspace(join(dir, 'workspace.sqlite'));
      db.prepare('INSERT INTO settings VALUES (?, ?)').run('a', 'b');
      expect(mode(dir)).toBe(0o700);
      for (const f of ['workspace.sqlite', 'workspace.sqlite-wal', 'workspace.sqlite-shm']) expect([f, mode(join(dir, f))]).toEqual([f, 0o600]);
      db.close();
    } finally {
      process.umask(previous);
    }
  });
});

describe('TLS material', () => {
  it('is sealed on save: neither the config column nor the files hold the key or the certificate', () => {
    const dir = tempDir();
    const file = join(dir, 'workspace.sqlite');
    const db = openWorkspace(file);
    const repo = new ConnectionsRepo(db, nodeSecretBox(join(dir, 'secret.key'), {}));
    const info = repo.save(connectionInput.parse({ name: 'tls', kind: 'mysql', port: 3306, tls: { mode: 'verify-ca', ca: 'CA-PEM', cert: CERT, key: KEY } }));
    expect(info.tls).toEqual({ mode: 'verify-ca', hasCa: true, hasCert: true, hasKey: true });
    expect(JSON.stringify(repo.list())).not.toContain('client-key-body');
    const bytes = diskBytes(db, file);
    expect(bytes.includes('client-key-body')).toBe(false);
    expect(bytes.includes('client-cert-body')).toBe(false);
    expect(repo.config(info.id).tls).toEqual({ mode: 'verify-ca', ca: 'CA-PEM', cert: CERT, key: KEY });

    // Editing without TLS material keeps it; a new key alone keeps the certificate.
    repo.save(connectionInput.parse({ id: info.id, name: 'tls', kind: 'mysql', port: 3307, tls: { mode: 'verify-full' } }));
    expect(repo.config(info.id).tls).toEqual({ mode: 'verify-full', ca: 'CA-PEM', cert: CERT, key: KEY });
    repo.save(connectionInput.parse({ id: info.id, name: 'tls', kind: 'mysql', port: 3307, tls: { mode: 'verify-full', key: 'NEW-KEY' } }));
    expect(repo.config(info.id).tls).toEqual({ mode: 'verify-full', ca: 'CA-PEM', cert: CERT, key: 'NEW-KEY' });
    db.close();
  });

  it('kept in clear by an older workspace is sealed on start, and the clear text leaves the files', () => {
    const dir = tempDir();
    const file = join(dir, 'workspace.sqlite');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec(migrations[0]!);
    old.pragma('user_version = 1');
    const config = {
      name: 'legacy',
      kind: 'mysql',
      host: 'db',
      port: 3306,
      user: 'u',
      database: '',
      socket: '',
      tls: { mode: 'verify-ca', ca: 'CA-PEM', cert: CERT, key: KEY },
      production: false,
      readTimeoutMs: 30000,
    };
    old
      .prepare('INSERT INTO connections (id, name, kind, config, secret, production, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, 0, ?, ?)')
      .run('c1', 'legacy', 'mysql', JSON.stringify(config), 'now', 'now');
    old.close();

    const db = openWorkspace(file);
    const repo = new ConnectionsRepo(db, nodeSecretBox(join(dir, 'secret.key'), {}));
    expect(repo.config('c1').tls.key).toBe(KEY); // readable before too
    expect(repo.sealClearSecrets()).toBe(1);
    expect(repo.sealClearSecrets()).toBe(0);
    const bytes = diskBytes(db, file);
    expect(bytes.includes('client-key-body')).toBe(false);
    expect(bytes.includes('client-cert-body')).toBe(false);
    expect(repo.config('c1').tls).toEqual({ mode: 'verify-ca', ca: 'CA-PEM', cert: CERT, key: KEY });
    expect(repo.info('c1').tls).toEqual({ mode: 'verify-ca', hasCa: true, hasCert: true, hasKey: true });
    db.close();
  });
});

describe('a removed or changed key', () => {
  const setUp = () => {
    const dir = tempDir();
    const file = join(dir, 'workspace.sqlite');
    const db = openWorkspace(file);
    const repo = new ConnectionsRepo(db, nodeSecretBox(join(dir, 'secret.key'), {}));
    const a = repo.save(connectionInput.parse({ name: 'orders', kind: 'mysql', port: 3306, password: 'pw-orders', tls: { mode: 'required', key: KEY } }));
    const b = repo.save(connectionInput.parse({ name: 'no-secret', kind: 'mysql', port: 3306 }));
    expect(repo.keyStatus()).toEqual({ state: 'ok', unreadable: 0, message: null });
    db.close();
    return { dir, file, a: a.id, b: b.id };
  };

  it('is reported plainly, the connection asks for its password again, and entering it settles the key', () => {
    const { dir, file, a, b } = setUp();
    rmSync(join(dir, 'secret.key'));
    const db = openWorkspace(file);
    const repo = new ConnectionsRepo(db, nodeSecretBox(join(dir, 'secret.key'), {}));
    const status = repo.keyStatus();
    expect(status).toMatchObject({ state: 'changed', unreadable: 1 });
    expect(status.message).toMatch(/1 saved connection has secrets sealed with another key: the key file .*secret\.key was missing, so a new key was created/);
    expect(repo.info(a).secretUnreadable).toBe(true);
    expect(repo.info(b).secretUnreadable).toBe(false);
    let err: unknown;
    try {
      repo.config(a);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'SECRET_UNREADABLE', message: expect.stringMatching(/"orders" cannot be opened: .*was missing.*enter the password/) });
    expect((err as Error).message).not.toMatch(/authenticate data/);
    expect(repo.config(b).password).toBe('');

    repo.save(connectionInput.parse({ id: a, name: 'orders', kind: 'mysql', port: 3306, password: 'pw-again', tls: { mode: 'required', key: KEY } }));
    expect(repo.info(a).secretUnreadable).toBe(false);
    expect(repo.config(a)).toMatchObject({ password: 'pw-again', tls: { key: KEY } });
    expect(repo.keyStatus()).toEqual({ state: 'ok', unreadable: 0, message: null });
    db.close();

    // The next start with the new key is quiet.
    const again = openWorkspace(file);
    expect(new ConnectionsRepo(again, nodeSecretBox(join(dir, 'secret.key'), {})).keyStatus().state).toBe('ok');
    again.close();
  });

  it('tells a different key (DBW_SECRET_KEY) from a damaged row', () => {
    const { dir, file, a } = setUp();
    const db = openWorkspace(file);
    const other = new ConnectionsRepo(db, nodeSecretBox(join(dir, 'secret.key'), { DBW_SECRET_KEY: 'ab'.repeat(32) }));
    expect(other.keyStatus()).toMatchObject({ state: 'changed', message: expect.stringMatching(/DBW_SECRET_KEY is not the key they were sealed with/) });

    const same = new ConnectionsRepo(db, nodeSecretBox(join(dir, 'secret.key'), {}));
    db.prepare('UPDATE connections SET secret = ? WHERE id = ?').run('v1:AAAA:AAAA:AAAA', a);
    expect(same.keyStatus()).toMatchObject({ state: 'ok', unreadable: 1, message: expect.stringMatching(/damaged/) });
    expect(() => same.config(a)).toThrow(/sealed copy is damaged/);
    // Removing the unreadable connection settles it.
    same.remove(a);
    expect(same.keyStatus()).toEqual({ state: 'ok', unreadable: 0, message: null });
    db.close();
  });
});

describe('stored statements', () => {
  const entry = {
    at: '2026-01-01T00:00:00Z',
    actor: 'dba',
    connectionId: 'c1',
    connectionName: 'c',
    planner: 'sql-statement',
    planTitle: "Run ALTER USER 'app'@'%' IDENTIFIED BY 'hunter2'",
    planHash: 'h',
    stepId: '1',
    sql: "ALTER USER 'app'@'%' IDENTIFIED BY 'hunter2'",
    status: 'failed' as const,
    message: "SERVER_ERROR: Operation ALTER USER failed near 'hunter2'",
    durationMs: 3,
    rollback: "ALTER USER 'app'@'%' IDENTIFIED BY PASSWORD '*AB12CD'",
  };

  it('are redacted on write to the audit and the history, and nothing reaches the files', () => {
    const dir = tempDir();
    const file = join(dir, 'workspace.sqlite');
    const db = openWorkspace(file);
    const audit = new AuditRepo(db);
    audit.append(entry);
    const [row] = audit.list(undefined, 10);
    expect(row).toMatchObject({
      sql: "ALTER USER 'app'@'%' IDENTIFIED BY '<redacted>'",
      rollback: "ALTER USER 'app'@'%' IDENTIFIED BY PASSWORD '<redacted>'",
      planTitle: "Run ALTER USER 'app'@'%' IDENTIFIED BY '<redacted>'",
    });
    expect(row!.message).not.toContain('hunter2');
    const history = new HistoryRepo(db);
    history.append('c1', 'sql', "SET PASSWORD FOR 'app'@'%' = PASSWORD('hunter2')");
    expect(history.list('c1', '', 10)[0]!.text).toBe("SET PASSWORD FOR 'app'@'%' = PASSWORD('<redacted>')");
    const bytes = diskBytes(db, file);
    expect(bytes.includes('hunter2')).toBe(false);
    expect(bytes.includes('*AB12CD')).toBe(false);
    db.close();
  });

  it('written in clear by an older build are redacted on read and rewritten on start', () => {
    const dir = tempDir();
    const file = join(dir, 'workspace.sqlite');
    const db = openWorkspace(file);
    db.prepare(
      `INSERT INTO audit_log (at, actor, connection_id, connection_name, planner, plan_title, plan_hash, step_id, sql, status, message, duration_ms, rollback)
       VALUES ('t', 'dba', 'c1', 'c', 'p', 'title', 'h', '1', ?, 'ok', 'OK', 1, NULL)`,
    ).run("CHANGE REPLICATION SOURCE TO SOURCE_USER='repl', SOURCE_PASSWORD='r3pl-pass'");
    db.prepare("INSERT INTO history (at, connection_id, kind, text) VALUES ('t', 'c1', 'sql', ?)").run("CREATE USER x IDENTIFIED BY 'hist-pass'");
    db.prepare("INSERT INTO history (at, connection_id, kind, text) VALUES ('t', 'c1', 'sql', 'SELECT 1')").run();
    expect(new AuditRepo(db).list('c1', 10)[0]!.sql).toBe("CHANGE REPLICATION SOURCE TO SOURCE_USER='repl', SOURCE_PASSWORD='<redacted>'");
    expect(new HistoryRepo(db).list('c1', 'CREATE', 10)[0]!.text).toBe("CREATE USER x IDENTIFIED BY '<redacted>'");
    expect(redactStoredStatements(db)).toBe(2);
    expect(redactStoredStatements(db)).toBe(0);
    const bytes = diskBytes(db, file);
    expect(bytes.includes('r3pl-pass')).toBe(false);
    expect(bytes.includes('hist-pass')).toBe(false);
    db.close();
  });
});
