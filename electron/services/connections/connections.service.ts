/** Connection handlers: save/list/remove in the workspace, test against the server. */
import type { z } from 'zod';
import { connectionInput, type connectionsContract } from '../../../shared/contract/connections';
import { withMysqlSession } from '../../connections/mysql-session';
import { probeRedis } from '../../connections/redis-session';
import type { ConnectionConfig, ConnectionsRepo } from '../../store/connections.repo';
import type { Handlers } from '../../dispatch/dispatcher';

type TestOut = z.input<(typeof connectionsContract)['connections.test']['output']>;

/** Connects once and reports the flavor and a few server facts. */
export async function testConnection(cfg: ConnectionConfig): Promise<TestOut> {
  const t0 = performance.now();
  if (cfg.kind === 'redis') {
    const { flavor, info } = await probeRedis(cfg);
    const keep = ['redis_version', 'redis_mode', 'os', 'used_memory_human', 'maxmemory_human', 'maxmemory_policy', 'role', 'connected_clients'];
    return {
      ok: true,
      flavor,
      latencyMs: performance.now() - t0,
      serverInfo: Object.fromEntries(keep.filter((k) => info[k] !== undefined).map((k) => [k, info[k]!])),
    };
  }
  return withMysqlSession(cfg, async (s) => {
    const [row] = await s.query<Record<string, unknown>>(
      'SELECT @@hostname AS hostname, @@port AS port, @@datadir AS datadir, @@read_only AS read_only, @@character_set_server AS charset, CURRENT_USER() AS current_user_',
    );
    const serverInfo: Record<string, string> = {};
    for (const [k, v] of Object.entries(row ?? {})) serverInfo[k.replace(/_$/, '')] = String(v);
    return { ok: true, flavor: s.flavor, latencyMs: performance.now() - t0, serverInfo };
  });
}

/** Handlers for the connections calls. */
export function connectionsHandlers(repo: ConnectionsRepo): Pick<Handlers<typeof connectionsContract>, keyof typeof connectionsContract> {
  return {
    'connections.list': async () => repo.list(),
    'connections.save': async (input) => repo.save(input),
    'connections.remove': async ({ id }) => ({ removed: repo.remove(id) }),
    'connections.keyStatus': async () => repo.keyStatus(),
    'connections.active': async () => ({ id: repo.active() }),
    'connections.setActive': async ({ id }) => ({ id: repo.setActive(id) }),
    'connections.test': async (input) => {
      if ('name' in input) {
        // Unsaved settings; an id with no password means "test with the saved password".
        const full = connectionInput.parse(input);
        const saved = full.id && full.password === undefined ? repo.config(full.id).password : '';
        return testConnection({ ...full, id: full.id ?? 'unsaved', password: full.password ?? saved });
      }
      const cfg = repo.config(input.id);
      const result = await testConnection(cfg);
      repo.rememberFlavor(cfg.id, result.flavor);
      return result;
    },
  };
}
