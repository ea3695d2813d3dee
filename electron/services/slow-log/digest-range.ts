/**
 * Streams one byte range of a slow log (or a whole .gz) through a digester. Shared by the
 * worker thread and the runner's in-thread path, so both digest exactly the same way.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../../shared/contract/errors';
import type { AttrType } from '../../engines/slowlog/class-aggregate';
import { createDigester, type DigestOptions, type DigestState } from '../../engines/slowlog/digest';

/** Read size: small reads keep a worker's in-flight Buffers (its external memory) small. */
const CHUNK = 256 * 1024;

/** Wall-clock marks of a range's digest (epoch ms, comparable across threads), for the benchmark's timeline. */
export interface RangeMarks {
  /** When the first chunk had been digested. */
  firstByteAt?: number;
  /** When the digester's state was complete. */
  digestedAt?: number;
  /** How many times the range was started again, typed by the ranges before it or with a corrected inherited db/ts (see digestRange's `hints`). */
  restarts?: number;
  /** The inherited db/ts the state was digested with (the job's, or a correction's). */
  inherited?: { db?: string; ts?: string };
}

/**
 * What arrives for a range while it runs: the attribute types fixed so far by the ranges before
 * it, and the db/ts it inherits when it was sent with a guess.
 */
export interface RangeHint {
  types?: Readonly<Record<string, AttrType>>;
  inherited?: { db?: string; ts?: string };
}

/** The next hint for a running range (undefined: nothing new). */
export type RangeHints = () => RangeHint | undefined;

/** Now, in epoch milliseconds with sub-millisecond precision, the same clock in every thread. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** What to digest. `end` is exclusive; `gzip` streams the whole file through zlib. */
export interface RangeJob {
  path: string;
  start: number;
  end: number;
  gzip: boolean;
  options: DigestOptions;
}

/**
 * Digests a range; `onProgress` gets bytes read (of the file), events parsed so far and the
 * attribute types fixed so far (the same Map each time). A plain file is read into one reused
 * buffer (the parser copies nothing it keeps from it), so reading allocates no external memory
 * per chunk; a .gz file streams through zlib. `hints` gives, between chunks of a plain file, the
 * types the ranges before this one have fixed meanwhile: an attribute not met yet takes its
 * type from them, and when the range has typed one of them otherwise already it starts again
 * with them (a few chunks in, rather than the runner's second pass over the whole range).
 */
export async function digestRange(
  job: RangeJob,
  onProgress: (bytes: number, events: number, types: ReadonlyMap<string, AttrType>) => void,
  signal?: AbortSignal,
  marks?: RangeMarks,
  hints?: RangeHints,
): Promise<DigestState> {
  let given: Record<string, AttrType> = { ...job.options.types };
  let inherited = job.options.inherited;
  let digester = createDigester({ ...job.options, baseOffset: job.start });
  let last = 0;
  const tick = (read: number): void => {
    const now = Date.now();
    if (now - last > 100) {
      last = now;
      onProgress(read, digester.progress().events, digester.types());
    }
  };
  let read = 0;
  if (job.gzip) {
    const file = createReadStream(job.path, { highWaterMark: CHUNK });
    file.on('data', (c) => {
      read += c.length;
    });
    const gunzip = createGunzip();
    let damaged: Error | undefined;
    try {
      for await (const chunk of file.pipe(gunzip)) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        digester.push(chunk as Buffer);
        if (marks && marks.firstByteAt === undefined) marks.firstByteAt = epochNow();
        tick(read);
      }
    } catch (e) {
      // A damaged or cut .gz: what decompressed before the damage is still a digest.
      if (!(e instanceof Error) || !String((e as NodeJS.ErrnoException).code).startsWith('Z_')) throw e;
      damaged = e;
    } finally {
      file.destroy();
    }
    if (damaged) {
      const state = digester.end();
      if (state.parsedEvents === 0) {
        throw new AppError('BAD_INPUT', `${job.path} is a .gz file that does not decompress (${damaged.message}); is it cut short or damaged?`);
      }
      state.warnings.push({
        kind: 'truncated-entry',
        message: `The .gz file is damaged or cut short (${damaged.message}) after ${gunzip.bytesWritten} of its bytes; the report covers the entries before that point.`,
        offset: state.bytes,
        skippedBytes: Math.max(0, job.end - gunzip.bytesWritten),
        skippedLines: 0,
      });
      onProgress(read, state.parsedEvents, state.types);
      return state;
    }
  } else {
    const fh = await open(job.path, 'r');
    // Two buffers in turn: the next chunk is read (on the thread pool) while this one is digested, so
    // the worker does not stop for every read (its wall time was a fifth above its CPU time).
    let ahead: Promise<{ bytesRead: number }> | null = null;
    try {
      const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
      let turn = 0;
      for (let pos = job.start; pos < job.end;) {
        const buf = bufs[turn]!;
        // The read ahead (when there is one) is of this `pos`: a restart drops it.
        const { bytesRead }: { bytesRead: number } = await (ahead ?? fh.read(buf, 0, Math.min(CHUNK, job.end - pos), pos));
        ahead = null;
        if (bytesRead === 0) break;
        const next: number = pos + bytesRead;
        turn ^= 1;
        if (next < job.end) ahead = fh.read(bufs[turn]!, 0, Math.min(CHUNK, job.end - next), next);
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const hint = hints?.();
        if (hint !== undefined) {
          const learned = hint.types ?? {};
          given = { ...given, ...learned };
          const otherDb = hint.inherited !== undefined && (hint.inherited.db !== inherited?.db || hint.inherited.ts !== inherited?.ts);
          if (otherDb) inherited = hint.inherited;
          if (digester.addTypes(learned) || otherDb) {
            // Typed otherwise already, or sent with a guess of what it inherits: the range starts again.
            digester = createDigester({ ...job.options, types: given, inherited, baseOffset: job.start });
            // The read ahead fills the buffer the restart reads into next: it finishes first.
            if (ahead !== null) await ahead;
            ahead = null;
            pos = job.start;
            read = 0;
            if (marks) marks.restarts = (marks.restarts ?? 0) + 1;
            continue;
          }
        }
        pos += bytesRead;
        read += bytesRead;
        digester.push(buf.subarray(0, bytesRead));
        if (marks && marks.firstByteAt === undefined) marks.firstByteAt = epochNow();
        tick(read);
      }
    } finally {
      // A read still ahead (a cancel, a failure) ends before its file is closed.
      if (ahead !== null) await ahead.catch(() => undefined);
      await fh.close();
    }
  }
  const state = digester.end();
  if (marks) {
    marks.digestedAt = epochNow();
    marks.inherited = inherited;
  }
  onProgress(read, state.parsedEvents, state.types);
  return state;
}
