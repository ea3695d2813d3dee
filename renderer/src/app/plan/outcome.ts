/** How a step's outcome is coloured, in the plan view and the audit log alike. */
import type { StepStatus } from '../../../../shared/contract/actions';

/** Green for done, amber for "unknown" (the server must be checked), red for failed or not run. */
export function outcomeTextClass(status: StepStatus): string {
  if (status === 'ok') return 'ok-text';
  if (status === 'unknown') return 'warn-text';
  return 'error-text';
}
