/**
 * Which older backups retention removes: among the backups of one database, the newest `keep`
 * stay, and so does every backup younger than `days`; the rest go. With neither set nothing goes.
 * The backup just taken is never removed.
 */
import type { Retention } from '../../../shared/contract/backup';

/** A backup as retention sees it. */
export interface RetainedBackup {
  readonly dir: string;
  readonly startedAt: string;
}

/** The backups to remove, oldest first. `current` is the folder of the backup just taken. */
export function expiredBackups(backups: readonly RetainedBackup[], rule: Retention, current: string, now: Date): RetainedBackup[] {
  if (rule.keep === undefined && rule.days === undefined) return [];
  const newest = [...backups].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  const out: RetainedBackup[] = [];
  newest.forEach((b, i) => {
    if (b.dir === current) return;
    const beyondCount = rule.keep !== undefined && i >= rule.keep;
    const beyondAge = rule.days !== undefined && now.getTime() - Date.parse(b.startedAt) > rule.days * 86_400_000;
    // Both set: a backup goes when it is past the count and past the age; one set: that one decides.
    const expired = rule.keep !== undefined && rule.days !== undefined ? beyondCount && beyondAge : beyondCount || beyondAge;
    if (expired) out.push(b);
  });
  return out.reverse();
}
