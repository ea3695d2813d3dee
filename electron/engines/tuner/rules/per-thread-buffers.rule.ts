/** Per-thread buffers set far above their defaults (they are allocated per session, per sort/join). */
import { defineRule } from '../rule';
import { fmtBytes } from '../units';
import { serverDefault } from '../server-defaults';

/** The buffers checked; their defaults differ by flavor (MariaDB's sort buffer is 2 MiB). */
const BUFFERS = ['sort_buffer_size', 'join_buffer_size', 'read_buffer_size', 'read_rnd_buffer_size'] as const;
/** A value this many times the default counts as huge. */
const HUGE_FACTOR = 8;

/** The rule. */
export const perThreadBuffersRule = defineRule({
  id: 'per-thread-buffers',
  area: 'memory',
  severity: 'warning',
  title: 'Per-thread buffers set far above their defaults globally',
  rationale:
    'sort_buffer_size, join_buffer_size and the read buffers are allocated per session — join_buffer_size once per joined table without an index. Large global values multiply by connections and rarely help: above a few hundred KiB, a bigger sort buffer can even be slower (allocation cost). Raise them per session for the one query that needs it.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html#sysvar_sort_buffer_size',
  evaluate(r, { caps }) {
    const huge: Array<{ name: string; value: number; dflt: number }> = [];
    for (const name of BUFFERS) {
      const dflt = serverDefault(caps.version.flavor, name) ?? 0;
      const value = r.v(name, 'bytes');
      if (value !== null && value > dflt * HUGE_FACTOR) huge.push({ name, value, dflt });
    }
    const maxConn = r.v('max_connections') ?? 0;
    const excess = huge.reduce((a, h) => a + (h.value - h.dflt), 0) * maxConn;
    r.derived('excess over defaults × max_connections', excess, 'bytes');
    return {
      fires: huge.length > 0,
      severity: excess > 4 * 1024 ** 3 ? 'critical' : 'warning',
      message: huge.length
        ? `${huge.map((h) => `${h.name} = ${fmtBytes(h.value)}`).join(', ')}: up to ${fmtBytes(excess)} more than defaults at max_connections.`
        : 'Per-thread buffers are within 8× of their defaults.',
      formula: `fires when a buffer > ${HUGE_FACTOR} × default; excess = Σ(value − default) × max_connections`,
      result: { name: 'buffers far above default', value: huge.length, unit: 'count' },
      recommendation: {
        text: 'Reset them to the defaults globally; SET SESSION a larger value in the query that measured a benefit.',
        computation: huge.map((h) => `${h.name}: default ${fmtBytes(h.dflt)}`).join('; ') || 'none',
      },
      changes: huge.map((h) => r.change(h.name, h.dflt)),
    };
  },
});
