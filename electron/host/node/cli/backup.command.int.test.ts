import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli';
import { sandboxDir, sqlServers } from '../../../testing/servers';
import { backupCommand } from './backup.command';

describe.each(sqlServers)('dbw backup on $label', (server) => {
  const url = `mysql://root@127.0.0.1:${server.port}/`;
  let root: string;

  beforeAll(() => {
    mkdirSync(sandboxDir, { recursive: true });
    root = mkdtempSync(join(sandboxDir, 'dbw-bk-cli-'));
    process.env.DBW_WORKSPACE = join(root, 'workspace');
  });
  afterAll(() => {
    delete process.env.DBW_WORKSPACE;
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('backs up and verifies cowrite (--json says verified), then fails a dump with one altered row, naming its table', async () => {
    const out = join(root, 'out');
    const taken = await runCli(backupCommand, ['--connection', url, '--database', 'cowrite', '--out', out, '--no-compress', '--verify', '--json']);
    expect(taken.err).not.toMatch(/error/i);
    expect(taken.code).toBe(0);
    const result = JSON.parse(taken.out) as { verified: boolean; dir: string; manifest: { tables: Array<{ table: string }> } };
    expect(result.verified).toBe(true);
    expect(result.manifest.tables.length).toBeGreaterThan(5);
    // The text output says how its checksums relate to the dump.
    const text = await runCli(backupCommand, ['--connection', url, '--database', 'cowrite', '--out', join(root, 'text')]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/checksums read in the dump's snapshot \(commits waited \d+ ms for the global read lock\)/);

    const again = await runCli(backupCommand, ['verify', result.dir, '--connection', url]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Verified: every table matches/);

    const file = join(result.dir, 'dump.sql');
    const sql = readFileSync(file, 'utf8');
    const at = sql.indexOf('INSERT INTO `companies` VALUES');
    const quote = sql.indexOf("'", at) + 1;
    writeFileSync(file, `${sql.slice(0, quote)}${sql[quote] === 'Z' ? 'Y' : 'Z'}${sql.slice(quote + 1)}`);
    const bad = await runCli(backupCommand, ['verify', result.dir, '--connection', url, '--json']);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.out) as { verified: boolean; differing: string[] };
    expect(report.verified).toBe(false);
    expect(report.differing).toEqual(['companies']);
    expect(bad.err).toMatch(/Tables that differ: companies/);
  }, 480_000);

  it('exits 2 with the usage on bad input', async () => {
    expect((await runCli(backupCommand, ['--connection', url])).code).toBe(2);
    const bogus = await runCli(backupCommand, ['--connection', url, '--database', 'cowrite', '--out', root, '--tool', 'tar']);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toMatch(/tool/);
    const notBackup = await runCli(backupCommand, ['verify', root, '--connection', url]);
    expect(notBackup.code).toBe(2);
    expect(notBackup.err).toMatch(/not a backup taken by this app/);
  });
});
