/**
 * Reads what sysbench prints for `run --report-interval=1 --histogram`: the per-second lines, the
 * latency histogram, the SQL and general statistics and the latency summary. Pure; a report that
 * lacks its statistics (sysbench stopped early) is refused with a typed error quoting its tail.
 */
import { AppError } from '../../../shared/contract/core';
import type { SysbenchInterval, SysbenchReport } from '../../../shared/contract/sysbench';

const NUM = String.raw`(-?[\d.]+(?:e[+-]?\d+)?)`;
const INTERVAL = new RegExp(
  String.raw`^\[\s*(\d+(?:\.\d+)?)s\s*\]\s+thds:\s*(\d+)\s+tps:\s*${NUM}\s+qps:\s*${NUM}\s+\(r/w/o:\s*${NUM}/${NUM}/${NUM}\)\s+lat\s+\(ms,\s*\d+(?:\.\d+)?%\):\s*${NUM}\s+err/s:?\s*${NUM}\s+reconn/s:?\s*${NUM}`,
);
const HISTOGRAM_ROW = /^\s*([\d.]+)\s+\|\**\s+(\d+)\s*$/;

/** One `[ Ns ] thds: …` line, or null when the line is something else. */
export function parseIntervalLine(line: string): SysbenchInterval | null {
  const m = INTERVAL.exec(line.trim());
  if (!m) return null;
  const n = (i: number): number => Number(m[i]);
  return {
    t: n(1),
    threads: n(2),
    tps: n(3),
    qps: n(4),
    readsPerSec: n(5),
    writesPerSec: n(6),
    otherPerSec: n(7),
    p95Ms: n(8),
    errorsPerSec: n(9),
    reconnectsPerSec: n(10),
  };
}

function field(text: string, label: RegExp): number | null {
  const m = label.exec(text);
  return m ? Number(m[1]) : null;
}

/** Parses a whole `sysbench … run` output. */
export function parseSysbenchReport(text: string): SysbenchReport {
  const lines = text.split(/\r?\n/);
  const intervals: SysbenchInterval[] = [];
  const histogram: Array<{ ms: number; count: number }> = [];
  let inHistogram = false;
  for (const line of lines) {
    const iv = parseIntervalLine(line);
    if (iv) {
      intervals.push(iv);
      continue;
    }
    if (/^Latency histogram/i.test(line.trim())) {
      inHistogram = true;
      continue;
    }
    if (inHistogram) {
      if (/^\s*value\s+-+/.test(line)) continue;
      const h = HISTOGRAM_ROW.exec(line);
      if (h) histogram.push({ ms: Number(h[1]), count: Number(h[2]) });
      else if (line.trim() !== '' || histogram.length > 0) inHistogram = false;
    }
  }
  const need = (label: RegExp, name: string): number => {
    const v = field(text, label);
    if (v === null || !Number.isFinite(v)) {
      const tail = lines
        .filter((l) => l.trim())
        .slice(-5)
        .join(' | ');
      throw new AppError('SERVER_ERROR', `sysbench's report has no ${name}: it did not finish the run (${tail.slice(0, 500)})`);
    }
    return v;
  };
  const version = /sysbench\s+(\d+\.\d+\.\d+)/.exec(text)?.[1] ?? null;
  return {
    version,
    intervals,
    totals: {
      reads: need(/^\s*read:\s+(\d+)/m, 'read count'),
      writes: need(/^\s*write:\s+(\d+)/m, 'write count'),
      other: need(/^\s*other:\s+(\d+)/m, 'other count'),
      queries: need(/^\s*total:\s+(\d+)/m, 'query total'),
      transactions: need(/^\s*transactions:\s+(\d+)/m, 'transaction count'),
      tps: need(/^\s*transactions:\s+\d+\s+\(([\d.]+) per sec\.\)/m, 'transaction rate'),
      qps: need(/^\s*queries:\s+\d+\s+\(([\d.]+) per sec\.\)/m, 'query rate'),
      ignoredErrors: need(/^\s*ignored errors:\s+(\d+)/m, 'error count'),
      reconnects: need(/^\s*reconnects:\s+(\d+)/m, 'reconnect count'),
      totalTimeSec: need(/^\s*total time:\s+([\d.]+)s/m, 'total time'),
      events: need(/^\s*total number of events:\s+(\d+)/m, 'event count'),
    },
    latency: {
      minMs: need(/^\s*min:\s+([\d.]+)/m, 'minimum latency'),
      avgMs: need(/^\s*avg:\s+([\d.]+)/m, 'average latency'),
      maxMs: need(/^\s*max:\s+([\d.]+)/m, 'maximum latency'),
      p95Ms: need(/^\s*\d+(?:\.\d+)?th percentile:\s+([\d.]+)/m, 'latency percentile'),
      sumMs: need(/^\s*sum:\s+([\d.]+)/m, 'latency sum'),
    },
    histogram,
  };
}

/** The last interval line seen in a chunk of live output (for progress while sysbench runs). */
export function lastInterval(chunk: string): SysbenchInterval | null {
  let last: SysbenchInterval | null = null;
  for (const line of chunk.split(/\r?\n/)) last = parseIntervalLine(line) ?? last;
  return last;
}
