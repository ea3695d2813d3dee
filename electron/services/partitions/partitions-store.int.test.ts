/**
 * The Partitions panel's store (renderer partitions.store) driven through the real runtime on both
 * SQL servers: a monthly table opened, its rotation previewed (writes nothing) → applied with
 * progress and the timeline read again, and a conversion the server would refuse, stopped at the
 * preview with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePartitions } from '../../../renderer/src/features/partitions/partitions.store';
import { adminConnection, saveConnection, testRuntime } from '../../testing/harness';
import { installRuntimeClient } from '../../testing/renderer-client';
import { sqlServers } from '../../testing/servers';

const rt = testRuntime();
installRuntimeClient(rt);
afterAll(() => rt.close());

/** Monthly RANGE COLUMNS partitions from 15 months before this month to this month, and a catch-all. */
function monthsUpToNow(): string {
  const now = new Date();
  const out: string[] = [];
  for (let i = -15; i <= 0; i++) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i + 1, 1));
    out.push(`PARTITION p${start.toISOString().slice(0, 7).replace('-', '')} VALUES LESS THAN ('${next.toISOString().slice(0, 10)}')`);
  }
  return `${out.join(', ')}, PARTITION p_future VALUES LESS THAN (MAXVALUE)`;
}

describe.each(sqlServers)('Partitions store on $label', (server) => {
  const db = `dbw_q_part_${server.port}_${process.pid}`;
  let connectionId = '';
  const names = async (): Promise<string[]> => {
    const admin = await adminConnection(server);
    try {
      const [rows] = await admin.query(
        "SELECT PARTITION_NAME AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'events' ORDER BY PARTITION_ORDINAL_POSITION",
        [db],
      );
      return (rows as Array<{ n: string }>).map((r) => r.n);
    } finally {
      await admin.end();
    }
  };
  beforeAll(async () => {
    const admin = await adminConnection(server);
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\`; CREATE DATABASE \`${db}\``);
      await admin.query(
        `CREATE TABLE \`${db}\`.events (id INT NOT NULL, created_at DATE NOT NULL, PRIMARY KEY (id, created_at)) PARTITION BY RANGE COLUMNS(created_at) (${monthsUpToNow()})`,
      );
      await admin.query(`CREATE TABLE \`${db}\`.plain (id INT NOT NULL PRIMARY KEY, created_at DATE NOT NULL, UNIQUE KEY (created_at))`);
    } finally {
      await admin.end();
    }
    connectionId = await saveConnection(rt, server, `Partitions ${server.label}`, { database: db });
  });
  afterAll(async () => {
    usePartitions.getState().reset();
    const admin = await adminConnection(server);
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    } finally {
      await admin.end();
    }
  });

  it('previews the rotation without writing, applies it with progress and shows the new timeline', async () => {
    const p = usePartitions.getState();
    p.setSchema(db);
    await p.loadTables(connectionId);
    expect(usePartitions.getState().tables.map((t) => t.table)).toContain('events');
    await usePartitions.getState().openTable(connectionId, 'events');
    const inspected = usePartitions.getState().inspect!;
    expect(inspected.partitions.map((x) => x.name)).toEqual(await names());
    const before = await names();

    await usePartitions.getState().previewRotation(connectionId);
    const previewed = usePartitions.getState().plan!;
    expect(previewed).toMatchObject({ busy: null, error: null, applied: null, request: { planner: 'partition-rotate' } });
    const ids = previewed.preview!.plan.steps.map((s) => s.id);
    expect(ids[0]).toBe('premake:p_future');
    expect(ids.filter((id) => id.startsWith('drop:')).length).toBeGreaterThanOrEqual(2);
    expect(await names()).toEqual(before);

    const progress: string[] = [];
    const off = usePartitions.subscribe((s) => s.progress && progress.push(s.progress));
    await usePartitions.getState().apply(connectionId, undefined);
    off();
    const done = usePartitions.getState();
    expect(done.plan?.error).toBeNull();
    expect(done.plan?.applied?.stoppedAt).toBeNull();
    expect(done.progress).toBeNull();
    expect(progress[0]).toBe('Starting…');
    const after = await names();
    expect(after).not.toEqual(before);
    for (const id of ids.filter((x) => x.startsWith('drop:'))) expect(after).not.toContain(id.slice('drop:'.length));
    // The timeline is read again after the rotation.
    expect(done.inspect).not.toBe(inspected);
    expect(done.inspect?.partitions.map((x) => x.name)).toEqual(after);

    await done.apply(connectionId, undefined);
    expect(usePartitions.getState().plan).toBe(done.plan);
  });

  it('shows the preflight’s refusal of a conversion whose unique key lacks the partitioning column, and applies nothing', async () => {
    const ddl = `ALTER TABLE \`${db}\`.plain PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN MAXVALUE)`;
    usePartitions.getState().reset();
    usePartitions.getState().setSchema(db);
    await usePartitions.getState().previewConversion(connectionId, 'plain', ddl);
    const refused = usePartitions.getState().plan!;
    expect(refused).toMatchObject({ busy: null, preview: null, applied: null, request: { planner: 'partition-convert' } });
    expect(refused.error).toMatch(/^The server would refuse this statement: ERROR 1503: A UNIQUE INDEX must include all columns/);
    await usePartitions.getState().apply(connectionId, undefined);
    expect(usePartitions.getState().plan).toBe(refused);
    // A conversion needs the database first.
    usePartitions.getState().reset();
    await usePartitions.getState().previewConversion(connectionId, 'plain', ddl);
    expect(usePartitions.getState()).toMatchObject({ plan: null, error: 'Pick the database first (Tables tab).' });
  });
});
