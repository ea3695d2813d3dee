/**
 * Uploaded slow logs (a file dropped in the browser, a large paste) on disk until they are
 * digested: written to `<id>.part` and renamed to `<id>` only once whole, so a digest never
 * reads half an upload; capped in size (TOO_LARGE); a .gz is checked while it streams in, so a
 * corrupt archive is refused at once (BAD_INPUT) instead of failing its digest later. Whatever
 * fails or is aborted leaves no file behind, and uploads nobody digested are swept after a
 * retention period and when the host starts.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import { AppError } from '../../../shared/contract/core';
import { fmtBytes } from '../../engines/tuner/units';

/** Largest upload accepted by default: a big day of slow log, far below what fills a disk by accident. */
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** How long an upload nobody digested is kept by default. */
export const DEFAULT_UPLOAD_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A stored upload. */
export interface StoredUpload {
  uploadId: string;
  bytes: number;
}

/** The error of an upload over the cap (thrown before reading when its declared length says so). */
export function uploadTooLarge(maxBytes: number): AppError {
  return new AppError(
    'TOO_LARGE',
    `The upload is larger than ${fmtBytes(maxBytes)}; open the file from its path instead, or raise the limit (dbw serve --max-upload-mb).`,
    {
      maxBytes,
    },
  );
}

/**
 * Stores `source` under `dir` as a new upload. Refuses it (and removes what was written) when it
 * grows past `maxBytes`, when it starts as a gzip stream that does not decompress, or when the
 * source fails or is aborted.
 */
export async function receiveUpload(source: AsyncIterable<Buffer | Uint8Array>, dir: string, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<StoredUpload> {
  const uploadId = randomUUID();
  const part = join(dir, `${uploadId}.part`);
  let bytes = 0;
  let gz: Gunzip | undefined;
  let gzError: Error | undefined;
  let first = true;
  const check = async function* (chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
    for await (const c of chunks) {
      const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c);
      bytes += chunk.length;
      if (bytes > maxBytes) throw uploadTooLarge(maxBytes);
      if (first && chunk.length > 0) {
        first = false;
        if (chunk[0] === 0x1f && (chunk.length < 2 || chunk[1] === 0x8b)) {
          gz = createGunzip();
          gz.on('error', (e) => (gzError = e));
          gz.resume();
        }
      }
      if (gz) {
        if (gzError) throw corruptGzip(gzError);
        if (!gz.write(chunk)) await drained(gz, () => gzError);
      }
      yield chunk;
    }
    if (gz) {
      await new Promise<void>((ok) => {
        gz!.once('end', ok);
        gz!.once('error', () => ok());
        gz!.end();
        if (gzError) ok();
      });
      if (gzError) throw corruptGzip(gzError);
    }
  };
  try {
    await pipeline(source, check, createWriteStream(part, { mode: 0o600 }));
    await rename(part, join(dir, uploadId));
  } catch (err) {
    gz?.destroy();
    await rm(part, { force: true });
    if (err instanceof AppError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ECONNRESET' || e.code === 'ERR_STREAM_PREMATURE_CLOSE' || e.name === 'AbortError')
      throw new AppError('CANCELLED', 'The upload was aborted before its end');
    throw err;
  }
  return { uploadId, bytes };
}

function corruptGzip(e: Error): AppError {
  return new AppError('BAD_INPUT', `The upload starts as a .gz file but does not decompress (${e.message}); is it cut short or damaged?`);
}

/** Resolves once the gunzip takes more input, or as soon as it has failed. */
function drained(gz: Gunzip, failed: () => Error | undefined): Promise<void> {
  return new Promise((ok) => {
    if (failed()) return ok();
    const done = (): void => {
      gz.off('drain', done);
      gz.off('error', done);
      ok();
    };
    gz.on('drain', done);
    gz.on('error', done);
  });
}

/**
 * Removes the uploads (and partial ones) under `dir` last written more than `maxAgeMs` ago;
 * `maxAgeMs` 0 removes them all. Returns how many it removed. A missing folder holds none.
 */
export async function sweepUploads(dir: string, maxAgeMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!/^[0-9a-f-]{36}(\.part)?$/.test(name)) continue;
    const file = join(dir, name);
    try {
      const st = await stat(file);
      if (!st.isFile() || now - st.mtimeMs < maxAgeMs) continue;
      await rm(file, { force: true });
      removed++;
    } catch {
      // Removed meanwhile (digested): nothing to do.
    }
  }
  return removed;
}
