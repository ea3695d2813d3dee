import { describe, expect, it } from 'vitest';
import { methods } from '../../../shared/contract';
import { createBridge, IPC, type IpcLike } from './preload-bridge';

function fakeIpc() {
  const calls: unknown[][] = [];
  const listeners: Array<(e: unknown, ...a: unknown[]) => void> = [];
  const ipc: IpcLike = {
    invoke: async (...args) => {
      calls.push(args);
      return { ok: true, result: 'r' };
    },
    on: (_c, l) => listeners.push(l),
    removeListener: (_c, l) => listeners.splice(listeners.indexOf(l), 1),
  };
  return { ipc, calls, listeners };
}

describe('preload bridge', () => {
  it('forwards contract methods on the one invoke channel', async () => {
    const { ipc, calls } = fakeIpc();
    const bridge = createBridge(ipc, methods);
    await bridge.invoke('connections.list', {}, 'r1');
    expect(calls).toEqual([[IPC.invoke, 'connections.list', {}, 'r1']]);
  });

  it('rejects an unknown method without touching IPC', async () => {
    const { ipc, calls } = fakeIpc();
    const bridge = createBridge(ipc, methods);
    await expect(bridge.invoke('fs.readFile', { path: '/etc/passwd' }, 'r2')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    await expect(bridge.invoke('__proto__', {}, 'r3')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    expect(calls).toHaveLength(0);
  });

  it('subscribes to known topics only and unsubscribes', () => {
    const { ipc, listeners } = fakeIpc();
    const bridge = createBridge(ipc, methods);
    const seen: unknown[] = [];
    const off = bridge.subscribe('progress', (d) => seen.push(d));
    listeners[0]!(null, 'progress', { done: 1 });
    listeners[0]!(null, 'other', { done: 2 });
    expect(seen).toEqual([{ done: 1 }]);
    off();
    expect(listeners).toHaveLength(0);
    expect(() => bridge.subscribe('secrets', () => undefined)).toThrow(/Unknown topic/);
  });

  it('gives the path of a picked file and nothing for anything else', () => {
    const { ipc } = fakeIpc();
    const paths = new Map<unknown, string>();
    const picked = { name: 'slow.log' };
    paths.set(picked, '/home/dba/slow.log');
    const bridge = createBridge(ipc, methods, (f) => {
      const p = paths.get(f);
      if (p === undefined) throw new TypeError('not a File');
      return p;
    });
    expect(bridge.pathForFile(picked)).toBe('/home/dba/slow.log');
    expect(bridge.pathForFile('/etc/passwd')).toBeNull();
    expect(createBridge(ipc, methods).pathForFile(picked)).toBeNull();
  });

  it('sends uploads on their own channel and only as bytes', async () => {
    const { ipc, calls } = fakeIpc();
    const bridge = createBridge(ipc, methods);
    const bytes = new TextEncoder().encode('# Time: 1\n').buffer;
    await bridge.upload(bytes as ArrayBuffer);
    expect(calls).toEqual([[IPC.upload, bytes]]);
    await expect(bridge.upload('/etc/passwd' as unknown as ArrayBuffer)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(calls).toHaveLength(1);
  });
});
