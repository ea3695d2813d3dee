/**
 * The typed client derived from the contract: `api.connections.list({})`. Errors come back as
 * AppError with the server's code; passing an AbortSignal cancels through `system.cancel`.
 */
import { contract, type AppContract, type Method } from '../../../shared/contract';
import { AppError, type InputOf, type OutputOf, type ProgressEvent } from '../../../shared/contract/core';
import type { Transport } from './transport';

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
}

type FeatureOf<K> = K extends `${infer F}.${string}` ? F : never;
type Feature = FeatureOf<Method>;

/** The client's shape: one async function per contract method, grouped by feature. */
export type Api = {
  [F in Feature]: {
    [K in Method as K extends `${F}.${infer V}` ? V : never]: (input: InputOf<AppContract, K>, opts?: CallOptions) => Promise<OutputOf<AppContract, K>>;
  };
};

let counter = 0;
function newRequestId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Calls one method through a transport. */
export async function callMethod(transport: Transport, method: Method, input: unknown, opts: CallOptions = {}): Promise<unknown> {
  const requestId = newRequestId();
  const off = opts.onProgress ? transport.onProgress((e) => e.requestId === requestId && opts.onProgress!(e)) : null;
  const onAbort = () => void transport.invoke('system.cancel', { requestId }, newRequestId());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled');
    const res = await transport.invoke(method, input, requestId);
    if (!res.ok) throw AppError.fromEnvelope(res.error);
    return res.result;
  } finally {
    off?.();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Builds the typed client. */
export function createApi(transport: Transport): Api {
  const api: Record<string, Record<string, unknown>> = {};
  for (const method of Object.keys(contract) as Method[]) {
    const [feature, verb] = method.split('.') as [string, string];
    api[feature] ??= {};
    api[feature][verb] = (input: unknown, opts?: CallOptions) => callMethod(transport, method, input, opts);
  }
  return api as unknown as Api;
}
