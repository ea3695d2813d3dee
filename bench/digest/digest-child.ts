/**
 * The benchmark's child process: digests one file with the worker runner and prints timing,
 * counts and this process's peak RSS (which includes its worker threads) as JSON.
 */
import { digestFile } from '../../electron/services/slow-log/digest-runner';

const [file, worker, threads] = process.argv.slice(2);
const t = performance.now();
let used = 0;
const report = await digestFile(
  file!,
  {},
  { workerScript: worker, threads: threads ? Number(threads) : undefined, onProgress: () => undefined, onWorkerRss: () => used++ },
);
const ms = performance.now() - t;
process.stdout.write(
  JSON.stringify({
    ms,
    events: report.header.events,
    classes: report.header.uniqueClasses,
    threads: used,
    rssKb: process.resourceUsage().maxRSS,
    stages: report.stages,
  }),
);
