import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PassThrough, Transform } from 'node:stream';
import { AppError } from '../../../shared/contract/core';

/**
 * A SQL dump restored from its bytes as they are written to the backup file, so that a verified
 * backup costs about the longer of the dump and the restore, not their sum. `feed` passes each
 * chunk on (holding the dump back while the restore is behind; a restore that failed takes
 * nothing more), `source` is what the restore reads, and `checkFile` proves afterwards that the
 * file holds exactly the bytes that went to disk: their SHA-256, taken on the way, against a read
 * of the file. The file then decompresses to what was restored.
 */
export class StreamedRestore {
  readonly source = new PassThrough({ highWaterMark: 1 << 20 });
  /** The backup file, once the dump is complete. */
  file: string | null = null;
  private readonly stored = createHash('sha256');

  constructor() {
    this.source.on('error', () => undefined); // the restore's own failure says why it stopped
  }

  /** Passes a chunk of the dump to the restore; `next` once it may have the next one. */
  feed(chunk: Buffer, next: () => void): void {
    const s = this.source;
    if (s.destroyed || s.writableEnded || s.write(chunk)) {
      next();
      return;
    }
    const go = (): void => {
      s.off('drain', go);
      s.off('close', go);
      next();
    };
    s.once('drain', go);
    s.once('close', go);
  }

  /** The dump is complete. */
  end(): void {
    if (!this.source.destroyed && !this.source.writableEnded) this.source.end();
  }

  /** The dump failed: the restore stops reading (and fails as an incomplete dump). */
  abandon(): void {
    this.source.destroy();
  }

  /** A pass-through for the bytes on their way into the file, hashing them. */
  fileHash(): Transform {
    const h = this.stored;
    return new Transform({
      transform(chunk: Buffer, _enc, cb) {
        h.update(chunk);
        cb(null, chunk);
      },
    });
  }

  /** Reads the file back: it must hold exactly the bytes that were written while they were restored. */
  async checkFile(): Promise<void> {
    if (!this.file) throw new AppError('INTERNAL', 'The dump file was not written');
    const want = this.stored.digest('hex');
    const got = createHash('sha256');
    for await (const chunk of createReadStream(this.file)) got.update(chunk as Buffer);
    if (got.digest('hex') !== want)
      throw new AppError(
        'BAD_INPUT',
        `${this.file} does not hold the bytes that were written and restored (something changed the file after it was written): the backup is not verified`,
      );
  }
}
