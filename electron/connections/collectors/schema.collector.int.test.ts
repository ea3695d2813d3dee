/**
 * Differential test: on a private copy of the co-writing database with the seed's indexes,
 * pt-duplicate-key-checker and our checker must agree on every pair pt reports; the extra
 * pairs we report are printed. Also checks the live snapshot (visibility, sizes, cardinality).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDuplicatePairs } from '../../engines/advisor/duplicates';
import { parsePtDuplicateReport } from '../../engines/advisor/pt-duplicate-report';
import { splitStatements } from '../../../shared/sql-split';
import { sqlServers } from '../../testing/servers';
import type { SqlReader } from '../sql-reader';
import { collectSchema } from './schema.collector';

const database = 'advisor_dups';
const root = new URL('../../../', import.meta.url).pathname;
const seed = readFileSync(new URL('../../../../shared/corpus/cowrite/seed-indexes.sql', import.meta.url), 'utf8');

describe.each(sqlServers)('duplicate indexes on $label', (server) => {
  let conn: mysql.Connection;
  let reader: SqlReader;
  const failures: string[] = [];

  beforeAll(async () => {
    execFileSync('node', ['scripts/sandbox/load-cowrite.mjs', '--port', String(server.port), '--database', database, '--size', 'small'], {
      cwd: root,
      stdio: 'pipe',
    });
    conn = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database });
    reader = { query: async <T>(sql: string, params?: readonly unknown[]) => (await conn.query(sql, params as unknown[]))[0] as T[] };
    for (const st of splitStatements(seed)) {
      try {
        await conn.query(st.sql);
      } catch (e) {
        failures.push(`${st.sql} -> ${(e as Error).message}`);
      }
    }
    await conn.query('ANALYZE TABLE users, projects, documents, ai_generations, document_versions, user_sessions');
    // Loading plus 60 CREATE INDEX (three FULLTEXT rebuilds) takes minutes on a shared 2-core box.
  }, 600_000);

  afterAll(async () => {
    await conn?.query(`DROP DATABASE IF EXISTS ${database}`);
    await conn?.end();
  });

  it('records which seed statements the server rejects, and why', () => {
    console.log(`[${server.label}] seed statements rejected:\n  ${failures.join('\n  ')}`);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/idx_document_versions_doc_version.*Duplicate key name/);
  });

  it('reports every pair pt-duplicate-key-checker reports', async () => {
    const out = execFileSync(
      'pt-duplicate-key-checker',
      ['--host', server.host, '--port', String(server.port), '--user', server.user, '--databases', database],
      { encoding: 'utf8' },
    );
    const pt = parsePtDuplicateReport(out)
      .map((p) => `${p.table.split('.').pop()}:${p.index}→${p.duplicateOf}`)
      .sort();
    const schema = await collectSchema(reader, database);
    const ours = schema.tables.flatMap((t) => findDuplicatePairs(t));
    const compatible = ours
      .filter((p) => p.ptCompatible)
      .map((p) => `${p.table}:${p.index}→${p.duplicateOf}`)
      .sort();
    expect(pt.length).toBeGreaterThanOrEqual(15);
    expect(compatible).toEqual(pt);
    const extra = ours.filter((p) => !p.ptCompatible).map((p) => `${p.table}:${p.index}→${p.duplicateOf} (${p.type})`);
    console.log(`[${server.label}] pt pairs: ${pt.length}; ours beyond pt: ${extra.length ? extra.join(', ') : 'none'}`);
  });

  it('snapshots visibility, order, sizes and cardinality', async () => {
    const schema = await collectSchema(reader, database, { sample: { columns: ['users.is_active', 'users.id'], maxRows: 1000 } });
    expect(schema.flavor).toBe(server.label.startsWith('MariaDB') ? 'mariadb' : 'mysql');
    const projects = schema.tables.find((t) => t.name === 'projects')!;
    expect(projects.rows).toBeGreaterThan(1000);
    const userUpdated = projects.indexes.find((i) => i.name === 'idx_projects_user_updated')!;
    expect(userUpdated.columns.map((c) => `${c.name} ${c.direction}`)).toEqual(['user_id ASC', 'updated_at DESC']);
    expect(userUpdated.visible).toBe(true);
    expect(userUpdated.sizeBytes).toBeGreaterThan(0);
    expect(userUpdated.columns[0]!.cardinality).toBeGreaterThan(100);
    const users = schema.tables.find((t) => t.name === 'users')!;
    expect(users.columns.find((c) => c.name === 'is_active')!.selectivity).toBeLessThan(0.01);
    expect(users.columns.find((c) => c.name === 'id')!.selectivity).toBe(1);
    expect(schema.tables.find((t) => t.name === 'documents')!.indexes.find((i) => i.name === 'idx_documents_fulltext')!.kind).toBe('FULLTEXT');
  });
});
