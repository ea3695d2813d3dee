/** Release series support status, from the release table and the `now` passed in. */
import { defineRule } from '../rule';
import { findSeries } from '../release-data';

const DAY_MS = 86_400_000;
/** Warn this many days before the end of support so an upgrade can be planned. */
const PLAN_AHEAD_DAYS = 180;

/** The rule. */
export const versionEolRule = defineRule({
  id: 'version-eol',
  area: 'server',
  severity: 'warning',
  title: 'Server release series at or near end of support',
  rationale:
    "A series past its end of life gets no security or bug fixes. The dates come from the vendors' published policies (table in release-data.ts); an LTS series is supported for years, innovation/short-term series only until the next release.",
  docUrl: 'https://dev.mysql.com/doc/refman/9.7/en/mysql-releases.html',
  evaluate(r, { caps, now }) {
    const v = caps.version;
    r.derived('release series', `${v.flavor} ${v.series}`, 'text', `parsed from VERSION() ${v.major}.${v.minor}.${v.patch}`);
    r.reference('now', now.toISOString().slice(0, 10), 'date', 'date of the check');
    const s = findSeries(v.flavor, v.series);
    if (!s) {
      return {
        fires: true,
        severity: 'info',
        message: `${v.flavor} ${v.series} is not in the release table; check its support dates by hand.`,
        formula: 'series lookup in release-data.ts',
        result: { name: 'days to end of life', value: null, unit: 'count' },
        recommendation: { text: 'Check the vendor maintenance policy for this series.', computation: 'no entry' },
        changes: [],
      };
    }
    r.reference('end of life', s.endOfLife, 'date', `${s.kind.toUpperCase()} — ${s.docUrl}`);
    const days = Math.floor((Date.parse(`${s.endOfLife}T00:00:00Z`) - now.getTime()) / DAY_MS);
    const past = days < 0;
    return {
      fires: days < PLAN_AHEAD_DAYS,
      severity: past ? 'critical' : 'warning',
      message: past
        ? `${v.flavor} ${v.series} (${s.kind}) reached end of life on ${s.endOfLife}, ${-days} days ago.`
        : `${v.flavor} ${v.series} (${s.kind}) is supported until ${s.endOfLife} (${days} days left).`,
      formula: `days left = end of life − now; fires below ${PLAN_AHEAD_DAYS} days`,
      result: { name: 'days to end of life', value: days, unit: 'count' },
      recommendation: {
        text: past ? 'Upgrade to a supported LTS series.' : `Supported; plan an upgrade before ${s.endOfLife}.`,
        computation: `${s.endOfLife} − ${now.toISOString().slice(0, 10)} = ${days} days`,
      },
      changes: [],
    };
  },
});
