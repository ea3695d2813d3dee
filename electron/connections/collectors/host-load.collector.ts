/**
 * CPU, memory and data-filesystem use of this machine, for a server that runs on it (the
 * document's host alert rules). CPU busy % needs two readings, so the caller keeps the previous
 * one; a remote server gets nulls, never this machine's figures.
 */
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';

/** Cumulative CPU times, summed over cores (ms). */
export interface CpuTimes {
  busy: number;
  total: number;
}

/** The CPU counters now. */
export function readCpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times;
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/** Busy % between two readings; null when no time passed. */
export function cpuBusyPct(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.total - before.total;
  return total > 0 ? (100 * (after.busy - before.busy)) / total : null;
}

/** Memory in use %, from MemAvailable (what the kernel could hand out) where /proc has it. */
export function memoryUsedPct(): number {
  try {
    const text = readFileSync('/proc/meminfo', 'utf8');
    const total = Number(/^MemTotal:\s+(\d+)/m.exec(text)?.[1]);
    const avail = Number(/^MemAvailable:\s+(\d+)/m.exec(text)?.[1]);
    if (total > 0 && Number.isFinite(avail)) return (100 * (total - avail)) / total;
  } catch {
    // not Linux: fall through to the portable figure
  }
  return (100 * (os.totalmem() - os.freemem())) / os.totalmem();
}

/** Used % of the filesystem holding `dir` (the server's datadir); null when it cannot be read from here. */
export function diskUsedPct(dir: string): number | null {
  if (!dir) return null;
  try {
    const s = statfsSync(dir);
    return s.blocks > 0 ? (100 * (s.blocks - s.bavail)) / s.blocks : null;
  } catch {
    return null;
  }
}
