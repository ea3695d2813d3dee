import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { advisorReport } from '../../../shared/contract/advisor';
import { isCommandNote } from '../../../shared/shell-quote';
import { advise } from './advise';
import { advisorCapabilities } from './capabilities';
import { schemaFromDdl } from './schema-ddl';
import { workloadFromScript } from './workload';

const corpus = (f: string): string => readFileSync(new URL(`../../../../shared/corpus/cowrite/${f}`, import.meta.url), 'utf8');
const mysql9 = advisorCapabilities('9.7.4', 'MySQL Community Server - GPL');
const mariadb = advisorCapabilities('10.11.19-MariaDB-0+deb12u1-log', 'Debian 12');

describe('advise', () => {
  it('returns a contract-valid report with one online ALTER per table and its rollback', () => {
    const report = advise({ schema: schemaFromDdl(corpus('schema.sql')), workload: workloadFromScript(corpus('workload.sql')), capabilities: mysql9 });
    expect(advisorReport.parse(report)).toBeTruthy();
    expect(report.plan.planner).toBe('index-advisor');
    // One statement per table, however many indexes it gains: one pass over the table.
    const tables = [...new Set(report.recommendations.map((r) => r.table))];
    expect(report.plan.steps.map((s) => s.id).sort()).toEqual(tables.map((t) => `alter:${t}`).sort());
    const ai = report.recommendations.filter((r) => r.table === 'ai_generations');
    expect(ai.length).toBeGreaterThan(1);
    const step = report.plan.steps.find((s) => s.id === 'alter:ai_generations')!;
    expect(step.sql.match(/ADD INDEX/g)).toHaveLength(ai.length);
    expect(step.sql).toMatch(/^ALTER TABLE `cowrite`\.`ai_generations` ADD INDEX .*, ALGORITHM=INPLACE, LOCK=NONE$/);
    for (const r of ai) expect(step.rollback).toContain(`DROP INDEX \`${r.name}\``);
    expect(step.description).toContain('in one pass over the table');
    const projects = report.plan.steps.find((s) => s.id === 'alter:projects')!;
    expect(projects.sql).toBe(
      'ALTER TABLE `cowrite`.`projects` ADD INDEX `idx_projects_user_id_updated_at` (`user_id`, `updated_at`), ALGORITHM=INPLACE, LOCK=NONE',
    );
    expect(projects.rollback).toBe('ALTER TABLE `cowrite`.`projects` DROP INDEX `idx_projects_user_id_updated_at`, ALGORITHM=INPLACE, LOCK=NONE');
    expect(projects.risk).toBe('low');
    expect(report.unparsed).toEqual([]);
  });

  it('hides duplicates first (INVISIBLE on MySQL, IGNORED on MariaDB), a table at a time, and drops later', () => {
    const schema = schemaFromDdl(corpus('schema.sql') + corpus('seed-indexes.sql'));
    const my = advise({ schema, workload: [], capabilities: mysql9, drop: 'duplicates' });
    const hide = my.plan.steps.find((s) => s.id === 'alter:users')!;
    expect(hide.sql).toBe('ALTER TABLE `cowrite`.`users` ALTER INDEX `idx_users_email` INVISIBLE, ALTER INDEX `idx_users_username` INVISIBLE');
    expect(hide.rollback).toBe('ALTER TABLE `cowrite`.`users` ALTER INDEX `idx_users_username` VISIBLE, ALTER INDEX `idx_users_email` VISIBLE');
    expect(hide.estimate).toBe('metadata only; instant');
    expect(my.plan.steps.some((s) => s.id.startsWith('drop:'))).toBe(false);
    expect(my.plan.notes).toContain(
      'Later, once nothing regressed with idx_users_email, idx_users_username hidden: ALTER TABLE `cowrite`.`users` DROP INDEX `idx_users_email`, DROP INDEX `idx_users_username`;',
    );
    const ma = advise({ schema, workload: [], capabilities: mariadb, drop: 'duplicates', finalDrops: true });
    expect(ma.plan.steps.find((s) => s.id === 'alter:users')!.sql).toContain('ALTER INDEX `idx_users_username` IGNORED');
    const drop = ma.plan.steps.find((s) => s.id === 'drop:users')!;
    expect(drop.sql).toBe('ALTER TABLE `cowrite`.`users` DROP INDEX `idx_users_email`, DROP INDEX `idx_users_username`, ALGORITHM=INPLACE, LOCK=NONE');
    expect(drop.rollback).toBe(
      'ALTER TABLE `cowrite`.`users` ADD UNIQUE INDEX `idx_users_email` (`email`), ADD UNIQUE INDEX `idx_users_username` (`username`), ALGORITHM=INPLACE, LOCK=NONE',
    );
    // The final drops come after every hide.
    const ids = ma.plan.steps.map((s) => s.id);
    expect(ids.findIndex((i) => i.startsWith('drop:'))).toBeGreaterThan(ids.findLastIndex((i) => i.startsWith('alter:')));
  });

  it('offers no copy tool for a big table whose ALTER is online, and says why', () => {
    const schema = schemaFromDdl(corpus('schema.sql'));
    const big = { ...schema, tables: schema.tables.map((t) => ({ ...t, rows: 5_000_000, dataBytes: 2 * 1024 ** 3, indexBytes: 0 })) };
    for (const caps of [mysql9, mariadb]) {
      const report = advise({ schema: big, workload: workloadFromScript(corpus('workload.sql')), capabilities: caps });
      expect(report.plan.notes.filter(isCommandNote)).toEqual([]);
      expect(report.plan.notes.join('\n')).not.toMatch(/pt-online-schema-change|gh-ost/);
      expect(report.plan.notes).toContain(
        `documents is large: its ALTER runs online on ${caps.label} (ALGORITHM=INPLACE, LOCK=NONE; reads and writes go on), so no table copy is needed; a replica applies it after it ends, so expect lag of about the build time.`,
      );
      expect(report.plan.steps[0]!.risk).toBe('medium');
      expect(report.plan.steps[0]!.estimate).toContain('reads ~5.0M rows once');
    }
    // Dropping is metadata only, even hidden-then-dropped on a big table.
    const seeded = schemaFromDdl(corpus('schema.sql') + corpus('seed-indexes.sql'));
    const bigSeeded = { ...seeded, tables: seeded.tables.map((t) => ({ ...t, rows: 5_000_000, dataBytes: 2 * 1024 ** 3, indexBytes: 0 })) };
    const drops = advise({ schema: bigSeeded, workload: [], capabilities: mariadb, drop: 'duplicates', finalDrops: true });
    expect(drops.plan.notes.filter(isCommandNote)).toEqual([]);
  });

  it('counts a UNIQUE index that serves the queries: no plain index on the same columns beside it', () => {
    const seed = corpus('seed-indexes.sql');
    const unique = seed.split('\n').find((l) => l.includes('UNIQUE INDEX idx_document_versions_doc_version'))!;
    const report = advise({ schema: schemaFromDdl(corpus('schema.sql') + unique), workload: workloadFromScript(corpus('workload.sql')), capabilities: mysql9 });
    expect(report.recommendations.filter((r) => r.table === 'document_versions')).toEqual([]);
    // Without it, the same workload asks for that very key.
    const bare = advise({ schema: schemaFromDdl(corpus('schema.sql')), workload: workloadFromScript(corpus('workload.sql')), capabilities: mysql9 });
    expect(bare.recommendations.find((r) => r.table === 'document_versions')!.columns.map((c) => c.name)).toEqual(['document_id', 'version_number']);
  });

  it('reports the seed schema’s low-selectivity, secret-bearing and duplicate indexes offline', () => {
    const report = advise({ schema: schemaFromDdl(corpus('schema.sql') + corpus('seed-indexes.sql')), workload: workloadFromScript(corpus('workload.sql')) });
    const of = (kind: string): string[] => report.findings.filter((f) => f.kind === kind).map((f) => `${f.table}.${f.index}`);
    expect(of('low-selectivity')).toEqual(expect.arrayContaining(['users.idx_users_is_active', 'users.idx_users_is_verified', 'users.idx_users_role']));
    expect(report.findings.find((f) => f.index === 'idx_users_is_active' && f.kind === 'low-selectivity')!.evidence.basis).toMatch(/heuristic/);
    expect(of('secret-in-index').sort()).toEqual(['users.idx_users_auth', 'users.idx_users_email_auth']);
    expect(of('duplicate-index')).toEqual(expect.arrayContaining(['users.idx_users_username', 'users.idx_users_email']));
    expect(of('fk-without-index')).toEqual([]);
  });

  it('flags joined *_id columns that neither an existing nor a recommended index leads with', () => {
    const report = advise({ schema: schemaFromDdl(corpus('schema.sql')), workload: workloadFromScript(corpus('workload.sql')) });
    const fk = report.findings.filter((f) => f.kind === 'fk-without-index').map((f) => f.title);
    expect(fk).toEqual(expect.arrayContaining(['projects.company_id (joined in the workload) has no index']));
    expect(fk.some((t) => t.startsWith('documents.project_id'))).toBe(false);
  });

  it('lists workload statements it cannot parse instead of dropping them', () => {
    const report = advise({ schema: schemaFromDdl(corpus('schema.sql')), workload: [{ sql: 'SELEKT * FROM users', weight: { count: 1, totalTimeSec: 1 } }] });
    expect(report.unparsed).toHaveLength(1);
    expect(report.findings.map((f) => f.kind)).toContain('unparsed-statement');
  });
});

