/**
 * Streams one byte range of a slow log (or a whole .gz) through a digester. Shared by the
 * worker thread and the runner's in-thread path, so both digest exactly the same way.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createDigester, type DigestOptions, type DigestState } from '../../engines/slowlog/digest';

/** Read size: small reads keep a worker's in-flight Buffers (its external memory) small. */
const CHUNK = 256 * 1024;

/** What to digest. `end` is exclusive; `gzip` streams the whole file through zlib. */
export interface RangeJob {
  path: string;
  start: number;
  end: number;
  gzip: boolean;
  options: DigestOptions;
}

/** Digests a range; `onProgress` gets bytes read (of the file) and events parsed so far. */
export async function digestRange(job: RangeJob, onProgress: (bytes: number, events: number) => void, signal?: AbortSignal): Promise<DigestState> {
  const digester = createDigester({ ...job.options, baseOffset: job.start });
  const file = createReadStream(job.path, job.gzip ? { highWaterMark: CHUNK } : { start: job.start, end: job.end - 1, highWaterMark: CHUNK });
  let read = 0;
  file.on('data', (c) => {
    read += c.length;
  });
  const source = job.gzip ? file.pipe(createGunzip()) : file;
  let last = 0;
  try {
    for await (const chunk of source) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      digester.push(chunk as Buffer);
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        onProgress(read, digester.progress().events);
      }
    }
  } finally {
    file.destroy();
  }
  const state = digester.end();
  onProgress(read, state.parsedEvents);
  return state;
}
