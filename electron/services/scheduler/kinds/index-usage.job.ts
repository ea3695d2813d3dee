/**
 * An index-usage snapshot on a schedule: the counters the index advisor's unused-index check reads
 * (performance_schema on MySQL, user statistics on MariaDB), kept per run so usage can be compared
 * over weeks — counters reset at every server restart, snapshots do not. Reads only.
 */
import { z } from 'zod';
import { collectCapabilities, collectIndexUsage } from '../../../connections/collectors/schema.collector';
import type { IndexUsageSnapshot } from '../../../engines/advisor/unused';
import { HISTORY_DAYS, type UsageSnapshotRun } from '../../../engines/maintenance/unused-indexes';
import type { SchedulerRepo } from '../../../store/scheduler.repo';
import { jobKind } from '../job-kind';

/** A run's details as this job records them (an IndexUsageSnapshot), or null for anything else. */
function snapshotOf(details: unknown): IndexUsageSnapshot | null {
  const d = details as Partial<IndexUsageSnapshot> | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.indexReads) || !Array.isArray(d.tableActivity) || typeof d.source !== 'string') return null;
  return d as IndexUsageSnapshot;
}

/**
 * The snapshots this job recorded for a database on a connection over the review's history window:
 * what the unused-index review reads besides the live counters, which a server restart resets.
 */
export function indexUsageHistory(repo: SchedulerRepo): (connectionId: string, schema: string, now: Date) => UsageSnapshotRun[] {
  return (connectionId, schema, now) =>
    repo
      .okRunsOfKind('index-usage', connectionId, new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString(), 500)
      .filter((r) => r.spec.database === schema)
      .flatMap((r) => {
        const usage = snapshotOf(r.details);
        return usage ? [{ at: r.at, usage }] : [];
      });
}

/** Records rows read per index of a database. */
export const indexUsageJob = jobKind({
  id: 'index-usage',
  title: 'Index-usage snapshot',
  description: 'Records rows read per index of a database (reads only), for the unused-index check over time',
  spec: z.object({ database: z.string().min(1).max(64) }),
  example: { database: 'cowrite' },
  async run(ctx, spec) {
    const usage = await ctx.read(async (s) => collectIndexUsage(s, spec.database, await collectCapabilities(s)));
    if (usage.source === 'unavailable')
      return { status: 'failed', summary: usage.note ?? 'Index usage is unavailable on this server', output: [], details: usage };
    const unread = usage.indexReads.filter((i) => i.reads === 0).length;
    const lines = [...usage.indexReads].sort((a, b) => b.reads - a.reads).map((i) => `${i.table}.${i.index}: ${i.reads} rows read`);
    return {
      status: 'ok',
      summary: `${usage.indexReads.length} indexes of ${spec.database} (${usage.source}), ${unread} not read since the counters started`,
      output: lines,
      details: usage,
    };
  },
});
