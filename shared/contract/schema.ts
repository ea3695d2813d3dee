/** Schema browsing for pickers (tables of a connection). */
import { z } from 'zod';
import { call } from './core';

/** A table with its size. */
export const tableSummary = z.object({
  schema: z.string(),
  table: z.string(),
  engine: z.string().nullable(),
  rows: z.number().nullable(),
  dataBytes: z.number().nullable(),
  indexBytes: z.number().nullable(),
});
/** A table summary. */
export type TableSummary = z.infer<typeof tableSummary>;

/** Schema calls. */
export const schemaContract = {
  'schema.tables': call({
    kind: 'query',
    summary: 'Tables of a connection outside the system schemas, largest first',
    input: z.object({ connectionId: z.string(), schema: z.string().optional() }),
    output: z.array(tableSummary),
  }),
} as const;
