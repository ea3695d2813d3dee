/**
 * The renderer's typed client over a runtime's dispatcher, for store tests: the stores call
 * `api()` exactly as in the app, and progress events reach the call that asked for them.
 */
import type { ProgressEvent } from '../../shared/contract/core';
import { installTransport } from '../../renderer/src/lib/api';
import type { Runtime } from '../services/runtime';

/** Installs a transport that dispatches into `rt` (no files: store tests pass none). */
export function installRuntimeClient(rt: Runtime): void {
  installTransport({
    kind: 'node',
    invoke: (method, payload, requestId) => rt.dispatcher.dispatch(method, payload, requestId),
    onProgress: (cb) => {
      const listener = (e: ProgressEvent) => cb(e);
      rt.events.on('progress', listener);
      return () => void rt.events.off('progress', listener);
    },
    fileSource: () => Promise.reject(new Error('Store tests read no files')),
  });
}
