/** innodb_flush_method: O_DIRECT avoids caching data twice (buffer pool + OS page cache). */
import { defineRule } from '../rule';

/** The rule. */
export const innodbFlushMethodRule = defineRule({
  id: 'innodb-flush-method',
  area: 'innodb',
  severity: 'info',
  title: 'Data files go through the OS page cache',
  rationale:
    'With fsync (the old Linux default) InnoDB data pages are cached twice, in the buffer pool and in the OS page cache, and the page cache competes with the buffer pool for RAM. O_DIRECT (default on MySQL 8.4 and MariaDB 10.6+ where supported) bypasses it for data files. Not for every filesystem: check it supports O_DIRECT.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-parameters.html#sysvar_innodb_flush_method',
  evaluate(r) {
    const m = r.text('innodb_flush_method');
    if (m === null) return null;
    const fires = /^(fsync|littlesync|nosync|o_dsync)$/i.test(m);
    return {
      fires,
      message: `innodb_flush_method = ${m}.`,
      formula: 'fires when the method caches data files in the OS (fsync, O_DSYNC, littlesync, nosync)',
      result: { name: 'innodb_flush_method', value: m, unit: 'text' },
      recommendation: {
        text: 'Set innodb_flush_method = O_DIRECT in my.cnf (restart needed).',
        computation: 'O_DIRECT bypasses the page cache for data files; the redo log is still fsynced',
      },
      changes: fires ? [r.change('innodb_flush_method', 'O_DIRECT')] : [],
    };
  },
});
