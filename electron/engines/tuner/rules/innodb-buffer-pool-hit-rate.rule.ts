/** Buffer pool hit rate over the sampled window: how many page reads went to disk. */
import { defineRule } from '../rule';
import { fmtBytes, fmtNum, fmtPct } from '../units';
import { bufferPoolTarget } from './buffer-pool-target';

/** Read requests needed in the window before the sampled rate is trusted over the lifetime one. */
const MIN_REQUESTS = 1000;

/** The rule. */
export const innodbBufferPoolHitRateRule = defineRule({
  id: 'innodb-buffer-pool-hit-rate',
  area: 'innodb',
  severity: 'warning',
  title: 'InnoDB buffer pool misses',
  rationale:
    'Innodb_buffer_pool_reads counts logical reads that InnoDB could not satisfy from the buffer pool and had to read from disk. Below ~99% on an OLTP workload the working set does not fit in memory.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/server-status-variables.html#statvar_Innodb_buffer_pool_reads',
  evaluate(r) {
    const w = r.window(['Innodb_buffer_pool_reads', 'Innodb_buffer_pool_read_requests'], 'Innodb_buffer_pool_read_requests', MIN_REQUESTS);
    if (!w) return null;
    const [reads = 0, requests = 0] = w.values;
    if (requests <= 0) return null;
    const hit = 1 - reads / requests;
    const pool = r.v('innodb_buffer_pool_size', 'bytes') ?? 0;
    const t = bufferPoolTarget(r);
    const grow = t !== null && t.target > pool;
    const window = w.source === 'status-delta' ? 'over the sample window' : `since startup (fewer than ${MIN_REQUESTS} requests in the window)`;
    return {
      fires: hit < 0.99,
      severity: hit < 0.95 ? 'critical' : 'warning',
      message: `Hit rate ${fmtPct(hit)} ${window}: ${fmtNum(reads)} disk reads for ${fmtNum(requests)} read requests.`,
      formula: 'hit rate = 1 − Innodb_buffer_pool_reads / Innodb_buffer_pool_read_requests',
      result: { name: 'buffer pool hit rate', value: hit, unit: 'ratio' },
      recommendation: grow
        ? { text: `Grow innodb_buffer_pool_size from ${fmtBytes(pool)} to ${fmtBytes(t.target)}.`, computation: t.computation }
        : {
            text: 'The pool already covers the data or the RAM cap: look for scans reading cold data (slow-log digest, index advisor).',
            computation: t ? t.computation : 'no target',
          },
      changes: hit < 0.99 && grow ? [r.change('innodb_buffer_pool_size', t.target)] : [],
    };
  },
});
