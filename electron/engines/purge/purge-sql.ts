/**
 * The statements of a purge, as pt-archiver builds them with an ascending index: each chunk finds
 * the key of its n-th matching row past the last committed key, then deletes the matching rows in
 * that key range in one transaction together with the checkpoint row, so a kill leaves either the
 * whole chunk and its checkpoint or neither. The DELETE is bounded by the key range, not by
 * `LIMIT` (a LIMIT without a unique ORDER BY is unsafe for statement-based replication, and a row
 * inserted into the range mid-run would be skipped past for good).
 * https://docs.percona.com/percona-toolkit/pt-archiver.html
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/contract/core';
import type { PurgeArchive } from '../../../shared/contract/purge';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { splitStatements } from '../../../shared/sql-split';

/** The checkpoint table each purged schema gets (one row per job). */
export const CHECKPOINT_TABLE = '_dbw_purge_checkpoint';

/** One column of the key a purge walks. */
export interface KeyPart {
  column: string;
  /** Integer keys are compared as integers (checkpoints are text; BIGINT values past 2^53 stay exact). */
  integer: boolean;
}

/**
 * The key a purge walks: the primary key's columns in index order. A composite key's position is
 * a tuple, stored in the checkpoint as a JSON array of the values' text; a single column's as its text.
 */
export interface PurgeKey {
  parts: KeyPart[];
}

/** The key's columns as the DBA reads them ("id", or "document_id, version_number"). */
export function keyName(key: PurgeKey): string {
  return key.parts.map((p) => p.column).join(', ');
}

/** What the statements are built from. */
export interface PurgeTarget {
  schema: string;
  table: string;
  where: string;
  chunk: number;
  key: PurgeKey;
  archive: PurgeArchive;
}

/** The statements of one chunk, with `?` placeholders for keys. */
export interface ChunkStatements {
  /** The n-th matching key past `lo` (`hi`, or `k0`… for a composite key) and how many matched, ≤ chunk. Params: {@link boundParams}. */
  bound: { first: string; next: string };
  /** Archive copy (params: {@link rangeParams}), or null. */
  archive: { first: string; next: string } | null;
  /** Archive to a file: reads and locks the chunk's rows for the file (params: {@link rangeParams}), or null. */
  fetch: { first: string; next: string } | null;
  /** The chunk's DELETE (params: {@link rangeParams}). */
  remove: { first: string; next: string };
  /**
   * Upserts the job's checkpoint (params: jobId, table, where, lastKey, rows, chunks, file, offset,
   * then lastKey, rows, chunks, file, offset); file and offset are NULL without an archive file.
   */
  checkpoint: string;
}

/**
 * Refuses a condition that is not one expression: a statement separator, or text the splitter
 * sees as more than one statement. The condition is wrapped in parentheses with a newline, so a
 * trailing `-- comment` cannot swallow the rest of the statement.
 */
export function checkCondition(where: string): string {
  const trimmed = where.trim();
  if (!trimmed) throw new AppError('BAD_INPUT', 'The purge needs a condition (WHERE expression)');
  const parts = splitStatements(trimmed);
  if (parts.length !== 1 || /;\s*$/.test(trimmed)) {
    throw new AppError('BAD_INPUT', 'The condition must be one SQL expression, without ";" or further statements');
  }
  if (/^\s*where\b/i.test(trimmed)) throw new AppError('BAD_INPUT', 'Give the condition without the WHERE keyword');
  return trimmed;
}

/** The job's identity: the same table, condition and key give the same checkpoint row (`keyColumn`: {@link keyName}). */
export function purgeJobId(schema: string, table: string, where: string, keyColumn: string): string {
  return createHash('sha256').update(`${schema}\u0000${table}\u0000${where.trim()}\u0000${keyColumn}`).digest('hex').slice(0, 16);
}

function keyParam(part: KeyPart): string {
  // A text placeholder compared to an integer column is compared as a double; cast keeps it exact.
  return part.integer ? 'CAST(? AS DECIMAL(65,0))' : '?';
}

