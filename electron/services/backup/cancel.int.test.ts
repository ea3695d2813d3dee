import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/core';
import { parseConnectionUrl } from '../../host/node/cli/flags';
import { adminConnection } from '../../testing/harness';
import { sandboxDir, sqlServers } from '../../testing/servers';
import { runBackup } from './backup.service';
import { ProgramFilter, runTool } from './tool-runner';

describe.each(sqlServers)('cancelling a backup on $label', (server) => {
  let root: string;
  beforeAll(() => {
    mkdirSync(sandboxDir, { recursive: true });
    root = mkdtempSync(join(sandboxDir, 'dbw-bk-cancel-'));
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('stops the dump tool when the signal fires, says CANCELLED and leaves no half backup', async () => {
    const cfg = parseConnectionUrl(`mysql://root@127.0.0.1:${server.port}/`);
    const controller = new AbortController();
    const phases: string[] = [];
    const started = performance.now();
    const run = runBackup(
      { cfg, connectionId: 'test', runScratch: async () => 'not used' },
      { database: 'cowrite', outDir: root, tool: 'mysqldump', compress: true, threads: 2, verify: false, retention: {} },
      (e) => {
        phases.push(e.phase);
        if (e.phase === 'dump' && phases.length === 1) setTimeout(() => controller.abort(), 150);
      },
      controller.signal,
    );
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CANCELLED');
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(readdirSync(root)).toEqual([]);
  }, 120_000);

  it('cancelled while it takes its global read lock, it lets go of it at once', async () => {
    const cfg = parseConnectionUrl(`mysql://root@127.0.0.1:${server.port}/`);
    const controller = new AbortController();
    const run = runBackup(
      { cfg, connectionId: 'test', runScratch: async () => 'not used' },
      { database: 'cowrite', outDir: root, tool: 'mysqldump', compress: true, threads: 2, verify: false, retention: {} },
      (e) => {
        if (e.phase === 'dump') controller.abort(); // before the lock is taken and the tool started
      },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    // No lock is left behind (it would hold DDL and commits for up to 5 s): a CREATE and DROP DATABASE go through at once.
    const admin = await adminConnection(server);
    try {
      const name = `dbw_bkc_${randomBytes(4).toString('hex')}`;
      const t0 = performance.now();
      await admin.query(`CREATE DATABASE \`${name}\``);
      await admin.query(`DROP DATABASE \`${name}\``);
      expect(performance.now() - t0).toBeLessThan(2000);
    } finally {
      await admin.end();
    }
    expect(readdirSync(root)).toEqual([]);
  }, 60_000);
});

describe('the backup tools as child processes', () => {
  it('kills a running tool when the signal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = performance.now();
    await expect(runTool({ program: 'sleep', args: ['30'] }, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
  it('when it does not start the tool (cancelled before, or refused), it ends the streams it was given: a zstd compressor does not wait on its stdin for ever', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    for (const [cmd, signal, code] of [
      [{ program: 'mariadb-dump', args: [] }, cancelled.signal, 'CANCELLED'],
      [{ program: 'mariadb-dump', args: ['--databases', 'a\0b'] }, new AbortController().signal, 'BAD_INPUT'],
    ] as const) {
      const zstd = new ProgramFilter('zstd', ['-1', '-q', '-c'], 'compressing the dump');
      const child = (zstd as unknown as { child: ChildProcess }).child;
      const sink = new PassThrough().resume();
      await expect(runTool({ program: cmd.program, args: [...cmd.args] }, signal, { stdout: [zstd, sink] })).rejects.toMatchObject({ code });
      expect(zstd.destroyed).toBe(true);
      expect(sink.destroyed).toBe(true);
      // The program itself is gone (killed), not left behind holding the process open.
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
      expect(child.signalCode).toBe('SIGKILL');
    }
  });
  it("names a full disk as the cause when the output cannot be written, not the tool's broken pipe", async () => {
    const signal = new AbortController().signal;
    // /dev/full answers every write with ENOSPC, as a full backup disk does.
    await expect(
      runTool({ program: 'sh', args: ['-c', 'head -c 4000000 /dev/zero'] }, signal, { stdout: [createWriteStream('/dev/full')] }),
    ).rejects.toMatchObject({ code: 'SERVER_ERROR', message: expect.stringMatching(/^sh's output could not be written: ENOSPC/) });
  });
  it('says which tool is missing, and quotes the stderr of one that fails', async () => {
    const signal = new AbortController().signal;
    await expect(runTool({ program: 'dbw-no-such-backup-tool', args: [] }, signal)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    // Also one whose output streams here (run under stdbuf where the system has it).
    await expect(runTool({ program: 'dbw-no-such-backup-tool', args: [] }, signal, { stdout: [new PassThrough().resume()] })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'dbw-no-such-backup-tool is not installed (it comes with the mariadb-client package)',
    });
    await expect(runTool({ program: 'sh', args: ['-c', 'echo "Access denied for user" >&2; exit 3'] }, signal)).rejects.toMatchObject({
      code: 'SERVER_ERROR',
      message: 'sh exited with status 3: Access denied for user',
    });
  });
});
