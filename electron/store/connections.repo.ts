/**
 * Saved connections in the workspace. The secret columns hold only sealed text: `secret` the
 * password, `tls_secret` the TLS client certificate and key (JSON). The CA certificate is public
 * and stays in the config. A key check (a known constant sealed with the key) in `settings` tells
 * a removed or changed key from a damaged row, so the user is told what happened and asked to
 * enter the password again instead of seeing a cipher error.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { connectionInput, flavor as flavorSchema, type ConnectionInfo, type Flavor, type SecretKeyStatus } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import type { SecretBox } from './secret-box';
import type { z } from 'zod';

/** A connection's full settings, with TLS material and password, for the connections layer only. */
export interface ConnectionConfig {
  id: string;
  name: string;
  kind: 'mysql' | 'redis';
  host: string;
  port: number;
  user: string;
  database: string;
  socket: string;
  tls: { mode: 'disabled' | 'preferred' | 'required' | 'verify-ca' | 'verify-full'; ca?: string; cert?: string; key?: string };
  production: boolean;
  readTimeoutMs: number;
  password: string;
}

interface Row {
  id: string;
  name: string;
  kind: string;
  config: string;
  secret: string | null;
  tls_secret: string | null;
  production: number;
  last_flavor: string | null;
  created_at: string;
  updated_at: string;
}

type Input = z.output<typeof connectionInput>;

/**
 * The config column: the input without password and id; TLS cert/key only as flags (they are in
 * tls_secret). `cert`/`key` in clear appear only in rows written by older builds, until sealed.
 */
type Stored = Omit<Input, 'password' | 'id' | 'tls'> & {
  tls: { mode: Input['tls']['mode']; ca?: string; cert?: string; key?: string; hasCert?: boolean; hasKey?: boolean };
};

/** The sealed TLS client material. */
interface TlsSecret {
  cert?: string;
  key?: string;
}

const KEY_CHECK_SETTING = 'secret_key_check';
const KEY_CHECK_PLAIN = 'dba-workbench secret key check v1';

/** The settings key of the active connection. */
const ACTIVE_KEY = 'connections.active';

