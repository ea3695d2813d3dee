/**
 * Plans: the only way anything changes a server. Tuner, index advisor, partition tools and
 * maintenance all emit a Plan; one executor (electron/actions) previews and applies them all.
 */
import { z } from 'zod';

/** What a step does to the server. */
export const stepKind = z.enum(['DDL', 'DML', 'SET', 'ADMIN']);
/** How risky running a step is. */
export const riskLevel = z.enum(['low', 'medium', 'high']);

/** One SQL statement of a plan, with what it costs and how to undo it. */
export const planStep = z.object({
  /** Stable within the plan (e.g. "1", "analyze:cowrite.users"). */
  id: z.string(),
  kind: stepKind,
  /** Exactly what runs. Identifiers quoted by shared quoting; no user values inlined unescaped. */
  sql: z.string(),
  /** Why this step is here, in one sentence. */
  description: z.string(),
  risk: riskLevel,
  /** Human estimate of lock and size impact ("reads ~120k rows, metadata lock only"). */
  estimate: z.string(),
  /** Statement that undoes the step, or null when nothing needs undoing (or it cannot be undone). */
  rollback: z.string().nullable(),
  /**
   * When `rollback` is null because the step cannot be undone by a statement: what to do instead
   * ("restore from a backup"). Absent means nothing needs undoing.
   */
  noRollback: z.string().optional(),
  /** True when the change only takes effect after a server restart (static variables). */
  needsRestart: z.boolean().default(false),
});
/** One step. */
export type PlanStep = z.infer<typeof planStep>;

/** A derived plan: pure output of a planner, identified by the hash of its statements. */
export const plan = z.object({
  /** Which planner made it ("analyze-table", "tuner", "index-advisor", ...). */
  planner: z.string(),
  title: z.string(),
  steps: z.array(planStep),
  /** Extra lines for humans (my.cnf lines to add, pt-online-schema-change commands, ...). */
  notes: z.array(z.string()).default([]),
  /** sha256 over planner + each step's kind, sql and rollback. */
  hash: z.string(),
});
/** A plan. */
export type Plan = z.infer<typeof plan>;
