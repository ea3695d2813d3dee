import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRuntime, type Runtime } from '../../services/runtime';
import { aesSecretBox } from '../../store/secret-box';
import { startHost, type Host } from './server';

let runtime: Runtime;
let host: Host;

/** A raw request, so Host and Origin can be forged as an attacker's page would. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbw-host-'));
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  runtime = createRuntime({ workspaceDir: dir, host: 'node', secrets: aesSecretBox(Buffer.alloc(32, 1), 'test'), version: 'test' });
  host = await startHost({ runtime, staticDir, uploadDir: join(dir, 'up') });
});

afterAll(async () => {
  await host.close();
  runtime.close();
});

const own = () => ({ Host: `127.0.0.1:${host.port}`, 'Content-Type': 'application/json' });

describe('Node host security', () => {
  it('binds 127.0.0.1 and prints a URL carrying the token in the fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=`));
  });

  it('answers a call with the token', async () => {
    const r = await raw('POST', '/api/call/system.info', { ...own(), Authorization: `Bearer ${host.token}` }, JSON.stringify({ payload: {} }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { host: 'node', version: 'test' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    for (const auth of [{}, { Authorization: 'Bearer nope' }, { Authorization: host.token }] as Array<Record<string, string>>) {
      const r = await raw('POST', '/api/call/system.info', { ...own(), ...auth }, '{}');
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses a foreign Origin even with the token', async () => {
    const r = await raw('POST', '/api/call/system.info', { ...own(), Origin: 'http://evil.example', Authorization: `Bearer ${host.token}` }, '{}');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('FORBIDDEN_ORIGIN');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await raw('GET', '/', { Host: `evil.example:${host.port}` });
    expect(r.status).toBe(421);
  });

  it('rejects a malformed payload with a validation error', async () => {
    const r = await raw(
      'POST',
      '/api/call/connections.save',
      { ...own(), Authorization: `Bearer ${host.token}` },
      JSON.stringify({ payload: { name: '', kind: 'oracle', port: 'x' } }),
    );
    const body = JSON.parse(r.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('VALIDATION');
    const notJson = await raw('POST', '/api/call/system.info', { ...own(), Authorization: `Bearer ${host.token}` }, '{not json');
    expect(JSON.parse(notJson.body).error.code).toBe('VALIDATION');
  });

  it('serves the renderer with a CSP and without escaping its folder', async () => {
    const r = await raw('GET', '/', own());
    expect(r.status).toBe(200);
    expect(String(r.headers['content-security-policy'])).toMatch(/default-src 'none'/);
    const esc = await raw('GET', '/../../etc/passwd', own());
    expect(esc.body).not.toMatch(/root:/);
  });

  it('opens the event socket only with the token and own origin', async () => {
    const open = (url: string, origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : undefined);
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
      });
    const base = `ws://127.0.0.1:${host.port}/api/events`;
    expect(await open(`${base}?token=${host.token}`)).toBe('open');
    expect(await open(`${base}?token=wrong`)).toBe('refused');
    expect(await open(`${base}?token=${host.token}`, 'http://evil.example')).toBe('refused');
  });
});