/** Reads and writes saved connections. */
export class ConnectionsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly secrets: SecretBox,
  ) {}

  /** All connections, by name. */
  list(): ConnectionInfo[] {
    return (this.db.prepare('SELECT * FROM connections ORDER BY name COLLATE NOCASE').all() as Row[]).map((r) => this.toInfo(r));
  }

  /** One connection for the renderer, or NOT_FOUND. */
  info(id: string): ConnectionInfo {
    return this.toInfo(this.row(id));
  }

  /** Full settings with the opened secrets: for the connections layer, never for the renderer. SECRET_UNREADABLE when they no longer open. */
  config(id: string): ConnectionConfig {
    const row = this.row(id);
    const { tls, ...stored } = JSON.parse(row.config) as Stored;
    let password: string;
    let sealedTls: TlsSecret;
    try {
      password = row.secret ? this.secrets.open(row.secret) : '';
      sealedTls = row.tls_secret ? (JSON.parse(this.secrets.open(row.tls_secret)) as TlsSecret) : {};
    } catch {
      throw new AppError('SECRET_UNREADABLE', this.unreadableMessage(stored.name), { connectionId: row.id });
    }
    return {
      ...stored,
      id: row.id,
      tls: { mode: tls.mode, ca: tls.ca, cert: sealedTls.cert ?? tls.cert, key: sealedTls.key ?? tls.key },
      password,
    };
  }

  /**
   * Whether the current key opens what was sealed. Also records the key check for the current key
   * when nothing saved is left unreadable (first start, or every password entered again).
   */
  keyStatus(): SecretKeyStatus {
    const unreadable = (this.db.prepare('SELECT * FROM connections').all() as Row[]).filter((r) => !this.opens(r)).length;
    const check = (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY_CHECK_SETTING) as { value: string } | undefined)?.value;
    const checkOpens = check !== undefined && this.opensTo(check, KEY_CHECK_PLAIN);
    if (unreadable === 0) {
      if (!checkOpens) {
        this.db
          .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(KEY_CHECK_SETTING, this.secrets.seal(KEY_CHECK_PLAIN));
      }
      return { state: 'ok', unreadable: 0, message: null };
    }
    const what = unreadable === 1 ? '1 saved connection has secrets' : `${unreadable} saved connections have secrets`;
    if (check !== undefined && checkOpens) {
      // The key is the right one: those rows are damaged, not sealed with another key.
      return { state: 'ok', unreadable, message: `${what} that cannot be opened (damaged). Enter the password again to replace it.` };
    }
    return {
      state: 'changed',
      unreadable,
      message: `${what} sealed with another key: ${this.keyChange()}. Enter the password again, or restore the key and restart.`,
    };
  }

  /**
   * Seals TLS certificates and keys that older builds kept in clear in the config column (run at
   * every start; a no-op once done). Returns how many connections were changed.
   */
  sealClearSecrets(): number {
    const rows = this.db.prepare('SELECT * FROM connections').all() as Row[];
    let changed = 0;
    this.db.transaction(() => {
      for (const row of rows) {
        const stored = JSON.parse(row.config) as Stored;
        if (stored.tls.cert === undefined && stored.tls.key === undefined) continue;
        const previous = this.openTls(row) ?? {};
        const material: TlsSecret = { cert: stored.tls.cert ?? previous.cert, key: stored.tls.key ?? previous.key };
        this.db
          .prepare('UPDATE connections SET config = ?, tls_secret = ? WHERE id = ?')
          .run(JSON.stringify({ ...stored, tls: tlsFlags(stored.tls.mode, stored.tls.ca, material) }), this.secrets.seal(JSON.stringify(material)), row.id);
        changed++;
      }
    })();
    return changed;
  }

  /** Inserts or updates; `password` undefined keeps the saved one. */
  save(input: z.output<typeof connectionInput>): ConnectionInfo {
    const now = new Date().toISOString();
    const { password, id: givenId, tls, ...rest } = input;
    const existing = givenId ? (this.db.prepare('SELECT * FROM connections WHERE id = ?').get(givenId) as Row | undefined) : undefined;
    if (givenId && !existing) throw new AppError('NOT_FOUND', `No saved connection with id ${givenId}`);
    // The form sends TLS material only when the user entered it: keep the previous otherwise.
    const prev = existing ? (JSON.parse(existing.config) as Stored) : null;
    const ca = tls.ca ?? prev?.tls.ca;
    let tlsSecret = existing?.tls_secret ?? null;
    let material: TlsSecret = { cert: prev?.tls.hasCert ? '' : undefined, key: prev?.tls.hasKey ? '' : undefined };
    if (tls.cert !== undefined || tls.key !== undefined || prev?.tls.cert !== undefined || prev?.tls.key !== undefined) {
      // Part of it changes: merge with what the old seal holds (lost, if that no longer opens).
      const old = this.openTls(existing) ?? {};
      material = { cert: tls.cert ?? prev?.tls.cert ?? old.cert, key: tls.key ?? prev?.tls.key ?? old.key };
      tlsSecret = material.cert === undefined && material.key === undefined ? null : this.secrets.seal(JSON.stringify(material));
    }
    const stored: Stored = { ...rest, tls: tlsFlags(tls.mode, ca, material) };
    const secret = password === undefined ? (existing?.secret ?? null) : password === '' ? null : this.secrets.seal(password);
    const id = existing?.id ?? randomUUID();
    this.db
      .prepare(
        `INSERT INTO connections (id, name, kind, config, secret, tls_secret, production, last_flavor, created_at, updated_at)
         VALUES (@id, @name, @kind, @config, @secret, @tls_secret, @production, @last_flavor, @created_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET name=@name, kind=@kind, config=@config, secret=@secret, tls_secret=@tls_secret, production=@production, updated_at=@updated_at`,
      )
      .run({
        id,
        name: stored.name,
        kind: stored.kind,
        config: JSON.stringify(stored),
        secret,
        tls_secret: tlsSecret,
        production: stored.production ? 1 : 0,
        last_flavor: existing?.last_flavor ?? null,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      });
    // A password entered again may have been the last unreadable one: record the current key.
    if (existing) this.keyStatus();
    return this.info(id);
  }

  /** Records the flavor seen on the last successful test. */
  rememberFlavor(id: string, flavor: Flavor): void {
    this.db.prepare('UPDATE connections SET last_flavor = ? WHERE id = ?').run(JSON.stringify(flavor), id);
  }

  /** The active connection's id, or null when none is chosen or it was removed since. */
  active(): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(ACTIVE_KEY) as { value: string } | undefined;
    if (!row) return null;
    return this.db.prepare('SELECT 1 FROM connections WHERE id = ?').get(row.value) ? row.value : null;
  }

  /** Remembers the active connection (null forgets it); an unknown id is NOT_FOUND. */
  setActive(id: string | null): string | null {
    if (id === null) {
      this.db.prepare('DELETE FROM settings WHERE key = ?').run(ACTIVE_KEY);
      return null;
    }
    this.row(id);
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(ACTIVE_KEY, id);
    return id;
  }

  /** Deletes a connection and its sealed secret. */
  remove(id: string): boolean {
    const removed = this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
    // Removing the last unreadable connection settles the key check on the current key.
    if (removed) this.keyStatus();
    return removed;
  }

  /** Number of saved connections. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM connections').get() as { n: number }).n;
  }

  private row(id: string): Row {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No saved connection with id ${id}`);
    return row;
  }

  private opensTo(sealed: string, plain?: string): boolean {
    try {
      const opened = this.secrets.open(sealed);
      return plain === undefined || opened === plain;
    } catch {
      return false;
    }
  }

  /** Every sealed value of the row opens with the current key. */
  private opens(row: Row): boolean {
    return (row.secret === null || this.opensTo(row.secret)) && (row.tls_secret === null || this.opensTo(row.tls_secret));
  }

  private openTls(row: Row | undefined): TlsSecret | null {
    if (!row?.tls_secret) return null;
    try {
      return JSON.parse(this.secrets.open(row.tls_secret)) as TlsSecret;
    } catch {
      return null;
    }
  }

  /** What changed about the key, in words. */
  private keyChange(): string {
    return this.secrets.createdKey
      ? `${this.secrets.keySource} was missing, so a new key was created`
      : `${this.secrets.keySource} is not the key they were sealed with (it was replaced or changed)`;
  }

  private unreadableMessage(name: string): string {
    const check = (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY_CHECK_SETTING) as { value: string } | undefined)?.value;
    const why = check !== undefined && this.opensTo(check, KEY_CHECK_PLAIN) ? 'its sealed copy is damaged' : this.keyChange();
    return `The saved password of "${name}" cannot be opened: ${why}. Edit the connection and enter the password (and TLS client key, if any) again.`;
  }

  private toInfo(row: Row): ConnectionInfo {
    const c = JSON.parse(row.config) as Stored;
    const parsedFlavor = row.last_flavor ? flavorSchema.safeParse(JSON.parse(row.last_flavor)) : null;
    return {
      id: row.id,
      name: c.name,
      kind: c.kind,
      host: c.host,
      port: c.port,
      user: c.user,
      database: c.database,
      socket: c.socket,
      production: c.production,
      readTimeoutMs: c.readTimeoutMs,
      tls: { mode: c.tls.mode, hasCa: !!c.tls.ca, hasCert: !!(c.tls.hasCert || c.tls.cert), hasKey: !!(c.tls.hasKey || c.tls.key) },
      hasPassword: row.secret !== null,
      secretUnreadable: !this.opens(row),
      lastFlavor: parsedFlavor?.success ? parsedFlavor.data : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

/** The config's TLS part: the mode, the public CA, and only whether a client cert/key is sealed. */
function tlsFlags(mode: Input['tls']['mode'], ca: string | undefined, material: TlsSecret): Stored['tls'] {
  return { mode, ...(ca !== undefined ? { ca } : {}), hasCert: material.cert !== undefined, hasKey: material.key !== undefined };
}
