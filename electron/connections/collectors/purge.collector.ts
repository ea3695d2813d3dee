/**
 * What a purge needs to know before it runs, read through a read-only session: the key it walks
 * (the primary key, one column or several), the table's size, the job's checkpoint, and the exact count of
 * rows the condition matches — the dry run's figure, which is also how the condition is checked,
 * since the read guard refuses anything but a plain read.
 */
import { isAbsolute } from 'node:path';
import { AppError } from '../../../shared/contract/core';
import type { PurgeSpec } from '../../../shared/contract/purge';
import { quoteQualified } from '../../../shared/sql-quote';
import { expandArchivePath } from '../../engines/purge/archive-file';
import type { PurgeResume, PurgeSnapshot } from '../../engines/purge/purge-plan';
import { boundParams, CHECKPOINT_TABLE, countSql, keyName, purgeJobId, type PurgeKey } from '../../engines/purge/purge-sql';
import type { SqlReader } from '../sql-reader';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);

/** The table's primary key (its columns in index order) and row estimate; refuses tables a purge cannot walk. */
export async function readPurgeKey(reader: SqlReader, schema: string, table: string): Promise<{ key: PurgeKey; tableRows: number; engine: string }> {
  const t = await reader.query<{ engine: string | null; tableRows: unknown; type: string }>(
    'SELECT ENGINE AS engine, TABLE_ROWS AS tableRows, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [schema, table],
  );
  if (!t[0]) throw new AppError('NOT_FOUND', `No table ${schema}.${table}`);
  if (t[0].type !== 'BASE TABLE') throw new AppError('UNSUPPORTED', `${schema}.${table} is a ${t[0].type}, not a table`);
  const cols = await reader.query<{ col: string; dataType: string }>(
    `SELECT s.COLUMN_NAME AS col, c.DATA_TYPE AS dataType
       FROM information_schema.STATISTICS s
       JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
      WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.INDEX_NAME = 'PRIMARY'
      ORDER BY s.SEQ_IN_INDEX`,
    [schema, table],
  );
  if (cols.length === 0) {
    throw new AppError(
      'UNSUPPORTED',
      `${schema}.${table} has no primary key: a purge walks the primary key in chunks (add one, e.g. an AUTO_INCREMENT id, before purging it)`,
    );
  }
  const engine = String(t[0].engine ?? '');
  if (engine.toLowerCase() !== 'innodb')
    throw new AppError('UNSUPPORTED', `${schema}.${table} is ${engine || 'not InnoDB'}: chunks need transactions (InnoDB)`);
  return {
    key: { parts: cols.map((c) => ({ column: c.col, integer: INTEGER_TYPES.has(String(c.dataType).toLowerCase()) })) },
    tableRows: Number(t[0].tableRows ?? 0) || 0,
    engine,
  };
}

/** A job's checkpoint: its last committed key, the figures so far, and the archive file's committed size. */
export type PurgeCheckpoint = PurgeResume;

/** Whether the schema has a checkpoint table, and whether it predates the archive file's columns. */
async function checkpointTableState(reader: SqlReader, schema: string): Promise<'missing' | 'old' | 'current'> {
  const cols = await reader.query<{ col: string }>('SELECT COLUMN_NAME AS col FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
    schema,
    CHECKPOINT_TABLE,
  ]);
  if (cols.length === 0) return 'missing';
  return cols.some((c) => String(c.col).toLowerCase() === 'archive_offset') ? 'current' : 'old';
}

/** The job's last committed key, or null when it has none (no checkpoint table, or no row for the job). */
export async function readCheckpoint(reader: SqlReader, schema: string, jobId: string): Promise<PurgeCheckpoint | null> {
  const state = await checkpointTableState(reader, schema);
  if (state === 'missing') return null;
  const fileCols = state === 'current' ? ', archive_file AS archiveFile, archive_offset AS archiveOffset' : '';
  const rows = await reader.query<{ lastKey: string; rowsDone: unknown; chunksDone: unknown; archiveFile?: string | null; archiveOffset?: unknown }>(
    `SELECT last_key AS lastKey, rows_done AS rowsDone, chunks_done AS chunksDone${fileCols} FROM ${quoteQualified(schema, CHECKPOINT_TABLE)} WHERE job_id = ?`,
    [jobId],
  );
  const r = rows[0];
  if (!r) return null;
  const file = r.archiveFile != null && r.archiveOffset != null ? { path: String(r.archiveFile), bytes: Number(r.archiveOffset) } : null;
  return { lastKey: String(r.lastKey), rows: Number(r.rowsDone), chunks: Number(r.chunksDone), file };
}

/** Everything the plan and the dry run need, read only. */
export async function collectPurgeSnapshot(reader: SqlReader, spec: PurgeSpec): Promise<PurgeSnapshot & { checkpoint: PurgeCheckpoint | null }> {
  const { key, tableRows } = await readPurgeKey(reader, spec.schema, spec.table);
  if (spec.archive.kind === 'table' && spec.archive.schema === spec.schema && spec.archive.table === spec.table) {
    throw new AppError('BAD_INPUT', 'The archive table must not be the purged table');
  }
  if (spec.archive.kind === 'file' && !isAbsolute(spec.archive.path)) {
    throw new AppError('BAD_INPUT', `Give the archive file as an absolute path, not ${spec.archive.path}`);
  }
  const jobId = purgeJobId(spec.schema, spec.table, spec.where, keyName(key));
  const cpState = await checkpointTableState(reader, spec.schema);
  const checkpoint = spec.resume ? await readCheckpoint(reader, spec.schema, jobId) : null;
  const resumeAfter = checkpoint?.lastKey ?? null;
  const sql = countSql({ schema: spec.schema, table: spec.table, where: spec.where, key }, resumeAfter !== null);
  const counted = await reader.query<{ n: unknown }>(sql, boundParams(key, resumeAfter));
  // A resumed run continues the file its checkpoint names; a fresh one expands the template now.
  const archiveFile =
    spec.archive.kind !== 'file'
      ? null
      : checkpoint?.file
        ? { path: checkpoint.file.path, resumeBytes: checkpoint.file.bytes }
        : { path: expandArchivePath(spec.archive.path, { schema: spec.schema, table: spec.table, at: new Date() }), resumeBytes: null };
  return { key, tableRows, matching: Number(counted[0]?.n ?? 0), resumeAfter, checkpoint, checkpointUpgrade: cpState === 'old', archiveFile };
}
