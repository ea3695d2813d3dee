/** Reverse DNS on every new connection (skip_name_resolve = OFF). */
import { defineRule } from '../rule';

/** The rule. */
export const nameResolutionRule = defineRule({
  id: 'name-resolution',
  area: 'connections',
  severity: 'info',
  title: 'Host name resolution on every new connection',
  rationale:
    'With skip_name_resolve = OFF the server resolves each client address to a host name (with a host cache in front); a slow or failing DNS then delays or refuses logins. Turning it on requires every account to be granted by IP address or subnet, not by name — check mysql.user first.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/host-cache.html',
  evaluate(r) {
    const skip = r.v('skip_name_resolve');
    if (skip === null) return null;
    const fires = skip === 0;
    return {
      fires,
      message: `skip_name_resolve = ${skip === 1 ? 'ON' : 'OFF'}: ${fires ? 'each new connection does a reverse DNS lookup' : 'no DNS on connect'}.`,
      formula: 'fires when skip_name_resolve = OFF',
      result: { name: 'skip_name_resolve', value: skip === 1 ? 'ON' : 'OFF', unit: 'text' },
      recommendation: {
        text: 'After checking that no account is granted by host name, set skip_name_resolve = ON in my.cnf (restart needed).',
        computation: 'static variable',
      },
      changes: fires ? [r.change('skip_name_resolve', 'ON')] : [],
    };
  },
});
