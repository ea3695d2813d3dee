import { describe, expect, it } from 'vitest';
import { extractQueryShape, type QueryShape, type TableAccess } from './column-roles';
import { parseStatement } from './sql-parse';

function shape(sql: string, lookup?: (t: string) => string[] | undefined): QueryShape {
  const { ast, error } = parseStatement(sql);
  if (!ast) throw new Error(error ?? 'unparsed');
  return extractQueryShape(ast, lookup);
}
const access = (s: QueryShape, table: string, block?: number): TableAccess => {
  const a = s.accesses.find((x) => x.table === table && (block === undefined || x.block === block));
  if (!a) throw new Error(`no access to ${table}`);
  return a;
};

describe('extractQueryShape', () => {
  it('splits equality, range, ORDER BY direction and join keys (project_list)', () => {
    const s = shape(
      'SELECT p.id, p.name, c.name AS company_name, u.username FROM projects p LEFT JOIN companies c ON p.company_id = c.id JOIN users u ON p.user_id = u.id WHERE p.user_id = ? ORDER BY p.updated_at DESC LIMIT ? OFFSET ?',
    );
    const p = access(s, 'projects');
    expect(p.equality).toEqual(['user_id']);
    expect(p.orderBy).toEqual([{ column: 'updated_at', direction: 'DESC' }]);
    expect(p.joinKeys).toEqual(expect.arrayContaining(['company_id', 'user_id']));
    expect(access(s, 'companies').inner).toBe(true);
    expect(access(s, 'companies').joinKeys).toEqual(['id']);
    expect(access(s, 'users').joinKeys).toEqual(['id']);
    expect(s.hasLimit).toBe(true);
  });

  it('treats a correlated COUNT subquery as a join key of the inner table (project_detail)', () => {
    const s = shape('SELECT p.*, (SELECT COUNT(*) FROM documents WHERE project_id = p.id) AS documents_count FROM projects p WHERE p.id = ?');
    const d = access(s, 'documents');
    expect(d.joinKeys).toEqual(['project_id']);
    expect(d.inner).toBe(true);
    expect(d.block).toBeGreaterThan(0);
    const p = access(s, 'projects');
    expect(p.equality).toEqual(['id']);
    expect(p.selectAll).toBe(true);
    expect(p.inner).toBe(false);
  });

  it('classifies IN, BETWEEN, LIKE prefix, leading wildcard and placeholder patterns', () => {
    const s = shape("SELECT a FROM t WHERE a IN (?, ?) AND b BETWEEN ? AND ? AND c LIKE 'abc%' AND d LIKE '%x%' AND e LIKE ? AND f IS NULL");
    const t = access(s, 't');
    expect(t.inList).toEqual(['a']);
    expect(t.range).toEqual(['b', 'c']);
    expect(t.likeLeadingWildcard).toEqual(['d']);
    expect(t.likeParam).toEqual(['e']);
    expect(t.equality).toEqual(['f']);
    expect(t.selected).toEqual(['a']);
  });

  it('records OR across columns and function-wrapped columns', () => {
    const login = access(shape('SELECT id FROM users WHERE username = ? OR email = ?'), 'users');
    expect(login.orGroups).toEqual([['username', 'email']]);
    expect(login.equality).toEqual([]);
    const year = access(shape('SELECT * FROM user_sessions WHERE YEAR(expires_at) = YEAR(NOW())'), 'user_sessions');
    expect(year.nonSargable).toEqual(['expires_at']);
    expect(year.range).toEqual([]);
    const search = shape('SELECT d.* FROM documents d JOIN projects p ON d.project_id = p.id WHERE p.user_id = ? AND (d.title LIKE ? OR d.content LIKE ?)');
    expect(access(search, 'documents').orGroups).toEqual([['title', 'content']]);
    expect(access(search, 'documents').likeParam).toEqual(['title', 'content']);
  });

  it('reads GROUP BY, DELETE and UPDATE targets', () => {
    const g = shape('SELECT document_id FROM document_versions GROUP BY document_id HAVING COUNT(*) > ?');
    expect(access(g, 'document_versions').groupBy).toEqual(['document_id']);
    const d = shape("DELETE FROM ai_generations WHERE created_at < ? AND status = 'completed'");
    expect(d.writes).toEqual(['ai_generations']);
    expect(access(d, 'ai_generations').equality).toEqual(['status']);
    expect(access(d, 'ai_generations').range).toEqual(['created_at']);
    const u = shape('UPDATE projects SET status = ? WHERE id = ?');
    expect(u.writes).toEqual(['projects']);
    expect(access(u, 'projects').written).toEqual(['status']);
    expect(access(u, 'projects').equality).toEqual(['id']);
  });

  it('places unqualified columns with a column lookup, else reports them unresolved', () => {
    const sql = 'SELECT title FROM documents d JOIN projects p ON d.project_id = p.id WHERE user_id = ?';
    expect(shape(sql).unresolved).toEqual(expect.arrayContaining(['user_id']));
    const cols: Record<string, string[]> = { documents: ['id', 'project_id', 'title'], projects: ['id', 'user_id'] };
    const s = shape(sql, (t) => cols[t]);
    expect(access(s, 'projects').equality).toEqual(['user_id']);
    expect(access(s, 'documents').selected).toEqual(['title']);
  });

  it('follows IN subqueries, UNION branches and derived tables', () => {
    const s = shape('SELECT a FROM t WHERE x IN (SELECT y FROM u WHERE u.k = ?) UNION SELECT b FROM (SELECT b FROM v WHERE v.c = ?) AS dv');
    expect(access(s, 'u').equality).toEqual(['k']);
    expect(access(s, 't').inList).toEqual(['x']);
    expect(access(s, 'v').equality).toEqual(['c']);
  });
});
