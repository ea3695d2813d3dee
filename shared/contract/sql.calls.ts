/** SQL editor and EXPLAIN calls (owned by the editor feature). */
import { z } from 'zod';

/** Plan request for a statement typed in the editor that may write: it runs only through the executor. */
export const sqlPlanRequest = z.object({
  planner: z.literal('sql-statement'),
  params: z.object({ sql: z.string().min(1).max(1_000_000), database: z.string().max(64).optional() }),
});

/** The editor's calls. */
export const sqlContract = {} as const;
