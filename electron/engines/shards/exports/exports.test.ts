import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../../shared/sql-split';
import { analyzeWorkload } from '../../advisor/analyze-workload';
import { schemaFromDdl } from '../../advisor/schema-ddl';
import { workloadFromScript } from '../../advisor/workload';
import { corpusPath } from '../../../testing/paths';
import { planShards } from '../shard-plan';
import { checkShardingSphere, shardingSphereExport } from './shardingsphere';
import { checkSpider, createTablesOf, spiderExport } from './spider';
import { checkVSchema, vitessExport, vschemaColumns, type VitessExport } from './vitess';
import { parseYaml, TAG } from './yaml-lite';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const ddl = readFileSync(corpusPath('cowrite', 'schema.sql'), 'utf8');
const schema = schemaFromDdl(ddl, 'mariadb');
const queries = analyzeWorkload(workloadFromScript(readFileSync(corpusPath('cowrite', 'workload.sql'), 'utf8')), schema, 'mariadb');
const plan = planShards(schema, queries, { shards: 2 });
const backends = [
  { host: '127.0.0.1', port: 3341, user: 'root', password: '' },
  { host: '127.0.0.1', port: 3342, user: 'root', password: '' },
];

describe('Vitess VSchema', () => {
  it("passes the checker on Vitess' own examples, and the checker catches a broken copy", () => {
    const commerce = JSON.parse(fixture('vitess-commerce-seq.vschema.json'));
    const local = JSON.parse(fixture('vitess-local-customer-sharded.vschema.json'));
    expect(checkVSchema({ keyspaces: { commerce, customer: local } })).toEqual([]);
    expect(checkVSchema({ keyspaces: { customer: local } }).map((i) => i.message)).toContain('sequence customer_seq is not declared as type sequence');
    expect(checkVSchema({ keyspaces: { customer: JSON.parse(fixture('vitess-demo-customer.vschema.json')) } })).toEqual([]);
    const broken = JSON.parse(fixture('vitess-demo-customer.vschema.json'));
    delete broken.vindexes.corder_keyspace_idx;
    broken.tables.customer.column_vindexes[0].name = 'hashh';
    broken.vindexes.oname_keyspace_idx.owner = 'nope';
    const issues = checkVSchema({ keyspaces: { customer: broken } }).map((i) => i.message);
    expect(issues).toEqual(
      expect.arrayContaining(['vindex hashh is not declared', 'vindex corder_keyspace_idx is not declared', 'owner nope is not a table of customer']),
    );
  });

  it('exports cowrite: user_id hashed, children routed by their parent lookup, lookups and sequences declared, and passes the checker', () => {
    const exp = vitessExport(plan, schema, 'cowrite');
    const vs = exp.keyspaces.cowrite!;
    expect(vs.tables!.users!.column_vindexes![0]).toEqual({ column: 'id', name: 'hash' });
    expect(vs.tables!.projects!.column_vindexes![0]).toEqual({ column: 'user_id', name: 'hash' });
    expect(vs.tables!.documents!.column_vindexes![0]).toEqual({ column: 'project_id', name: 'projects_id_lookup' });
    expect(vs.vindexes!.projects_id_lookup).toEqual({
      type: 'consistent_lookup_unique',
      params: { table: 'cowrite_lookup.projects_id_lookup', from: 'id', to: 'keyspace_id' },
      owner: 'projects',
    });
    expect(vs.vindexes!.users_username_lookup!.type).toBe('consistent_lookup_unique');
    expect(vs.tables!.companies).toEqual({ type: 'reference' });
    expect(exp.keyspaces.cowrite_lookup!.tables!.users_seq).toEqual({ type: 'sequence' });
    expect(checkVSchema(exp, vschemaColumns(schema, 'cowrite'))).toEqual([]);
  });

  it('flags a column vindex on a missing column or of the wrong type', () => {
    const exp: VitessExport = JSON.parse(JSON.stringify(vitessExport(plan, schema, 'cowrite')));
    exp.keyspaces.cowrite!.tables!.projects!.column_vindexes![0] = { column: 'owner_id', name: 'hash' };
    exp.keyspaces.cowrite!.vindexes!.num = { type: 'numeric' };
    exp.keyspaces.cowrite!.tables!.users!.column_vindexes!.push({ column: 'username', name: 'num' });
    const issues = checkVSchema(exp, vschemaColumns(schema, 'cowrite')).map((i) => i.message);
    expect(issues).toEqual(expect.arrayContaining(['no column owner_id in projects', 'numeric needs an integer column; username is varchar']));
  });
});

