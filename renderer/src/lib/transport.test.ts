import { describe, expect, it } from 'vitest';
import { ipcTransport, type PreloadBridge, type WireResult } from './transport';

function bridge(path: string | null) {
  const uploads: ArrayBuffer[] = [];
  const b: PreloadBridge = {
    invoke: async () => ({ ok: true, result: null }),
    subscribe: () => () => undefined,
    pathForFile: () => path,
    upload: async (bytes): Promise<WireResult> => {
      uploads.push(bytes);
      return { ok: true, result: { uploadId: '3f0c2a5e-5b7d-4c1a-9d0e-1a2b3c4d5e6f', bytes: bytes.byteLength } };
    },
  };
  return { b, uploads };
}

describe('desktop transport file sources', () => {
  it('reads a picked file by its path, without copying its bytes', async () => {
    const { b, uploads } = bridge('/var/log/mysql/slow.log');
    const src = await ipcTransport(b).fileSource(new Blob(['x']), 'slow.log');
    expect(src).toEqual({ kind: 'path', path: '/var/log/mysql/slow.log' });
    expect(uploads).toHaveLength(0);
  });

  it('sends an in-memory blob (a large paste) as an upload', async () => {
    const { b, uploads } = bridge(null);
    const src = await ipcTransport(b).fileSource(new Blob(['# Query_time: 1\nSELECT 1;\n']), 'pasted text');
    expect(src).toEqual({ kind: 'upload', uploadId: '3f0c2a5e-5b7d-4c1a-9d0e-1a2b3c4d5e6f', name: 'pasted text' });
    expect(new TextDecoder().decode(uploads[0]!)).toBe('# Query_time: 1\nSELECT 1;\n');
  });

  it('passes the core’s refusal on', async () => {
    const { b } = bridge(null);
    b.upload = async () => ({ ok: false, error: { code: 'VALIDATION', message: 'An upload is an ArrayBuffer' } });
    await expect(ipcTransport(b).fileSource(new Blob(['x']), 'p')).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
