/** Calls about the app itself: what host runs it, and cancelling a running request. */
import { z } from 'zod';
import { call } from './core';

/** System calls. */
export const systemContract = {
  'system.info': call({
    kind: 'query',
    summary: 'Version, host kind and workspace facts',
    input: z.object({}),
    output: z.object({
      version: z.string(),
      host: z.enum(['electron', 'node']),
      workspaceDir: z.string(),
      secretStorage: z.string(),
      connectionCount: z.number(),
    }),
  }),
  'system.cancel': call({
    kind: 'mutation',
    summary: 'Cancel a running request by its id',
    input: z.object({ requestId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  }),
} as const;
