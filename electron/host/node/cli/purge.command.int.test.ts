import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli';
import { adminConnection } from '../../../testing/harness';
import { sqlServers } from '../../../testing/servers';
import { purgeCommand } from './purge.command';

describe.each(sqlServers)('dbw purge on $label', (server) => {
  const DB = `dbw_purge_cli_${server.port}`;
  let admin: mysql.Connection;
  const url = `mysql://${server.user}:${server.password}@${server.host}:${server.port}/${DB}`;
  const count = async (where: string): Promise<number> => {
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.user_sessions WHERE ${where}`);
    return Number((rows as Array<{ n: unknown }>)[0]!.n);
  };

  beforeAll(async () => {
    process.env.DBW_WORKSPACE = mkdtempSync(join(tmpdir(), 'dbw-cli-purge-'));
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.user_sessions LIKE cowrite.user_sessions`);
    await admin.query(`INSERT INTO \`${DB}\`.user_sessions SELECT * FROM cowrite.user_sessions`);
  }, 60_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
  });

  it('counts without --apply, deletes exactly that count with --apply --yes, and a --resume afterwards finds nothing', async () => {
    const where = 'user_id % 7 = 3';
    const truth = await count(where);
    expect(truth).toBeGreaterThan(300);
    const dry = await runCli(purgeCommand, ['--connection', url, '--table', `${DB}.user_sessions`, '--where', where, '--chunk', '100', '--json']);
    expect(dry.code).toBe(0);
    const d = JSON.parse(dry.out) as { rows: number; chunks: number; applied: boolean };
    expect(d).toMatchObject({ rows: truth, chunks: Math.ceil(truth / 100), applied: false });
    expect(await count(where)).toBe(truth);

    const run = await runCli(purgeCommand, [
      '--connection',
      url,
      '--table',
      'user_sessions',
      '--where',
      where,
      '--chunk',
      '100',
      '--sleep',
      '1',
      '--apply',
      '--yes',
      '--json',
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.out) as { rows: number; chunks: number; applied: boolean; end: string };
    expect(r).toMatchObject({ rows: truth, chunks: Math.ceil(truth / 100), applied: true, end: 'done' });
    expect(await count(where)).toBe(0);
    expect(await count('1')).toBe(6000 - truth);

    const again = await runCli(purgeCommand, ['--connection', url, '--table', 'user_sessions', '--where', where, '--resume', '--apply', '--yes', '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ rows: 0, chunks: 0, applied: true });
  }, 60_000);

  it('runs a shipped preset in text mode and asks before deleting', async () => {
    const before = await count('1');
    const no = await runCli(purgeCommand, ['--connection', url, '--table', 'user_sessions', '--preset', 'expired-sessions', '--apply'], 'no\n');
    expect(no.code).toBe(1);
    expect(no.out).toMatch(/rows match, in \d+ chunk\(s\) walking id/);
    expect(await count('1')).toBe(before);
    const yes = await runCli(purgeCommand, ['--connection', url, '--table', 'user_sessions', '--preset', 'expired-sessions', '--apply'], 'yes\n');
    expect(yes.code).toBe(0);
    expect(yes.out).toMatch(/Done: [\d,]+ rows in \d+ chunk\(s\)/);
    expect(await count('expires_at < NOW() - INTERVAL 31 DAY')).toBe(0);
  }, 60_000);

  it('archives to a JSON lines file named from its template with --archive-file, one line per deleted row', async () => {
    const dir = mkdtempSync(join(process.env.DBW_SANDBOX_DIR ?? tmpdir(), 'dbw-pg-cli-'));
    try {
      const where = 'user_id % 7 = 5';
      const truth = await count(where);
      const args = ['--connection', url, '--table', 'user_sessions', '--where', where, '--chunk', '150', '--archive-file', join(dir, '%D-%t.jsonl')];
      const dry = await runCli(purgeCommand, [...args, '--archive-format', 'jsonl']);
      expect(dry.out).toContain(`Deleted rows are archived to ${join(dir, `${DB}-user_sessions.jsonl`)}`);
      const run = await runCli(purgeCommand, [...args, '--archive-format', 'jsonl', '--apply', '--yes', '--json']);
      expect(run.code).toBe(0);
      const r = JSON.parse(run.out) as { rows: number; archived: number; archiveFile: { path: string; bytes: number; format: string } };
      expect(r).toMatchObject({ rows: truth, archived: truth, archiveFile: { path: join(dir, `${DB}-user_sessions.jsonl`), format: 'jsonl' } });
      const lines = readFileSync(r.archiveFile.path, 'utf8').trimEnd().split('\n');
      expect(lines.length).toBe(truth);
      expect(lines.every((l) => Number((JSON.parse(l) as { user_id: number }).user_id) % 7 === 5)).toBe(true);
      expect(await count(where)).toBe(0);
      const bad = await runCli(purgeCommand, [...args, '--archive-format', 'xml']);
      expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/tsv, csv or jsonl/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses bad usage with exit code 2', async () => {
    expect((await runCli(purgeCommand, ['--connection', url, '--table', 'user_sessions'])).code).toBe(2);
    const bad = await runCli(purgeCommand, ['--connection', url, '--table', 'user_sessions', '--where', 'id > 0; DROP TABLE x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/one SQL expression/);
    expect((await runCli(purgeCommand, ['--connection', url, '--table', 'nope', '--where', 'id > 0'])).err).toMatch(/No table/);
  });
});
