/** Buffer pool size against the InnoDB data it caches and the RAM it may use. */
import { defineRule } from '../rule';
import { fmtBytes } from '../units';
import { bufferPoolTarget } from './buffer-pool-target';

/** The rule. */
export const innodbBufferPoolSizeRule = defineRule({
  id: 'innodb-buffer-pool-size',
  area: 'innodb',
  severity: 'warning',
  title: 'InnoDB buffer pool too small for the data (or too big for the host)',
  rationale:
    'InnoDB reads and writes pages through the buffer pool; when the hot data does not fit, reads go to disk. Sized to the data with headroom, capped so the OS and connections keep enough memory; above ~90% of RAM the host starts swapping.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-buffer-pool-resize.html',
  evaluate(r) {
    const pool = r.v('innodb_buffer_pool_size', 'bytes');
    if (pool === null) return null;
    const t = bufferPoolTarget(r);
    const ram = r.ram();
    if (!t) return null;
    const tooBigForRam = ram !== null && pool > 0.9 * ram;
    const tooSmall = pool < 0.9 * t.target;
    const fires = tooBigForRam || tooSmall;
    const recommended = t.target;
    return {
      fires,
      severity: tooBigForRam ? 'critical' : 'warning',
      message: tooBigForRam
        ? `innodb_buffer_pool_size ${fmtBytes(pool)} is above 90% of the host's ${fmtBytes(ram)} RAM.`
        : `innodb_buffer_pool_size ${fmtBytes(pool)} vs target ${fmtBytes(t.target)} for the InnoDB data.`,
      formula: 'fires when pool < 0.9 × target or pool > 0.9 × RAM; target = min(data × 1.25, 0.7 × RAM) in allocation units',
      result: { name: 'pool / target', value: t.target > 0 ? pool / t.target : null, unit: 'ratio' },
      recommendation: { text: `Set innodb_buffer_pool_size to ${fmtBytes(recommended)}.`, computation: t.computation },
      changes: fires && recommended !== pool ? [r.change('innodb_buffer_pool_size', recommended)] : [],
    };
  },
});
