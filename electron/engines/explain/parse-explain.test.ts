import { describe, expect, it } from 'vitest';
import { planNodeSchema } from '../../../shared/contract/explain';
import { detectFormat, parseExplain } from './parse-explain';
import { tablesOf, walk } from './plan-node';
import { fixturePlan, fixtureFiles, fixtureText, phases, servers } from './testing/fixtures';

const expectedFormat = (server: string, file: string): string => {
  if (file.endsWith('.slowlog.txt')) return 'mariadb-slowlog';
  if (/\.explain\.(rows\.json|grid\.txt|batch\.txt|vertical\.txt)$/.test(file)) return 'tabular';
  if (file.endsWith('.explain.v1.json')) return 'mysql-json-v1';
  if (file.endsWith('.explain.v2.json')) return 'mysql-json-v2';
  if (file.endsWith('.tree.txt')) return 'mysql-tree';
  if (file.endsWith('.analyze.txt')) return 'mysql-analyze';
  if (file.endsWith('.analyze.json')) return 'mariadb-analyze-json';
  return server === 'mariadb' ? 'mariadb-json' : '?';
};

/** (table, access type) pairs of a plan, sorted, for comparing formats of one query. */
const accessPairs = (file: string, server: string, phase: string): string[] =>
  tablesOf(fixturePlan(server, phase, file).root)
    .map((t) => `${t.table}:${t.access?.type}`)
    .sort();

describe.each(servers.flatMap((s) => phases.map((p) => [s, p] as const)))('fixtures %s/%s', (server, phase) => {
  const files = fixtureFiles(server, phase);
  it.each(files)('%s parses in its own format, schema-valid, without warnings', (file) => {
    const plan = fixturePlan(server, phase, file);
    expect(plan.format).toBe(expectedFormat(server, file));
    expect(plan.warnings).toEqual([]);
    expect(planNodeSchema.safeParse(plan.root).success).toBe(true);
    // Const tables are read before execution and DELETE has no iterator plan: no table node then.
    const tableless = [...walk(plan.root)].some((n) => /Rows fetched before execution|Zero rows|not executable|Impossible WHERE/i.test(n.label));
    if (!tableless) expect(tablesOf(plan.root).length).toBeGreaterThan(0);
  });

  const names = [...new Set(files.map((f) => f.split('.')[0]!))];
  it.each(names)('%s: every tabular layout and the classic JSON agree on tables and access types', (name) => {
    const tabular = ['explain.rows.json', 'explain.grid.txt', 'explain.batch.txt', 'explain.vertical.txt'].map((s) => `${name}.${s}`);
    const json = server === 'mariadb' ? `${name}.explain.json` : `${name}.explain.v1.json`;
    const reference = accessPairs(tabular[0]!, server, phase);
    for (const file of [...tabular.slice(1), json]) expect(accessPairs(file, server, phase), file).toEqual(reference);
    if (files.includes(`${name}.slowlog.txt`)) expect(accessPairs(`${name}.slowlog.txt`, server, phase)).toEqual(reference);
    if (server === 'mysql') expect(accessPairs(`${name}.explain.v2.json`, server, phase)).toEqual(accessPairs(`${name}.tree.txt`, server, phase));
  });
});

