/**
 * The data migration into a Spider front as a plan (the document's 迁移): the front reaches the
 * source through Spider link tables, copies each table in primary-key ranges, and records each
 * range in a checkpoint table with the row count and checksum of the range on both sides. A range
 * is first emptied on the target, so re-running one a kill interrupted leaves no duplicate; a
 * resumed plan skips the ranges whose checkpoint matches. Pure: the planner reads the columns and
 * the checkpoints and passes them in.
 */
import type { ShardMigrateParams } from '../../../shared/contract/shards';
import type { PlanDraft } from '../plan/make-plan';
import { quoteIdent, quoteQualified, quoteString } from '../../../shared/sql-quote';
import { rowsChecksumSql } from '../backup/checksum';

/** Name of the checkpoint table, in the target database on the front. */
export const CHECKPOINT_TABLE = '_dbw_shard_checkpoint';

/** A column of a target table, as information_schema gives it. */
export interface TargetColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
}

/** The database on the front that holds the link tables to the source. */
export const linkDatabase = (p: ShardMigrateParams): string => `${p.targetDatabase}_src`;
/** The server on the front that points at the source. */
export const sourceServer = (p: ShardMigrateParams): string => `${p.targetDatabase}_source`;

/** Chunk ranges [lo, hi] of a table's key span. */
export function chunksOf(min: number, max: number, rows: number): [number, number][] {
  const out: [number, number][] = [];
  for (let lo = min; lo <= max; lo += rows) out.push([lo, Math.min(max, lo + rows - 1)]);
  return out;
}

