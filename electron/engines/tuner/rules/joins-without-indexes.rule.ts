/** Joins that scan a table for every row of the previous one (Select_full_join). */
import { defineRule } from '../rule';
import { fmtNum } from '../units';

/** The rule. */
export const joinsWithoutIndexesRule = defineRule({
  id: 'joins-without-indexes',
  area: 'queries',
  severity: 'warning',
  title: 'Joins without usable indexes',
  rationale:
    'Select_full_join counts joins that scanned a whole table because no index matched the join condition; Select_range_check those that re-evaluated index choice per row. The fix is an index on the join column — find the statements with the slow-log digest (or performance_schema digests) and the index advisor. Raising join_buffer_size only makes the scan cheaper, for every connection.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/server-status-variables.html#statvar_Select_full_join',
  evaluate(r) {
    const w = r.window(['Select_full_join', 'Select_range_check', 'Com_select'], 'Com_select', 100);
    if (!w) return null;
    const [full = 0, rangeCheck = 0, selects = 0] = w.values;
    const bad = full + rangeCheck;
    const per1000 = selects > 0 ? (bad / selects) * 1000 : 0;
    return {
      fires: bad > 0,
      severity: per1000 > 10 ? 'warning' : 'info',
      message: `${fmtNum(full)} full joins and ${fmtNum(rangeCheck)} range-check joins for ${fmtNum(selects)} SELECTs ${w.source === 'status-delta' ? 'in the window' : 'since startup'} (${fmtNum(per1000)} per 1000).`,
      formula: 'joins without index = Select_full_join + Select_range_check; per 1000 = that / Com_select × 1000',
      result: { name: 'joins without index per 1000 SELECTs', value: per1000, unit: 'count' },
      recommendation: {
        text: 'Find the statements: the slow-log digest lists them under the "Full table scans" finding (from Full_join / Full_scan, which the log records with log_slow_verbosity = query_plan on MariaDB or log_slow_extra on MySQL), or query performance_schema.events_statements_summary_by_digest WHERE SUM_SELECT_FULL_JOIN > 0 (sys.statements_with_full_table_scans on MySQL). Run the index advisor on those statements. Do not raise join_buffer_size globally.',
        computation: 'no variable change',
      },
      changes: [],
    };
  },
});
