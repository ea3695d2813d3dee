/**
 * Redis connections: one place that turns a saved connection into a node-redis client (socket,
 * TLS, user, password, database) and maps its failures to the app's errors. The probe reads INFO
 * and the flavor; the keyspace and server collectors read through `openRedis`; only the executor
 * writes (redis-writer.ts).
 */
import type { RedisClientType } from 'redis';
import type { Flavor } from '../../shared/contract/connections';
import { AppError } from '../../shared/contract/core';
import { detectRedisFlavor } from '../engines/flavor/flavor';
import { parseRedisInfo } from '../engines/redis/server-report';
import type { ConnectionConfig } from '../store/connections.repo';
import { mapDriverError, type Endpoint } from './errors';

export { parseRedisInfo };

/**
 * The node-redis driver, loaded on the first Redis connection: loading it took ~0.2 s of CPU, paid
 * by every `dbw` command and the app's start even when no Redis connection is opened.
 */
let driver: typeof import('redis') | null = null;
async function redisDriver(): Promise<typeof import('redis')> {
  driver ??= await import('redis');
  return driver;
}

/** A connected client with the endpoint it talks to (for error messages). */
export interface RedisHandle {
  client: RedisClientType;
  endpoint: Endpoint;
  /** "host:port" (or the socket path): how reports name the node. */
  node: string;
  close(): Promise<void>;
}

/** The database index of a connection ('' → 0); anything but a small number is refused. */
export function redisDb(cfg: Pick<ConnectionConfig, 'database'>): number {
  if (!cfg.database) return 0;
  if (!/^\d{1,5}$/.test(cfg.database)) throw new AppError('BAD_INPUT', `A Redis database is a number (0, 1, …), not "${cfg.database}"`);
  return Number(cfg.database);
}

/** Opens a client on a saved connection (or one of a cluster's nodes: `at` overrides host and port). */
export async function openRedis(cfg: ConnectionConfig, at?: { host: string; port: number }): Promise<RedisHandle> {
  const host = at?.host ?? cfg.host;
  const port = at?.port ?? cfg.port;
  const useSocket = !at && !!cfg.socket;
  const endpoint: Endpoint = { host, port, socket: useSocket ? cfg.socket : undefined };
  const tls = cfg.tls.mode !== 'disabled' && cfg.tls.mode !== 'preferred';
  const { createClient } = await redisDriver();
  const client = createClient({
    socket: useSocket
      ? { path: cfg.socket, reconnectStrategy: false, connectTimeout: 10_000 }
      : tls
        ? {
            host,
            port,
            tls: true,
            ca: cfg.tls.ca,
            cert: cfg.tls.cert,
            key: cfg.tls.key,
            rejectUnauthorized: cfg.tls.mode !== 'required',
            reconnectStrategy: false,
            connectTimeout: 10_000,
          }
        : { host, port, reconnectStrategy: false, connectTimeout: 10_000 },
    username: cfg.user || undefined,
    password: cfg.password || undefined,
    database: at ? undefined : redisDb(cfg) || undefined,
  }) as RedisClientType;
  let lastError: unknown;
  client.on('error', (e: unknown) => {
    lastError = e;
  });
  try {
    await client.connect();
  } catch (err) {
    throw mapRedisError(lastError ?? err, endpoint);
  }
  return {
    client,
    endpoint,
    node: useSocket ? cfg.socket : `${host}:${port}`,
    close: async () => {
      if (client.isOpen) await client.quit().catch(() => client.destroy());
    },
  };
}

/** Maps a driver failure or a server's error reply (`ERR …`, `NOPERM …`) to an AppError naming the server. */
export function mapRedisError(err: unknown, endpoint: Endpoint): AppError {
  // A server's reply can only come from a client the loaded driver made.
  if (driver && err instanceof driver.ErrorReply) {
    const where = endpoint.socket ? `socket ${endpoint.socket}` : `${endpoint.host}:${endpoint.port}`;
    return new AppError(/^NOAUTH|^WRONGPASS/.test(err.message) ? 'AUTH_FAILED' : 'SERVER_ERROR', `Redis at ${where} answered: ${err.message}`);
  }
  return mapDriverError(err, endpoint);
}

/** Runs `fn` with a client and always closes it; driver errors become AppErrors naming the server. */
export async function withRedis<T>(cfg: ConnectionConfig, fn: (h: RedisHandle) => Promise<T>, at?: { host: string; port: number }): Promise<T> {
  const h = await openRedis(cfg, at);
  try {
    return await fn(h);
  } catch (err) {
    throw mapRedisError(err, h.endpoint);
  } finally {
    await h.close();
  }
}

/** Connects, reads INFO, disconnects. */
export async function probeRedis(cfg: ConnectionConfig): Promise<{ flavor: Flavor; info: Record<string, string> }> {
  return withRedis(cfg, async ({ client }) => {
    const info = parseRedisInfo(await client.info());
    return { flavor: detectRedisFlavor(info.redis_version ?? '0.0.0'), info };
  });
}
