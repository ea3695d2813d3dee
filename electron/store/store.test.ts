import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionInput } from '../../shared/contract/connections';
import { AuditRepo } from './audit.repo';
import { ConnectionsRepo } from './connections.repo';
import { aesSecretBox, nodeSecretBox } from './secret-box';
import { migrate, migrations, openWorkspace } from './workspace.store';

const box = aesSecretBox(Buffer.alloc(32, 7), 'test');

describe('workspace store', () => {
  it('migrates once, in WAL mode, and refuses a newer schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-ws-'));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(migrate(db)).toBe(0);
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer DBA Workbench/);
    db.close();
  });
});

describe('secrets', () => {
  it('seals with AES-GCM and detects tampering', () => {
    const sealed = box.seal('s3cret');
    expect(sealed).not.toContain('s3cret');
    expect(box.open(sealed)).toBe('s3cret');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('other').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow();
  });

  it('creates a 0600 key file on first use and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-key-'));
    const a = nodeSecretBox(join(dir, 'k'), {});
    expect(statSync(join(dir, 'k')).mode & 0o777).toBe(0o600);
    const b = nodeSecretBox(join(dir, 'k'), {});
    expect(b.open(a.seal('x'))).toBe('x');
    expect(() => nodeSecretBox(join(dir, 'k2'), { DBW_SECRET_KEY: 'short' })).toThrow(/64 hex/);
  });
});

describe('ConnectionsRepo', () => {
  it('never returns the password and never stores it in clear text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-conn-'));
    const file = join(dir, 'w.sqlite');
    const db = openWorkspace(file);
    const repo = new ConnectionsRepo(db, box);
    const info = repo.save(
      connectionInput.parse({ name: 'prod-db', kind: 'mysql', port: 3306, user: 'app', password: 'hunter2-very-secret', production: true }),
    );
    expect(info.hasPassword).toBe(true);
    expect(JSON.stringify(info)).not.toContain('hunter2');
    expect(JSON.stringify(repo.list())).not.toContain('hunter2');
    expect(repo.config(info.id).password).toBe('hunter2-very-secret');
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(file).includes(Buffer.from('hunter2'))).toBe(false);

    // Editing without a password keeps it; '' clears it.
    repo.save(connectionInput.parse({ id: info.id, name: 'prod-db', kind: 'mysql', port: 3307 }));
    expect(repo.config(info.id).password).toBe('hunter2-very-secret');
    expect(repo.info(info.id).port).toBe(3307);
    repo.save(connectionInput.parse({ id: info.id, name: 'prod-db', kind: 'mysql', port: 3307, password: '' }));
    expect(repo.info(info.id).hasPassword).toBe(false);
    expect(repo.remove(info.id)).toBe(true);
    expect(() => repo.info(info.id)).toThrow(/No saved connection/);
    db.close();
  });

  it('keeps TLS material out of what the renderer sees', () => {
    const db = openWorkspace(':memory:');
    const repo = new ConnectionsRepo(db, box);
    const info = repo.save(connectionInput.parse({ name: 'tls', kind: 'mysql', port: 3306, tls: { mode: 'verify-full', ca: 'CA-PEM', key: 'KEY-PEM' } }));
    expect(info.tls).toEqual({ mode: 'verify-full', hasCa: true, hasCert: false, hasKey: true });
    expect(JSON.stringify(info)).not.toContain('KEY-PEM');
  });
});

describe('AuditRepo', () => {
  it('appends and lists newest first, per connection', () => {
    const db = openWorkspace(':memory:');
    const audit = new AuditRepo(db);
    const base = {
      at: '2026-01-01T00:00:00Z',
      actor: 'dba',
      connectionName: 'c',
      planner: 'analyze-table',
      planTitle: 't',
      planHash: 'h',
      sql: 'ANALYZE TABLE `a`',
      status: 'ok' as const,
      message: 'OK',
      durationMs: 3,
      rollback: null,
    };
    audit.append({ ...base, connectionId: 'c1', stepId: '1' });
    audit.append({ ...base, connectionId: 'c2', stepId: '2' });
    expect(audit.list(undefined, 10).map((e) => e.stepId)).toEqual(['2', '1']);
    expect(audit.list('c1', 10).map((e) => e.stepId)).toEqual(['1']);
  });
});
