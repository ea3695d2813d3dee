/** Connection head-room: peak connections against max_connections, and refused connections. */
import { defineRule } from '../rule';
import { fmtPct } from '../units';

/** The rule. */
export const connectionsUsageRule = defineRule({
  id: 'connections-usage',
  area: 'connections',
  severity: 'warning',
  title: 'Connections close to max_connections',
  rationale:
    'When all max_connections slots are taken new clients get "Too many connections" (Connection_errors_max_connections). Peak use near the limit means the next spike is refused; raise the limit only if memory allows (see worst-case memory), or pool connections in the application.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/too-many-connections.html',
  evaluate(r) {
    const max = r.v('max_connections');
    const used = r.lifetime('Max_used_connections');
    if (max === null || used === null || max <= 0) return null;
    const refused = r.lifetime('Connection_errors_max_connections') ?? 0;
    const usage = used / max;
    const recommended = Math.ceil(used * 1.25);
    const fires = usage > 0.85 || refused > 0;
    return {
      fires,
      severity: refused > 0 ? 'critical' : 'warning',
      message: `Peak ${used} of ${max} connections (${fmtPct(usage)}) since startup; ${refused} refused for max_connections.`,
      formula: 'usage = Max_used_connections / max_connections; fires above 85% or when Connection_errors_max_connections > 0',
      result: { name: 'peak connection usage', value: usage, unit: 'ratio' },
      recommendation: {
        text: `Raise max_connections to ${Math.max(recommended, max + 1)} if the worst-case memory still fits, or add pooling.`,
        computation: `max(ceil(Max_used_connections ${used} × 1.25), max_connections + 1) = ${Math.max(recommended, max + 1)}`,
      },
      changes: fires ? [r.change('max_connections', Math.max(recommended, max + 1))] : [],
    };
  },
});
