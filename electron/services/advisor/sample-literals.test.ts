import { describe, expect, it } from 'vitest';
import { bindSampleLiterals, placeholderColumns, tableAliases } from './sample-literals';

describe('bindSampleLiterals', () => {
  it('gives LIMIT and OFFSET numbers and other placeholders a string literal', () => {
    expect(bindSampleLiterals('SELECT * FROM p WHERE user_id = ? ORDER BY updated_at DESC LIMIT ? OFFSET ?')).toBe(
      "SELECT * FROM p WHERE user_id = '1' ORDER BY updated_at DESC LIMIT 20 OFFSET 0",
    );
  });

  it('leaves question marks inside quotes, identifiers and comments alone', () => {
    expect(bindSampleLiterals("SELECT '?', `a?` FROM t /* ? */ WHERE x = ? -- ?\nAND y LIKE 'it''s?'")).toBe(
      "SELECT '?', `a?` FROM t /* ? */ WHERE x = '1' -- ?\nAND y LIKE 'it''s?'",
    );
  });

  it('uses the given value and handles LIMIT offset, count', () => {
    expect(bindSampleLiterals('SELECT 1 FROM t WHERE d > ? LIMIT ?, ?', "'2024-01-01 00:00:00'")).toBe(
      "SELECT 1 FROM t WHERE d > '2024-01-01 00:00:00' LIMIT 20, 20",
    );
  });
});

describe('placeholderColumns and tableAliases', () => {
  it('finds the column each placeholder is compared with, and the table behind each alias', () => {
    const sql =
      'SELECT d.id FROM `cowrite`.`documents` AS d JOIN projects p ON p.id = d.project_id ' +
      "WHERE d.project_id = ? AND p.user_id IN (?, ?) AND d.title LIKE ? AND created_at BETWEEN ? AND ? AND '?' <> x /* = ? */ LIMIT ?";
    expect(placeholderColumns(sql)).toEqual([
      { position: 0, qualifier: 'd', column: 'project_id' },
      { position: 1, qualifier: 'p', column: 'user_id' },
      { position: 2, qualifier: 'p', column: 'user_id' },
      { position: 3, qualifier: 'd', column: 'title' },
      { position: 4, qualifier: null, column: 'created_at' },
      { position: 5, qualifier: null, column: 'created_at' },
    ]);
    const aliases = tableAliases(sql);
    expect(aliases.get('d')).toEqual({ schema: 'cowrite', table: 'documents' });
    expect(aliases.get('p')).toEqual({ schema: null, table: 'projects' });
    expect(aliases.get('documents')).toEqual({ schema: 'cowrite', table: 'documents' });
    expect(tableAliases('SELECT * FROM t WHERE a = ?').has('where')).toBe(false);
  });

  it('binds each position to its own literal, LIMIT still 20', () => {
    expect(bindSampleLiterals('SELECT 1 FROM t WHERE a = ? AND b = ? LIMIT ?', (i) => (i === 0 ? "'31316'" : null))).toBe(
      "SELECT 1 FROM t WHERE a = '31316' AND b = '1' LIMIT 20",
    );
  });
});
