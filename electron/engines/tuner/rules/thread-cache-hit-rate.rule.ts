/** Thread cache: how many new connections had to create a thread. */
import { defineRule } from '../rule';
import { fmtNum, fmtPct } from '../units';

/** Connections needed in the window before its ratio is trusted over the lifetime one. */
const MIN_CONNECTIONS = 50;

/** The rule. */
export const threadCacheHitRateRule = defineRule({
  id: 'thread-cache-hit-rate',
  area: 'connections',
  severity: 'warning',
  title: 'Thread cache misses on new connections',
  rationale:
    'Every connection that finds no cached thread creates one (Threads_created). With short-lived connections (PHP, serverless, pools that recycle) a cold thread cache adds latency and CPU to each connect.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html#sysvar_thread_cache_size',
  evaluate(r) {
    const size = r.v('thread_cache_size');
    const w = r.window(['Threads_created', 'Connections'], 'Connections', MIN_CONNECTIONS);
    if (size === null || !w) return null;
    const [created = 0, connections = 0] = w.values;
    const hit = connections > 0 ? 1 - created / connections : 1;
    const maxUsed = r.lifetime('Max_used_connections') ?? 0;
    const maxConn = r.v('max_connections') ?? 151;
    const dflt = Math.min(100, 8 + Math.floor(maxConn / 100));
    const recommended = Math.max(size, Math.min(100, Math.max(dflt, maxUsed)));
    const enough = connections >= MIN_CONNECTIONS;
    const fires = (size === 0 && connections > 0) || (enough && hit < 0.9 && recommended > size);
    return {
      fires,
      message: `${fmtNum(created)} threads created for ${fmtNum(connections)} connections ${w.source === 'status-delta' ? 'in the window' : 'since startup'} (hit rate ${fmtPct(hit)}), thread_cache_size = ${size}.`,
      formula: 'hit rate = 1 − Threads_created / Connections; fires when thread_cache_size = 0 or hit rate < 90%',
      result: { name: 'thread cache hit rate', value: hit, unit: 'ratio' },
      recommendation: {
        text: `Set thread_cache_size to ${recommended}.`,
        computation: `max(current ${size}, min(100, max(server default 8 + max_connections/100 = ${dflt}, Max_used_connections ${maxUsed}))) = ${recommended}`,
      },
      changes: fires && recommended !== size ? [r.change('thread_cache_size', recommended)] : [],
    };
  },
});
