import type { BackupConsistency, BackupManifest, BinlogPosition, DumpCompression } from './contract/backup';

/**
 * One line on how a backup's checksums relate to its dump, as the Backups panel and `dbw backup`
 * print it; null for a manifest written before this was recorded.
 */
export function consistencyText(c: BackupConsistency | undefined): string | null {
  if (!c) return null;
  if (c.checksums === 'dump-snapshot') return `checksums read in the dump's snapshot (commits waited ${c.lockMs} ms for the global read lock)`;
  return `checksums read after the dump, so a table written meanwhile will not verify: ${c.reason}`;
}

/** The compression of a manifest's SQL dump, or null when it is not compressed (a manifest from before zstd that says compressed means gzip). */
export function dumpCompressionOf(manifest: Pick<BackupManifest, 'compressed' | 'compression'>): DumpCompression | null {
  return manifest.compressed ? (manifest.compression ?? 'gzip') : null;
}

/** How the backup's files are stored, as the panel and `dbw backup` print it after their size. */
export function storageText(manifest: Pick<BackupManifest, 'compressed' | 'compression' | 'tool'>): string {
  if (manifest.tool === 'mariadb-backup') return 'physical copy';
  return dumpCompressionOf(manifest) ?? 'uncompressed';
}

/** Where the backup's binlog stood, as the panel and `dbw backup` print it: `file:position`, off, or why it is unknown. */
export function binlogText(b: BinlogPosition): string {
  if (b.file) return `binlog ${b.file}${b.position !== null ? `:${b.position}` : ''}`;
  if (b.unreadable) return `binlog position not read (${b.unreadable})`;
  return 'binlog off';
}
