import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanStep } from '../../../shared/contract/plan';
import { adminConnection, invoke, saveConnection, testRuntime } from '../../testing/harness';
import { sqlServers } from '../../testing/servers';

const rt = testRuntime();
afterAll(() => rt.close());

type Details = Record<string, string | number | null>;
type Preview = {
  plan: { hash: string; steps: PlanStep[]; notes: string[] };
  steps: Array<{ stepId: string; touches: string; details: Details }>;
  before: { metrics: Array<{ key: string; label: string; value: string | number | null }> };
};
type Applied = { outcomes: Array<{ stepId: string; status: string }>; after: { metrics: Array<{ key: string; value: string | number | null }> } | null };

const preview = (connectionId: string, sql: string) =>
  invoke<Preview>(rt, 'actions.preview', { connectionId, request: { planner: 'sql-statement', params: { sql } } });
const statement = (p: Preview) => p.plan.steps.find((s) => s.id === 'statement')!;
const details = (p: Preview) => p.steps.find((s) => s.stepId === 'statement')!.details;

describe.each(sqlServers)('editor write previews state true facts on $label', (server) => {
  const tag = `${server.port}_${process.pid}`;
  const src = `dbw_quality_src_${tag}`;
  const fresh = `dbw_quality_new_${tag}`;
  let connectionId = '';

  beforeAll(async () => {
    connectionId = await saveConnection(rt, server, `Write preview ${server.label}`);
    const admin = await adminConnection(server);
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${src}\`; DROP DATABASE IF EXISTS \`${fresh}\`; CREATE DATABASE \`${src}\``);
      await admin.query(
        `CREATE TABLE \`${src}\`.t (id INT PRIMARY KEY, v INT NOT NULL, note VARCHAR(20), KEY ix_v (v DESC, note(5))) ENGINE=InnoDB;
         CREATE TABLE \`${src}\`.u (id INT PRIMARY KEY) ENGINE=InnoDB;
         INSERT INTO \`${src}\`.t SELECT seq, seq % 100, CONCAT('n', seq) FROM (SELECT a.n * 10 + b.n + 1 AS seq FROM
           (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
           (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b) s;
         ANALYZE TABLE \`${src}\`.t, \`${src}\`.u`,
      );
    } finally {
      await admin.end();
    }
  });

  afterAll(async () => {
    const admin = await adminConnection(server);
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${src}\`; DROP DATABASE IF EXISTS \`${fresh}\``);
    } finally {
      await admin.end();
    }
  });

  it('previews CREATE DATABASE as a database (no table rows, no rebuild) with DROP DATABASE as its rollback, and applies it', async () => {
    const p = await preview(connectionId, `CREATE DATABASE ${fresh}`);
    const step = statement(p);
    expect(step.estimate).toMatch(/creates an empty database/);
    expect(step.estimate).not.toMatch(/rebuild/);
    expect(step.rollback).toBe(`DROP DATABASE \`${fresh}\``);
    expect(Object.keys(details(p)).join(' ')).not.toMatch(/DATABASE|rows in/);
    expect(p.before.metrics).toEqual([{ key: `database:${fresh}`, label: `Database ${fresh} exists`, value: 'no' }]);
    expect(p.plan.notes.join(' ')).not.toMatch(/rollback/i);
    const applied = await invoke<Applied>(rt, 'actions.apply', {
      connectionId,
      request: { planner: 'sql-statement', params: { sql: `CREATE DATABASE ${fresh}` } },
      planHash: p.plan.hash,
    });
    expect(applied.outcomes.map((o) => o.status)).toEqual(['ok']);
    expect(applied.after?.metrics).toEqual([{ key: `database:${fresh}`, label: `Database ${fresh} exists`, value: 'yes' }]);
    // Now that it exists, IF NOT EXISTS is a no-op with nothing to roll back.
    const again = statement(await preview(connectionId, `CREATE DATABASE IF NOT EXISTS ${fresh}`));
    expect(again).toMatchObject({ rollback: null, estimate: expect.stringMatching(/no-op/) });
    expect(again.noRollback).toBeUndefined();
  });

  it('measures what DROP DATABASE destroys, and says a backup is the only way back', async () => {
    const p = await preview(connectionId, `DROP DATABASE ${src}`);
    const step = statement(p);
    const d = details(p);
    expect(d[`tables in ${src}`]).toBe(2);
    expect(Number(d[`rows in ${src} (estimate)`])).toBeGreaterThan(0);
    expect(String(d[`size of ${src}`])).toMatch(/\d+(\.\d)? (KiB|MiB)/);
    expect(step.estimate).toMatch(new RegExp(`^destroys 2 table\\(s\\), ~[\\d,]+ rows, [\\d.]+ (KiB|MiB) of data and indexes$`));
    expect(step.risk).toBe('high');
    expect(step.rollback).toBeNull();
    expect(step.noRollback).toMatch(/backup/);
    expect(p.before.metrics.find((m) => m.key === `tables:${src}`)?.value).toBe(2);
  });

  it('shows the EXPLAIN of a DELETE and its exact affected-row count, LIMIT and alias included', async () => {
    const p = await preview(connectionId, `DELETE FROM ${src}.t WHERE note LIKE 'n1%'`);
    const d = details(p);
    expect(String(d.explain)).toMatch(/^t: type=ALL key=none rows=\d+/);
    expect(typeof d['rows affected (EXPLAIN estimate)']).toBe('number');
    // n1, n10..n19, n100: 12 rows.
    expect(d['rows affected (exact count of the WHERE)']).toBe(12);
    const step = statement(p);
    expect(step.estimate).toMatch(/^deletes 12 row\(s\); see the EXPLAIN below$/);
    expect(step.rollback).toBeNull();
    expect(step.noRollback).toMatch(/backup/);
    expect(p.before.metrics.find((m) => m.key === 'rows:where')?.value).toBe(12);
    const limited = details(await preview(connectionId, `DELETE FROM ${src}.t AS x WHERE x.v < 50 ORDER BY x.id LIMIT 7`));
    expect(limited['rows affected (exact count of the WHERE)']).toBe(7);
    const update = await preview(connectionId, `UPDATE ${src}.t z SET z.note = 'x' WHERE z.v = 3`);
    expect(details(update)['rows affected (exact count of the WHERE)']).toBe(1);
    expect(String(details(update).explain)).toMatch(/^z: type=(ref|range) key=ix_v/);
  });

  it('gives DROP INDEX a rollback that recreates the same index', async () => {
    const p = await preview(connectionId, `DROP INDEX ix_v ON ${src}.t`);
    const step = statement(p);
    expect(step.rollback).toBe(`ALTER TABLE \`${src}\`.\`t\` ADD INDEX \`ix_v\` (\`v\` DESC, \`note\`(5))`);
    expect(step.noRollback).toBeUndefined();
    const admin = await adminConnection(server);
    try {
      const before = await admin.query(`SHOW CREATE TABLE \`${src}\`.t`);
      await admin.query(`DROP INDEX ix_v ON \`${src}\`.t`);
      await admin.query(step.rollback!);
      const after = await admin.query(`SHOW CREATE TABLE \`${src}\`.t`);
      expect(after[0]).toEqual(before[0]);
    } finally {
      await admin.end();
    }
  });

  it('says what cannot be undone for TRUNCATE, ALTER and INSERT, and never "none needed" next to it', async () => {
    for (const sql of [`TRUNCATE TABLE ${src}.u`, `ALTER TABLE ${src}.u ADD COLUMN c INT`, `INSERT INTO ${src}.u VALUES (1)`]) {
      const p = await preview(connectionId, sql);
      const step = statement(p);
      expect(step.rollback, sql).toBeNull();
      expect(step.noRollback, sql).toMatch(/backup|inverse|delete/);
      expect(details(p)[`rows in ${src}.u`], sql).toBe(0);
    }
  });
});
