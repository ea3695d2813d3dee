import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sysbenchReport } from '../../../shared/contract/sysbench';
import { lastInterval, parseIntervalLine, parseSysbenchReport } from './report';

const load = (name: string): string => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');

describe('sysbench report', () => {
  it('reads a MariaDB 10.11 oltp_read_only run: per-second lines, totals, latency and the histogram', () => {
    const r = parseSysbenchReport(load('mariadb-10.11-oltp_read_only'));
    expect(sysbenchReport.parse(r)).toEqual(r);
    expect(r.version).toBe('1.0.20');
    expect(r.intervals).toEqual([
      {
        t: 1,
        threads: 2,
        tps: 683.83,
        qps: 10952.25,
        readsPerSec: 9582.6,
        writesPerSec: 0,
        otherPerSec: 1369.65,
        p95Ms: 7.17,
        errorsPerSec: 0,
        reconnectsPerSec: 0,
      },
      {
        t: 2,
        threads: 2,
        tps: 776.67,
        qps: 12429.78,
        readsPerSec: 10876.43,
        writesPerSec: 0,
        otherPerSec: 1553.35,
        p95Ms: 5.09,
        errorsPerSec: 0,
        reconnectsPerSec: 0,
      },
    ]);
    expect(r.totals).toEqual({
      reads: 20482,
      writes: 0,
      other: 2926,
      queries: 23408,
      transactions: 1463,
      tps: 727.06,
      qps: 11633.01,
      ignoredErrors: 0,
      reconnects: 0,
      totalTimeSec: 2.0074,
      events: 1463,
    });
    expect(r.latency).toEqual({ minMs: 0.96, avgMs: 2.73, maxMs: 18.57, p95Ms: 6.43, sumMs: 3990.64 });
    expect(r.histogram[0]).toEqual({ ms: 0.954, count: 1 });
    expect(r.histogram.at(-1)).toEqual({ ms: 18.612, count: 1 });
    // Every event is in one bucket, and buckets ascend.
    expect(r.histogram.reduce((a, b) => a + b.count, 0)).toBe(r.totals.events);
    expect(r.histogram.every((b, i) => i === 0 || b.ms > r.histogram[i - 1]!.ms)).toBe(true);
  });

  it('reads a MySQL 9.7 oltp_read_write run with ignored deadlock errors', () => {
    const r = parseSysbenchReport(load('mysql-9.7-oltp_read_write'));
    expect(r.intervals.map((i) => [i.t, i.writesPerSec, i.errorsPerSec])).toEqual([
      [1, 2387.69, 6.94],
      [2, 1520.85, 3.01],
    ]);
    expect(r.totals.queries).toBe(r.totals.reads + r.totals.writes + r.totals.other);
    expect(r.totals.ignoredErrors).toBe(10);
    expect(r.totals.writes).toBe(3926);
    expect(r.latency.p95Ms).toBe(9.22);
    expect(r.histogram.reduce((a, b) => a + b.count, 0)).toBe(r.totals.events);
  });

  it('reads one interval line, tolerating other percentiles, and ignores anything else', () => {
    expect(parseIntervalLine('[ 12s ] thds: 8 tps: 10.50 qps: 210.00 (r/w/o: 147.00/42.00/21.00) lat (ms,99%): 1.5 err/s: 0.10 reconn/s: 0.00')).toMatchObject({
      t: 12,
      threads: 8,
      p95Ms: 1.5,
      errorsPerSec: 0.1,
    });
    expect(parseIntervalLine('Threads started!')).toBeNull();
    expect(
      lastInterval(
        'x\n[ 1s ] thds: 1 tps: 1.00 qps: 2.00 (r/w/o: 1.00/0.00/1.00) lat (ms,95%): 3.00 err/s: 0.00 reconn/s: 0.00\n[ 2s ] thds: 1 tps: 4.00 qps: 8.00 (r/w/o: 4.00/0.00/4.00) lat (ms,95%): 2.00 err/s: 0.00 reconn/s: 0.00\n',
      )?.t,
    ).toBe(2);
  });

  it('refuses a report cut off before its statistics, quoting its last lines', () => {
    const cut = load('mariadb-10.11-oltp_read_only').split('SQL statistics:')[0]! + '\nFATAL: mysql_drv_query() returned error 2013 (Lost connection)';
    expect(() => parseSysbenchReport(cut)).toThrow(/did not finish the run.*Lost connection/);
  });
});
