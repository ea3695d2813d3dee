/**
 * Live schema snapshot for the index advisor: information_schema through the one collector every
 * feature reads it with (tables, columns, indexes with order, visibility and cardinality, foreign
 * keys), per-index sizes from mysql.innodb_index_stats, and optional sampled column selectivity.
 * https://dev.mysql.com/doc/refman/8.4/en/information-schema-statistics-table.html
 */
import type { SchemaSnapshot, SchemaTable, WorkloadQuery } from '../../../shared/contract/advisor';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { advisorCapabilities, type AdvisorCapabilities } from '../../engines/advisor/capabilities';
import { tablesFromInformationSchema } from '../../engines/advisor/schema-live';
import type { IndexUsageSnapshot } from '../../engines/advisor/unused';
import type { WriteCounters } from '../../engines/advisor/write-rates';
import { workloadFromDigests, type DigestRow } from '../../engines/advisor/workload';
import type { SqlReader } from '../sql-reader';
import { readInformationSchema } from './information-schema.collector';

/** What to collect. */
export interface CollectSchemaOptions {
  /** Sample COUNT(DISTINCT col)/COUNT(*) over at most this many rows for these `table.column`s. */
  readonly sample?: { readonly columns: readonly string[]; readonly maxRows: number };
}

/** Reads the server version into advisor capabilities. */
export async function collectCapabilities(reader: SqlReader): Promise<AdvisorCapabilities> {
  const [row] = await reader.query<{ v: string; c: string | null }>('SELECT VERSION() AS v, @@version_comment AS c');
  return advisorCapabilities(String(row?.v ?? ''), String(row?.c ?? ''));
}

/** Collects the schema of one database (read-only). */
export async function collectSchema(reader: SqlReader, database: string, options: CollectSchemaOptions = {}): Promise<SchemaSnapshot> {
  const caps = await collectCapabilities(reader);
  const rows = await readInformationSchema(reader, {
    schemas: [database],
    foreignKeys: true,
    indexVisibility: caps.invisibleIndexes ? 'is_visible' : caps.ignoredIndexes ? 'ignored' : 'none',
  });
  const { tables, notes } = tablesFromInformationSchema(rows, database);
  const byName = new Map(tables.map((t) => [t.name, t]));
  await indexSizes(reader, database, byName, notes);
  if (options.sample) await sampleSelectivity(reader, database, byName, options.sample, notes);
  return { source: 'live', flavor: caps.flavor, version: caps.version, tables, unparsed: [], notes };
}

/** Per-index bytes: mysql.innodb_index_stats 'size' pages × innodb_page_size (persistent stats). */
async function indexSizes(reader: SqlReader, database: string, byName: Map<string, SchemaTable>, notes: string[]): Promise<void> {
  try {
    const rows = await reader.query<{ t: string; idx: string; pages: number }>(
      `SELECT table_name AS t, index_name AS idx, stat_value AS pages FROM mysql.innodb_index_stats WHERE database_name = ? AND stat_name = 'size'`,
      [database],
    );
    const [ps] = await reader.query<{ ps: number }>('SELECT @@innodb_page_size AS ps');
    const page = Number(ps?.ps ?? 16384);
    for (const r of rows) {
      const idx = byName.get(r.t)?.indexes.find((i) => i.name === r.idx);
      if (idx) idx.sizeBytes = Number(r.pages) * page;
    }
  } catch (e) {
    notes.push(`Per-index sizes unavailable (mysql.innodb_index_stats: ${e instanceof Error ? e.message : String(e)}); sizes are estimated.`);
  }
}

