/** A Redis connection: ping, INFO and the flavor. Read-only use for now. */
import { createClient } from 'redis';
import type { Flavor } from '../../shared/contract/connections';
import { detectRedisFlavor } from '../engines/flavor/flavor';
import type { ConnectionConfig } from '../store/connections.repo';
import { mapDriverError } from './errors';

/** Parses INFO text into key → value. */
export function parseRedisInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Connects, reads INFO, disconnects. */
export async function probeRedis(cfg: ConnectionConfig): Promise<{ flavor: Flavor; info: Record<string, string> }> {
  const endpoint = { host: cfg.host, port: cfg.port, socket: cfg.socket || undefined };
  const tls = cfg.tls.mode !== 'disabled' && cfg.tls.mode !== 'preferred';
  const client = createClient({
    socket: cfg.socket
      ? { path: cfg.socket, reconnectStrategy: false, connectTimeout: 10_000 }
      : tls
        ? {
            host: cfg.host,
            port: cfg.port,
            tls: true,
            ca: cfg.tls.ca,
            cert: cfg.tls.cert,
            key: cfg.tls.key,
            rejectUnauthorized: cfg.tls.mode !== 'required',
            reconnectStrategy: false,
            connectTimeout: 10_000,
          }
        : { host: cfg.host, port: cfg.port, reconnectStrategy: false, connectTimeout: 10_000 },
    username: cfg.user || undefined,
    password: cfg.password || undefined,
    database: cfg.database ? Number(cfg.database) : undefined,
  });
  let lastError: unknown;
  client.on('error', (e: unknown) => {
    lastError = e;
  });
  try {
    await client.connect();
    const info = parseRedisInfo(await client.info());
    return { flavor: detectRedisFlavor(info.redis_version ?? '0.0.0'), info };
  } catch (err) {
    throw mapDriverError(lastError ?? err, endpoint);
  } finally {
    if (client.isOpen) await client.quit().catch(() => undefined);
  }
}
