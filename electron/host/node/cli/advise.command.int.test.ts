/** `dbw advise --connection ... --apply` on a private copy of the co-writing database (MariaDB). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mariadbServer as server } from '../../../testing/servers';
import { adviseCommand } from './advise.command';
import { runCli } from '../../../testing/cli';

const database = 'advisor_cli';
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const workload = fileURLToPath(new URL('../../../../../shared/corpus/cowrite/workload.sql', import.meta.url));
const url = `mysql://${server.user}@${server.host}:${server.port}/${database}`;

const run = (args: string[], stdin = ''): ReturnType<typeof runCli> => runCli(adviseCommand, args, stdin);

describe('dbw advise --apply on MariaDB', () => {
  let conn: mysql.Connection;
  beforeAll(async () => {
    execFileSync('node', ['scripts/sandbox/load-cowrite.mjs', '--port', String(server.port), '--database', database, '--size', 'small'], {
      cwd: root,
      stdio: 'pipe',
    });
    conn = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database });
  }, 300_000);
  afterAll(async () => {
    await conn?.query(`DROP DATABASE IF EXISTS ${database}`);
    await conn?.end();
  });

  it('does nothing when the answer is not "yes"', async () => {
    const r = await run(['--connection', url, '--workload', workload, '--apply'], 'no\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Not applied.');
    const [rows] = (await conn.query("SELECT COUNT(*) AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME LIKE 'idx\\_%'", [
      database,
    ])) as unknown as [{ n: number }[]];
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('applies the plan after "yes", using live statistics', async () => {
    const r = await run(['--connection', url, '--workload', workload, '--apply'], 'yes\n');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Applied \d+ steps\./);
    // The report above the run does not claim nothing was applied, and each table is altered once.
    expect(r.out).not.toContain('nothing applied');
    expect(r.out).toMatch(/== Plan \w+ \(\d+ steps, applied below once confirmed\) ==/);
    const ran = [...r.out.matchAll(/^\[\d+\/\d+\] ALTER TABLE (`[^`]+`\.`[^`]+`) /gm)].map((m) => m[1]);
    expect(ran.length).toBeGreaterThan(1);
    expect(new Set(ran).size).toBe(ran.length);
    expect(r.out).not.toMatch(/pt-online-schema-change|gh-ost/);
    const [rows] = (await conn.query(
      "SELECT COUNT(DISTINCT INDEX_NAME) AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME LIKE 'idx\\_%'",
      [database],
    )) as unknown as [{ n: number }[]];
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(6);
  });

  it('stops at the first failing step and says which one', async () => {
    // A user that may read but not ALTER: the first DDL step fails on the server.
    const [idx] = (await conn.query(
      "SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME LIKE 'idx\\_%'",
      [database],
    )) as unknown as [{ t: string; i: string }[]];
    for (const x of idx) await conn.query(`ALTER TABLE \`${x.t}\` DROP INDEX \`${x.i}\``);
    await conn.query("CREATE USER IF NOT EXISTS 'advisor_cli_ro'@'%' IDENTIFIED BY 'ro-pass'");
    await conn.query(`GRANT SELECT ON ${database}.* TO 'advisor_cli_ro'@'%'`);
    try {
      const r = await run([
        '--connection',
        `mysql://advisor_cli_ro:ro-pass@${server.host}:${server.port}/${database}`,
        '--workload',
        workload,
        '--apply',
        '--yes',
      ]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/Stopped at step 1 of \d+ \(alter:[a-z_]+\): .*denied/i);
      expect(r.err).toContain('No step was applied.');
    } finally {
      await conn.query("DROP USER IF EXISTS 'advisor_cli_ro'@'%'");
    }
  });
});
