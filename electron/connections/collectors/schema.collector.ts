/**
 * Live schema snapshot for the index advisor, read from information_schema (tables, columns,
 * indexes with order, visibility and cardinality, foreign keys), per-index sizes from
 * mysql.innodb_index_stats, and optional sampled column selectivity.
 * https://dev.mysql.com/doc/refman/8.4/en/information-schema-statistics-table.html
 */
import type { SchemaIndex, SchemaSnapshot, SchemaTable, WorkloadQuery } from '../../../shared/contract/advisor';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { advisorCapabilities, type AdvisorCapabilities } from '../../engines/advisor/capabilities';
import { maxKeyBytes } from '../../engines/advisor/column-size';
import type { IndexUsageSnapshot } from '../../engines/advisor/unused';
import { workloadFromDigests, type DigestRow } from '../../engines/advisor/workload';
import type { SqlReader } from '../sql-reader';

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
  const notes: string[] = [];
  const tables = await reader.query<{ name: string; engine: string | null; rows: number | null; data: number | null; idx: number | null }>(
    `SELECT TABLE_NAME AS name, ENGINE AS engine, TABLE_ROWS AS \`rows\`, DATA_LENGTH AS data, INDEX_LENGTH AS idx
       FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [database],
  );
  const byName = new Map<string, SchemaTable>();
  for (const t of tables) {
    byName.set(t.name, {
      schema: database,
      name: t.name,
      engine: t.engine,
      rows: num(t.rows),
      dataBytes: num(t.data),
      indexBytes: num(t.idx),
      columns: [],
      indexes: [],
      foreignKeys: [],
    });
  }
  const cols = await reader.query<{
    t: string;
    name: string;
    ctype: string;
    dtype: string;
    len: number | null;
    nullable: string;
    cs: string | null;
    prec: number | null;
  }>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS name, COLUMN_TYPE AS ctype, DATA_TYPE AS dtype, CHARACTER_MAXIMUM_LENGTH AS len,
            IS_NULLABLE AS nullable, CHARACTER_SET_NAME AS cs, NUMERIC_PRECISION AS prec
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  );
  for (const c of cols) {
    const dtype = String(c.dtype).toLowerCase();
    const len = /char|binary/.test(dtype) ? num(c.len) : null;
    byName.get(c.t)?.columns.push({
      name: c.name,
      columnType: String(c.ctype),
      dataType: dtype,
      charLength: len,
      maxBytes: maxKeyBytes(dtype, len, c.cs, num(c.prec)),
      nullable: c.nullable === 'YES',
      charset: c.cs,
      selectivity: null,
    });
  }
  // Visibility column differs by flavor: IS_VISIBLE (MySQL 8+), IGNORED (MariaDB 10.6+).
  const visibility = caps.invisibleIndexes ? 'IS_VISIBLE' : caps.ignoredIndexes ? "IF(IGNORED = 'YES', 'NO', 'YES')" : "'YES'";
  const stats = await reader.query<{
    t: string;
    idx: string;
    nonUnique: number | string;
    seq: number;
    col: string | null;
    sub: number | null;
    coll: string | null;
    card: number | null;
    type: string;
    vis: string;
  }>(
    `SELECT TABLE_NAME AS t, INDEX_NAME AS idx, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq, COLUMN_NAME AS col, SUB_PART AS sub,
            COLLATION AS coll, CARDINALITY AS card, INDEX_TYPE AS type, ${visibility} AS vis
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX`,
    [database],
  );
  for (const s of stats) {
    const table = byName.get(s.t);
    if (!table) continue;
    if (s.col === null) {
      notes.push(`${s.t}.${s.idx} is a functional index; not modelled.`);
      continue;
    }
    let idx = table.indexes.find((i) => i.name === s.idx);
    if (!idx) {
      const type = String(s.type).toUpperCase();
      idx = {
        name: s.idx,
        columns: [],
        unique: Number(s.nonUnique) === 0,
        primary: s.idx === 'PRIMARY',
        kind: (['FULLTEXT', 'SPATIAL', 'HASH'].includes(type) ? type : 'BTREE') as SchemaIndex['kind'],
        visible: String(s.vis).toUpperCase() !== 'NO',
        sizeBytes: null,
      };
      table.indexes.push(idx);
    }
    idx.columns.push({ name: s.col, subPart: num(s.sub), direction: s.coll === 'D' ? 'DESC' : 'ASC', cardinality: num(s.card) });
  }
  const fks = await reader.query<{ t: string; name: string; col: string; rt: string; rc: string }>(
    `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_NAME AS rt, REFERENCED_COLUMN_NAME AS rc
       FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    [database],
  );
  for (const f of fks) {
    const table = byName.get(f.t);
    if (!table) continue;
    let fk = table.foreignKeys.find((x) => x.name === f.name);
    if (!fk) {
      fk = { name: f.name, columns: [], refTable: f.rt, refColumns: [] };
      table.foreignKeys.push(fk);
    }
    fk.columns.push(f.col);
    fk.refColumns.push(f.rc);
  }
  await indexSizes(reader, database, byName, notes);
  if (options.sample) await sampleSelectivity(reader, database, byName, options.sample, notes);
  return { source: 'live', flavor: caps.flavor, version: caps.version, tables: [...byName.values()], unparsed: [], notes };
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

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Index usage counters for the unused-index check (MySQL performance_schema, MariaDB user statistics). */
export async function collectIndexUsage(reader: SqlReader, database: string, caps: AdvisorCapabilities): Promise<IndexUsageSnapshot> {
  const [up] = await reader.query<{ Value: string }>("SHOW GLOBAL STATUS LIKE 'Uptime'");
  const countersAgeSec = up ? Number(up.Value) : null;
  if (caps.userStatistics) {
    const [stat] = await reader.query<{ on: number | string }>('SELECT @@userstat AS `on`');
    if (Number(stat?.on) !== 1 && String(stat?.on).toUpperCase() !== 'ON') {
      return {
        source: 'unavailable',
        countersAgeSec,
        indexReads: [],
        tableActivity: [],
        note: 'Index usage needs user statistics: SET GLOBAL userstat=1 (and userstat=1 in my.cnf to keep it), then let the workload run.',
      };
    }
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
