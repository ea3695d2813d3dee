import { describe, expect, it } from 'vitest';
import type { SchemaSnapshot, WorkloadQuery } from '../../../shared/contract/advisor';
import { analyzeWorkload } from './analyze-workload';
import { schemaFromDdl } from './schema-ddl';
import { unbatchedWriteFindings, whereOf } from './unbatched-writes';

const ddl = 'CREATE TABLE sessions (id BIGINT PRIMARY KEY, user_id INT NOT NULL, expires_at DATETIME NOT NULL);';
const schema: SchemaSnapshot = (() => {
  const s = schemaFromDdl(ddl);
  return { ...s, tables: s.tables.map((t) => ({ ...t, schema: 'app', rows: 200_000 })) };
})();
const w = (sql: string, rowsAffected: number | null): WorkloadQuery => ({ sql, name: sql.slice(0, 30), weight: { count: 1, totalTimeSec: 1 }, rowsAffected });

describe('unbatched writes', () => {
  it("flags a DELETE without LIMIT whose Rows_affected is half the table, with the purge's WHERE prefilled", () => {
    const workload = [w("DELETE FROM sessions WHERE expires_at < '2026-01-01'", 100_000)];
    const [f] = unbatchedWriteFindings(analyzeWorkload(workload, schema), workload, schema, {}, 1000);
    expect(f).toMatchObject({ kind: 'unbatched-write', severity: 'critical', table: 'sessions' });
    expect(f!.evidence).toMatchObject({ matchedRows: 100_000, tableRows: 200_000, share: 0.5, basis: 'rows_affected', where: "expires_at < '2026-01-01'" });
    expect(f!.evidence.purge).toBe(`dbw purge --connection URL --table app.sessions --where 'expires_at < '\\''2026-01-01'\\'''`);
  });

  it('leaves batched, selective and unknown writes alone', () => {
    const workload = [
      w("DELETE FROM sessions WHERE expires_at < '2026-01-01' LIMIT 1000", 1000),
      w('DELETE FROM sessions WHERE user_id = 7', 12),
      w('UPDATE sessions SET user_id = 1 WHERE user_id = 2', null),
    ];
    expect(unbatchedWriteFindings(analyzeWorkload(workload, schema), workload, schema, {}, 1000)).toEqual([]);
  });

  it('takes the EXPLAIN estimate when connected, and advises batches (not the purge) for an UPDATE', () => {
    const sql = 'UPDATE sessions SET expires_at = NOW() WHERE user_id > ?';
    const workload = [w(sql, null)];
    const [f] = unbatchedWriteFindings(
      analyzeWorkload(workload, schema),
      workload,
      schema,
      { [sql]: { rows: 40_000, boundSql: sql.replace('?', '100') } },
      1000,
    );
    expect(f!.severity).toBe('warning');
    expect(f!.evidence).toMatchObject({ basis: 'explain', share: 0.2, where: 'user_id > 100', purge: null });
    expect(f!.detail).toMatch(/add LIMIT and repeat/);
  });

  it('reads the WHERE up to ORDER BY or LIMIT', () => {
    expect(whereOf('DELETE FROM t WHERE a = 1 AND b < 2 ORDER BY id LIMIT 5')).toBe('a = 1 AND b < 2');
    expect(whereOf('DELETE FROM t')).toBeNull();
  });
});
