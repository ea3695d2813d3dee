/** Tuner calls (owned by the tuner feature). */
import { z } from 'zod';

/** Plan request for the tuner planner: the variable changes the user ticked. */
export const tunerPlanRequest = z.object({
  planner: z.literal('tuner'),
  params: z.object({ changes: z.array(z.object({ name: z.string().regex(/^[a-z0-9_]+$/), value: z.string().max(1000) })).min(1).max(200) }),
});

/** The tuner's calls. */
export const tunerContract = {} as const;
