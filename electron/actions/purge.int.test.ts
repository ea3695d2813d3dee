import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Executor } from './executor';
import { defaultPlanners } from './planners';
import { openMysqlWriter } from '../connections/mysql-writer';
import { cowritePresets } from '../engines/purge/presets';
import { AuditRepo } from '../store/audit.repo';
import { ConnectionsRepo } from '../store/connections.repo';
import { aesSecretBox } from '../store/secret-box';
import { openWorkspace } from '../store/workspace.store';
import { applyPurge, previewPurge, type PurgeApplied } from '../testing/purge-plan';
import { parseChunkProgress } from '../../shared/contract/purge';
import type { ProgressEvent } from '../../shared/contract/core';
import { adminConnection, invoke, saveConnection, testRuntime, writeCounters, serverConnection } from '../testing/harness';
import { mariadbReplicaServer, mariadbServer, mysqlServer, sqlServers } from '../testing/servers';
import type { Runtime } from '../services/runtime';
import { runPurgeJob } from '../services/purge/purge.service';

const NOW = new Date();

describe.each(sqlServers)('purge of expired sessions on $label', (server) => {
  const DB = `dbw_purge_svc_${server.port}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;
  const expired = cowritePresets(DB, NOW).find((p) => p.id === 'expired-sessions')!;
  const spec = (extra: Record<string, unknown> = {}) => ({ schema: DB, table: 'user_sessions', where: expired.where, chunk: 500, ...extra });

  const one = async <T>(sql: string): Promise<T> => ((await admin.query(sql)) as unknown as [T[]])[0][0]!;
  const checksum = async (table: string): Promise<string> => String((await one<{ Checksum: unknown }>(`CHECKSUM TABLE \`${DB}\`.\`${table}\``)).Checksum);
  const count = async (table: string, where = '1'): Promise<number> =>
    Number((await one<{ n: unknown }>(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`${table}\` WHERE ${where}`)).n);

  /** Copies the co-writing sessions, and keeps the rows the purge must leave in `expected`. */
  const loadSessions = async () => {
    await admin.query(`DROP TABLE IF EXISTS \`${DB}\`.user_sessions, \`${DB}\`.expected, \`${DB}\`._dbw_purge_checkpoint, \`${DB}\`.sessions_archive`);
    await admin.query(`CREATE TABLE \`${DB}\`.user_sessions LIKE cowrite.user_sessions`);
    await admin.query(`INSERT INTO \`${DB}\`.user_sessions SELECT * FROM cowrite.user_sessions`);
    await admin.query(`CREATE TABLE \`${DB}\`.expected LIKE cowrite.user_sessions`);
    await admin.query(`INSERT INTO \`${DB}\`.expected SELECT * FROM cowrite.user_sessions WHERE NOT (${expired.where})`);
  };

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} purge`);
  }, 60_000);

  beforeEach(loadSessions, 60_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it('dry run counts exactly the expired sessions and writes nothing (counters, binlog position, checksum)', async () => {
    const sum = await checksum('user_sessions');
    const before = await writeCounters(admin);
    const dry = await previewPurge(rt, connectionId, spec());
    expect(await writeCounters(admin)).toEqual(before);
    expect(await checksum('user_sessions')).toBe(sum);
    const truth = await count('user_sessions', expired.where);
    expect(truth).toBeGreaterThan(1000);
    expect(dry.rows).toBe(truth);
    expect(dry.chunks).toBe(Math.ceil(truth / 500));
    expect(dry.keyColumn).toBe('id');
    expect(dry.chunkSql).toMatch(/DELETE FROM `dbw_purge_svc_\d+`\.`user_sessions` WHERE `id` > CAST\(\? AS DECIMAL\(65,0\)\) AND `id` <= /);
  });

  it("deletes exactly the dry run's count, one committed transaction per chunk, and leaves every other row unchanged", async () => {
    const dry = await previewPurge(rt, connectionId, spec());
    const binlogFrom = (await writeCounters(admin)).binlog ?? null;
    // The MariaDB sandbox logs binary events (the MySQL one runs without a binary log).
    if (server === mariadbServer) expect(binlogFrom).not.toBeNull();
    const res = await applyPurge(rt, connectionId, spec(), dry.planHash);
    expect(res.end).toBe('done');
    expect(res.rows).toBe(dry.rows);
    expect(res.chunks).toBe(dry.chunks);
    expect(res.chunks).toBeGreaterThan(3);
    expect(res.chunkLog.reduce((a, c) => a + c.rows, 0)).toBe(dry.rows);
    expect(res.latency.maxMs).toBeGreaterThan(0);
    expect(await count('user_sessions', expired.where)).toBe(0);
    expect(await checksum('user_sessions')).toBe(await checksum('expected'));
    const cp = await one<{ rows_done: unknown; chunks_done: unknown }>(`SELECT rows_done, chunks_done FROM \`${DB}\`._dbw_purge_checkpoint`);
    expect([Number(cp.rows_done), Number(cp.chunks_done)]).toEqual([dry.rows, dry.chunks]);
    // The audit keeps the run's statistics.
    const audit = await invoke<Array<{ stepId: string; status: string; message: string }>>(rt, 'audit.list', { connectionId, limit: 10 });
    const loop = audit.find((a) => a.stepId === 'chunks')!;
    expect(loop.status).toBe('ok');
    expect(loop.message).toContain(`${dry.rows.toLocaleString('en-US')} rows in ${dry.chunks} chunk(s)`);
    expect(loop.message).toMatch(/p50 [\d.]+ ms, p95 [\d.]+ ms/);
    if (binlogFrom) {
      // In the binary log: one transaction per chunk, each holding its DELETE and its checkpoint.
      const groups = await binlogGroups(admin, binlogFrom, DB);
      const deleting = groups.filter((g) => g.deletes);
      expect(deleting.length).toBe(dry.chunks);
      expect(deleting.every((g) => g.checkpoint)).toBe(true);
    }
  }, 120_000);

  it('refuses a run whose condition changed since the dry run', async () => {
    const dry = await previewPurge(rt, connectionId, spec());
    await expect(applyPurge(rt, connectionId, spec({ chunk: 400 }), dry.planHash)).rejects.toMatchObject({ code: 'PLAN_CHANGED' });
    expect(await count('user_sessions')).toBe(6000);
  });

  it('refuses a condition with a second statement, before anything runs', async () => {
    const before = await writeCounters(admin);
    await expect(previewPurge(rt, connectionId, spec({ where: '1=1; DROP TABLE x' }))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(previewPurge(rt, connectionId, spec({ where: 'id > 0 -- ' }))).resolves.toMatchObject({ rows: 6000 });
    expect(await writeCounters(admin)).toEqual(before);
  });

  it('resumes after its connection is killed mid-chunk, with no chunk done twice and every other row unchanged', async () => {
    const db = openWorkspace(':memory:');
    const connections = new ConnectionsRepo(db, aesSecretBox(Buffer.alloc(32, 9), 't'));
    const audit = new AuditRepo(db);
    const id = connections.save(serverConnection(server, 'killed')).id;
    const cfg = connections.config(id);
    // The real writer, killed by the server after the 4th chunk's DELETE and before its COMMIT.
    let deletes = 0;
    const killing = new Executor({
      connections,
      audit,
      planners: defaultPlanners,
      actor: 'test',
      lockWaitSeconds: 10,
      openWriter: async (c, lock) => {
        const w = await openMysqlWriter(c, lock);
        return {
          ...w,
          async run(sql, params) {
            const out = await w.run(sql, params);
            if (sql.startsWith('DELETE') && ++deletes === 4) await w.execute('KILL CONNECTION CONNECTION_ID()').catch(() => undefined);
            return out;
          },
        };
      },
    });
    const target = { cfg, replica: (ref: string) => connections.config(ref) };
    const signal = new AbortController().signal;
    const dry = await previewPurge(rt, connectionId, spec());
    const first = await runPurgeJob(killing, target, spec(), { planHash: dry.planHash, signal, progress: () => undefined });
    expect(first.end).toBe('error');
    expect(first.chunks).toBe(3);
    expect(first.rows).toBe(1500);
    // The killed chunk was rolled back by the server; the checkpoint says three chunks.
    const cp = await one<{ rows_done: unknown; chunks_done: unknown }>(`SELECT rows_done, chunks_done FROM \`${DB}\`._dbw_purge_checkpoint`);
    expect([Number(cp.rows_done), Number(cp.chunks_done)]).toEqual([1500, 3]);
    const resumedDry = await previewPurge(rt, connectionId, spec({ resume: true }));
    expect(resumedDry.resumeAfter).toBe(first.lastKey);
    expect(resumedDry.rows).toBe(dry.rows - 1500);
    const plain = new Executor({ connections, audit, planners: defaultPlanners, actor: 'test', lockWaitSeconds: 10 });
    const second = await runPurgeJob(plain, target, spec({ resume: true }), { planHash: null, signal, progress: () => undefined });
    expect(second.end).toBe('done');
    expect(second.resumedAfter).toBe(first.lastKey);
    expect(first.rows + second.rows).toBe(dry.rows);
    expect(first.chunks + second.chunks).toBe(dry.chunks);
    expect(await checksum('user_sessions')).toBe(await checksum('expected'));
    db.close();
  }, 120_000);

  it('stops between chunks when asked, keeping what it committed', async () => {
    const dry = await previewPurge(rt, connectionId, spec({ chunk: 200, sleepMs: 50 }));
    const ac = new AbortController();
    const db = openWorkspace(':memory:');
    const connections = new ConnectionsRepo(db, aesSecretBox(Buffer.alloc(32, 9), 't'));
    const cfg = connections.config(connections.save(serverConnection(server, 'stop')).id);
    const executor = new Executor({ connections, audit: new AuditRepo(db), planners: defaultPlanners, actor: 'test', lockWaitSeconds: 10 });
    let seen = 0;
    const res = await runPurgeJob(executor, { cfg, replica: (r) => connections.config(r) }, spec({ chunk: 200, sleepMs: 50 }), {
      planHash: dry.planHash,
      signal: ac.signal,
      progress: (_done, _total, message) => {
        if (message.startsWith('chunk ') && ++seen === 2) ac.abort();
      },
    });
    expect(res.end).toBe('stopped');
    expect(res.chunks).toBe(2);
    expect(await count('user_sessions', expired.where)).toBe(dry.rows - res.rows);
    db.close();
  }, 60_000);

  it("stopped through the apply call (the Purge tab's Stop), it answers CANCELLED with the chunks it committed", async () => {
    const stoppable = spec({ chunk: 200, sleepMs: 50 });
    const dry = await previewPurge(rt, connectionId, stoppable);
    const requestId = `t-stop-${Math.random().toString(36).slice(2)}`;
    let seen = 0;
    const onProgress = (e: ProgressEvent) => {
      if (e.requestId === requestId && parseChunkProgress(e.message) && ++seen === 2) rt.dispatcher.cancel(requestId);
    };
    rt.events.on('progress', onProgress);
    let r: Awaited<ReturnType<typeof rt.dispatcher.dispatch>>;
    try {
      r = await rt.dispatcher.dispatch('actions.apply', { connectionId, request: { planner: 'purge', params: stoppable }, planHash: dry.planHash }, requestId);
    } finally {
      rt.events.off('progress', onProgress);
    }
    if (r.ok) throw new Error('The stopped purge answered as if it ran to its end');
    expect(r.error.code).toBe('CANCELLED');
    const run = (r.error.details as { applied?: PurgeApplied } | undefined)?.applied?.purge;
    expect(run?.end).toBe('stopped');
    expect(run?.chunks).toBe(2);
    expect(run?.rows).toBe(400);
    expect(run?.chunkLog.map((c) => c.rows)).toEqual([200, 200]);
    expect(r.error.message).toBe(run?.message);
    expect(await count('user_sessions', expired.where)).toBe(dry.rows - 400);
  }, 60_000);

  it('waits while Threads_running is above the pause threshold and stops when a gate holds past its limit', async () => {
    const paused = spec({ pauseThreadsRunning: 1, maxWaitMs: 1000, checkIntervalMs: 0 });
    const dry = await previewPurge(rt, connectionId, paused);
    // The gate's own SHOW STATUS is a running thread, so Threads_running is never below 1.
    const res = await applyPurge(rt, connectionId, paused, dry.planHash);
    expect(res.end).toBe('gate-timeout');
    expect(res.message).toMatch(/Threads_running \d+ above 1/);
    expect(res.waits.loadMs).toBeGreaterThanOrEqual(500);
    expect(res.rows).toBe(0);
    const critical = spec({ abortThreadsRunning: 1 });
    const dry2 = await previewPurge(rt, connectionId, critical);
    const res2 = await applyPurge(rt, connectionId, critical, dry2.planHash);
    expect(res2.end).toBe('critical-load');
    expect(await count('user_sessions')).toBe(6000);
  }, 60_000);

  it('keeps the last 10 versions of each document (a condition reading the purged table, allowed on both servers)', async () => {
    await admin.query(`DROP TABLE IF EXISTS \`${DB}\`.document_versions`);
    await admin.query(`CREATE TABLE \`${DB}\`.document_versions LIKE cowrite.document_versions`);
    await admin.query(
      `INSERT INTO \`${DB}\`.document_versions (document_id, version_number, created_at) SELECT document_id, version_number, created_at FROM cowrite.document_versions WHERE document_id <= 300`,
    );
    const values = Array.from({ length: 15 }, (_, i) => `(999999, ${i + 1}, NOW())`).join(', ');
    await admin.query(`INSERT INTO \`${DB}\`.document_versions (document_id, version_number, created_at) VALUES ${values}`);
    const preset = cowritePresets(DB, NOW).find((p) => p.id === 'surplus-document-versions')!;
    const versions = { schema: DB, table: 'document_versions', where: preset.where, chunk: 2 };
    const dry = await previewPurge(rt, connectionId, versions);
    const surplus = Number(
      (
        await one<{ n: unknown }>(
          `SELECT COALESCE(SUM(GREATEST(c - 10, 0)), 0) AS n FROM (SELECT COUNT(*) AS c FROM \`${DB}\`.document_versions GROUP BY document_id) x`,
        )
      ).n,
    );
    expect(surplus).toBeGreaterThanOrEqual(5);
    expect(dry.rows).toBe(surplus);
    const res = await applyPurge(rt, connectionId, versions, dry.planHash);
    expect(res.end).toBe('done');
    expect(res.rows).toBe(surplus);
    const kept = await one<{ lo: unknown; n: unknown }>(
      `SELECT MIN(version_number) AS lo, COUNT(*) AS n FROM \`${DB}\`.document_versions WHERE document_id = 999999`,
    );
    expect([Number(kept.lo), Number(kept.n)]).toEqual([6, 10]);
  }, 60_000);

  it('archives each chunk into a table in the same transaction as its DELETE', async () => {
    const archive = { kind: 'table', schema: DB, table: 'sessions_archive' };
    const dry = await previewPurge(rt, connectionId, spec({ archive }));
    const res = await applyPurge(rt, connectionId, spec({ archive }), dry.planHash);
    expect(res.end).toBe('done');
    expect(res.archived).toBe(dry.rows);
    expect(await count('sessions_archive')).toBe(dry.rows);
    expect(await count('sessions_archive', `NOT (${expired.where})`)).toBe(0);
    expect(await checksum('user_sessions')).toBe(await checksum('expected'));
  }, 60_000);
});

