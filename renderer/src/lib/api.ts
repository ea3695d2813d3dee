/** The renderer's one client instance, set at start-up from the detected transport. */
import { AppError } from '../../../shared/contract/core';
import { createApi, type Api } from './client';
import type { Transport } from './transport';

let current: { api: Api; transport: Transport } | null = null;

/** Installs the transport (main.tsx, tests). */
export function installTransport(transport: Transport): void {
  current = { api: createApi(transport), transport };
}

/** The typed client; throws when the app was opened without a host. */
export function api(): Api {
  if (!current) throw new AppError('UNAUTHORIZED', 'Not connected to the app host');
  return current.api;
}

/** The transport (uploads). */
export function transport(): Transport {
  if (!current) throw new AppError('UNAUTHORIZED', 'Not connected to the app host');
  return current.transport;
}

/** A readable message for anything a call threw. */
export function errorMessage(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}
