/** Index advisor calls (owned by the advisor feature). */
import { z } from 'zod';

/** Plan request for the index advisor planner: indexes to add and to retire. */
export const advisorPlanRequest = z.object({
  planner: z.literal('index-advisor'),
  params: z.object({
    add: z.array(z.object({ schema: z.string(), table: z.string(), name: z.string(), columns: z.array(z.string()).min(1) })).max(100),
    retire: z.array(z.object({ schema: z.string(), table: z.string(), name: z.string() })).max(100),
  }),
});

/** The advisor's calls. */
export const advisorContract = {} as const;
