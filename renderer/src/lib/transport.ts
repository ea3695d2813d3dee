/**
 * How the renderer reaches the app core: Electron's preload bridge (window.dbw) or the Node
 * host's HTTP + WebSocket with the per-run token. Feature code never sees either; it uses the
 * typed client (client.ts).
 */
import type { ProgressEvent } from '../../../shared/contract/core';
import type { DigestSource } from '../../../shared/contract/slow-log.calls';

/** Wire result of a call. */
export type WireResult = { ok: true; result: unknown } | { ok: false; error: unknown };

/** The two-function surface both hosts provide. */
export interface Transport {
  readonly kind: 'electron' | 'node';
  invoke(method: string, payload: unknown, requestId: string): Promise<WireResult>;
  onProgress(cb: (e: ProgressEvent) => void): () => void;
  /**
   * How a call can read a file or a large blob: in the desktop app a picked or dropped file by
   * its path (no copy, any size); otherwise its bytes sent to the host once, as an upload id.
   */
  fileSource(file: Blob, name: string): Promise<DigestSource>;
}

/** window.dbw, as the preload exposes it (electron/host/electron/preload-bridge.ts). */
export interface PreloadBridge {
  invoke(method: string, payload: unknown, requestId: string): Promise<WireResult>;
  subscribe(topic: string, cb: (data: unknown) => void): () => void;
  pathForFile(file: Blob): string | null;
  upload(bytes: ArrayBuffer): Promise<WireResult>;
}

const uploadResult = (body: WireResult): string => {
  if (!body.ok) throw body.error;
  return (body.result as { uploadId: string }).uploadId;
};

declare global {
  interface Window {
    dbw?: PreloadBridge;
  }
}

const TOKEN_KEY = 'dbw.token';

/** Reads the token from the URL fragment once (then removes it from the address bar). */
export function takeToken(loc: Location, storage: Storage): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (m) {
    storage.setItem(TOKEN_KEY, decodeURIComponent(m[1]!));
    history.replaceState(null, '', loc.pathname + loc.search);
  }
  return storage.getItem(TOKEN_KEY);
}

/** Transport over the Node host. */
export function httpTransport(token: string, origin = location.origin): Transport {
  const listeners = new Set<(e: ProgressEvent) => void>();
  let socket: WebSocket | null = null;
  const ensureSocket = () => {
    if (socket && socket.readyState <= 1) return;
    socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`);
    socket.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { topic: string; data: ProgressEvent };
      if (msg.topic === 'progress') for (const l of listeners) l(msg.data);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size) setTimeout(ensureSocket, 1000);
    };
  };
  return {
    kind: 'node',
    async invoke(method, payload, requestId) {
      let res: Response;
      try {
        res = await fetch(`${origin}/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ requestId, payload }),
        });
      } catch {
        return { ok: false, error: { code: 'UNREACHABLE', message: 'The DBA Workbench host is not answering. Is `dbw serve` still running?' } };
      }
      return (await res.json()) as WireResult;
    },
    onProgress(cb) {
      listeners.add(cb);
      ensureSocket();
      return () => listeners.delete(cb);
    },
    async fileSource(file, name) {
      const res = await fetch(`${origin}/api/upload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: file });
      return { kind: 'upload', uploadId: uploadResult((await res.json()) as WireResult), name: name.slice(0, 255) };
    },
  };
}

/** Transport over the Electron preload. */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    invoke: (method, payload, requestId) => bridge.invoke(method, payload, requestId),
    onProgress: (cb) => bridge.subscribe('progress', (d) => cb(d as ProgressEvent)),
    async fileSource(file, name) {
      const path = bridge.pathForFile(file);
      if (path) return { kind: 'path', path };
      return { kind: 'upload', uploadId: uploadResult(await bridge.upload(await file.arrayBuffer())), name: name.slice(0, 255) };
    },
  };
}

/** Picks the transport for where the renderer runs. */
export function detectTransport(): Transport | null {
  if (window.dbw) return ipcTransport(window.dbw);
  const token = takeToken(location, sessionStorage);
  return token ? httpTransport(token) : null;
}
