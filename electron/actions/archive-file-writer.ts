/**
 * The purge's archive file on disk. Each chunk's rows are appended and fsync'd before the chunk's
 * DELETE commits, and the checkpoint row (committed with the DELETE) records the file's size, so
 * the server decides what the file holds: a resumed run cuts the file back to the checkpointed
 * size, dropping the rows of a chunk that was written but never committed, and a fresh run never
 * appends to a file that already holds rows (it could not tell committed rows from the others).
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/contract/core';

/** An open archive file, positioned at its committed end. */
export interface ArchiveFileWriter {
  readonly path: string;
  /** Bytes the file holds that a committed checkpoint accounts for (or that were just written, before the commit). */
  readonly bytes: number;
  /** Appends and fsyncs; resolves to the new size (what the chunk's checkpoint records). */
  append(data: Buffer): number;
  /** Cuts the file back to `bytes` (a chunk rolled back before its commit) and fsyncs. */
  truncate(bytes: number): void;
  close(): void;
}

function fsyncDir(path: string): void {
  // Makes a new file's directory entry durable too; a directory that cannot be opened is skipped.
  try {
    const fd = openSync(dirname(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not every file system lets a directory be opened for fsync */
  }
}

function ioError(path: string, err: unknown): AppError {
  return new AppError('BAD_INPUT', `Archive file ${path}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Opens the archive file. `resumeBytes` is the checkpoint's size when the run resumes the file
 * the checkpoint names, or null for a fresh file; `header` starts a fresh file (CSV's header line).
 */
export function openArchiveFile(path: string, resumeBytes: number | null, header: Buffer): ArchiveFileWriter {
  let fd: number;
  let bytes: number;
  try {
    if (resumeBytes === null) {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, 'a+');
      if (fstatSync(fd).size > 0) {
        closeSync(fd);
        throw new AppError(
          'BAD_INPUT',
          `Archive file ${path} already holds rows: a new purge writes a new file (resume the job to continue it, or put %Y-%m-%d %H%i%s in the name)`,
        );
      }
      closeSync(fd);
      fd = openSync(path, 'r+');
      bytes = 0;
      if (header.length > 0) bytes += writeSync(fd, header, 0, header.length, 0);
      fsyncSync(fd);
      fsyncDir(path);
    } else {
      fd = openSync(path, 'r+');
      const size = fstatSync(fd).size;
      if (size < resumeBytes) {
        closeSync(fd);
        throw new AppError(
          'BAD_INPUT',
          `Archive file ${path} holds ${size} bytes but the checkpoint recorded ${resumeBytes}: rows the server deleted are missing from it, so the purge does not continue it`,
        );
      }
      // Rows written after the last committed chunk belong to a chunk the server rolled back.
      if (size > resumeBytes) ftruncateSync(fd, resumeBytes);
      fsyncSync(fd);
      bytes = resumeBytes;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw ioError(path, err);
  }
  const handle = fd;
  return {
    path,
    get bytes() {
      return bytes;
    },
    append(data) {
      try {
        let off = 0;
        while (off < data.length) off += writeSync(handle, data, off, data.length - off, bytes + off);
        fsyncSync(handle);
      } catch (err) {
        throw ioError(path, err);
      }
      bytes += data.length;
      return bytes;
    },
    truncate(to) {
      try {
        ftruncateSync(handle, to);
        fsyncSync(handle);
      } catch (err) {
        throw ioError(path, err);
      }
      bytes = to;
    },
    close() {
      try {
        closeSync(handle);
      } catch {
        /* already closed */
      }
    },
  };
}
