/** Saved connections in the workspace. The secret column holds only sealed text. */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { connectionInput, flavor as flavorSchema, type ConnectionInfo, type Flavor } from '../../shared/contract/connections';
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
  production: number;
  last_flavor: string | null;
  created_at: string;
  updated_at: string;
}

type Stored = Omit<z.output<typeof connectionInput>, 'password' | 'id'>;

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
    return (this.db.prepare('SELECT * FROM connections ORDER BY name COLLATE NOCASE').all() as Row[]).map(toInfo);
  }

  /** One connection for the renderer, or NOT_FOUND. */
  info(id: string): ConnectionInfo {
    return toInfo(this.row(id));
  }

  /** Full settings with the opened secret: for the connections layer, never for the renderer. */
  config(id: string): ConnectionConfig {
    const row = this.row(id);
    const stored = JSON.parse(row.config) as Stored;
    return { ...stored, id: row.id, password: row.secret ? this.secrets.open(row.secret) : '' };
  }

  /** Inserts or updates; `password` undefined keeps the saved one. */
  save(input: z.output<typeof connectionInput>): ConnectionInfo {
    const now = new Date().toISOString();
    const { password, id: givenId, ...stored } = input;
    const existing = givenId ? (this.db.prepare('SELECT * FROM connections WHERE id = ?').get(givenId) as Row | undefined) : undefined;
    if (givenId && !existing) throw new AppError('NOT_FOUND', `No saved connection with id ${givenId}`);
    // TLS material is secret-ish too (a private key): keep the previous when the form sends none.
    if (existing) {
      const prev = JSON.parse(existing.config) as Stored;
      stored.tls = { ...stored.tls, ca: stored.tls.ca ?? prev.tls.ca, cert: stored.tls.cert ?? prev.tls.cert, key: stored.tls.key ?? prev.tls.key };
    }
    const secret = password === undefined ? (existing?.secret ?? null) : password === '' ? null : this.secrets.seal(password);
    const id = existing?.id ?? randomUUID();
    this.db
      .prepare(
        `INSERT INTO connections (id, name, kind, config, secret, production, last_flavor, created_at, updated_at)
         VALUES (@id, @name, @kind, @config, @secret, @production, @last_flavor, @created_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET name=@name, kind=@kind, config=@config, secret=@secret, production=@production, updated_at=@updated_at`,
      )
      .run({
        id,
        name: stored.name,
        kind: stored.kind,
        config: JSON.stringify(stored),
        secret,
        production: stored.production ? 1 : 0,
        last_flavor: existing?.last_flavor ?? null,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      });
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
    return this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
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
}

function toInfo(row: Row): ConnectionInfo {
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
    tls: { mode: c.tls.mode, hasCa: !!c.tls.ca, hasCert: !!c.tls.cert, hasKey: !!c.tls.key },
    hasPassword: row.secret !== null,
    lastFlavor: parsedFlavor?.success ? parsedFlavor.data : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
