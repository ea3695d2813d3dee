/**
 * The benchmark's child process: digests one file with the worker runner, as `dbw digest` runs it, and prints timing,
 * counts, CPU time (in all and of this thread), this process's peak RSS (which includes its worker threads) and a timeline
 * (this thread's cut and back-reads, each worker's spawn, code loaded, first chunk, end, state
 * received, its own CPU time, then the merge and report) as JSON.
 */
import { readFileSync, statSync } from 'node:fs';
import { reportFromStates } from '../../electron/engines/slowlog/digest';
import { COMMAND_LINE_RUN, digestFileStates, type RunnerTimeline } from '../../electron/services/slow-log/digest-runner';

const [file, worker, threads, rangesPerThread] = process.argv.slice(2);
const processStartAt = performance.timeOrigin;
const t0 = performance.timeOrigin + performance.now();
let used = 0;
let timeline: RunnerTimeline | undefined;
const states = await digestFileStates(
  file!,
  {},
  {
    // As `dbw digest` runs it.
    ...COMMAND_LINE_RUN,
    workerScript: worker,
    threads: threads ? Number(threads) : undefined,
    rangesPerThread: rangesPerThread ? Number(rangesPerThread) : undefined,
    onProgress: () => undefined,
    onWorkerRss: () => used++,
    onTimeline: (t) => (timeline = t),
  },
);
const mergeFrom = performance.timeOrigin + performance.now();
const report = reportFromStates(states, { files: [{ name: file!, size: statSync(file!).size }] });
const t1 = performance.timeOrigin + performance.now();
const cpu = process.cpuUsage();
// This (main) thread's own CPU; the workers report theirs, and the rest is V8's background threads.
let mainCpuMs: number | undefined;
try {
  const stat = readFileSync('/proc/thread-self/stat', 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  mainCpuMs = (Number(f[11]) + Number(f[12])) * 10;
} catch {
  // Not Linux.
}
process.stdout.write(
  JSON.stringify({
    ms: t1 - t0,
    events: report.header.events,
    classes: report.header.uniqueClasses,
    threads: timeline ? new Set(timeline.workers.map((w) => w.worker)).size : used,
    rssKb: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainCpuMs,
    stages: report.stages,
    processStartAt,
    t0,
    mergeFrom,
    t1,
    timeline,
  }),
);