/** Transactions in the binary log since `from` ("file:pos") that touch `db`, with what each did. */
async function binlogGroups(admin: mysql.Connection, from: string, db: string): Promise<Array<{ deletes: boolean; checkpoint: boolean }>> {
  const [file, pos] = from.split(':') as [string, string];
  const [logs] = (await admin.query('SHOW BINARY LOGS')) as unknown as [Array<{ Log_name: string }>];
  const files = logs.map((l) => l.Log_name).filter((n) => n >= file);
  const groups: Array<{ deletes: boolean; checkpoint: boolean; ours: boolean }> = [];
  let cur: { deletes: boolean; checkpoint: boolean; ours: boolean } | null = null;
  for (const f of files) {
    const [events] = (await admin.query(f === file ? `SHOW BINLOG EVENTS IN ? FROM ${Number(pos)}` : 'SHOW BINLOG EVENTS IN ?', [f])) as unknown as [
      Array<{ Event_type: string; Info: string }>,
    ];
    for (const e of events) {
      if (e.Event_type === 'Gtid') {
        cur = { deletes: false, checkpoint: false, ours: false };
        groups.push(cur);
        continue;
      }
      if (!cur) continue;
      const info = String(e.Info ?? '');
      if (info.includes(`${db}.user_sessions`) || info.includes(`\`${db}\`.\`user_sessions\``)) cur.ours = true;
      if (/^Delete_rows/.test(e.Event_type) || /^DELETE FROM/i.test(info)) cur.deletes = cur.deletes || cur.ours;
      if (info.includes('_dbw_purge_checkpoint')) cur.checkpoint = true;
    }
  }
  return groups.filter((g) => g.ours);
}

