import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advise } from '../../engines/advisor/advise';
import { columnsByTable, distinctStatements, shapeStatements } from '../../engines/advisor/analyze-workload';
import { schemaFromDdl } from '../../engines/advisor/schema-ddl';
import { workloadFromScript } from '../../engines/advisor/workload';
import { statementTemplate } from '../../engines/sql-parse/statement-template';
import { shapeInWorkers } from './shape-runner';
import { corpusPath } from '../../testing/paths';

const dir = mkdtempSync(join(tmpdir(), 'dbw-shape-runner-'));
const worker = join(dir, 'advisor-parse.worker.mjs');
const corpus = (f: string): string => readFileSync(corpusPath('cowrite', f), 'utf8');

beforeAll(async () => {
  // Under vitest there is no dist/: bundle the worker the way build/build.mjs does.
  await build({
    entryPoints: [join(__dirname, 'advisor-parse.worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: worker,
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shape runner', () => {
  it('gives the same advice with shapes parsed in worker threads as in this thread', async () => {
    const schema = schemaFromDdl(corpus('schema.sql'));
    // The workload plus one statement no grammar accepts and one repeated statement.
    const workload = [...workloadFromScript(corpus('workload.sql')), { sql: 'SELEKT nonsense FROM', name: 'bad', weight: { count: 1, totalTimeSec: 1 } }];
    workload.push({ ...workload[0]!, name: 'again' });
    const sqls = distinctStatements(workload);
    expect(sqls.length).toBe(workload.length - 1);
    const shapes = await shapeInWorkers(sqls, columnsByTable(schema), 'mariadb', { workerScript: worker, threads: 3, minPerThread: 1 });
    expect([...shapes.keys()]).toEqual(sqls);
    expect(shapes.get('SELEKT nonsense FROM')?.error).toMatch(/syntax error/);
    const inThread = advise({ schema, workload });
    const withWorkers = advise({ schema, workload, shapes });
    expect(withWorkers).toEqual(inThread);
    // A second run reuses the pooled (warm) workers and gives the same shapes.
    const again = await shapeInWorkers(sqls, columnsByTable(schema), 'mariadb', { workerScript: worker, threads: 3, minPerThread: 1 });
    expect([...again.entries()]).toEqual([...shapes.entries()]);
    expect(inThread.unparsed).toHaveLength(1);
    expect(inThread.recommendations.length).toBeGreaterThan(3);
  });

  it('keeps the statements of one template together and puts every shape back in its place', async () => {
    const schema = schemaFromDdl(corpus('schema.sql'));
    const tables = schema.tables.filter((t) => t.columns.some((c) => c.name === 'created_at'));
    // Two templates interleaved over many tables, plus one statement of its own.
    const sqls = tables.flatMap((t, i) => [
      `SELECT id FROM ${t.name} WHERE created_at > '2026-0${1 + (i % 9)}-01' ORDER BY id DESC LIMIT ${10 + i}`,
      `UPDATE ${t.name} SET created_at = created_at WHERE id = ${i}`,
    ]);
    sqls.push('SELECT COUNT(*) FROM users u JOIN projects p ON p.owner_id = u.id');
    const columns = columnsByTable(schema);
    const shapes = await shapeInWorkers(sqls, columns, 'mysql', { workerScript: worker, threads: 2, minPerThread: 1 });
    expect([...shapes.keys()]).toEqual(sqls);
    expect([...shapes.values()]).toEqual(shapeStatements(sqls, columns, 'mysql'));
    expect(shapes.get(sqls[2]!)?.shape?.accesses.map((a) => a.table)).toEqual([tables[1]!.name]);
    expect(new Set(sqls.slice(0, -1).map((q) => statementTemplate(q)?.text)).size).toBe(2);
    // Three templates are too few for a worker: this thread parses them, with the templates the runner already read.
    const here = await shapeInWorkers(sqls, columns, 'mysql', { workerScript: worker, threads: 2, minPerThread: 5 });
    expect([...here.entries()]).toEqual([...shapes.entries()]);
  });

  it('stops at once when cancelled', async () => {
    const schema = schemaFromDdl(corpus('schema.sql'));
    const sqls = distinctStatements(workloadFromScript(corpus('workload.sql')));
    const ac = new AbortController();
    const run = shapeInWorkers(sqls, columnsByTable(schema), 'mysql', { workerScript: worker, threads: 2, minPerThread: 1, signal: ac.signal });
    ac.abort(new Error('user cancelled'));
    await expect(run).rejects.toThrow('user cancelled');
  });

  it('parses in this thread when no worker is built', async () => {
    const schema = schemaFromDdl(corpus('schema.sql'));
    const sqls = distinctStatements(workloadFromScript(corpus('workload.sql')));
    const shapes = await shapeInWorkers(sqls, columnsByTable(schema), 'mysql', { workerScript: undefined, threads: 1 });
    expect([...shapes.values()].every((s) => s.shape !== null)).toBe(true);
  });
});
