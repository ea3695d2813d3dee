/**
 * The benchmark's child process: digests one file with the worker runner and prints timing,
 * counts, CPU time, this process's peak RSS (which includes its worker threads) and a timeline
 * (this thread's cut and back-reads, each worker's spawn, code loaded, first chunk, end, state
 * received, its own CPU time, then the merge and report) as JSON.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { reportFromStates } from '../../electron/engines/slowlog/digest';
import { digestFileStates, type RunnerTimeline } from '../../electron/services/slow-log/digest-runner';

const [file, worker, threads, rangesPerThread] = process.argv.slice(2);
const processStartAt = performance.timeOrigin;
const t0 = performance.timeOrigin + performance.now();
let used = 0;
let timeline: RunnerTimeline | undefined;
const states = await digestFileStates(
  file!,
  {},
  {
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
// CPU of the threads still alive, by name: this (main) thread, V8's compiler/GC helpers, libuv's pool.
const threadsCpu: Record<string, number> = {};
for (const tid of readdirSync('/proc/self/task')) {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    const name = tid === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).trim();
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    threadsCpu[name] = (threadsCpu[name] ?? 0) + (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    // Not Linux, or the thread ended meanwhile.
  }
}
process.stdout.write(
  JSON.stringify({
    ms: t1 - t0,
    events: report.header.events,
    classes: report.header.uniqueClasses,
    threads: used,
    rssKb: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
    threadsCpu,
    stages: report.stages,
    processStartAt,
    t0,
    mergeFrom,
    t1,
    timeline,
  }),
);
