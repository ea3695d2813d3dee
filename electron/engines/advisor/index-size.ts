/**
 * Size of a new InnoDB secondary index, as mysql.innodb_index_stats will measure it ('size': pages
 * allocated × page size) once ALTER TABLE … ADD INDEX has built it: records of key + primary key
 * + the record header, packed into pages by the sorted bulk build, then allocated the way a file
 * segment grows (32 single pages, then whole 64-page extents), leaf and non-leaf segments apart.
 * Checked against the measured size on MariaDB 10.11 and MySQL 9.7 (integration test, ±25 %).
 * https://dev.mysql.com/doc/refman/8.4/en/innodb-physical-record.html
 * https://dev.mysql.com/doc/refman/8.4/en/sorted-index-builds.html
 */
import type { SchemaTable } from '../../../shared/contract/advisor';
import { bytesPerChar, typicalKeyBytes } from './column-size';
import { prefixSampleKey } from './prefix-length';

/** Average stored bytes of string columns, sampled when connected, keyed `table.column` lower-case. */
export type ColumnWidths = Readonly<Record<string, number>>;

/** InnoDB's default page size. */
export const DEFAULT_PAGE_BYTES = 16384;
/** Page header, infimum/supremum and trailer: bytes of a page no record can use. */
const PAGE_OVERHEAD = 130;
/** Share of a page the sorted build fills (innodb_fill_factor=100 leaves a little room; measured ~98 %). */
const BUILD_FILL = 0.98;
/** Record header of COMPACT/DYNAMIC rows, and one page-directory slot per ~6 records (2 bytes). */
const RECORD_HEADER = 5;
const DIRECTORY_PER_RECORD = 2 / 6;
/** A node pointer's child page number. */
const CHILD_POINTER = 4;
/** Pages a segment takes one at a time before it grows by whole extents. */
const FRAGMENT_PAGES = 32;

/** One key column (whole, or its first `subPart` characters). */
export interface SizedColumn {
  readonly name: string;
  readonly subPart: number | null;
}

/** What a new index's estimate is made of. */
export interface IndexSizeEstimate {
  readonly bytes: number;
  /** Bytes of one leaf record (key + primary key + header). */
  readonly recordBytes: number;
  readonly leafPages: number;
  /** Whether string widths came from the data (sampled averages) or from the declared types. */
  readonly widths: 'sampled' | 'declared';
}

/**
 * Estimates the bytes a new secondary index on `columns` of `table` takes once built over `rows`
 * rows (pure). The primary key's columns are appended to each record, as InnoDB does, unless the
 * key already holds them.
 */
export function estimateIndexSize(
  table: SchemaTable | null,
  tableName: string,
  columns: readonly SizedColumn[],
  rows: number,
  widths: ColumnWidths = {},
  pageBytes = DEFAULT_PAGE_BYTES,
): IndexSizeEstimate {
  let sampled = false;
  const width = (c: SizedColumn): { bytes: number; variable: boolean; nullable: boolean } => {
    const col = table?.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
    if (!col) return { bytes: 8, variable: false, nullable: false };
    const t = col.dataType.toLowerCase();
    const variable = /char|binary|text|blob|json/.test(t);
    const unit = /binary|blob/.test(t) ? 1 : bytesPerChar(col.charset);
    const avg = widths[prefixSampleKey(tableName, col.name)];
    let bytes: number;
    if (variable && avg !== undefined) {
      sampled = true;
      // A prefix keeps at most subPart characters of the average value.
      bytes = c.subPart === null ? avg : Math.min(avg, c.subPart * unit);
      // CHAR in a multi-byte charset still takes at least its declared length in bytes.
      if (t === 'char' && col.charLength !== null) bytes = Math.max(bytes, col.charLength);
    } else {
      const whole = typicalKeyBytes(col.dataType, col.maxBytes) - (t === 'varchar' || t === 'varbinary' ? 2 : 0);
      bytes = c.subPart === null ? whole : Math.min(whole, c.subPart * unit);
    }
    return { bytes, variable, nullable: col.nullable };
  };
  const keyCols = columns.map(width);
  const keyNames = new Set(columns.filter((c) => c.subPart === null).map((c) => c.name.toLowerCase()));
  const pk = (table?.indexes.find((i) => i.primary)?.columns ?? []).filter((c) => !keyNames.has(c.name.toLowerCase()));
  // No primary key: InnoDB's hidden 6-byte row id.
  const pkCols =
    table && !table.indexes.some((i) => i.primary)
      ? [{ bytes: 6, variable: false, nullable: false }]
      : pk.map((c) => width({ name: c.name, subPart: c.subPart }));
  const all = [...keyCols, ...pkCols];
  const data = all.reduce((s, c) => s + c.bytes, 0);
  // Variable-length header: one byte per variable column (two past 127 bytes); null bitmap: a bit per nullable column.
  const varHeader = all.reduce((s, c) => s + (c.variable ? (c.bytes > 127 ? 2 : 1) : 0), 0);
  const nullBitmap = Math.ceil(all.filter((c) => c.nullable).length / 8);
  const recordBytes = RECORD_HEADER + nullBitmap + varHeader + data;
  const usable = (pageBytes - PAGE_OVERHEAD) * BUILD_FILL;
  const n = Math.max(0, rows);
  const leafPages = Math.max(1, Math.ceil((n * (recordBytes + DIRECTORY_PER_RECORD)) / usable));
  // Non-leaf levels: one node pointer (the record's fields + child page number) per page below.
  let nonLeaf = 0;
  for (let below = leafPages; below > 1;) {
    const level = Math.ceil((below * (recordBytes + CHILD_POINTER + DIRECTORY_PER_RECORD)) / usable);
    nonLeaf += level;
    below = level;
  }
  // A one-page index is its root alone; otherwise the root is in the non-leaf segment.
  const pages = leafPages === 1 ? 1 : allocated(leafPages, pageBytes) + allocated(nonLeaf, pageBytes);
  return { bytes: pages * pageBytes, recordBytes: Math.round(recordBytes * 10) / 10, leafPages, widths: sampled ? 'sampled' : 'declared' };
}

/** Pages a file segment holding `pages` pages has allocated: single pages first, then extents (1 MiB up to 16 KiB pages, 64 pages above). */
function allocated(pages: number, pageBytes: number): number {
  const extent = pageBytes <= DEFAULT_PAGE_BYTES ? Math.round((1024 * 1024) / pageBytes) : 64;
  return pages <= FRAGMENT_PAGES ? pages : FRAGMENT_PAGES + Math.ceil((pages - FRAGMENT_PAGES) / extent) * extent;
}