/** COUNT(DISTINCT col)/COUNT(*) over a bounded sample of each requested column. */
async function sampleSelectivity(
  reader: SqlReader,
  database: string,
  byName: Map<string, SchemaTable>,
  sample: NonNullable<CollectSchemaOptions['sample']>,
  notes: string[],
): Promise<void> {
  const limit = Math.max(1, Math.floor(sample.maxRows));
  for (const spec of sample.columns) {
    const [t, c] = spec.split('.');
    const col = t && c ? byName.get(t)?.columns.find((x) => x.name === c) : undefined;
    if (!t || !col) {
      notes.push(`Sample: unknown column ${spec}.`);
      continue;
    }
    const [row] = await reader.query<{ d: number; n: number }>(
      `SELECT COUNT(DISTINCT s.v) AS d, COUNT(*) AS n FROM (SELECT ${quoteIdent(col.name)} AS v FROM ${quoteQualified(database, t)} LIMIT ${limit}) AS s`,
    );
    col.selectivity = row && Number(row.n) > 0 ? Number(row.d) / Number(row.n) : null;
  }
  notes.push(`Selectivity sampled over at most ${limit} rows per column.`);
}

/** Index usage counters for the unused-index check (MySQL performance_schema, MariaDB user statistics). */
export async function collectIndexUsage(reader: SqlReader, database: string, caps: AdvisorCapabilities): Promise<IndexUsageSnapshot> {
  const [up] = await reader.query<{ Value: string }>("SHOW GLOBAL STATUS LIKE 'Uptime'");
  const countersAgeSec = up ? Number(up.Value) : null;
  let userstat = caps.userStatistics;
  if (userstat) {
    const [stat] = await reader.query<{ on: number | string; ps: number | string }>('SELECT @@userstat AS `on`, @@performance_schema AS ps');
    userstat = Number(stat?.on) === 1 || String(stat?.on).toUpperCase() === 'ON';
    // Without user statistics MariaDB still counts index reads in performance_schema when it is on.
    if (!userstat && Number(stat?.ps) !== 1 && String(stat?.ps).toUpperCase() !== 'ON') {
      return {
        source: 'unavailable',
        countersAgeSec,
        indexReads: [],
        tableActivity: [],
        note: 'Index usage cannot be known: user statistics are off and performance_schema is disabled. SET GLOBAL userstat=1 (and userstat=1 in my.cnf to keep it), then let the workload run.',
      };
    }
  }
  if (userstat) {
    const idx = await reader.query<{ t: string; i: string; r: number }>(
      'SELECT TABLE_NAME AS t, INDEX_NAME AS i, ROWS_READ AS r FROM information_schema.INDEX_STATISTICS WHERE TABLE_SCHEMA = ?',
      [database],
    );
    const tbl = await reader.query<{ t: string; r: number; w: number }>(
      'SELECT TABLE_NAME AS t, ROWS_READ AS r, ROWS_CHANGED AS w FROM information_schema.TABLE_STATISTICS WHERE TABLE_SCHEMA = ?',
      [database],
    );
    return {
      source: 'user_statistics',
      countersAgeSec,
      indexReads: idx.map((x) => ({ table: x.t, index: x.i, reads: Number(x.r) })),
      tableActivity: tbl.map((x) => ({ table: x.t, reads: Number(x.r), writes: Number(x.w) })),
      note: 'MariaDB user statistics count since server start or the last FLUSH INDEX_STATISTICS.',
    };
  }
  try {
    const rows = await reader.query<{ t: string; i: string | null; r: number; w: number }>(
      'SELECT OBJECT_NAME AS t, INDEX_NAME AS i, COUNT_READ AS r, COUNT_WRITE AS w FROM performance_schema.table_io_waits_summary_by_index_usage WHERE OBJECT_SCHEMA = ?',
      [database],
    );
    const activity = new Map<string, { table: string; reads: number; writes: number }>();
    for (const r of rows) {
      const a = activity.get(r.t) ?? { table: r.t, reads: 0, writes: 0 };
      a.reads += Number(r.r);
      a.writes += Number(r.w);
      activity.set(r.t, a);
    }
    return {
      source: 'performance_schema',
      countersAgeSec,
      indexReads: rows.filter((r) => r.i !== null).map((r) => ({ table: r.t, index: r.i!, reads: Number(r.r) })),
      tableActivity: [...activity.values()],
      note: 'performance_schema counters run since server start or the last TRUNCATE of table_io_waits_summary_by_index_usage.',
    };
  } catch (e) {
    return {
      source: 'unavailable',
      countersAgeSec,
      indexReads: [],
      tableActivity: [],
      note: `performance_schema index usage unavailable: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** The workload as performance_schema digests of one schema (heaviest first). */
export async function collectDigestWorkload(reader: SqlReader, database: string, caps: AdvisorCapabilities, limit = 200): Promise<WorkloadQuery[]> {
  const sample = caps.digestSampleText ? 'QUERY_SAMPLE_TEXT' : 'NULL';
  const rows = await reader.query<DigestRow>(
    `SELECT SCHEMA_NAME, DIGEST_TEXT, ${sample} AS QUERY_SAMPLE_TEXT, COUNT_STAR, SUM_TIMER_WAIT, SUM_ROWS_EXAMINED
       FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = ? AND DIGEST_TEXT IS NOT NULL
      ORDER BY SUM_TIMER_WAIT DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    [database],
  );
  return workloadFromDigests(rows).filter((q) => /^\s*(select|update|delete|insert|replace|with)\b/i.test(q.sql));
}

/** Com_* statements that write rows, counted server-wide (the fallback when no per-table counter runs). */
const WRITE_COMS = ['Com_insert', 'Com_insert_select', 'Com_replace', 'Com_replace_select', 'Com_update', 'Com_update_multi', 'Com_delete', 'Com_delete_multi'];

/**
 * The server's write counters for one schema's tables: performance_schema table I/O (rows inserted,
 * updated, deleted per table) when it runs, MariaDB user statistics (rows changed) otherwise, and
 * the server-wide Com_* statement counts as the last resort; all since server start (Uptime).
 */
export async function collectWriteCounters(reader: SqlReader, database: string, caps: AdvisorCapabilities): Promise<WriteCounters> {
  const status = await reader.query<{ Variable_name: string; Value: string }>(
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${['Uptime', ...WRITE_COMS].map((v) => `'${v}'`).join(', ')})`,
  );
  const value = (name: string): number => Number(status.find((r) => r.Variable_name.toLowerCase() === name.toLowerCase())?.Value ?? 0);
  const windowSec = value('Uptime');
  // An account without SELECT on performance_schema (or information_schema user statistics) falls through to Com_*.
  try {
    const [ps] = await reader.query<{ on: number | string }>('SELECT @@performance_schema AS `on`');
    if (Number(ps?.on) === 1) {
      const rows = await reader.query<{ t: string; w: number | string }>(
        `SELECT OBJECT_NAME AS t, COUNT_INSERT + COUNT_UPDATE + COUNT_DELETE AS w
           FROM performance_schema.table_io_waits_summary_by_table WHERE OBJECT_TYPE = 'TABLE' AND OBJECT_SCHEMA = ?`,
        [database],
      );
      return { source: 'performance_schema', windowSec, perTable: Object.fromEntries(rows.map((r) => [r.t.toLowerCase(), Number(r.w)])), global: null };
    }
    if (caps.userStatistics) {
      const [stat] = await reader.query<{ on: number | string }>('SELECT @@userstat AS `on`');
      if (Number(stat?.on) === 1 || String(stat?.on).toUpperCase() === 'ON') {
        const rows = await reader.query<{ t: string; w: number | string }>(
          'SELECT TABLE_NAME AS t, ROWS_CHANGED AS w FROM information_schema.TABLE_STATISTICS WHERE TABLE_SCHEMA = ?',
          [database],
        );
        return { source: 'user_statistics', windowSec, perTable: Object.fromEntries(rows.map((r) => [r.t.toLowerCase(), Number(r.w)])), global: null };
      }
    }
  } catch {
    // Not readable by this account: the server-wide counters below.
  }
  return { source: 'com_counters', windowSec, perTable: null, global: WRITE_COMS.reduce((s, c) => s + value(c), 0) };
}
