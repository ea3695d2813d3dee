import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../../testing/paths';
import { partitionCommand } from './partition.command';
import { memoryIO } from '../../../testing/cli';

const ddl = corpusPath('cowrite/seed-partitions.sql');
const schema = corpusPath('cowrite/schema.sql');

describe('dbw partition check (offline)', () => {
  it('prints the JSON the issue names: statements with sql, table, findings (errno, message) and fix; exit 1', async () => {
    const m = memoryIO();
    const code = await partitionCommand.run(['check', '--ddl', ddl, '--schema', schema, '--flavor', 'mysql-9.7', '--json', '--as-of', '2026-12-06'], m.io);
    expect(code).toBe(1);
    const r = JSON.parse(m.out());
    expect(r.statements).toHaveLength(7);
    expect(r.statements[0]).toMatchObject({ table: 'ai_generations', predictedErrno: 1503 });
    expect(r.statements[0].findings[0]).toMatchObject({ errno: 1503, rule: 'unique-key-columns' });
    expect(r.statements[0].findings[0].message).toMatch(/prefixed columns are not considered/);
    expect(r.statements[0].fix).toMatch(/PARTITION BY RANGE COLUMNS\(`created_at`\)/);
    expect(r.statements[2].fix).toContain("'2026-12-13'");
    expect(r.statements[4].fix).toBeNull();
  });

  it('prints a readable report with doc links', async () => {
    const m = memoryIO();
    await partitionCommand.run(['check', '--ddl', ddl, '--schema', schema, '--flavor', 'mariadb-10.11'], m.io);
    expect(m.out()).toMatch(/#3 user_sessions: FAILS with ERROR 1064/);
    expect(m.out()).toContain('https://mariadb.com/kb/en/partitioning-limitations/');
  });

  it('refuses bad usage with exit 2', async () => {
    const m = memoryIO();
    expect(await partitionCommand.run(['check', '--ddl', ddl, '--flavor', 'oracle-23'], m.io)).toBe(2);
    expect(m.err()).toMatch(/--flavor takes mariadb-10.11, mysql-8.4, mysql-9.7/);
    expect(await partitionCommand.run(['rotate', '--connection', 'mysql://root@127.0.0.1:1/x'], m.io)).toBe(2);
    expect(await partitionCommand.run(['shuffle'], m.io)).toBe(2);
  });
});

describe('dbw partition usage', () => {
  it('prints the usage for --help after any subcommand (exit 0), and for none (exit 2)', async () => {
    for (const sub of ['check', 'design', 'prune', 'rotate']) {
      const m = memoryIO();
      expect(await partitionCommand.run([sub, '--connection', 'mysql://root@127.0.0.1:1/x', '--help'], m.io)).toBe(0);
      expect(m.out()).toContain('dbw partition rotate --connection URL');
      expect(m.err()).toBe('');
    }
    const none = memoryIO();
    expect(await partitionCommand.run([], none.io)).toBe(2);
    expect(none.out()).toContain('Usage:');
  });
});
