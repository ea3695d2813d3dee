/** A small, strict flag parser for dbw subcommands: unknown flags are errors, not ignored; and the connection URL and interval flags every command reads. */
import type { ConnectionConfig } from '../../../store/connections.repo';

/** Flag spec: name → 'boolean' | 'string' | 'list' (repeatable). */
export type FlagSpec = Record<string, 'boolean' | 'string' | 'list'>;

type FlagValues<S extends FlagSpec> = {
  [K in keyof S]?: S[K] extends 'boolean' ? boolean : S[K] extends 'list' ? string[] : string;
} & { _: string[] };

/** Thrown for bad command lines; the CLI prints the message and the usage. */
export class UsageError extends Error {}

/** Parses `--name value`, `--name=value`, `--flag`, and positionals (`-` is a positional). */
export function parseFlags<S extends FlagSpec>(args: readonly string[], spec: S): FlagValues<S> {
  const out: Record<string, unknown> & { _: string[] } = { _: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out._.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      out._.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UsageError(`Unknown option --${name}`);
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'list') out[name] = [...((out[name] as string[] | undefined) ?? []), value];
    else out[name] = value;
  }
  return out as FlagValues<S>;
}

/** Reads a `--flag db.t` argument (or a bare table in `fallbackDb`, the connection URL's database); a usage error when no database is named. */
export function dbTable(value: string, fallbackDb: string, flag: string): [string, string] {
  const [db, table] = value.includes('.') ? (value.split('.', 2) as [string, string]) : [fallbackDb, value];
  if (!db || !table) throw new UsageError(`Name the database: --${flag} db.t, or a database in the --connection URL`);
  return [db, table];
}

/** "60s" / "500ms" / "2m" / "60" → milliseconds. */
export function parseInterval(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`Bad --interval "${text}" (use 60s, 500ms or 2m)`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

/** A --connection URL, or a usage error saying it is not one. */
export function connectionUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new UsageError(`Bad --connection URL "${url}"`);
  }
}

/** mysql://user:pass@host:port/db → a read-only connection config. */
export function parseConnectionUrl(url: string): ConnectionConfig {
  const u = connectionUrl(url);
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') throw new UsageError('--connection must start with mysql:// or mariadb://');
  return {
    id: 'cli',
    name: 'cli',
    kind: 'mysql',
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    socket: '',
    tls: { mode: u.searchParams.get('ssl-mode')?.toLowerCase() === 'required' ? 'required' : 'preferred' },
    production: false,
    readTimeoutMs: 30_000,
  };
}