describe('ShardingSphere YAML', () => {
  it("passes the checker on ShardingSphere's own example, and the checker catches a broken copy", () => {
    const doc = parseYaml(fixture('shardingsphere-proxy-database-sharding.yaml'));
    expect(checkShardingSphere(doc)).toEqual([]);
    const broken = parseYaml(
      fixture('shardingsphere-proxy-database-sharding.yaml')
        .replace('shardingAlgorithmName: t_order_inline', 'shardingAlgorithmName: t_order_typo')
        .replace('ds_${0..1}.t_order_item', 'ds_${0..2}.t_order_item'),
    );
    expect(checkShardingSphere(broken).map((i) => i.message)).toEqual(['algorithm t_order_typo is not declared', 'data source ds_2 is not declared']);
  });

  it('exports cowrite as !SHARDING with MOD on user_id and !BROADCAST companies, read back and checked', () => {
    const { text } = shardingSphereExport(plan, 'cowrite', backends);
    expect(text).toContain('- !SHARDING');
    expect(text).toContain('algorithm-expression: ds_${user_id % 2}');
    const doc = parseYaml(text);
    const rules = (doc as { rules: Record<string, unknown>[] }).rules;
    expect(rules.map((r) => r[TAG])).toEqual(['SHARDING', 'BROADCAST']);
    expect((rules[1] as { tables: string[] }).tables).toEqual(['companies']);
    const planned = {
      ...schema,
      tables: schema.tables.map((t) =>
        plan.tables.find((p) => p.table === t.name)?.role === 'needs-key' ? { ...t, columns: [...t.columns, { ...t.columns[0]!, name: 'user_id' }] } : t,
      ),
    };
    expect(checkShardingSphere(doc, planned)).toEqual([]);
    expect(checkShardingSphere(doc, schema).map((i) => i.message)).toContain('no column user_id in documents');
  });
});

describe('MariaDB Spider DDL', () => {
  const sql = spiderExport(plan, createTablesOf(splitStatements(ddl).map((s) => s.sql)), 'dbw_shard_t', backends, 'BIGINT UNSIGNED');

  it('partitions by HASH(user_id) with one server per partition and rewrites the unique keys ERROR 1503 would refuse', () => {
    const users = sql.front.find((s) => s.startsWith('CREATE TABLE `dbw_shard_t`.`users`'))!;
    expect(users).toContain('PARTITION BY HASH (`id`)');
    expect(users).toContain('PARTITION `p1` COMMENT = \'srv "dbw_shard_t_s1"\'');
    expect(users).toContain('KEY `uk_users_username` (`username`)');
    expect(users).not.toMatch(/UNIQUE/);
    const projects = sql.front.find((s) => s.includes('`projects`'))!;
    expect(projects).toContain('PRIMARY KEY (`id`, `user_id`)');
    const documents = sql.backend.find((s) => s.includes('`documents`'))!;
    expect(documents).toContain('`user_id` BIGINT UNSIGNED NOT NULL');
    expect(sql.front.find((s) => s.includes('`companies`'))).toContain('srv "dbw_shard_t_s0 dbw_shard_t_s1"');
    expect(sql.notes.join('\n')).toMatch(/users: UNIQUE \(username\) becomes a plain KEY \(ERROR 1503/);
    expect(checkSpider(sql)).toEqual([]);
  });

  it('the checker flags a unique key without the partitioning column and an undeclared server', () => {
    const front = sql.front.map((s) =>
      s.replace('KEY `uk_users_email` (`email`)', 'UNIQUE KEY `uk_users_email` (`email`)').replace('srv "dbw_shard_t_s1"', 'srv "elsewhere"'),
    );
    const issues = checkSpider({ backend: sql.backend, front }).map((i) => i.message);
    expect(issues).toContain('ERROR 1503: a UNIQUE INDEX must include id, the partitioning column');
    expect(issues).toContain('srv "elsewhere" is not a declared server');
  });
});