/**
 * The key past (`>`) or up to (`<=`) a position. A composite key's tuple comparison is written
 * out as `(a > ? OR (a = ? AND b > ?))` rather than `(a, b) > (?, ?)`: both servers turn the
 * expanded form into a range on the primary key, while for the row constructor neither does
 * (EXPLAIN of the chunk's DELETE: a full table scan on MariaDB 10.11 and on MySQL 9.7, per chunk).
 */
function keyCompare(key: PurgeKey, op: '>' | '<='): string {
  const [only] = key.parts;
  if (key.parts.length === 1) return `${quoteIdent(only!.column)} ${op} ${keyParam(only!)}`;
  const last = key.parts.length - 1;
  const terms = key.parts.map((part, i) => {
    const eq = key.parts.slice(0, i).map((q) => `${quoteIdent(q.column)} = ${keyParam(q)}`);
    const strict = op === '>' ? '>' : i === last ? '<=' : '<';
    return [...eq, `${quoteIdent(part.column)} ${strict} ${keyParam(part)}`].join(' AND ');
  });
  return `(${terms.map((t, i) => (i === 0 ? t : `(${t})`)).join(' OR ')})`;
}

/** A checkpoint's text as the key's values, in column order; refuses text that is not a position of this key. */
export function keyValues(key: PurgeKey, text: string): string[] {
  if (key.parts.length === 1) return [text];
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || v.length !== key.parts.length || !v.every((x) => typeof x === 'string')) {
    throw new AppError('BAD_INPUT', `The checkpoint ${text} is not a position of the key (${keyName(key)}): run without resuming`);
  }
  return v as string[];
}

/** The `?` values of a `keyCompare`: each prefix of the tuple, in order. */
function compareParams(key: PurgeKey, text: string): string[] {
  const v = keyValues(key, text);
  return key.parts.length === 1 ? v : key.parts.flatMap((_p, i) => v.slice(0, i + 1));
}

/** The bound statement's parameters: the last committed position, or none for the first chunk. */
export function boundParams(key: PurgeKey, lo: string | null): string[] {
  return lo === null ? [] : compareParams(key, lo);
}

/** The chunk statements' parameters: past `lo` (unless the first chunk), up to `hi`. */
export function rangeParams(key: PurgeKey, lo: string | null, hi: string): string[] {
  return [...(lo === null ? [] : compareParams(key, lo)), ...compareParams(key, hi)];
}

/** The chunk's last key from the bound statement's row, as the checkpoint stores it; null when no row matched. */
export function boundKey(key: PurgeKey, row: Record<string, unknown> | undefined): { hi: string; n: number } | null {
  const n = Number(row?.n ?? 0);
  if (!row || n === 0) return null;
  if (key.parts.length === 1) return { hi: keyText(row.hi), n };
  return { hi: JSON.stringify(key.parts.map((_p, i) => keyText(row[`k${i}`]))), n };
}

