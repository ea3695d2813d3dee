/** The sysbench calls (the run's types are in sysbench.ts, which the executor's plan requests import). */
import { z } from 'zod';
import { measurement, stepPreview } from './actions';
import { call } from './core';
import { plan } from './plan';
import { sysbenchResult, sysbenchSpec } from './sysbench';

/** sysbench calls. */
export const sysbenchContract = {
  'sysbench.preview': call({
    kind: 'query',
    summary: 'What a sysbench run would create (scratch database, account, tables and their size), as a plan; writes nothing',
    input: z.object({ connectionId: z.string(), spec: sysbenchSpec }),
    output: z.object({
      /** The executor's dry run of the create plan (the account's password redacted). */
      preview: z.object({ plan, steps: z.array(stepPreview), before: measurement, writesNothing: z.literal(true) }),
      scratch: z.string(),
      estimatedBytes: z.number(),
      sysbenchVersion: z.string(),
    }),
  }),
  'sysbench.run': call({
    kind: 'stream',
    summary: 'Create the previewed scratch database and account, sysbench prepare, run and cleanup, then drop them',
    input: z.object({ connectionId: z.string(), planHash: z.string(), confirmation: z.string().optional() }),
    output: sysbenchResult,
  }),
} as const;