describe('what the parsers read from the captured plans', () => {
  it('MariaDB ANALYZE: dependent subqueries with their execution counts and r_* figures', () => {
    const plan = fixturePlan('mariadb', 'before', 'document_list.analyze.json');
    const subs = [...walk(plan.root)].filter((n) => n.kind === 'subquery');
    expect(subs.map((s) => s.subquery)).toEqual([
      { dependent: true, cacheable: true, executions: 2 },
      { dependent: true, cacheable: true, executions: 2 },
    ]);
    const d = tablesOf(plan.root).find((t) => t.table === 'd')!;
    expect(d.actual).toMatchObject({ rows: 32000, loops: 1, filtered: 0.00625 });
    expect(d.mismatch).toMatchObject({ direction: 'over' });
    expect([...walk(plan.root)].some((n) => n.kind === 'sort' && n.flags.includes('using_filesort'))).toBe(true);
  });

  it('MySQL EXPLAIN ANALYZE: actual rows/loops, dependent subquery executions, estimate mismatch', () => {
    const plan = fixturePlan('mysql', 'before', 'document_list.analyze.txt');
    const sub = [...walk(plan.root)].find((n) => n.kind === 'subquery')!;
    expect(sub.subquery).toMatchObject({ dependent: true, executions: 2 });
    const scan = tablesOf(plan.root).find((t) => t.table === 'document_versions')!;
    expect(scan.actual).toMatchObject({ rows: 96000, loops: 2 });
    expect(scan.access?.type).toBe('ALL');
    const filter = [...walk(plan.root)].find((n) => n.kind === 'filter' && n.condition?.includes('document_versions'))!;
    expect(filter.mismatch?.direction).toBe('over');
  });

  it('index merge on login: both unique keys, on every format', () => {
    for (const file of ['login.explain.json', 'login.analyze.json', 'login.slowlog.txt']) {
      const t = tablesOf(fixturePlan('mariadb', 'before', file).root)[0]!;
      expect(t.access).toMatchObject({ type: 'index_merge', key: 'uk_users_username,uk_users_email' });
      expect(t.flags).toContain('index_merge');
    }
    const tree = tablesOf(fixturePlan('mysql', 'before', 'login.tree.txt').root);
    expect(tree.find((t) => t.flags.includes('index_merge'))?.access?.key).toBe('uk_users_username,uk_users_email');
  });

  it('join buffer: MariaDB BNL and MySQL hash join, in every format', () => {
    const bnl = tablesOf(fixturePlan('mariadb', 'extra', 'documents_with_forms.explain.json').root).find((t) => t.table === 'd')!;
    expect(bnl.joinAlgorithm).toBe('block_nested_loop');
    const grid = tablesOf(fixturePlan('mysql', 'extra', 'documents_with_forms.explain.grid.txt').root).find((t) => t.table === 'd')!;
    expect(grid).toMatchObject({ joinAlgorithm: 'hash', flags: expect.arrayContaining(['using_join_buffer']) });
    for (const file of ['documents_with_forms.tree.txt', 'documents_with_forms.explain.v2.json', 'documents_with_forms.analyze.txt']) {
      expect(
        [...walk(fixturePlan('mysql', 'extra', file).root)].some((n) => n.joinAlgorithm === 'hash'),
        file,
      ).toBe(true);
    }
  });

  it('partitions: all eight listed without pruning, one with', () => {
    const all = tablesOf(fixturePlan('mysql', 'extra', 'partitioned_no_pruning.explain.rows.json').root)[0]!;
    expect(all.access?.partitions).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    const one = tablesOf(fixturePlan('mariadb', 'extra', 'partitioned_pruned.explain.json').root)[0]!;
    expect(one.access?.partitions).toHaveLength(1);
  });

  it('v1 costs: per-table read+eval cost and the query cost', () => {
    const plan = fixturePlan('mysql', 'before', 'document_list.explain.v1.json');
    expect(plan.totalCost).toBeCloseTo(3332.65);
    expect(tablesOf(plan.root).find((t) => t.table === 'd')!.estimate).toEqual({ rows: 31164, filtered: 10, cost: expect.closeTo(3332.65, 1) });
  });
});

describe('malformed input', () => {
  it('truncated JSON: a positioned error and the part of the plan that arrived', () => {
    const full = fixtureText('mysql', 'before', 'document_list.explain.v1.json');
    const cut = full.slice(0, full.indexOf('"select_id": 2'));
    const out = parseExplain(cut);
    expect(out.error?.line).toBeGreaterThan(1);
    expect(out.error?.message).toMatch(/line \d+, column \d+/);
    expect(out.plan?.partial).toBe(true);
    expect(tablesOf(out.plan!.root).map((t) => t.table)).toContain('d');
  });

  it('garbage, empty and binary input give an error, never a throw', () => {
    for (const input of ['', 'hello world', '{"nope": 1}', '{{{{', '\u0000\u0001\u0002', '[1,2,3]', '-> ']) {
      const out = parseExplain(input);
      expect(out.error, JSON.stringify(input)).not.toBeNull();
    }
    expect(parseExplain([{ foo: 1 }]).error?.message).toMatch(/EXPLAIN columns/);
  });

  it('a cut-off grid keeps the complete rows and warns about the broken one', () => {
    const grid = fixtureText('mysql', 'before', 'document_list.explain.grid.txt').split('\n');
    const out = parseExplain(grid.slice(0, 4).join('\n') + '\n|  3 | DEPENDENT SUBQ');
    expect(out.plan?.partial).toBe(true);
    expect(tablesOf(out.plan!.root).map((t) => t.table)).toEqual(['d']);
  });
});

describe('detectFormat', () => {
  it.each([
    ['{"query_block": {"select_id": 1, "cost_info": {}}}', 'mysql-json-v1'],
    ['{"query_block": {"select_id": 1, "nested_loop": []}}', 'mariadb-json'],
    ['{"query_block": {"r_loops": 1}}', 'mariadb-analyze-json'],
    ['{"query_plan": {"operation": "x"}}', 'mysql-json-v2'],
    ['{"query_plan": {"actual_rows": 1}}', 'mysql-analyze'],
    ['-> Table scan on t  (cost=1 rows=1)', 'mysql-tree'],
    ['-> Table scan on t  (cost=1 rows=1) (actual time=0.1..0.2 rows=1 loops=1)', 'mysql-analyze'],
    ['# explain: id\tselect_type\ttable', 'mariadb-slowlog'],
    ['id\tselect_type\ttable\ttype', 'tabular'],
    ['SELECT 1', null],
  ])('%s → %s', (text, format) => expect(detectFormat(text)).toBe(format));
});
