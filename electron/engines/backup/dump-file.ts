/**
 * A SQL dump's file in its backup folder: its name says its compression (`dump.sql`,
 * `dump.sql.zst`, `dump.sql.gz`), and the manifest says which one was written (a manifest from
 * before zstd that says `compressed` means gzip).
 */
import type { DumpCompression } from '../../../shared/contract/backup';

/** The dump file's name without compression. */
export const DUMP_SQL = 'dump.sql';

/** The SQL dump's file name for a compression (null: none). */
export function dumpFileName(compression: DumpCompression | null): string {
  return compression === 'zstd' ? `${DUMP_SQL}.zst` : compression === 'gzip' ? `${DUMP_SQL}.gz` : DUMP_SQL;
}

/** The command a DBA types to read the dump file to standard output, or null when it is plain SQL. */
export function decompressCommandText(compression: DumpCompression | null, file: string): string | null {
  return compression === 'zstd' ? `zstd -dc ${file}` : compression === 'gzip' ? `gunzip -c ${file}` : null;
}
