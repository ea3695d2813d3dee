/**
 * The verdict of a verification: the manifest's tables against what the scratch restore holds.
 * A table is `ok` only when its rows, checksum and definition all match; a table of the manifest
 * absent from the restore is `missing`, one the restore has that the manifest lacks is `extra`.
 */
import type { TableChecksum, TableVerdict } from '../../../shared/contract/backup';

/** Compares the manifest's tables with the restored ones (matched by name, case-insensitively). */
export function compareTables(expected: readonly TableChecksum[], actual: readonly TableChecksum[]): TableVerdict[] {
  const byName = new Map(actual.map((t) => [t.table.toLowerCase(), t]));
  const out: TableVerdict[] = [];
  for (const e of expected) {
    const a = byName.get(e.table.toLowerCase());
    byName.delete(e.table.toLowerCase());
    if (!a) {
      out.push({
        table: e.table,
        status: 'missing',
        expectedRows: e.rows,
        actualRows: null,
        expectedChecksum: e.checksum,
        actualChecksum: null,
        reasons: ['not in the restored copy'],
      });
      continue;
    }
    const reasons: string[] = [];
    if (a.rows !== e.rows) reasons.push(`rows ${a.rows} restored, ${e.rows} in the manifest`);
    if (a.checksum !== e.checksum) reasons.push(`checksum ${a.checksum} restored, ${e.checksum} in the manifest`);
    if (a.definition !== e.definition) reasons.push('table definition differs');
    out.push({
      table: e.table,
      status: reasons.length ? 'differs' : 'ok',
      expectedRows: e.rows,
      actualRows: a.rows,
      expectedChecksum: e.checksum,
      actualChecksum: a.checksum,
      reasons,
    });
  }
  for (const a of byName.values())
    out.push({
      table: a.table,
      status: 'extra',
      expectedRows: null,
      actualRows: a.rows,
      expectedChecksum: null,
      actualChecksum: a.checksum,
      reasons: ['restored but not in the manifest'],
    });
  return out;
}

/** Names of the tables whose verdict is not `ok`. */
export function differingTables(verdicts: readonly TableVerdict[]): string[] {
  return verdicts.filter((v) => v.status !== 'ok').map((v) => v.table);
}
