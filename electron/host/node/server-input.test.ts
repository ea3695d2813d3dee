/**
 * The Node host on malformed and oversized input: typed 4xx errors instead of 500s, upload
 * limits, no partial or abandoned upload left on disk. Each case runs against a real host.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../services/runtime';
import { sweepUploads } from '../../services/slow-log/uploads';
import { aesSecretBox } from '../../store/secret-box';
import { startHost, type Host } from './server';

const MAX_BODY = 4096;
const MAX_UPLOAD = 64 * 1024;
const RETENTION_MS = 1500;

let runtime: Runtime;
let host: Host;
let dir: string;
let uploadDir: string;

interface Answer {
  status: number;
  body: string;
}

/** A raw request; `chunks` are sent one by one without a Content-Length (chunked) unless `length` is given. */
function send(method: string, path: string, headers: Record<string, string>, chunks: (string | Buffer)[] = [], length?: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method,
        path,
        headers: { Host: `127.0.0.1:${host.port}`, ...headers, ...(length !== undefined ? { 'Content-Length': String(length) } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    // The host may answer and close before the whole body is sent; the answer is what is tested.
    req.on('error', (e) => (String(e).includes('EPIPE') || String(e).includes('ECONNRESET') ? undefined : reject(e)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const auth = (): Record<string, string> => ({ Authorization: `Bearer ${host.token}` });
const json = (): Record<string, string> => ({ ...auth(), 'Content-Type': 'application/json' });
const code = (a: Answer): string => (JSON.parse(a.body) as { error: { code: string } }).error.code;

/** Upload files still in the folder (ids and partial ones). */
const stored = (): string[] => readdirSync(uploadDir);

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dbw-host-input-'));
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  uploadDir = join(dir, 'uploads');
  mkdirSync(uploadDir);
  // Left by an earlier run: a finished upload nobody digested and a partial one.
  writeFileSync(join(uploadDir, '3f0c2a5e-5b7d-4c1a-9d0e-1a2b3c4d5e6f'), 'old');
  writeFileSync(join(uploadDir, '3f0c2a5e-5b7d-4c1a-9d0e-1a2b3c4d5e70.part'), 'half');
  runtime = createRuntime({ workspaceDir: dir, host: 'node', secrets: aesSecretBox(Buffer.alloc(32, 2), 'test'), version: 'test' });
  host = await startHost({ runtime, staticDir, uploadDir, maxBodyBytes: MAX_BODY, maxUploadBytes: MAX_UPLOAD });
});

afterAll(async () => {
  await host.close();
  runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('malformed requests get typed 4xx errors', () => {
  it('a bad %-escape in the method or a static path: 400 VALIDATION', async () => {
    const call = await send('POST', '/api/call/system.%E0%A4%A', json(), ['{"payload":{}}']);
    expect(call.status).toBe(400);
    expect(code(call)).toBe('VALIDATION');
    const file = await send('GET', '/assets/%zz.js', {});
    expect(file.status).toBe(400);
    expect(code(file)).toBe('VALIDATION');
  });

  it('a body that is null, an array, a number or not JSON: 400 VALIDATION naming what it got', async () => {
    for (const [body, says] of [
      ['null', /not null/],
      ['[1]', /not an array/],
      ['5', /not number/],
      ['{"payload":', /not JSON/],
    ] as const) {
      const r = await send('POST', '/api/call/system.info', json(), [body]);
      expect(r.status).toBe(400);
      expect(code(r)).toBe('VALIDATION');
      expect(JSON.parse(r.body).error.message).toMatch(says);
    }
  });

  it('a call body that is not declared as JSON: 415 UNSUPPORTED', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const r = await send('POST', '/api/call/system.info', { ...auth(), 'Content-Type': type }, ['{"payload":{}}']);
      expect(r.status).toBe(415);
      expect(code(r)).toBe('UNSUPPORTED');
    }
    const none = await send('POST', '/api/call/system.info', auth(), ['{"payload":{}}']);
    expect(none.status).toBe(415);
  });

  it('a call body over the limit, declared or streamed: 413 TOO_LARGE', async () => {
    const big = JSON.stringify({ payload: { text: 'x'.repeat(MAX_BODY * 4) } });
    const declared = await send('POST', '/api/call/system.info', json(), [big], Buffer.byteLength(big));
    expect(declared.status).toBe(413);
    expect(code(declared)).toBe('TOO_LARGE');
    const streamed = await send('POST', '/api/call/system.info', json(), [big.slice(0, 3000), big.slice(3000)]);
    expect(streamed.status).toBe(413);
    expect(code(streamed)).toBe('TOO_LARGE');
  });

  it('still answers a well-formed call', async () => {
    const r = await send('POST', '/api/call/system.info', { ...json(), 'Content-Type': 'application/json; charset=utf-8' }, ['{"payload":{}}']);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).ok).toBe(true);
  });
});

describe('uploads', () => {
  const log = Buffer.from('# Time: 2026-11-26T00:00:00Z\n# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1\nSELECT 1;\n');

  it('removed what an earlier run left when the host started', () => {
    expect(stored().filter((f) => f.startsWith('3f0c2a5e'))).toEqual([]);
  });

  it('stores an upload under its id and digests it once', async () => {
    const r = await send('POST', '/api/upload', auth(), [log]);
    expect(r.status).toBe(200);
    const { uploadId, bytes } = JSON.parse(r.body).result as { uploadId: string; bytes: number };
    expect(bytes).toBe(log.length);
    expect(stored()).toContain(uploadId);
    const digest = await send('POST', '/api/call/slowLog.digestFile', json(), [JSON.stringify({ payload: { source: { kind: 'upload', uploadId } } })]);
    expect(JSON.parse(digest.body).result.header.events).toBe(1);
    expect(stored()).not.toContain(uploadId);
  });

  it('refuses an upload over the cap, declared or streamed, with 413 and keeps nothing of it', async () => {
    const big = Buffer.alloc(MAX_UPLOAD + 1, 0x41);
    const declared = await send('POST', '/api/upload', auth(), [big], big.length);
    expect(declared.status).toBe(413);
    expect(code(declared)).toBe('TOO_LARGE');
    const streamed = await send('POST', '/api/upload', auth(), [big.subarray(0, 40_000), big.subarray(40_000)]);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error).toMatchObject({ code: 'TOO_LARGE', details: { maxBytes: MAX_UPLOAD } });
    expect(stored()).toEqual([]);
  });

  it('refuses a corrupt or cut .gz with 400 BAD_INPUT and keeps nothing of it; takes a whole one', async () => {
    const gz = gzipSync(Buffer.concat(Array.from({ length: 50 }, () => log)));
    const cut = await send('POST', '/api/upload', auth(), [gz.subarray(0, gz.length - 9)]);
    expect(cut.status).toBe(400);
    expect(code(cut)).toBe('BAD_INPUT');
    const damaged = Buffer.from(gz);
    for (let i = 12; i < damaged.length - 8; i += 3) damaged[i] = damaged[i]! ^ 0x5a;
    const bad = await send('POST', '/api/upload', auth(), [damaged]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/\.gz/);
    expect(stored()).toEqual([]);
    const whole = await send('POST', '/api/upload', auth(), [gz]);
    expect(whole.status).toBe(200);
    expect(stored()).toEqual([JSON.parse(whole.body).result.uploadId]);
  });

  it('removes the partial file of an upload aborted midway', async () => {
    for (const f of stored()) rmSync(join(uploadDir, f));
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/upload', headers: { Host: `127.0.0.1:${host.port}`, ...auth() } });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(10_000, 0x42));
      // Once the host has started writing it, the client goes away.
      void until(() => stored().some((f) => f.endsWith('.part'))).then(() => {
        req.destroy();
        resolve();
      });
    });
    // This host keeps uploads 24 h: only the abort can have removed it.
    await until(() => stored().length === 0, 2000);
  });

  it('removes an upload nobody digested once it is older than the retention', async () => {
    const main = host;
    const retentionDir = join(dir, 'retention');
    host = await startHost({ runtime, staticDir: join(dir, 'static'), uploadDir: retentionDir, uploadRetentionMs: RETENTION_MS });
    try {
      const r = await send('POST', '/api/upload', auth(), [log]);
      const { uploadId } = JSON.parse(r.body).result as { uploadId: string };
      const files = (): string[] => readdirSync(retentionDir);
      expect(files()).toEqual([uploadId]);
      await new Promise((ok) => setTimeout(ok, RETENTION_MS / 2));
      expect(files()).toEqual([uploadId]);
      await until(() => files().length === 0, RETENTION_MS * 4);
    } finally {
      await host.close();
      host = main;
    }
  });

  it('sweeps only files older than the retention, and only upload names', async () => {
    const sweepDir = join(dir, 'sweep');
    mkdirSync(sweepDir);
    const old = join(sweepDir, '11111111-2222-3333-4444-555555555555');
    const fresh = join(sweepDir, '11111111-2222-3333-4444-666666666666.part');
    const other = join(sweepDir, 'notes.txt');
    for (const f of [old, fresh, other]) writeFileSync(f, 'x');
    const past = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(old, past, past);
    utimesSync(other, past, past);
    expect(await sweepUploads(sweepDir, 24 * 3600 * 1000)).toBe(1);
    expect(readdirSync(sweepDir).sort()).toEqual(['11111111-2222-3333-4444-666666666666.part', 'notes.txt']);
    expect(await sweepUploads(join(dir, 'missing'), 0)).toBe(0);
  });
});
