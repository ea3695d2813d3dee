/** Failed connection attempts (bad credentials, timeouts, handshake errors) and aborted clients. */
import { defineRule } from '../rule';
import { fmtNum, fmtPct } from '../units';

const MIN_CONNECTIONS = 100;

/** The rule. */
export const connectionsAbortedRule = defineRule({
  id: 'connections-aborted',
  area: 'connections',
  severity: 'warning',
  title: 'Many connection attempts fail',
  rationale:
    'Aborted_connects counts attempts that never completed (wrong password, no privilege, connect_timeout, malformed packets). A high share wastes threads and can get client hosts blocked after max_connect_errors. It is fixed at the client or network, not with a server variable.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/communication-errors.html',
  evaluate(r) {
    const w = r.window(['Aborted_connects', 'Connections'], 'Connections', MIN_CONNECTIONS);
    if (!w) return null;
    const [aborted = 0, conns = 0] = w.values;
    if (conns < MIN_CONNECTIONS) return null;
    const ratio = aborted / conns;
    return {
      fires: ratio > 0.03,
      message: `${fmtNum(aborted)} of ${fmtNum(conns)} connection attempts aborted ${w.source === 'status-delta' ? 'in the window' : 'since startup'} (${fmtPct(ratio)}).`,
      formula: 'share = Aborted_connects / Connections; fires above 3%',
      result: { name: 'aborted connect share', value: ratio, unit: 'ratio' },
      recommendation: {
        text: 'Check the error log for "Access denied" / "Got timeout reading communication packets" and fix the clients; see performance_schema.host_cache for the hosts.',
        computation: 'no variable change',
      },
      changes: [],
    };
  },
});