describe('purge lag gate on the MariaDB replica', () => {
  const DB = 'dbw_repl';
  const TABLE = `dbw_purge_lag_${process.pid}`;
  let admin: mysql.Connection;
  let rt: Runtime;
  let primaryId: string;
  let replicaId: string;
  let notReplicaId: string;

  beforeAll(async () => {
    admin = await adminConnection(mariadbServer);
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${DB}`);
    await admin.query(`DROP TABLE IF EXISTS ${DB}.${TABLE}`);
    await admin.query(`CREATE TABLE ${DB}.${TABLE} (id INT PRIMARY KEY, v INT) ENGINE=InnoDB`);
    await admin.query(`INSERT INTO ${DB}.${TABLE} SELECT seq, seq % 3 FROM ${DB}.seq_1_to_3000`);
    rt = testRuntime();
    primaryId = await saveConnection(rt, mariadbServer, 'primary');
    replicaId = await saveConnection(rt, mariadbReplicaServer, 'replica');
    notReplicaId = await saveConnection(rt, mysqlServer, 'not a replica');
  }, 60_000);

  afterAll(async () => {
    await admin?.query(`DROP TABLE IF EXISTS ${DB}.${TABLE}`);
    await admin?.query(`DROP TABLE IF EXISTS ${DB}._dbw_purge_checkpoint`);
    await admin?.end();
    rt?.close();
  });

  it('reads the replica between chunks and runs while it keeps up; refuses a server that is no replica', async () => {
    const spec = { schema: DB, table: TABLE, where: 'v = 0', chunk: 250, replicas: [replicaId], maxLagSeconds: 30, checkIntervalMs: 0 };
    const dry = await previewPurge(rt, primaryId, spec);
    expect(dry.rows).toBe(1000);
    const res = await applyPurge(rt, primaryId, spec, dry.planHash);
    expect(res.end).toBe('done');
    expect(res.rows).toBe(1000);
    const bad = { ...spec, where: 'v = 1', replicas: [notReplicaId] };
    const dry2 = await previewPurge(rt, primaryId, bad);
    const res2 = await applyPurge(rt, primaryId, bad, dry2.planHash);
    expect(res2.end).toBe('error');
    expect(res2.message).toMatch(/not a replica/);
    expect(res2.rows).toBe(0);
  }, 60_000);
});
