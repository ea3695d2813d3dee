/**
 * Plan request for a dedicated read-only account: a server user the app (or a monitoring tool)
 * connects as in production, so the server itself refuses every write whatever the statement.
 */
import { z } from 'zod';

/** Account names the plan accepts: plain characters only, so no quoting subtleties reach the server. */
const accountName = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'letters, digits, _ . - (at most 32)');
/** Host patterns: a host name, an address, or a pattern with % and _. */
const accountHost = z.string().regex(/^[A-Za-z0-9_.%:-]{1,255}$/, 'a host name, address or % pattern');

/** Plan request for the read-only account planner. */
export const readOnlyAccountPlanRequest = z.object({
  planner: z.literal('read-only-account'),
  params: z.object({
    user: accountName,
    host: accountHost.default('%'),
    /** The account's password; the audit keeps the statement with the password redacted. */
    password: z.string().min(12, 'at least 12 characters').max(128),
  }),
});
/** Read-only account planner params. */
export type ReadOnlyAccountParams = z.infer<typeof readOnlyAccountPlanRequest>['params'];
