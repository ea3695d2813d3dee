/** performance_schema and the sys schema: the evidence the other tools need. */
import { defineRule } from '../rule';

/** The rule. */
export const observabilityRule = defineRule({
  id: 'observability',
  area: 'observability',
  severity: 'warning',
  title: 'performance_schema or sys schema unavailable',
  rationale:
    'Statement digests, wait events, unused-index and full-scan reports come from performance_schema (and the sys views on top). Without it, tuning relies on the slow log alone. performance_schema can only be enabled at startup and reserves memory (tens to a few hundred MiB, sized by autoscaling).',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/performance-schema-quick-start.html',
  evaluate(r, { snapshot }) {
    const ps = snapshot.features.performanceSchema;
    const sys = snapshot.features.sysSchema;
    r.derived('performance_schema', ps ? 'ON' : 'OFF', 'text', 'SHOW GLOBAL VARIABLES');
    r.derived('sys schema present', sys ? 'yes' : 'no', 'text', 'information_schema.SCHEMATA');
    const fires = !ps || !sys;
    return {
      fires,
      severity: ps ? 'info' : 'warning',
      message: `performance_schema ${ps ? 'ON' : 'OFF'}, sys schema ${sys ? 'present' : 'missing'}.`,
      formula: 'fires when performance_schema = OFF or the sys schema is missing',
      result: { name: 'observability', value: fires ? 'partial' : 'full', unit: 'text' },
      recommendation: {
        text: !ps ? 'Add performance_schema = ON to my.cnf and restart.' : 'Install the sys schema (mysql_upgrade / mariadb-upgrade installs it).',
        computation: 'static variable: takes effect after restart',
      },
      changes: !ps ? [r.change('performance_schema', 'ON')] : [],
    };
  },
});
