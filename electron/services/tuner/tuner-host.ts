/**
 * Which RAM and core count the tuner rules use for a connection: this machine's when the server
 * runs here (loopback or a socket), otherwise what the user typed, remembered per connection in
 * the workspace `settings` table under `tuner.host.<connectionId>`.
 */
import type Database from 'better-sqlite3';
import type { TunerSnapshot } from '../../../shared/contract/tuner';

/** Host figures with their source and whether the server is on this machine. */
export type TunerHostInfo = TunerSnapshot['host'] & { local: boolean };

/** Figures a person typed (either may be missing). */
export interface TypedHost {
  ramBytes?: number | null;
  cores?: number | null;
}

/** True when the server is on this machine, so os.totalmem()/os.cpus() describe its host. */
export function isLocalEndpoint(cfg: { host: string; socket?: string }): boolean {
  if (cfg.socket) return true;
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(cfg.host.trim().toLowerCase());
}

/**
 * Chooses the host figures: typed values win (a local server may run in a container with less
 * memory than the machine), then the OS for a local server, then the remembered ones.
 */
export function chooseHost(args: { local: boolean; typed: TypedHost; remembered: TypedHost | null; os: { ramBytes: number; cores: number } }): TunerHostInfo {
  const { local, typed, remembered, os } = args;
  const ram = typed.ramBytes ?? null;
  const cores = typed.cores ?? null;
  if (ram !== null || cores !== null) {
    const base = local ? os : { ramBytes: remembered?.ramBytes ?? null, cores: remembered?.cores ?? null };
    return { ramBytes: ram ?? base.ramBytes, cores: cores ?? base.cores, source: 'user', local };
  }
  if (local) return { ramBytes: os.ramBytes, cores: os.cores, source: 'os', local };
  if (remembered && (remembered.ramBytes || remembered.cores)) {
    return { ramBytes: remembered.ramBytes ?? null, cores: remembered.cores ?? null, source: 'user', local };
  }
  return { ramBytes: null, cores: null, source: 'unknown', local };
}

/** The settings key for a connection's host figures. */
export function hostSettingKey(connectionId: string): string {
  return `tuner.host.${connectionId}`;
}

/** Reads and writes the remembered host figures of each connection. */
export class TunerHostSettings {
  constructor(private readonly db: Database.Database) {}

  /** The remembered figures, or null. A malformed row reads as nothing remembered. */
  get(connectionId: string): TypedHost | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(hostSettingKey(connectionId)) as { value: string } | undefined;
    if (!row) return null;
    try {
      const v = JSON.parse(row.value) as Record<string, unknown>;
      const pos = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : null);
      return { ramBytes: pos(v.ramBytes), cores: pos(v.cores) };
    } catch {
      return null;
    }
  }

  /** Remembers the typed figures (only those given; the others keep their saved value). */
  remember(connectionId: string, typed: TypedHost): void {
    if (typed.ramBytes == null && typed.cores == null) return;
    const prev = this.get(connectionId) ?? {};
    const next = { ramBytes: typed.ramBytes ?? prev.ramBytes ?? null, cores: typed.cores ?? prev.cores ?? null };
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(hostSettingKey(connectionId), JSON.stringify(next));
  }
}
