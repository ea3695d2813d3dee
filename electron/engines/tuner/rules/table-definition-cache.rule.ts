/** table_definition_cache against the number of tables. */
import { defineRule } from '../rule';
import { fmtNum } from '../units';

/** The rule. */
export const tableDefinitionCacheRule = defineRule({
  id: 'table-definition-cache',
  area: 'caches',
  severity: 'info',
  title: 'Table definition cache smaller than the number of tables',
  rationale:
    'Table definitions that do not fit in table_definition_cache are re-read from the data dictionary on use (Opened_table_definitions grows). Sizing it to the number of tables keeps them all cached; it costs little memory.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html#sysvar_table_definition_cache',
  evaluate(r, { snapshot }) {
    const size = r.v('table_definition_cache');
    if (size === null) return null;
    const tables = snapshot.schemas.reduce((a, s) => a + s.tables, 0);
    r.derived('user tables', tables, 'count', 'Σ tables in information_schema.TABLES (system schemas excluded)');
    const rate = r.rate('Opened_table_definitions');
    const recommended = Math.ceil((tables + 400) / 100) * 100;
    const fires = tables > size || (rate !== null && rate > 1 && tables > 0.8 * size);
    return {
      fires,
      message: `${fmtNum(tables)} user tables, table_definition_cache = ${size}; ${fmtNum(rate)} definitions opened per second in the window.`,
      formula: 'fires when tables > table_definition_cache, or definitions keep opening (> 1/s) with the cache 80% used by tables',
      result: { name: 'tables / cache', value: size > 0 ? tables / size : null, unit: 'ratio' },
      recommendation: {
        text: `Set table_definition_cache to ${recommended}.`,
        computation: `roundUp(tables ${tables} + 400 for system tables, 100) = ${recommended}`,
      },
      changes: fires && recommended > size ? [r.change('table_definition_cache', recommended)] : [],
    };
  },
});