/** Builds the statements a chunk sends. */
export function chunkStatements(t: PurgeTarget): ChunkStatements {
  const where = checkCondition(t.where);
  const tbl = quoteQualified(t.schema, t.table);
  const cols = t.key.parts.map((p) => quoteIdent(p.column));
  const order = cols.join(', ');
  const cond = `(${where}\n)`;
  const after = keyCompare(t.key, '>');
  const upto = keyCompare(t.key, '<=');
  const inner = (lo: boolean) =>
    `SELECT ${order} FROM ${tbl} FORCE INDEX (PRIMARY) WHERE ${lo ? `${after} AND ` : ''}${cond} ORDER BY ${order} LIMIT ${t.chunk}`;
  // One column: its MAX over the chunk. Several: the chunk's last tuple, with the chunk's row count beside it.
  const bound = (lo: boolean) =>
    cols.length === 1
      ? `SELECT MAX(c.${cols[0]}) AS hi, COUNT(*) AS n FROM (${inner(lo)}) AS c`
      : `SELECT ${cols.map((c, i) => `c.${c} AS k${i}`).join(', ')}, COUNT(*) OVER () AS n FROM (${inner(lo)}) AS c ORDER BY ${cols.map((c) => `c.${c} DESC`).join(', ')} LIMIT 1`;
  const range = (lo: boolean) => `${lo ? `${after} AND ` : ''}${upto} AND ${cond}`;
  const archive =
    t.archive.kind === 'table'
      ? {
          first: `INSERT INTO ${quoteQualified(t.archive.schema, t.archive.table)} SELECT * FROM ${tbl} WHERE ${range(false)}`,
          next: `INSERT INTO ${quoteQualified(t.archive.schema, t.archive.table)} SELECT * FROM ${tbl} WHERE ${range(true)}`,
        }
      : null;
  const cp = quoteQualified(t.schema, CHECKPOINT_TABLE);
  const fetch =
    t.archive.kind === 'file'
      ? { first: `SELECT * FROM ${tbl} WHERE ${range(false)} FOR UPDATE`, next: `SELECT * FROM ${tbl} WHERE ${range(true)} FOR UPDATE` }
      : null;
  return {
    bound: { first: bound(false), next: bound(true) },
    archive,
    fetch,
    remove: { first: `DELETE FROM ${tbl} WHERE ${range(false)}`, next: `DELETE FROM ${tbl} WHERE ${range(true)}` },
    checkpoint:
      `INSERT INTO ${cp} (job_id, table_name, condition_sql, last_key, rows_done, chunks_done, archive_file, archive_offset, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW(6)) ` +
      `ON DUPLICATE KEY UPDATE last_key = ?, rows_done = ?, chunks_done = ?, archive_file = ?, archive_offset = ?, updated_at = NOW(6)`,
  };
}

/** The checkpoint table: one row per job, written in each chunk's transaction. */
export function checkpointDdl(schema: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${quoteQualified(schema, CHECKPOINT_TABLE)} (` +
    'job_id CHAR(16) NOT NULL, table_name VARCHAR(200) NOT NULL, condition_sql TEXT NOT NULL, ' +
    'last_key VARCHAR(255) NOT NULL, rows_done BIGINT UNSIGNED NOT NULL, chunks_done BIGINT UNSIGNED NOT NULL, ' +
    'archive_file VARCHAR(1024) NULL, archive_offset BIGINT UNSIGNED NULL, ' +
    'updated_at DATETIME(6) NOT NULL, PRIMARY KEY (job_id)) ENGINE=InnoDB'
  );
}

/** Adds the archive file's columns to a checkpoint table created before files could be archived. */
export function checkpointUpgradeDdl(schema: string): string {
  return `ALTER TABLE ${quoteQualified(schema, CHECKPOINT_TABLE)} ADD COLUMN archive_file VARCHAR(1024) NULL, ADD COLUMN archive_offset BIGINT UNSIGNED NULL`;
}

/** The archive table, created with the source's structure when it does not exist. */
export function archiveDdl(t: Pick<PurgeTarget, 'schema' | 'table' | 'archive'>): string | null {
  if (t.archive.kind !== 'table') return null;
  return `CREATE TABLE IF NOT EXISTS ${quoteQualified(t.archive.schema, t.archive.table)} LIKE ${quoteQualified(t.schema, t.table)}`;
}

/** The dry run's exact count of rows a run would delete (params: {@link boundParams} of the checkpoint when resuming). */
export function countSql(t: Pick<PurgeTarget, 'schema' | 'table' | 'where' | 'key'>, resuming: boolean): string {
  const where = checkCondition(t.where);
  return `SELECT COUNT(*) AS n FROM ${quoteQualified(t.schema, t.table)} WHERE ${resuming ? `${keyCompare(t.key, '>')} AND ` : ''}(${where}\n)`;
}

/** A key read from the server as the text a checkpoint stores. */
export function keyText(value: unknown): string {
  if (value === null || value === undefined) throw new AppError('INTERNAL', 'A chunk bound came back NULL');
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}
