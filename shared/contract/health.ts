/**
 * Table health: free space inside each table (fragmentation after deletes), how old its optimizer
 * statistics are, and how far the server's row estimate is from the counted rows — each with the
 * plan that fixes it (ANALYZE TABLE, OPTIMIZE TABLE) through the executor.
 */
import { z } from 'zod';
import { call } from './core';

/** One table's health. */
export const tableHealth = z.object({
  schema: z.string(),
  table: z.string(),
  engine: z.string().nullable(),
  estimatedRows: z.number().nullable(),
  /** Exact COUNT(*), for tables whose estimate is under the counting limit; else null. */
  countedRows: z.number().nullable(),
  dataBytes: z.number().nullable(),
  indexBytes: z.number().nullable(),
  freeBytes: z.number().nullable(),
  /** Free space as a share of the table's space (data + indexes + free), in percent. */
  fragmentationPct: z.number().nullable(),
  statsUpdatedAt: z.string().nullable(),
  statsAgeDays: z.number().nullable(),
  /** |estimate − count| / count, in percent. */
  estimateErrorPct: z.number().nullable(),
  advice: z.array(z.enum(['analyze', 'optimize'])),
  reasons: z.array(z.string()),
});
/** A table's health. */
export type TableHealth = z.infer<typeof tableHealth>;

/** Health calls. */
export const healthContract = {
  'health.tables': call({
    kind: 'query',
    summary: "A database's tables: fragmentation, statistics age, estimated against counted rows, and what to run",
    input: z.object({
      connectionId: z.string(),
      schema: z.string().min(1).max(64),
      /** Tables estimated above this many rows are not counted (COUNT(*) reads the whole table). */
      countUpTo: z.number().int().min(0).max(100_000_000).default(1_000_000),
    }),
    output: z.array(tableHealth),
  }),
} as const;
