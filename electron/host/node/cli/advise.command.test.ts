import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { advisorReport } from '../../../../shared/contract/advisor';
import { adviseCommand } from './advise.command';
import { runCli } from '../../../testing/cli';

const corpus = (f: string): string => fileURLToPath(new URL(`../../../../../shared/corpus/cowrite/${f}`, import.meta.url));
const slowlog = fileURLToPath(new URL('../../../engines/slowlog/fixtures', import.meta.url));

const run = (args: string[], stdin = ''): ReturnType<typeof runCli> => runCli(adviseCommand, args, stdin);

describe('dbw advise (offline)', () => {
  it('recommends from the DDL and the workload alone and prints the plan without applying it', async () => {
    const r = await run(['--schema', corpus('schema.sql'), '--workload', corpus('workload.sql')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Workload: 16 statements, 16 parsed.');
    expect(r.out).toContain('documents (project_id, updated_at) as idx_documents_project_id_updated_at');
    expect(r.out).toContain(
      'ALTER TABLE `cowrite`.`documents` ADD INDEX `idx_documents_project_id_updated_at` (`project_id`, `updated_at`), ALGORITHM=INPLACE, LOCK=NONE;',
    );
    expect(r.out).toMatch(/nothing applied/);
  });

  it('prints a contract-valid JSON report', async () => {
    const r = await run(['--schema', corpus('schema.sql'), '--workload', corpus('workload.sql'), '--json']);
    expect(advisorReport.parse(JSON.parse(r.out)).recommendations.length).toBeGreaterThanOrEqual(8);
  });

  it('reports duplicates of the seed indexes and plans their removal on request', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/dbw-advise-`)}/schema.sql`;
    writeFileSync(file, readFileSync(corpus('schema.sql'), 'utf8') + readFileSync(corpus('seed-indexes.sql'), 'utf8'));
    const r = await run(['--schema', file, '--drop-duplicates']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('duplicate-index: idx_users_username is a duplicate of uk_users_username');
    // Offline, as the help says: hidden first (the schema's flavor decides INVISIBLE or IGNORED), dropped later.
    expect(r.out).toContain('ALTER TABLE `cowrite`.`users` ALTER INDEX `idx_users_email` INVISIBLE, ALTER INDEX `idx_users_username` INVISIBLE;');
    expect(r.out).not.toMatch(/^ALTER TABLE .* DROP INDEX .*;$/m);
    expect(r.out).toContain(
      'note: Later, once nothing regressed with idx_users_email, idx_users_username hidden: ALTER TABLE `cowrite`.`users` DROP INDEX `idx_users_email`, DROP INDEX `idx_users_username`;',
    );
    expect(r.out).toContain(
      'note: Statement 75: duplicate key name idx_document_versions_doc_version on document_versions; the server would reject it (error 1061)',
    );
  });

  it('refuses bad combinations with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--schema', corpus('schema.sql'), '--apply'])).err).toContain('--apply needs --connection');
    expect((await run(['--schema', corpus('schema.sql'), '--workload', 'a', '--slowlog', 'b'])).code).toBe(2);
    expect((await run(['--schema', corpus('schema.sql'), '--bogus'])).err).toContain('Unknown option --bogus');
  });

  it('reads a slow log as the workload', async () => {
    const { readdirSync } = await import('node:fs');
    const file = readdirSync(slowlog).find((f) => f.endsWith('.log'));
    expect(file).toBeDefined();
    const r = await run(['--schema', corpus('schema.sql'), '--slowlog', `${slowlog}/${file}`, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).queries.length).toBeGreaterThan(0);
  });
});
