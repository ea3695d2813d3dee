import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/core';
import { compressor, decompressor, dumpCompressionFor } from './compression';
import { ProgramFilter } from './tool-runner';

/** Runs `input` through the streams and collects what comes out. */
async function through(input: Buffer, ...streams: NodeJS.ReadWriteStream[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out.push(chunk);
      cb();
    },
  });
  // In 64 KB pieces, as a dump arrives.
  const pieces = Array.from({ length: Math.ceil(input.length / 65536) }, (_, i) => input.subarray(i * 65536, (i + 1) * 65536));
  await pipeline([Readable.from(pieces), ...streams, sink] as ReadonlyArray<NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream>);
  return Buffer.concat(out);
}

/** SQL-like text that compresses, with random bytes between its rows so it is not trivial. */
function dumpLike(bytes: number): Buffer {
  const rows: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const row = `(${i},'${randomBytes(12).toString('hex')}','user${i % 97}@example.com','2026-12-0${(i % 9) + 1} 10:00:00'),`;
    rows.push(row);
    n += row.length;
  }
  return Buffer.from(`INSERT INTO t VALUES ${rows.join('')};\n`);
}

describe('dump compression', () => {
  it('round-trips a dump through zstd, smaller, its frames marked as zstd', async () => {
    const input = dumpLike(6 << 20);
    const packed = await through(input, compressor('zstd', 1 << 18));
    expect(packed.subarray(0, 4).toString('hex')).toBe('28b52ffd');
    expect(packed.length).toBeLessThan(input.length / 2);
    expect((await through(packed, decompressor('zstd'))).equals(input)).toBe(true);
  });

  it('round-trips a dump through gzip', async () => {
    const input = dumpLike(1 << 20);
    const packed = await through(input, compressor('gzip', 1 << 18));
    expect(packed.subarray(0, 2).toString('hex')).toBe('1f8b');
    expect((await through(packed, decompressor('gzip'))).equals(input)).toBe(true);
  });

  it('fails a damaged zstd file with zstd’s own words, and a cut one too', async () => {
    const err = await through(Buffer.from('this is not zstd at all\n'.repeat(100)), decompressor('zstd')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('SERVER_ERROR');
    expect((err as AppError).message).toMatch(/^zstd \(decompressing the dump\) exited with status 1: .*(unsupported format|unknown header)/i);
    const packed = await through(dumpLike(1 << 20), compressor('zstd', 1 << 18));
    const cut = await through(packed.subarray(0, packed.length >> 1), decompressor('zstd')).catch((e: unknown) => e);
    expect((cut as AppError).code).toBe('SERVER_ERROR');
    expect((cut as AppError).message).toMatch(/zstd \(decompressing the dump\) exited with status 1/);
  });

  it('says which package a missing filter program comes with', async () => {
    const err = await through(Buffer.from('x'), new ProgramFilter('dbw-no-such-filter', [])).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('UNSUPPORTED');
    expect((err as AppError).message).toMatch(/dbw-no-such-filter is not installed/);
  });

  it('kills the program when the stream is destroyed half-way (a cancelled dump leaves no process)', async () => {
    const filter = new ProgramFilter('zstd', ['-1', '-q', '-c']);
    filter.write(dumpLike(1 << 20));
    const pid = (filter as unknown as { child: { pid: number } }).child.pid;
    expect(pid).toBeGreaterThan(0);
    filter.destroy();
    await new Promise<void>((resolve) => filter.once('close', () => resolve()));
    const child = (filter as unknown as { child: import('node:child_process').ChildProcess }).child;
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
  });

  it('chooses zstd when it is installed (.ci installs it), the one asked for, gzip for mydumper, none when not compressing', async () => {
    expect(await dumpCompressionFor({ compress: true, tool: 'mysqldump' })).toBe('zstd');
    expect(await dumpCompressionFor({ compress: true, compression: 'gzip', tool: 'mysqldump' })).toBe('gzip');
    expect(await dumpCompressionFor({ compress: false, compression: 'zstd', tool: 'mysqldump' })).toBeNull();
    expect(await dumpCompressionFor({ compress: true, tool: 'mydumper' })).toBe('gzip');
    await expect(dumpCompressionFor({ compress: true, compression: 'zstd', tool: 'mydumper' })).rejects.toThrow(/mydumper compresses its files with gzip only/);
  });
});
