import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { advisorContract } from '../../../shared/contract/advisor.calls';
import { adminConnection, invoke, testRuntime, saveConnection } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';
import type { Runtime } from '../runtime';

const DB = 'advisor_prefix_test';
type Advice = z.output<(typeof advisorContract)['advisor.advise']['output']>;

// A table of its own (dropped afterwards): the cowrite database keeps its primary/unique keys only.
describe.each(sqlServers)('prefix-length index advice applied on $label', (server) => {
  let admin: mysql.Connection;
  let rt: Runtime;
  let connectionId: string;

  beforeAll(async () => {
    admin = await adminConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\``);
    await admin.query(
      `CREATE TABLE \`${DB}\`.notes (id INT NOT NULL AUTO_INCREMENT, owner_id INT NOT NULL, body TEXT NULL, url VARCHAR(1000) NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    // body: distinct in its first 11 characters ("note-000123"), then a long shared tail.
    // url: 400 distinct values that differ only after the first 24 characters.
    const rows: unknown[][] = [];
    for (let n = 0; n < 4000; n++)
      rows.push([n % 50, `note-${String(n).padStart(6, '0')}-${'x'.repeat(200)}`, `https://example.com/docs/${n % 400}/${'y'.repeat(60)}`]);
    await admin.query(`INSERT INTO \`${DB}\`.notes (owner_id, body, url) VALUES ?`, [rows]);
    await admin.query(`ANALYZE TABLE \`${DB}\`.notes`);
    rt = testRuntime();
    connectionId = await saveConnection(rt, server, `${server.label} prefix`, { database: DB });
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin?.end();
    rt?.close();
  });

  it('chooses col(N) from the sampled selectivity, and the ADD INDEX it plans applies', async () => {
    const workload = ['SELECT id FROM notes WHERE owner_id = ? AND body = ?', 'SELECT id, owner_id FROM notes WHERE url = ?'].join(';\n');
    const advice = await invoke<Advice>(rt, 'advisor.advise', { connectionId, workload: { kind: 'text', text: workload } });
    const col = (name: string) => advice.recommendations.flatMap((r) => r.columns).find((c) => c.name === name);
    // 12 is the first sampled length past "note-000123"; url needs its first 28+ characters.
    expect(col('body')?.subPart).toBe(12);
    expect(col('url')?.subPart).toBe(32);
    expect(advice.recommendations.flatMap((r) => r.reasons).join('\n')).toMatch(
      /body\(12\): TEXT can only be indexed by a prefix; the first 12 characters keep 100\.0 %/,
    );
    expect(advice.notes.join('\n')).toMatch(/Prefix lengths chosen from a sample/);

    const request = { planner: 'index-advisor' as const, params: { ...advice.planRequest!.params, createInvisible: false } };
    const preview = await invoke<{ plan: { hash: string; steps: Array<{ sql: string }> } }>(rt, 'actions.preview', { connectionId, request });
    expect(preview.plan.steps.map((s) => s.sql).join('\n')).toMatch(/`body`\(12\)[\s\S]*`url`\(32\)|`url`\(32\)[\s\S]*`body`\(12\)/);
    const applied = await invoke<{ stoppedAt: string | null; outcomes: Array<{ status: string; message: string }> }>(rt, 'actions.apply', {
      connectionId,
      request,
      planHash: preview.plan.hash,
    });
    expect(applied.outcomes.map((o) => o.message).filter((m, i) => applied.outcomes[i]!.status !== 'ok')).toEqual([]);
    expect(applied.stoppedAt).toBeNull();
    const [rows] = await admin.query(`SHOW INDEX FROM \`${DB}\`.notes WHERE Key_name <> 'PRIMARY'`);
    const parts = (rows as Array<{ Column_name: string; Sub_part: number | null }>).map((r) => `${r.Column_name}(${r.Sub_part ?? ''})`).sort();
    expect(parts).toEqual(['body(12)', 'owner_id()', 'url(32)']);
    // The server uses the prefix index for the lookup.
    const [plan] = await admin.query(`EXPLAIN FORMAT=JSON SELECT id FROM \`${DB}\`.notes WHERE owner_id = 3 AND body = 'note-000003-x'`);
    expect(String(Object.values((plan as Array<Record<string, unknown>>)[0]!)[0])).toMatch(/"idx_notes_(body_owner_id|owner_id_body)"/);

    // The planner refuses a TEXT key without a prefix, and a prefix on a number.
    const add = request.params.add[0]!;
    const whole = {
      ...request,
      params: { ...request.params, add: [{ ...add, name: 'idx_whole', columns: add.columns.map((c) => ({ ...c, subPart: null })) }] },
    };
    await expect(invoke(rt, 'actions.preview', { connectionId, request: whole })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: /needs a prefix length/,
    });
    const onNumber = {
      ...request,
      params: { ...request.params, add: [{ ...add, name: 'idx_num', columns: [{ name: 'owner_id', subPart: 4, direction: 'ASC' as const }] }] },
    };
    await expect(invoke(rt, 'actions.preview', { connectionId, request: onNumber })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: /only string and binary/,
    });

    // Restore: drop what the plan added.
    for (const a of request.params.add) await admin.query(`ALTER TABLE \`${DB}\`.notes DROP INDEX \`${a.name}\``);
  });
});
