import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanRequest } from '../../../shared/contract/actions';
import { utcText, type UnusedIndexReport } from '../../../shared/contract/health';
import { Executor } from '../../actions/executor';
import { defaultPlanners } from '../../actions/planners';
import { adminConnection, serverConnection } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import { AuditRepo } from '../../store/audit.repo';
import { ConnectionsRepo } from '../../store/connections.repo';
import { aesSecretBox } from '../../store/secret-box';
import { openWorkspace } from '../../store/workspace.store';
import { SchedulerRepo } from '../../store/scheduler.repo';
import { indexUsageJob } from '../scheduler/kinds/index-usage.job';
import { withMysqlSession, type MysqlSession } from '../../connections/mysql-session';
import type { JobContext } from '../scheduler/job-kind';
import { healthHandlers } from './health.service';

const DAY = 86_400_000;

describe.each(sqlServers)('unused indexes: hide, wait, drop on $label', (server) => {
  const DB = `dbw_hl_ui_${server.port}`;
  let admin: mysql.Connection;
  let executor: Executor;
  let audit: AuditRepo;
  let connectionId: string;
  let review: (waitDays?: number) => Promise<UnusedIndexReport>;
  let scheduler: SchedulerRepo;
  let connections: ConnectionsRepo;
  /** The injected clock: tests move it instead of sleeping. */
  let clock = Date.now();
  const signal = new AbortController().signal;
  const showCreate = async (): Promise<string> =>
    String(((await admin.query(`SHOW CREATE TABLE \`${DB}\`.t`)) as unknown as [Array<Record<string, string>>])[0][0]!['Create Table']);
  const checksum = async (): Promise<string> =>
    String(((await admin.query(`CHECKSUM TABLE \`${DB}\`.t`)) as unknown as [Array<{ Checksum: unknown }>])[0][0]!.Checksum);
  const run = async (request: PlanRequest) => {
    const preview = await executor.preview(connectionId, request);
    return { preview, applied: await executor.apply(connectionId, request, preview.plan.hash, undefined, signal, () => undefined) };
  };
  const hide = (index: string): PlanRequest => ({ planner: 'unused-index', params: { schema: DB, table: 't', index, op: 'hide', waitDays: 7 } });
  const drop = (index: string): PlanRequest => ({ planner: 'unused-index', params: { schema: DB, table: 't', index, op: 'drop', waitDays: 7 } });
  const explainKey = async (sql: string): Promise<string | null> => {
    const [rows] = (await admin.query(`EXPLAIN ${server === sqlServers[0] ? '' : 'FORMAT=TRADITIONAL '}${sql}`)) as unknown as [Array<{ key: string | null }>];
    return rows[0]!.key;
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\`; CREATE DATABASE \`${DB}\``);
    await admin.query(`CREATE TABLE \`${DB}\`.parent (id INT PRIMARY KEY) ENGINE=InnoDB`);
    await admin.query(
      `CREATE TABLE \`${DB}\`.t (id INT PRIMARY KEY, a INT, c INT, p INT, u INT,
         UNIQUE KEY uq_u (u), KEY k_a (a), KEY k_p (p), KEY k_c (c),
         CONSTRAINT fk_p FOREIGN KEY (p) REFERENCES parent (id)) ENGINE=InnoDB`,
    );
    await admin.query(`INSERT INTO \`${DB}\`.parent VALUES (1), (2)`);
    await admin.query(
      `INSERT INTO \`${DB}\`.t VALUES ${Array.from({ length: 400 }, (_, i) => `(${i}, ${i % 50}, ${i % 40}, ${1 + (i % 2)}, ${i})`).join(',')}`,
    );
    await admin.query(`ANALYZE TABLE \`${DB}\`.t`);
    // The workload reads through k_a only.
    for (let i = 0; i < 5; i++) await admin.query(`SELECT id FROM \`${DB}\`.t FORCE INDEX (k_a) WHERE a = ${i}`);
    const db = openWorkspace(':memory:');
    connections = new ConnectionsRepo(db, aesSecretBox(Buffer.alloc(32, 5), 't'));
    audit = new AuditRepo(db);
    connectionId = connections.save(serverConnection(server, `${server.label} unused`)).id;
    executor = new Executor({ connections, audit, planners: defaultPlanners, actor: 'test', lockWaitSeconds: 10, now: () => new Date(clock) });
    scheduler = new SchedulerRepo(db);
    const handlers = healthHandlers({ db, connections, audit }, () => new Date(clock));
    review = (waitDays = 7) => handlers['health.unusedIndexes']({ connectionId, schema: DB, waitDays }, { signal, progress: () => undefined } as never);
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
  });

  it('finds the unread index with its evidence window, and never proposes PRIMARY, UNIQUE or the FOREIGN KEY index', async () => {
    const r = await review();
    expect(r.source).not.toBe('unavailable');
    expect(r.countersAgeSec).toBeGreaterThan(0);
    expect(Date.parse(r.evidenceSince!)).toBeLessThan(clock);
    const by = (i: string) => r.indexes.find((x) => x.index === i)!;
    expect(r.indexes.some((x) => x.index === 'PRIMARY')).toBe(false);
    expect(by('k_a')).toMatchObject({ stage: 'used' });
    expect(by('k_a').reads).toBeGreaterThan(0);
    expect(by('k_c')).toMatchObject({ stage: 'candidate', reads: 0, visible: true });
    expect(by('uq_u')).toMatchObject({ stage: 'kept', reason: 'Stays: it enforces a UNIQUE constraint.' });
    expect(by('k_p')).toMatchObject({ stage: 'kept', reason: 'Stays: it backs the FOREIGN KEY fk_p.' });
    await expect(executor.preview(connectionId, hide('uq_u'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(executor.preview(connectionId, hide('k_p'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it("counts the index-usage job's snapshots from before the counters restarted as evidence", async () => {
    const before = await review();
    const since = Date.parse(before.evidenceSince!);
    // The job's own snapshot of the live counters (k_c unread), recorded as if taken a day before
    // the server's last start: a restart reset the counters, the snapshot kept what they held.
    const ctx = { connectionId, read: (fn: (s: MysqlSession) => Promise<unknown>) => withMysqlSession(connections.config(connectionId), fn) };
    const snapshot = await indexUsageJob.run(ctx as unknown as JobContext, { database: DB }, () => undefined, signal);
    expect(snapshot.status).toBe('ok');
    const record = (details: unknown, at: number): void => {
      const job = {
        id: `usage-${at}`,
        name: 'index usage',
        kind: 'index-usage',
        connectionId,
        spec: { database: DB },
        schedule: { kind: 'daily', at: '03:00' },
        enabled: true,
        nextRunAt: null,
        approval: null,
        createdAt: new Date(at).toISOString(),
      } as const;
      scheduler.save(job as never);
      scheduler.finishRun(scheduler.startRun(job as never, 'schedule', 0, new Date(at).toISOString()), new Date(at).toISOString(), {
        status: 'ok',
        summary: 'snapshot',
        output: [],
        details,
      });
    };
    const details = snapshot.details as { indexReads: Array<{ table: string; index: string; reads: number }> };
    record(details, since - DAY);
    const quiet = (await review()).indexes.find((x) => x.index === 'k_c')!;
    expect(quiet.stage).toBe('candidate');
    expect(quiet.reason).toMatch(/Nor in the index-usage snapshot taken before the counters restarted/);
    // The same snapshot had k_c read before the restart: used, and the review says where it saw that.
    record({ ...details, indexReads: [...details.indexReads, { table: 't', index: 'k_c', reads: 812 }] }, since - DAY / 2);
    const used = (await review()).indexes.find((x) => x.index === 'k_c')!;
    expect(used).toMatchObject({ stage: 'used', reads: 0 });
    expect(used.reason).toMatch(/but read 812 rows before that \(index-usage snapshot of /);
    for (const id of [`usage-${since - DAY}`, `usage-${since - DAY / 2}`]) scheduler.remove(id);
    expect((await review()).indexes.find((x) => x.index === 'k_c')!.stage).toBe('candidate');
  });

  it('hides the index (preview writes nothing), the optimizer no longer uses it, and the rollback brings it back', async () => {
    const original = await showCreate();
    expect(await explainKey(`SELECT id FROM \`${DB}\`.t WHERE c = 3`)).toBe('k_c');
    // Other suites write to these servers at the same time: the proof is this table's definition,
    // its checksum and the audit log, not the global write counters.
    const sum = await checksum();
    const audited = audit.list(connectionId, 1000).length;
    const preview = await executor.preview(connectionId, hide('k_c'));
    expect(await showCreate()).toBe(original);
    expect(await checksum()).toBe(sum);
    expect(audit.list(connectionId, 1000)).toHaveLength(audited);
    const step = preview.plan.steps[0]!;
    const word = server === sqlServers[0] ? 'IGNORED' : 'INVISIBLE';
    expect(step.sql).toBe(`ALTER TABLE \`${DB}\`.\`t\` ALTER INDEX \`k_c\` ${word}`);
    expect(step.rollback).toBe(
      word === 'IGNORED' ? `ALTER TABLE \`${DB}\`.\`t\` ALTER INDEX \`k_c\` NOT IGNORED` : `ALTER TABLE \`${DB}\`.\`t\` ALTER INDEX \`k_c\` VISIBLE`,
    );
    const applied = await executor.apply(connectionId, hide('k_c'), preview.plan.hash, undefined, signal, () => undefined);
    expect(applied.outcomes.map((o) => o.status)).toEqual(['ok']);
    expect(applied.after?.metrics.find((m) => m.key.startsWith('visible:'))?.value).toBe('no');
    expect(await checksum()).toBe(sum);
    // Hidden: the optimizer does not pick it (a hint naming it fails: the last test).
    expect(await explainKey(`SELECT id FROM \`${DB}\`.t WHERE c = 3`)).not.toBe('k_c');
    // Rolled back the way the audit log's Roll back does it: the recorded rollback through the editor's planner.
    const rollback = applied.outcomes[0]!;
    await run({ planner: 'sql-statement', params: { sql: step.rollback!, rollbackOf: rollback.auditId! } });
    expect(await explainKey(`SELECT id FROM \`${DB}\`.t WHERE c = 3`)).toBe('k_c');
    expect(await showCreate()).toBe(original);
    // Made visible again: no waiting period runs for it any more.
    expect((await review()).indexes.find((x) => x.index === 'k_c')).toMatchObject({ stage: 'candidate', hiddenAt: null });
  });

  it('refuses the drop before the waiting period, saying when it becomes allowed; allows it after; drop + rollback restore SHOW CREATE TABLE', async () => {
    const visible = await showCreate();
    await expect(executor.preview(connectionId, drop('k_c'))).rejects.toMatchObject({ code: 'BAD_INPUT', message: /visible: hide it first/ });
    const hidOutcome = (await run(hide('k_c'))).applied.outcomes[0]!;
    const hiddenAt = clock;
    const hidden = await showCreate();
    const r = await review();
    const ix = r.indexes.find((x) => x.index === 'k_c')!;
    expect(ix.stage).toBe('waiting');
    const allowedAt = new Date(Date.parse(ix.hiddenAt!) + 7 * DAY).toISOString();
    expect(ix.dropAllowedAt).toBe(allowedAt);
    clock = hiddenAt + 6 * DAY;
    await expect(executor.preview(connectionId, drop('k_c'))).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining(`its drop is allowed after ${utcText(allowedAt)}`),
    });
    clock = hiddenAt + 8 * DAY;
    expect((await review()).indexes.find((x) => x.index === 'k_c')!.stage).toBe('drop-allowed');
    const preview = await executor.preview(connectionId, drop('k_c'));
    expect(await showCreate()).toBe(hidden);
    const step = preview.plan.steps[0]!;
    expect(step.sql).toBe(`DROP INDEX \`k_c\` ON \`${DB}\`.\`t\``);
    const sum = await checksum();
    const applied = await executor.apply(connectionId, drop('k_c'), preview.plan.hash, undefined, signal, () => undefined);
    expect(applied.outcomes.map((o) => o.status)).toEqual(['ok']);
    expect(applied.after?.metrics.find((m) => m.key.startsWith('exists:'))?.value).toBe('no');
    expect(await showCreate()).not.toContain('k_c');
    await run({ planner: 'sql-statement', params: { sql: step.rollback!, rollbackOf: applied.outcomes[0]!.auditId! } });
    expect(await showCreate()).toBe(hidden);
    expect(await checksum()).toBe(sum);
    // Shown again through its recorded rollback, the table is as it was before the hide.
    await run({ planner: 'sql-statement', params: { sql: visibleSql(server === sqlServers[0], DB), rollbackOf: hidOutcome.auditId! } });
    expect(await showCreate()).toBe(visible);
  });

  it('refuses the drop when a statement naming the hidden index failed meanwhile (a FORCE INDEX now errors)', async () => {
    clock = Date.now();
    await run(hide('k_c'));
    await expect(admin.query(`SELECT id FROM \`${DB}\`.t FORCE INDEX (k_c) WHERE c = 7`)).rejects.toMatchObject({ errno: 1176 });
    clock += 8 * DAY;
    await expect(executor.preview(connectionId, drop('k_c'))).rejects.toMatchObject({ code: 'BAD_INPUT', message: /failed since it was hidden/ });
  });
});

function visibleSql(mariadb: boolean, db: string): string {
  return `ALTER TABLE \`${db}\`.\`t\` ALTER INDEX \`k_c\` ${mariadb ? 'NOT IGNORED' : 'VISIBLE'}`;
}
