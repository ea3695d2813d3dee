import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { StreamedRestore } from './streamed-restore';

const dir = mkdtempSync(join(tmpdir(), 'dbw-streamed-restore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The dump's path in runBackup: chunks → feed (the restore's copy) → gzip → hash → file. */
async function dumpThrough(r: StreamedRestore, chunks: Buffer[], file: string): Promise<void> {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      r.feed(chunk, () => cb(null, chunk));
    },
    flush(cb) {
      r.end();
      cb();
    },
  });
  await pipeline(Readable.from(chunks), counter, createGzip({ level: 1 }), r.fileHash(), createWriteStream(file));
  r.file = file;
}

async function drain(source: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of source) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

const chunks = Array.from({ length: 40 }, () => randomBytes(256 * 1024)); // 10 MB: beyond what the feed buffers

describe('a dump restored as it is written', () => {
  it('gives the restore exactly the bytes the file decompresses to, and the file check passes', async () => {
    const r = new StreamedRestore();
    const file = join(dir, 'a.sql.gz');
    const [restored] = await Promise.all([drain(r.source), dumpThrough(r, chunks, file)]);
    expect(restored.equals(Buffer.concat(chunks))).toBe(true);
    expect(gunzipSync(readFileSync(file)).equals(restored)).toBe(true);
    await expect(r.checkFile()).resolves.toBeUndefined();
  });

  it('fails the file check when the file no longer holds what was written', async () => {
    const r = new StreamedRestore();
    const file = join(dir, 'b.sql.gz');
    await Promise.all([drain(r.source), dumpThrough(r, chunks.slice(0, 4), file)]);
    const bytes = readFileSync(file);
    const at = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
    writeFileSync(file, bytes);
    await expect(r.checkFile()).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('not verified') });
  });

  it('holds the dump back while the restore is behind, and lets it run on once the restore stopped reading', async () => {
    const r = new StreamedRestore();
    let fed = 0;
    const feedNext = (): void => {
      if (fed < chunks.length)
        r.feed(chunks[fed]!, () => {
          fed++;
          feedNext();
        });
    };
    feedNext(); // nobody reads: about 2 MB are taken (the feed buffers 1 MB each side), then the dump waits
    expect(fed).toBeGreaterThan(0);
    expect(fed).toBeLessThan(chunks.length);
    r.source.destroy(); // the restore failed: the dump must not wait for it any more
    await new Promise((resolve) => setImmediate(resolve));
    expect(fed).toBe(chunks.length);
  });

  it('ends the restore with an error when the dump is abandoned', async () => {
    const r = new StreamedRestore();
    r.feed(chunks[0]!, () => undefined);
    const read = drain(r.source);
    r.abandon();
    await expect(read).rejects.toThrow();
  });
});
