import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttrType } from '../../engines/slowlog/class-aggregate';
import { digestText, reportFromStates } from '../../engines/slowlog/digest';
import { digestFile, releaseWarmWorkers, splitRanges, type RunnerTimeline } from './digest-runner';
import { corpusPath } from '../../testing/paths';
import { digestRange, type RangeMarks } from './digest-range';

const dir = mkdtempSync(join(tmpdir(), 'dbw-runner-'));
const worker = join(dir, 'digest.worker.mjs');
const FIXTURE = join(__dirname, '../../engines/slowlog/fixtures/mysql-9.7-extra.log');
const CORPUS = corpusPath('slowlogs/percona/slow024.txt');

beforeAll(async () => {
  // Under vitest there is no dist/: bundle the worker the way build/build.mjs does.
  await build({
    entryPoints: [join(__dirname, 'digest.worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: worker,
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The thread ids of the last timeline's workers. */
const lastThreads = (ts: RunnerTimeline[]): Set<number | undefined> => new Set(ts.at(-1)!.workers.map((w) => w.threadId));

/** Sums added in another order differ in the last bits; pt prints 6 decimals. */
const round = (o: unknown): unknown => JSON.parse(JSON.stringify(o, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
/** Digests a range in-thread, asking `hints` for what the runner would have sent between chunks; its marks say whether it started again. */
const rangeWithHints = async (job: Parameters<typeof digestRange>[0], hints: NonNullable<Parameters<typeof digestRange>[4]>) => {
  const marks: RangeMarks = {};
  const state = await digestRange(job, () => undefined, undefined, marks, hints);
  return { state, marks };
};
const strip = (r: ReturnType<typeof digestText>) =>
  round({
    header: { events: r.header.events, metrics: r.header.metrics },
    classes: r.classes.map((c) => ({ id: c.checksum, n: c.count, m: c.metrics, b: c.bools, h: c.histogram, dbs: c.dbs, s: c.sample.posInLog })),
  });

/** A 24 MiB log in `dir`: repeated copies of a real one, each copy's literals moved (many classes, none repeated whole). */
const grownLog = (name: string): string => {
  const base = readFileSync(FIXTURE, 'latin1');
  const copies: string[] = [];
  for (let k = 0, n = 0; n < 24 << 20; k++) {
    copies.push(k ? base.replace(/\b\d{1,9}\b/g, (d) => String(Number(d) + k)) : base);
    n += copies.at(-1)!.length;
  }
  const path = join(dir, name);
  writeFileSync(path, copies.join(''), 'latin1');
  return path;
};

describe('digest runner', () => {
  it('splits at entry starts and merges worker states into the single-pass report', async () => {
    const buf = Buffer.concat([readFileSync(CORPUS), readFileSync(FIXTURE), readFileSync(CORPUS)]);
    const path = join(dir, 'big.log');
    writeFileSync(path, buf);
    const ranges = splitRanges(path, buf.length, 4);
    expect(ranges.length).toBe(4);
    for (const r of ranges.slice(1)) expect(buf.toString('latin1', r.start, r.start + 8)).toMatch(/^# (Time|User)/);
    const progress: number[] = [];
    const report = await digestFile(
      path,
      { ptCompatible: true },
      { workerScript: worker, threads: 4, minBytesPerThread: 1, onProgress: (p) => progress.push(p.bytes) },
    );
    expect(strip(report)).toEqual(strip(digestText(buf, { ptCompatible: true })));
    expect(progress.at(-1)).toBe(buf.length);
  });

  it('hands more ranges than workers to whichever worker is free, and merges them in file order', async () => {
    const buf = Buffer.concat([readFileSync(CORPUS), readFileSync(FIXTURE), readFileSync(CORPUS), readFileSync(FIXTURE)]);
    const path = join(dir, 'queued.log');
    writeFileSync(path, buf);
    let timeline: RunnerTimeline | undefined;
    const rss: number[] = [];
    const report = await digestFile(
      path,
      { ptCompatible: true },
      { workerScript: worker, threads: 2, rangesPerThread: 3, minBytesPerThread: 1, onTimeline: (t) => (timeline = t), onWorkerRss: (kb) => rss.push(kb) },
    );
    expect(strip(report)).toEqual(strip(digestText(buf, { ptCompatible: true })));
    const ranges = timeline!.workers;
    expect(ranges.map((r) => r.range).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(ranges.map((r) => r.worker))).toEqual(new Set([0, 1]));
    // The ranges tile the file, and each worker took its next range only after its last one.
    const byStart = [...ranges].sort((a, b) => a.start - b.start);
    expect(byStart[0]!.start).toBe(0);
    for (let i = 1; i < byStart.length; i++) expect(byStart[i]!.start).toBe(byStart[i - 1]!.end);
    expect(byStart.at(-1)!.end).toBe(buf.length);
    for (const k of [0, 1]) {
      const mine = ranges.filter((r) => r.worker === k);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.spawnAt).toBeGreaterThanOrEqual(mine[i - 1]!.receivedAt!);
    }
    expect(rss.length).toBe(2);
  });

  it('keeps its workers warm for the next digest when asked, and ends them on release', async () => {
    const timelines: RunnerTimeline[] = [];
    const run = { workerScript: worker, threads: 2, minBytesPerThread: 1, keepWarmMs: 60_000, onTimeline: (t: RunnerTimeline) => void timelines.push(t) };
    try {
      const first = await digestFile(FIXTURE, {}, run);
      const second = await digestFile(FIXTURE, { ptCompatible: true }, run);
      expect(strip(first)).toEqual(strip(digestText(readFileSync(FIXTURE))));
      expect(strip(second)).toEqual(strip(digestText(readFileSync(FIXTURE), { ptCompatible: true })));
      // The same threads (their code loaded once) took the second digest's ranges.
      const threads = (t: RunnerTimeline) => new Set(t.workers.map((w) => w.threadId));
      expect(threads(timelines[0]!).size).toBe(2);
      expect(threads(timelines[1]!)).toEqual(threads(timelines[0]!));
    } finally {
      releaseWarmWorkers();
    }
    // Released: the next digest starts new workers.
    await digestFile(FIXTURE, {}, { ...run, keepWarmMs: undefined });
    for (const id of lastThreads(timelines)) expect(lastThreads(timelines.slice(0, 1)).has(id)).toBe(false);
  });

  it('on warm workers, a digest cancelled half-way is followed by digests that finish and equal a fresh one (the app cancels and re-runs)', async () => {
    // The cancel lands mid-range with many classes known.
    const big = grownLog('big-cancel.log');
    const run = { workerScript: worker, threads: 2, minBytesPerThread: 1, keepWarmMs: 60_000 };
    try {
      const expected = strip(await digestFile(big, {}, { workerScript: worker, threads: 2, minBytesPerThread: 1 }));
      for (let round = 0; round < 3; round++) {
        const ac = new AbortController();
        let cancelledAt = 0;
        const cancelled = digestFile(
          big,
          {},
          {
            ...run,
            signal: ac.signal,
            onProgress: (p) => {
              if (!ac.signal.aborted && p.bytes > p.totalBytes * (0.2 + 0.2 * round)) {
                cancelledAt = p.bytes;
                ac.abort(new Error('user cancelled'));
              }
            },
          },
        );
        await expect(cancelled).rejects.toThrow('user cancelled');
        expect(cancelledAt).toBeGreaterThan(0);
        const next = await Promise.race([
          digestFile(big, {}, run),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the digest after a cancel never finished')), 60_000)),
        ]);
        expect(strip(next)).toEqual(expected);
      }
    } finally {
      releaseWarmWorkers();
    }
  }, 240_000);

  it('fails, rather than waits, when a worker thread ends in the middle of its range', async () => {
    const dying = join(dir, 'dying.worker.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(7));\n");
    await expect(digestFile(FIXTURE, {}, { workerScript: dying })).rejects.toThrow(/exit code 7/);
  });

  it('gives every range the database of the one `use` line at the top, however far back it is', async () => {
    const entry = (i: number): string =>
      `# Time: 2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.000000Z\n# User@Host: app[app] @ web [10.0.0.1]  Id: ${i % 7}\n# Query_time: 0.000500  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 1\n${i === 0 ? 'use cowrite;\n' : ''}SELECT body FROM document_content WHERE document_id = ${i} AND note = '${'x'.repeat(150)}';\n`;
    const parts: string[] = [];
    for (let i = 0; i < 40_000; i++) parts.push(entry(i));
    const buf = Buffer.from(parts.join(''), 'latin1');
    expect(buf.length).toBeGreaterThan(10 * 1024 * 1024);
    const path = join(dir, 'one-use.log');
    writeFileSync(path, buf);
    const byDb = (r: ReturnType<typeof digestText>) => r.classes.map((c) => ({ id: c.checksum, n: c.count, dbs: c.dbs, db: c.sample.db, tables: c.tables }));
    const single = byDb(digestText(buf));
    // Two ranges (the second starts more than 4 MiB after the `use` line), then four (the later
    // ones carry over what the range before them inherited).
    for (const threads of [2, 4]) {
      const report = await digestFile(path, {}, { workerScript: worker, threads, minBytesPerThread: 1 });
      expect(report.classes[0]!.dbs).toEqual([{ value: 'cowrite', count: 40_000 }]);
      expect(byDb(report)).toEqual(single);
    }
  });

  it('types an attribute by its first value in the whole log, not in each range', async () => {
    // `Tag:` is first a word, so pt types it a string for the whole log; in the later ranges its
    // first value is a number, and a range typing it on its own would aggregate it as one.
    const entry = (i: number, tag: string): string =>
      `# Time: 2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.000000Z\n# User@Host: app[app] @ web [10.0.0.1]  Id: ${i % 7}\n# Query_time: 0.000500  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 1 Tag: ${tag}\nSELECT body FROM document_content WHERE document_id = ${i};\n`;
    const parts: string[] = [];
    for (let i = 0; i < 8_000; i++) parts.push(entry(i, i < 2 ? 'warm' : String(100 + (i % 5))));
    const buf = Buffer.from(parts.join(''), 'latin1');
    const path = join(dir, 'tag-types.log');
    writeFileSync(path, buf);
    const tagged = (r: ReturnType<typeof digestText>) =>
      r.classes.map((c) => ({ id: c.checksum, n: c.count, tag: c.metrics['Tag'] ?? null, tags: (c as { strings?: unknown }).strings ?? null }));
    const single = digestText(buf, { ptCompatible: true });
    expect(single.classes[0]!.metrics['Tag']).toBeUndefined();
    // With the types sent to later ranges as they come, and without (every later range digested a second time).
    for (const typeHints of [true, false]) {
      for (const threads of [2, 4]) {
        const report = await digestFile(path, { ptCompatible: true }, { workerScript: worker, threads, minBytesPerThread: 1, typeHints });
        expect(round(tagged(report))).toEqual(round(tagged(single)));
        expect(strip(report)).toEqual(strip(single));
      }
    }
  });

  it('takes the types of the ranges before it as they come, and starts again when it typed one of them otherwise', async () => {
    // `Tag:` is a number in every entry of this range; the range before it typed it a string.
    const entry = (i: number): string =>
      `# Time: 2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.000000Z\n# User@Host: app[app] @ web [10.0.0.1]  Id: ${i % 7}\n# Query_time: 0.000500  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 1 Tag: ${100 + (i % 5)}${i >= 4_000 ? ` Late: ${i % 3}` : ''}\nSELECT body FROM document_content WHERE document_id = ${i % 4};\n`;
    const parts: string[] = [];
    for (let i = 0; i < 6_000; i++) parts.push(entry(i));
    const buf = Buffer.from(parts.join(''), 'latin1');
    // Several 256 KB reads, and `Late:` first in the last of them.
    expect(buf.length).toBeGreaterThan(4 * 256 * 1024);
    expect(buf.indexOf('Late:')).toBeGreaterThan(2 * 256 * 1024);
    const path = join(dir, 'hinted.log');
    writeFileSync(path, buf);
    const job = { path, start: 0, end: buf.length, gzip: false, options: { ptCompatible: true } };
    const typed = strip(
      reportFromStates([await digestRange({ ...job, options: { ...job.options, types: { Tag: 'string', Late: 'string' } } }, () => undefined)]),
    );
    expect(strip(reportFromStates([await digestRange(job, () => undefined)]))).not.toEqual(typed);
    // `Tag` comes after two reads (typed a number by then): the range starts again. `Late` comes before the range meets it.
    const given: (Record<string, AttrType> | undefined)[] = [undefined, undefined, { Tag: 'string' }, { Late: 'string' }];
    let call = 0;
    const { state, marks } = await rangeWithHints(job, () => {
      const types = given[call++];
      return types && { types };
    });
    expect(marks.restarts).toBe(1);
    expect(strip(reportFromStates([state]))).toEqual(typed);
    // Both before the range meets either: no new start.
    call = 0;
    const { state: state2, marks: early } = await rangeWithHints(job, () => (call++ === 0 ? { types: { Tag: 'string', Late: 'string' } } : undefined));
    expect(early.restarts).toBeUndefined();
    expect(strip(reportFromStates([state2]))).toEqual(typed);
  });

  it('starts a range again with the db it inherits when it was sent with another guess', async () => {
    const entry = (i: number): string =>
      `# Time: 2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.000000Z\n# User@Host: app[app] @ web [10.0.0.1]  Id: ${i % 7}\n# Query_time: 0.000500  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 1\nSELECT body FROM document_content WHERE document_id = ${i % 4};\n`;
    const parts: string[] = [];
    for (let i = 0; i < 6_000; i++) parts.push(entry(i));
    const buf = Buffer.from(parts.join(''), 'latin1');
    const path = join(dir, 'inherits.log');
    writeFileSync(path, buf);
    const job = { path, start: 0, end: buf.length, gzip: false, options: { inherited: { ts: '2024-05-01T09:59:59.000000Z' } } };
    const right = { db: 'cowrite', ts: '2024-05-01T09:59:59.000000Z' };
    const byDb = (st: Awaited<ReturnType<typeof digestRange>>) => reportFromStates([st]).classes.map((c) => ({ id: c.checksum, dbs: c.dbs }));
    const expected = byDb(await digestRange({ ...job, options: { inherited: right } }, () => undefined));
    expect(expected[0]!.dbs).toEqual([{ value: 'cowrite', count: 6_000 }]);
    let call = 0;
    const { state, marks } = await rangeWithHints(job, () => (call++ === 2 ? { inherited: right } : undefined));
    expect(marks.restarts).toBe(1);
    expect(marks.inherited).toEqual(right);
    expect(byDb(state)).toEqual(expected);
  });

  it('counts an N+1 run that crosses a worker boundary once', async () => {
    const entry = (thread: number, ms: number, sql: string): string =>
      `# Time: ${new Date(Date.UTC(2024, 4, 1, 10) + ms).toISOString().replace('Z', '000Z')}\n# User@Host: app[app] @ web [10.0.0.1]  Id: ${thread}\n# Query_time: 0.000500  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 1\n${sql};\n`;
    const parts: string[] = [];
    let ms = 0;
    for (let loop = 0; loop < 4; loop++) {
      parts.push(entry(7, (ms += 1000), `SELECT id FROM documents WHERE project_id = ${loop}`));
      for (let i = 0; i < 40; i++) parts.push(entry(7, (ms += 2), `SELECT body FROM document_content WHERE document_id = ${i}`));
    }
    const buf = Buffer.from(parts.join(''), 'latin1');
    const path = join(dir, 'n-plus-one.log');
    writeFileSync(path, buf);
    // Four ranges: each cut lands inside a run of 40 (a run spans ~a quarter of the file).
    const ranges = splitRanges(path, buf.length, 4);
    expect(ranges.length).toBe(4);
    for (const r of ranges.slice(1)) expect(buf.toString('latin1', r.start, r.start + 400)).toContain('document_content');
    const report = await digestFile(path, {}, { workerScript: worker, threads: 4, minBytesPerThread: 1 });
    const child = report.classes.find((c) => c.fingerprint.startsWith('select body'))!;
    expect(child.nPlusOne).toEqual({ runs: 4, repeats: 160, maxRun: 40, callers: [{ fingerprint: 'select id from documents where project_id = ?', runs: 4 }] });
    expect(child.nPlusOne).toEqual(digestText(buf).classes.find((c) => c.checksum === child.checksum)!.nPlusOne);
  });

  it('streams a .gz file through zlib in one worker', async () => {
    const buf = readFileSync(FIXTURE);
    const path = join(dir, 'log.gz');
    writeFileSync(path, gzipSync(buf));
    const report = await digestFile(path, {}, { workerScript: worker });
    expect(strip(report)).toEqual(strip(digestText(buf)));
  });

  it('runs in this thread when no built worker exists', async () => {
    const report = await digestFile(FIXTURE, {}, { workerScript: undefined, threads: 1 });
    expect(report.header.events).toBe(digestText(readFileSync(FIXTURE)).header.events);
  });

  it('digests a one-range file below inThreadBelow in this thread, as a worker would', async () => {
    const rss: number[] = [];
    const inThread = await digestFile(FIXTURE, {}, { workerScript: worker, inThreadBelow: 16 * 1024 * 1024, onWorkerRss: (kb) => rss.push(kb) });
    expect(rss).toEqual([]);
    const inWorker = await digestFile(FIXTURE, {}, { workerScript: worker, onWorkerRss: (kb) => rss.push(kb) });
    expect(rss.length).toBe(1);
    expect(strip(inThread)).toEqual(strip(inWorker));
    // Above the threshold the worker runs again.
    await digestFile(FIXTURE, {}, { workerScript: worker, inThreadBelow: 1, onWorkerRss: (kb) => rss.push(kb) });
    expect(rss.length).toBe(2);
  });

  it('digests the first range in this thread beside the workers when asked (the command line), equal to the single pass', async () => {
    const buf = Buffer.concat([readFileSync(CORPUS), readFileSync(FIXTURE), readFileSync(CORPUS), readFileSync(FIXTURE)]);
    const path = join(dir, 'here.log');
    writeFileSync(path, buf);
    for (const [threads, rangesPerThread] of [
      [2, 1],
      [3, 1],
      [2, 3],
    ] as const) {
      let timeline: RunnerTimeline | undefined;
      const rss: number[] = [];
      const progress: number[] = [];
      const report = await digestFile(
        path,
        { ptCompatible: true },
        {
          workerScript: worker,
          threads,
          rangesPerThread,
          minBytesPerThread: 1,
          firstRangeHere: true,
          onTimeline: (t) => (timeline = t),
          onWorkerRss: (kb) => rss.push(kb),
          onProgress: (p) => progress.push(p.bytes),
        },
      );
      expect(strip(report)).toEqual(strip(digestText(buf, { ptCompatible: true })));
      expect(progress.at(-1)).toBe(buf.length);
      const ranges = timeline!.workers;
      // Range 0 in this thread (worker -1), the others on one worker fewer than `threads`.
      expect(ranges.filter((r) => r.worker === -1).map((r) => r.range)).toEqual([0]);
      expect(ranges.find((r) => r.range === 0)!.threadId).toBeUndefined();
      expect(new Set(ranges.filter((r) => r.worker >= 0).map((r) => r.worker)).size).toBe(threads - 1);
      expect(ranges.map((r) => r.range).sort()).toEqual(Array.from({ length: threads * rangesPerThread }, (_, i) => i));
      expect(rss.length).toBe(threads - 1);
    }
  });

  it('with the first range in this thread, a cancel or a failing worker stops the digest in this thread too', async () => {
    const big = grownLog('big-here.log');
    const ac = new AbortController();
    let after = 0;
    const cancelled = digestFile(
      big,
      {},
      {
        workerScript: worker,
        threads: 2,
        minBytesPerThread: 1,
        firstRangeHere: true,
        signal: ac.signal,
        onProgress: (p) => {
          if (ac.signal.aborted) after++;
          else if (p.bytes > p.totalBytes * 0.1) ac.abort(new Error('user cancelled'));
        },
      },
    );
    await expect(cancelled).rejects.toThrow('user cancelled');
    // Nothing reports progress once the digest has been cancelled, and this thread stops digesting:
    // the rest of its range (~11 MB) would take it hundreds of ms of CPU.
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 400));
    const cpu = process.cpuUsage(cpu0);
    expect(after).toBe(0);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(150);
    const dying = join(dir, 'dying-here.worker.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(7));\n");
    await expect(digestFile(big, {}, { workerScript: dying, threads: 2, minBytesPerThread: 1, firstRangeHere: true })).rejects.toThrow(/exit code 7/);
  }, 120_000);

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('user cancelled'));
    await expect(digestFile(CORPUS, {}, { workerScript: worker, signal: ac.signal })).rejects.toThrow('user cancelled');
  });

  it('rejects an unreadable path', async () => {
    await expect(digestFile(join(dir, 'missing.log'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no such file/) });
  });

  it('refuses a FIFO or a directory before opening it', async () => {
    const fifo = join(dir, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    await expect(digestFile(fifo, {}, { workerScript: worker })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/named pipe/) });
    await expect(digestFile(dir)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/is a directory/) });
  });

  it('digests what a cut .gz holds before its cut, with a warning; refuses one that holds nothing readable', async () => {
    const log = readFileSync(FIXTURE);
    const whole = gzipSync(Buffer.concat(Array.from({ length: 40 }, () => log)));
    const cut = join(dir, 'cut.log.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = await digestFile(cut, {}, { workerScript: worker });
    expect(r.header.events).toBeGreaterThan(0);
    expect(r.header.events).toBeLessThan(digestText(Buffer.concat(Array.from({ length: 40 }, () => log))).header.events);
    expect(r.warnings.some((w) => w.kind === 'truncated-entry' && /\.gz file is damaged or cut short/.test(w.message))).toBe(true);
    const junk = join(dir, 'junk.log.gz');
    writeFileSync(junk, Buffer.concat([whole.subarray(0, 10), Buffer.alloc(500, 0x33)]));
    await expect(digestFile(junk, {}, { workerScript: worker })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/does not decompress/),
    });
  });
});
