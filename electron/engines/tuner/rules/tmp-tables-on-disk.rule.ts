/** Share of implicit temporary tables that spilled to disk. */
import { defineRule } from '../rule';
import { fmtBytes, fmtNum, fmtPct, SIZE } from '../units';

const MIN_TMP_TABLES = 100;
/** Above this the in-memory limit is not the problem; the queries are. */
const CAP = 256 * SIZE.MIB;

/** The rule. */
export const tmpTablesOnDiskRule = defineRule({
  id: 'tmp-tables-on-disk',
  area: 'queries',
  severity: 'warning',
  title: 'Temporary tables spilling to disk',
  rationale:
    'GROUP BY, DISTINCT, UNION and derived tables use internal temporary tables; past min(tmp_table_size, max_heap_table_size) (MEMORY/Aria on MariaDB) or temptable_max_ram (MySQL TempTable) they move to disk. A high disk share costs I/O; raising the limit helps only up to a point, after that fix the queries.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/internal-temporary-tables.html',
  evaluate(r) {
    const w = r.window(['Created_tmp_disk_tables', 'Created_tmp_tables'], 'Created_tmp_tables', MIN_TMP_TABLES);
    if (!w) return null;
    const [disk = 0, all = 0] = w.values;
    if (all < MIN_TMP_TABLES) return null;
    const ratio = disk / all;
    const tmp = r.v('tmp_table_size', 'bytes') ?? 0;
    const heap = r.v('max_heap_table_size', 'bytes') ?? 0;
    const limit = Math.min(tmp, heap);
    const next = Math.min(CAP, Math.max(limit * 2, 32 * SIZE.MIB));
    const grow = limit < CAP;
    const fires = ratio > 0.25;
    return {
      fires,
      message: `${fmtPct(ratio)} of temporary tables went to disk (${fmtNum(disk)} of ${fmtNum(all)} ${w.source === 'status-delta' ? 'in the window' : 'since startup'}); in-memory limit ${fmtBytes(limit)}.`,
      formula: 'disk share = Created_tmp_disk_tables / Created_tmp_tables; limit = min(tmp_table_size, max_heap_table_size)',
      result: { name: 'disk temp table share', value: ratio, unit: 'ratio' },
      recommendation: grow
        ? {
            text: `Raise tmp_table_size and max_heap_table_size together to ${fmtBytes(next)}, then look at the queries creating them (TEXT/BLOB columns, large GROUP BY).`,
            computation: `min(256 MiB, max(2 × ${fmtBytes(limit)}, 32 MiB)) = ${fmtBytes(next)}`,
          }
        : {
            text: 'The limit is already large: find the queries with the slow-log digest (Tmp_table_on_disk) and fix them.',
            computation: `limit ${fmtBytes(limit)} ≥ 256 MiB`,
          },
      changes: fires && grow ? [r.change('tmp_table_size', next), r.change('max_heap_table_size', next)] : [],
    };
  },
});
