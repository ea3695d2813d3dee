import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanRequest } from '../../../shared/contract/actions';
import { checkTableResults } from '../../../shared/contract/health';
import { Executor } from '../../actions/executor';
import { defaultPlanners } from '../../actions/planners';
import { adminConnection, serverConnection } from '../../testing/harness';
import { mysqlServer, sqlServers, type TestServer } from '../../testing/servers';
import { AuditRepo } from '../../store/audit.repo';
import { ConnectionsRepo } from '../../store/connections.repo';
import { aesSecretBox } from '../../store/secret-box';
import { openWorkspace } from '../../store/workspace.store';

/** Where the server keeps a table's files, as this machine sees them (the MySQL sandbox runs in a chroot). */
async function tableDir(admin: mysql.Connection, server: TestServer, db: string): Promise<string> {
  const [[row]] = (await admin.query('SELECT @@datadir AS d')) as unknown as [[{ d: string }]];
  const root = server === mysqlServer ? (process.env.MYSQL_CHROOT ?? join(tmpdir(), 'mysql-sid-chroot')) : '';
  return join(root, row.d, db);
}

describe.each(sqlServers)('CHECK TABLE through the executor on $label', (server) => {
  const DB = `dbw_hl_ck_${server.port}`;
  const mariadb = server !== mysqlServer;
  let admin: mysql.Connection;
  let executor: Executor;
  let connectionId: string;
  const request = (tables: string[] = []): PlanRequest => ({ planner: 'check-table', params: { schema: DB, tables, mode: 'medium' } });
  const checkTimes = async (): Promise<unknown[]> =>
    (
      (await admin.query('SELECT TABLE_NAME, CHECK_TIME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [DB])) as unknown as [
        unknown[],
      ]
    )[0];

  const comCheck = async (): Promise<string> =>
    ((await admin.query("SHOW GLOBAL STATUS LIKE 'Com_check'")) as unknown as [Array<{ Value: string }>])[0][0]!.Value;
  const checksums = async (): Promise<unknown[]> => ((await admin.query(`CHECKSUM TABLE \`${DB}\`.inno, \`${DB}\`.my`)) as unknown as [unknown[]])[0];

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\`; CREATE DATABASE \`${DB}\``);
    const rows = Array.from({ length: 300 }, (_, i) => `(${i}, ${i % 17}, REPEAT('x', ${20 + (i % 30)}))`).join(',');
    for (const [name, engine] of [['inno', 'InnoDB'], ['my', 'MyISAM'], ['broken', 'MyISAM'], ...(mariadb ? [['aria', 'Aria']] : [])]) {
      await admin.query(`CREATE TABLE \`${DB}\`.\`${name}\` (id INT PRIMARY KEY, a INT, s VARCHAR(64), KEY ka (a)) ENGINE=${engine}`);
      await admin.query(`INSERT INTO \`${DB}\`.\`${name}\` VALUES ${rows}`);
    }
    // Damage one MyISAM table the way a full disk or a crash does: its data file loses its tail.
    await admin.query(`FLUSH TABLES \`${DB}\`.broken`);
    truncateSync(join(await tableDir(admin, server, DB), 'broken.MYD'), 1000);
    const db = openWorkspace(':memory:');
    const connections = new ConnectionsRepo(db, aesSecretBox(Buffer.alloc(32, 6), 't'));
    connectionId = connections.save(serverConnection(server, `${server.label} check`)).id;
    executor = new Executor({ connections, audit: new AuditRepo(db), planners: defaultPlanners, actor: 'test', lockWaitSeconds: 10 });
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
  });

  it('previews one step per table and runs none (no CHECK counted, check times and checksums unchanged)', async () => {
    // Other suites write to these servers at the same time: the proof is the server's CHECK
    // counter (no other suite runs CHECK TABLE), the tables' check times and checksums.
    const checks = await comCheck();
    const times = await checkTimes();
    const sums = await checksums();
    const preview = await executor.preview(connectionId, request());
    expect(preview.plan.steps.map((s) => s.sql)).toEqual(
      [...(mariadb ? ['aria'] : []), 'broken', 'inno', 'my'].map((t) => `CHECK TABLE \`${DB}\`.\`${t}\` MEDIUM`),
    );
    expect(preview.steps.find((s) => s.stepId === 'check:inno')?.details.engine).toBe('InnoDB');
    expect(await comCheck()).toBe(checks);
    expect(await checkTimes()).toEqual(times);
    expect(await checksums()).toEqual(sums);
    await expect(executor.preview(connectionId, request(['nosuch']))).rejects.toMatchObject({ code: 'NOT_FOUND', message: /nosuch/ });
  });

  it('checks each table with progress, and flags the damaged MyISAM table as corrupt', async () => {
    const preview = await executor.preview(connectionId, request());
    const progress: string[] = [];
    const applied = await executor.apply(connectionId, request(), preview.plan.hash, undefined, new AbortController().signal, (_d, _t, m) => progress.push(m));
    expect(progress.filter((m) => m.startsWith('Step ')).length).toBe(preview.plan.steps.length);
    const results = checkTableResults(applied.outcomes);
    const by = (t: string) => results.find((r) => r.table === t)!;
    expect(by('inno')).toMatchObject({ verdict: 'ok', status: 'OK' });
    expect(by('my')).toMatchObject({ verdict: 'ok', status: 'OK' });
    if (mariadb) expect(by('aria')).toMatchObject({ verdict: 'ok', status: 'OK' });
    expect(by('broken').verdict).toBe('corrupt');
    expect(by('broken').messages.some((m) => m.type === 'error')).toBe(true);
  });

  it('stops between tables when cancelled: the rest is not run', async () => {
    const preview = await executor.preview(connectionId, request(['inno', 'my']));
    const stop = new AbortController();
    const applied = await executor.apply(connectionId, request(['inno', 'my']), preview.plan.hash, undefined, stop.signal, (done) => {
      if (done === 0) stop.abort();
    });
    const results = checkTableResults(applied.outcomes);
    expect(results.map((r) => r.verdict)).toEqual(['ok', 'not-run']);
    expect(applied.stoppedAt).toBe('check:my');
  });
});
