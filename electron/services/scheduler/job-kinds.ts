/** The job kinds the scheduler can run, one line each; a feature adds its kind at the end. */
import type { JobKind } from './job-kind';
import { analyzeJob } from './kinds/analyze.job';
import { indexUsageJob } from './kinds/index-usage.job';
import { partitionRotateJob } from './kinds/partition-rotate.job';
import { purgeJob } from './kinds/purge.job';
import { backupJob } from './kinds/backup.job';

/** Every kind, in the order the form lists them. */
export const jobKinds: readonly JobKind<unknown>[] = [analyzeJob, partitionRotateJob, indexUsageJob, purgeJob, backupJob];
