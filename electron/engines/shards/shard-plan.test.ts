import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeWorkload } from '../advisor/analyze-workload';
import { schemaFromDdl } from '../advisor/schema-ddl';
import { workloadFromScript } from '../advisor/workload';
import { corpusPath } from '../../testing/paths';
import { planShards, skewFrom, skewQueries, withMeasurements } from './shard-plan';

const schema = schemaFromDdl(readFileSync(corpusPath('cowrite', 'schema.sql'), 'utf8'), 'mariadb');
const queries = analyzeWorkload(workloadFromScript(readFileSync(corpusPath('cowrite', 'workload.sql'), 'utf8')), schema, 'mariadb');
const plan = planShards(schema, queries, { shards: 4 });
const table = (t: string) => plan.tables.find((x) => x.table === t)!;
const cross = (name: string) => plan.crossShard.find((q) => q.name === name);

describe('shard plan of the co-writing schema and workload', () => {
  it('shards by users.id, known as user_id in the children, the best-scoring candidate', () => {
    expect([plan.root, plan.key, plan.keyName]).toEqual(['users', 'id', 'user_id']);
    expect(plan.candidates[0]).toMatchObject({ table: 'users', column: 'id' });
    expect(plan.candidates.map((c) => c.table)).toEqual(expect.arrayContaining(['projects', 'documents']));
    for (const c of plan.candidates) expect(c.reads.single + c.reads.multi + c.reads.scatter + c.reads.unsharded).toBeCloseTo(1, 6);
  });

  it('keeps user-owned tables with their user: carried user_id, or added along a named path', () => {
    for (const t of ['projects', 'user_sessions', 'ai_generations', 'document_exports', 'operation_logs'])
      expect(table(t)).toMatchObject({ role: 'carries-key', keyColumn: 'user_id' });
    expect(table('documents')).toMatchObject({ role: 'needs-key', keyColumn: 'user_id' });
    expect(table('documents').path).toEqual([
      { table: 'documents', column: 'project_id', refTable: 'projects', refColumn: 'id' },
      { table: 'projects', column: 'user_id', refTable: 'users', refColumn: 'id' },
    ]);
    expect(table('document_versions').path.map((h) => h.column)).toEqual(['document_id', 'project_id', 'user_id']);
    expect(table('form_fields').path[0]).toEqual({ table: 'form_fields', column: 'form_id', refTable: 'project_forms', refColumn: 'id' });
  });

  it('handles users and companies explicitly', () => {
    expect(table('users')).toMatchObject({ role: 'root', keyColumn: 'id' });
    expect(table('users').lookups).toEqual(['email', 'username']);
    expect(table('companies').role).toBe('reference');
    expect(plan.notes.join('\n')).toMatch(/users is the root/);
    expect(plan.notes.join('\n')).toMatch(/companies is a reference table/);
  });

  it('lists the cross-shard queries with reasons and rewrites', () => {
    expect(cross('login')).toMatchObject({ routing: 'multi', kind: 'read' });
    expect(cross('login')!.rewrite).toMatch(/username = \?; email = \?/);
    expect(cross('document_versions')!.reason).toMatch(/created_by/);
    expect(cross('ai_generation_completed')!.rewrite).toMatch(/documents\.user_id = ai_generations\.user_id/);
    expect(cross('sessions_this_year')).toMatchObject({ routing: 'scatter' });
    expect(cross('sessions_this_year')!.reason).toMatch(/expires_at is wrapped in a function/);
    expect(cross('cleanup_expired_sessions')).toMatchObject({ routing: 'scatter', kind: 'write' });
    expect(cross('versions_over_limit')!.reason).toMatch(/per-shard aggregation is exact/);
    for (const single of ['user_info', 'session_check', 'project_list', 'project_detail', 'document_content', 'document_search', 'ai_generation_status'])
      expect(cross(single), single).toBeUndefined();
  });

  it('weighs each column by the workload: users.id is mostly a join key, documents.id mostly filtered', () => {
    const users = table('users').usage;
    expect(users[0]).toMatchObject({ column: 'id', filter: 50, join: 250 });
    expect(table('document_versions').usage.find((u) => u.column === 'document_id')!.group).toBe(1);
  });

  it('can be forced onto another key', () => {
    const byProject = planShards(schema, queries, { shards: 2, key: { table: 'projects', column: 'id' } });
    expect(byProject.root).toBe('projects');
    expect(byProject.tables.find((t) => t.table === 'documents')).toMatchObject({ role: 'carries-key', keyColumn: 'project_id' });
    expect(() => planShards(schema, queries, { shards: 2, key: { table: 'projects', column: 'nope' } })).toThrow(/projects\.nope/);
  });

  it('counts skew with MOD(key, N), joining along the path for tables that do not carry the key yet', () => {
    const sql = Object.fromEntries(skewQueries(plan, 'cowrite').map((s) => [s.table, s.sql]));
    expect(sql.users).toBe('SELECT MOD(`id`, 4) AS shard, COUNT(*) AS n FROM `cowrite`.`users` GROUP BY shard ORDER BY shard');
    expect(sql.documents).toContain('JOIN `cowrite`.`projects` AS j1 ON j1.`id` = j0.`project_id`');
    expect(sql.documents).toContain('MOD(j1.`user_id`, 4)');
    expect(sql.companies).toBeUndefined();
    const skew = skewFrom(
      [
        { shard: 0, n: 6 },
        { shard: 2, n: 2 },
        { shard: null, n: 5 },
      ],
      4,
      'x',
    );
    expect(skew.perShard).toEqual([6, 0, 2, 0]);
    expect(skew.maxOverMean).toBe(3);
    const measured = withMeasurements(plan, {
      skew: { users: skew },
      stats: { 'users.id': { rows: 8, cardinality: 8, mostCommonFrequency: 0.125, monotonic: true } },
    });
    expect(measured.tables.find((t) => t.table === 'users')!.skew).toBe(skew);
    expect(measured.notes.join('\n')).toMatch(/users: the largest shard holds 3\.00×/);
    expect(measured.notes.join('\n')).toMatch(/users\.id is monotonic/);
  });
});
