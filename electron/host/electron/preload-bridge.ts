/**
 * The preload's whole surface, written without importing electron so it can be tested: `invoke`
 * for contract methods only (anything else is rejected before it reaches IPC), `subscribe` for
 * known topics, `pathForFile` (the path of a file the user dropped or picked — Electron's
 * webUtils; nothing else of the file system) and `upload` (bytes the renderer already holds,
 * e.g. a large paste, handed to the core as an upload id). No fs, no process, no remote.
 */
import { AppError, topics, type Topic } from '../../../shared/contract/core';

/** The slice of ipcRenderer the bridge uses. */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

/** IPC channel names: the only place they are spelled. */
export const IPC = { invoke: 'dbw:invoke', event: 'dbw:event', upload: 'dbw:upload' } as const;

/** What window.dbw exposes. */
export interface Bridge {
  invoke(method: string, payload: unknown, requestId: string): Promise<unknown>;
  subscribe(topic: string, cb: (data: unknown) => void): () => void;
  /** The local path of a File the user picked or dropped; null for in-memory blobs. */
  pathForFile(file: unknown): string | null;
  /** Stores bytes as an upload in the workspace; resolves to the wire result with its id. */
  upload(bytes: ArrayBuffer): Promise<unknown>;
}

/** Builds the bridge over ipcRenderer with the contract's method allow-list. */
export function createBridge(ipc: IpcLike, methods: readonly string[], filePath: (file: unknown) => string = () => ''): Bridge {
  const allowed = new Set(methods);
  const knownTopics = new Set<string>(topics);
  return {
    invoke(method, payload, requestId) {
      if (typeof method !== 'string' || !allowed.has(method)) {
        return Promise.reject(new AppError('UNKNOWN_METHOD', `Unknown method: ${String(method)}`).toEnvelope());
      }
      return ipc.invoke(IPC.invoke, method, payload, String(requestId));
    },
    subscribe(topic, cb) {
      if (!knownTopics.has(topic)) throw new Error(`Unknown topic: ${topic}`);
      const listener = (_e: unknown, t: unknown, data: unknown) => {
        if (t === (topic as Topic)) cb(data);
      };
      ipc.on(IPC.event, listener);
      return () => ipc.removeListener(IPC.event, listener);
    },
    pathForFile(file) {
      try {
        return filePath(file) || null;
      } catch {
        return null; // not a File (webUtils throws on anything else)
      }
    },
    upload(bytes) {
      if (!(bytes instanceof ArrayBuffer)) return Promise.reject(new AppError('VALIDATION', 'upload takes an ArrayBuffer').toEnvelope());
      return ipc.invoke(IPC.upload, bytes);
    },
  };
}