/** The migration plan. `columns` are each target table's columns; `done` the checkpointed ranges (`table:lo`). */
export function migrationPlan(p: ShardMigrateParams, columns: ReadonlyMap<string, readonly TargetColumn[]>, done: ReadonlySet<string>): PlanDraft {
  const link = linkDatabase(p);
  const srv = sourceServer(p);
  const ckpt = quoteQualified(p.targetDatabase, CHECKPOINT_TABLE);
  const steps: PlanDraft['steps'] = [];
  const ddl = (id: string, sql: string, description: string, noRollback: string): void => {
    steps.push({ id, kind: 'DDL', sql, description, risk: 'low', estimate: 'instant (metadata only)', rollback: null, noRollback });
  };
  ddl(
    'link-db',
    `CREATE DATABASE IF NOT EXISTS ${quoteIdent(link)}`,
    `Holds the Spider tables that read the source ${p.source.database} on ${p.source.host}:${p.source.port}.`,
    `none automatic (IF NOT EXISTS may keep one that was there); after the copy is verified, DROP DATABASE ${quoteIdent(link)}: it holds only link tables, no data`,
  );
  ddl(
    'link-server',
    `CREATE OR REPLACE SERVER ${quoteIdent(srv)} FOREIGN DATA WRAPPER mysql OPTIONS (HOST ${quoteString(p.source.host)}, PORT ${p.source.port}, USER ${quoteString(p.source.user)}, PASSWORD ${quoteString(p.source.password)}, DATABASE ${quoteString(p.source.database)})`,
    'The source server as the front reaches it.',
    `none automatic (CREATE OR REPLACE overwrites a server of that name); after the copy is verified, DROP SERVER ${quoteIdent(srv)}`,
  );
  ddl(
    'checkpoint',
    `CREATE TABLE IF NOT EXISTS ${ckpt} (tbl VARCHAR(64) NOT NULL, lo BIGINT NOT NULL, hi BIGINT NOT NULL, src_rows BIGINT NOT NULL, src_crc BIGINT UNSIGNED NOT NULL, dst_rows BIGINT NOT NULL, dst_crc BIGINT UNSIGNED NOT NULL, at DATETIME NOT NULL, PRIMARY KEY (tbl, lo)) ENGINE=InnoDB`,
    'The checkpoint of each copied range with its counts and checksums on both sides: a resumed migration skips the ranges recorded here.',
    `keep it until the cut-over (a resumed copy reads it), then DROP TABLE ${ckpt}`,
  );
  for (const t of p.tables) {
    const cols = columns.get(t.table);
    if (!cols) throw new Error(`No table ${p.targetDatabase}.${t.table} on the front: apply the Spider export first`);
    const sourceCols = cols.filter((c) => c.name !== t.addedKey);
    const defs = sourceCols.map((c) => `${quoteIdent(c.name)} ${c.type}${c.nullable ? ' NULL' : ' NOT NULL'}`).join(', ');
    ddl(
      `link:${t.table}`,
      `CREATE TABLE IF NOT EXISTS ${quoteQualified(link, t.table)} (${defs}, PRIMARY KEY (${quoteIdent(t.pk)})) ENGINE=SPIDER COMMENT=${quoteString(`wrapper "mysql", srv "${srv}", table "${t.table}"`)}`,
      `Reads ${p.source.database}.${t.table} on the source.`,
      `dropped with the link database ${quoteIdent(link)} after the copy is verified; it holds no data`,
    );
  }
  for (const t of p.tables) {
    const cols = columns.get(t.table)!;
    const sourceCols = cols.filter((c) => c.name !== t.addedKey).map((c) => c.name);
    const target = quoteQualified(p.targetDatabase, t.table);
    const src = quoteQualified(link, t.table);
    const pk = quoteIdent(t.pk);
    const insertCols = [...sourceCols, ...(t.addedKey ? [t.addedKey] : [])].map(quoteIdent).join(', ');
    const selectCols = sourceCols.map((c) => `j0.${quoteIdent(c)}`);
    const joins: string[] = [];
    if (t.addedKey) {
      if (t.path.length === 0) throw new Error(`${t.table}: a key column to add needs the path it is filled along`);
      t.path.slice(0, -1).forEach((h, i) => {
        joins.push(`JOIN ${quoteQualified(link, h.refTable)} AS j${i + 1} ON j${i + 1}.${quoteIdent(h.refColumn)} = j${i}.${quoteIdent(h.column)}`);
      });
      selectCols.push(`j${t.path.length - 1}.${quoteIdent(t.path[t.path.length - 1]!.column)}`);
    }
    for (const [lo, hi] of chunksOf(t.min, t.max, p.chunkRows)) {
      if (done.has(`${t.table}:${lo}`)) continue;
      const range = (alias: string): string => `${alias}.${pk} BETWEEN ${lo} AND ${hi}`;
      const id = `${t.table}:${lo}`;
      steps.push({
        id: `clear:${id}`,
        kind: 'DML',
        sql: `DELETE FROM ${target} WHERE ${pk} BETWEEN ${lo} AND ${hi}`,
        description: `Empty ${t.table} ${t.pk} ${lo}–${hi} on the shards, so a range a kill interrupted is copied again without duplicates.`,
        risk: 'low',
        estimate: 'only rows this migration copied',
        rollback: null,
        noRollback: 'none: it empties only the range the next step copies again from the source',
      });
      steps.push({
        id: `copy:${id}`,
        kind: 'DML',
        sql: `INSERT INTO ${target} (${insertCols}) SELECT ${selectCols.join(', ')} FROM ${src} AS j0 ${joins.join(' ')}${joins.length ? ' ' : ''}WHERE ${range('j0')}`,
        description: `Copy ${t.table} ${t.pk} ${lo}–${hi} from the source into the shards${t.addedKey ? `, filling ${t.addedKey} along ${t.path.map((h) => `${h.table}.${h.column}`).join(' → ')}` : ''}.`,
        risk: 'medium',
        estimate: `up to ${hi - lo + 1} rows`,
        rollback: `DELETE FROM ${target} WHERE ${pk} BETWEEN ${lo} AND ${hi}`,
      });
      const checked = cols.filter((c) => c.name !== t.addedKey);
      const s = rowsChecksumSql(src, checked, { alias: 's', where: range('s') });
      const d = rowsChecksumSql(target, checked, { alias: 'd', where: range('d') });
      steps.push({
        id: `checkpoint:${id}`,
        kind: 'DML',
        sql: `INSERT INTO ${ckpt} (tbl, lo, hi, src_rows, src_crc, dst_rows, dst_crc, at) SELECT ${quoteString(t.table)}, ${lo}, ${hi}, a.n, a.s, b.n, b.s, NOW() FROM (${s}) AS a JOIN (${d}) AS b ON TRUE ON DUPLICATE KEY UPDATE hi = VALUES(hi), src_rows = VALUES(src_rows), src_crc = VALUES(src_crc), dst_rows = VALUES(dst_rows), dst_crc = VALUES(dst_crc), at = VALUES(at)`,
        description: `Record the range with its row count and checksum on the source and on the shards.`,
        risk: 'low',
        estimate: 'reads the range on both sides',
        rollback: null,
      });
      if (p.sleepMs > 0)
        steps.push({
          id: `throttle:${id}`,
          kind: 'ADMIN',
          sql: `DO SLEEP(${(p.sleepMs / 1000).toFixed(3)})`,
          description: 'Throttle: leave the source and the shards room between ranges.',
          risk: 'low',
          estimate: `${p.sleepMs} ms`,
          rollback: null,
        });
    }
  }
  const total = p.tables.reduce((s, t) => s + chunksOf(t.min, t.max, p.chunkRows).length, 0);
  return {
    planner: 'shard-migrate',
    title: `Copy ${p.source.database} into the shards of ${p.targetDatabase} (${total - done.size} of ${total} ranges left)`,
    steps,
    notes: [
      `Checkpoints in ${p.targetDatabase}.${CHECKPOINT_TABLE}; run again with resume to skip the ranges already recorded.`,
      'Cut-over checklist: 1. turn on dual writes (the application writes the source and the front) before the copy, or copy again the ranges written during it; 2. compare the final counts and checksums (verify); 3. switch reads to the front and watch the error rate; 4. switch writes, keep the source read-only for rollback; 5. stop dual writes after a full day without divergence.',
    ],
  };
}
