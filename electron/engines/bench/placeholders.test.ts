import { describe, expect, it } from 'vitest';
import { bindLiterals, placeholderOffsets, placeholderSlots, sqlLiteral, tableAliases } from './placeholders';

describe('benchmark placeholders', () => {
  it('finds the column and table each placeholder is compared with, through aliases', () => {
    const sql =
      "SELECT d.id FROM documents d JOIN app.projects AS p ON d.project_id = p.id WHERE p.user_id = ? AND d.title LIKE ? AND d.status <> '?' ORDER BY d.updated_at DESC LIMIT ? OFFSET ?";
    expect(placeholderSlots(sql)).toEqual([
      { kind: 'column', schema: 'app', table: 'projects', column: 'user_id', like: false },
      { kind: 'column', schema: null, table: 'documents', column: 'title', like: true },
      { kind: 'limit' },
      { kind: 'offset' },
    ]);
    expect(tableAliases(sql).get('d')).toEqual({ schema: null, table: 'documents' });
  });
  it('takes an unqualified column from the only table, and refuses what it cannot place', () => {
    expect(placeholderSlots('SELECT * FROM users WHERE id = ?')).toEqual([{ kind: 'column', schema: null, table: 'users', column: 'id', like: false }]);
    expect(placeholderSlots('SELECT ? + 1')).toMatch(/not compared with a column/);
    expect(placeholderSlots('SELECT * FROM a JOIN b ON a.id = b.id WHERE x = ?')).toMatch(/cannot tell which table x belongs to/);
  });
  it('binds literals outside quotes and comments', () => {
    const sql = "SELECT '?' AS q /* ? */ FROM t WHERE a = ? AND b = ? -- ?\n LIMIT ?";
    expect(placeholderOffsets(sql)).toHaveLength(3);
    expect(bindLiterals(sql, [sqlLiteral(5), sqlLiteral("o'k"), '20'])).toBe("SELECT '?' AS q /* ? */ FROM t WHERE a = 5 AND b = 'o''k' -- ?\n LIMIT 20");
    expect(sqlLiteral(new Date('2026-01-02T03:04:05Z'))).toBe("'2026-01-02 03:04:05'");
    expect(sqlLiteral(null)).toBe('NULL');
  });
});
