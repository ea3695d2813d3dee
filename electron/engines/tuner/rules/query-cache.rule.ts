/** MariaDB query cache: off unless measured to help. (MySQL 8+ has none: the rule does not apply.) */
import { defineRule } from '../rule';
import { fmtBytes, fmtNum, fmtPct } from '../units';

/** The rule. */
export const queryCacheRule = defineRule({
  id: 'query-cache',
  area: 'caches',
  severity: 'warning',
  title: 'Query cache enabled',
  rationale:
    'The query cache serialises on one mutex and every write to a table invalidates all cached results for it, so on write-heavy or multi-core workloads it costs more than it saves (MySQL removed it in 8.0). Keep it only when Qcache hits clearly outweigh inserts and prunes on this workload.',
  docUrl: 'https://mariadb.com/kb/en/query-cache/',
  appliesTo: (caps) => caps.hasQueryCache,
  evaluate(r) {
    const type = r.text('query_cache_type');
    const size = r.v('query_cache_size', 'bytes');
    if (type === null || size === null) return null;
    const on = !/^(off|0)$/i.test(type) && size > 0;
    const hits = r.lifetime('Qcache_hits') ?? 0;
    const inserts = r.lifetime('Qcache_inserts') ?? 0;
    const prunes = r.lifetime('Qcache_lowmem_prunes') ?? 0;
    const hitRatio = hits + inserts > 0 ? hits / (hits + inserts) : 0;
    const changes = on ? [r.change('query_cache_type', 'OFF'), r.change('query_cache_size', 0)] : [];
    return {
      fires: on,
      message: `query_cache_type = ${type}, size ${fmtBytes(size)}: ${fmtNum(hits)} hits, ${fmtNum(inserts)} inserts, ${fmtNum(prunes)} low-memory prunes since startup (hit share ${fmtPct(hitRatio)}).`,
      formula: 'fires when query_cache_type ≠ OFF and query_cache_size > 0; hit share = Qcache_hits / (Qcache_hits + Qcache_inserts)',
      result: { name: 'query cache hit share', value: hitRatio, unit: 'ratio' },
      recommendation: {
        text: 'Turn it off; re-enable only if a before/after measurement of the workload shows lower latency.',
        computation: 'query_cache_type = OFF, query_cache_size = 0',
      },
      changes,
    };
  },
});
