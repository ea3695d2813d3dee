/**
 * The shard migration planner: reads the target tables' columns on the Spider front and the
 * checkpoints a previous run left, and derives the copy plan from them (so a re-derived plan after
 * a kill resumes where the checkpoints stop). Measures per-table counts and checksums, source
 * (through the link tables) against the shards.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import { quoteQualified } from '../../../shared/sql-quote';
import type { SqlReader } from '../../connections/sql-reader';
import { makePlan } from '../../engines/plan/make-plan';
import { rowsChecksumSql } from '../../engines/backup/checksum';
import { CHECKPOINT_TABLE, linkDatabase, migrationPlan, type TargetColumn } from '../../engines/shards/migration';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'shard-migrate'>;

async function targetColumns(params: Params, reader: SqlReader): Promise<Map<string, TargetColumn[]>> {
  const rows = await reader.query<{ t: string; c: string; ty: string; n: string }>(
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS ty, IS_NULLABLE AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION',
    [params.targetDatabase],
  );
  const out = new Map<string, TargetColumn[]>();
  for (const r of rows) out.set(r.t, [...(out.get(r.t) ?? []), { name: r.c, type: r.ty, nullable: r.n === 'YES' }]);
  for (const t of params.tables)
    if (!out.has(t.table))
      throw new AppError('BAD_INPUT', `No table ${params.targetDatabase}.${t.table} on this server: apply the Spider export on the front first`);
  return out;
}

async function doneRanges(params: Params, reader: SqlReader): Promise<Set<string>> {
  const [exists] = await reader.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
    params.targetDatabase,
    CHECKPOINT_TABLE,
  ]);
  if (Number(exists?.n ?? 0) === 0) return new Set();
  const rows = await reader.query<{ tbl: string; lo: number }>(
    `SELECT tbl, lo FROM ${quoteQualified(params.targetDatabase, CHECKPOINT_TABLE)} WHERE src_rows = dst_rows AND src_crc = dst_crc`,
  );
  return new Set(rows.map((r) => `${r.tbl}:${Number(r.lo)}`));
}

/** The shard-migrate planner. */
export const shardMigratePlanner: Planner<Params> = {
  async derive(params, reader) {
    const plan = makePlan(migrationPlan(params, await targetColumns(params, reader), await doneRanges(params, reader)));
    return { plan, touches: plan.steps.filter((s) => s.id.startsWith('copy:')).map((s) => ({ stepId: s.id, touches: s.id.slice(5), details: {} })) };
  },
  async measure(params, reader): Promise<Measurement> {
    const metrics: Measurement['metrics'] = [];
    const [linked] = await reader.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [linkDatabase(params)]);
    const columns = await targetColumns(params, reader);
    for (const t of params.tables) {
      const cols = columns.get(t.table)!.filter((c) => c.name !== t.addedKey);
      const [dst] = await reader.query<{ n: number; s: string }>(rowsChecksumSql(quoteQualified(params.targetDatabase, t.table), cols));
      metrics.push({ key: `rows:${t.table}`, label: `${t.table}: rows on the shards`, value: Number(dst?.n ?? 0) });
      metrics.push({ key: `crc:${t.table}`, label: `${t.table}: checksum on the shards`, value: String(dst?.s ?? '0') });
      if (Number(linked?.n ?? 0) >= params.tables.length) {
        const [src] = await reader.query<{ n: number; s: string }>(rowsChecksumSql(quoteQualified(linkDatabase(params), t.table), cols));
        metrics.push({ key: `source-rows:${t.table}`, label: `${t.table}: rows on the source`, value: Number(src?.n ?? 0) });
        metrics.push({ key: `source-crc:${t.table}`, label: `${t.table}: checksum on the source`, value: String(src?.s ?? '0') });
      }
    }
    return { at: new Date().toISOString(), metrics };
  },
};
