/** A zod validation failure as one line a person reads: each issue's path and message, `; `-joined (the CLI's usage errors, a form's error). */
import type { ZodError } from 'zod';

/** `path.to.field: message; other: message`. */
export function issuesText(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}
