import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../../testing/paths';
import { runCli } from '../../../testing/cli';
import { shardCommand } from './shard.command';

const offline = ['plan', '--schema', corpusPath('cowrite', 'schema.sql'), '--workload', corpusPath('cowrite', 'workload.sql'), '--shards', '2'];

describe('dbw shard plan (offline, from the DDL file)', () => {
  it('prints the key, the tables and the cross-shard queries with reasons', async () => {
    const r = await runCli(shardCommand, offline);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Shard key: users.id (user_id in the other tables), 2 shards');
    expect(r.out).toMatch(/documents\s+needs-key\s+user_id/);
    expect(r.out).toMatch(/companies\s+reference/);
    expect(r.out).toMatch(/login \[read, multi, weight 100\]: users: username OR email reaches several shards/);
  });

  it('--export prints each engine configuration after its check', async () => {
    const vitess = await runCli(shardCommand, [...offline, '--export', 'vitess', '--target', 'cowrite']);
    expect(vitess.code).toBe(0);
    expect(JSON.parse(vitess.out).keyspaces.cowrite.tables.users.column_vindexes[0]).toEqual({ column: 'id', name: 'hash' });
    const ss = await runCli(shardCommand, [...offline, '--export', 'shardingsphere']);
    expect(ss.out).toContain('- !SHARDING');
    const spider = await runCli(shardCommand, [...offline, '--export', 'spider', '--backends', '10.0.0.1:3306,10.0.0.2:3306', '--target', 'dbw_shard_x']);
    expect(spider.code).toBe(0);
    expect(spider.out).toContain("CREATE OR REPLACE SERVER `dbw_shard_x_s1` FOREIGN DATA WRAPPER mysql OPTIONS (HOST '10.0.0.2', PORT 3306");
    const json = await runCli(shardCommand, [...offline, '--json']);
    expect(JSON.parse(json.out).plan.root).toBe('users');
  });

  it('refuses bad usage with exit code 2 and a clear message', async () => {
    expect((await runCli(shardCommand, ['plan', '--workload', 'x', '--shards', '2'])).err).toContain('Give exactly one of --schema FILE or --connection URL');
    const r = await runCli(shardCommand, [...offline.slice(0, -1), '1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--shards N');
    expect((await runCli(shardCommand, [...offline, '--backends', 'a:1'])).err).toContain('--backends names 1 servers for --shards 2');
    expect((await runCli(shardCommand, ['migrate', '--from', 'mysql://h/db'])).err).toContain('migrate needs --from URL, --to URL and --plan FILE');
  });
});