describe('advise with a parse cache', () => {
  it('gives the same report and fills the cache once per statement', () => {
    const schema = schemaFromDdl(corpus('schema.sql'));
    const workload = workloadFromScript(corpus('workload.sql'));
    const cache = new Map();
    const cold = advise({ schema, workload, parseCache: cache });
    expect(cache.size).toBe(16);
    expect(advise({ schema, workload, parseCache: cache })).toEqual(cold);
    expect(cache.size).toBe(16);
  });

  it('reads `a``b` as the name a`b in the schema and the workload, and quotes it back once', () => {
    const schema = schemaFromDdl('CREATE TABLE `a``b` (id INT PRIMARY KEY, `x``y` INT, y INT) ENGINE=InnoDB;');
    expect(schema.tables.map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([['a`b', ['id', 'x`y', 'y']]]);
    const report = advise({ schema, workload: workloadFromScript('SELECT * FROM `a``b` WHERE `x``y` = 1 AND y = 2;'), capabilities: mysql9 });
    expect(report.unparsed).toEqual([]);
    expect(report.plan.steps.map((s) => s.sql)).toEqual(['ALTER TABLE `a``b` ADD INDEX `idx_a``b_x``y_y` (`x``y`, `y`), ALGORITHM=INPLACE, LOCK=NONE']);
  });
});
