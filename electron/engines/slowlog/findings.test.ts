import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestText } from './digest';
import { classFindings } from './findings';

/** Writes captured from the sandbox servers (fixtures/capture-writes.mjs). */
const writes = (server: string) => digestText(readFileSync(join(__dirname, 'fixtures', `${server}-writes.log`), 'utf8'));
const byPrefix = (r: ReturnType<typeof writes>, prefix: string) => r.classes.find((c) => c.fingerprint.startsWith(prefix))!;

describe('class findings on writes captured from MariaDB 10.11', () => {
  const r = writes('mariadb-10.11');

  it('judges the rows an UPDATE examines against the rows it changed (Rows_affected), not the 0 it sent', () => {
    const update = byPrefix(r, 'update t set');
    expect(update.metrics.Rows_sent!.sum).toBe(0);
    const f = update.findings.find((x) => x.id === 'rows-examined-ratio')!;
    expect(f.title).toBe('Examines far more rows than it changes');
    expect(f.evidence).toMatch(/for 1\.0 affected/);
  });

  it('does not call a loop of multi-row INSERTs an N+1 pattern', () => {
    const insert = byPrefix(r, 'insert into t');
    expect(insert.nPlusOne?.maxRun).toBeGreaterThanOrEqual(5);
    expect(insert.findings.map((x) => x.id)).not.toContain('n-plus-one');
  });
});

describe('class findings on writes captured from MySQL 9.7 (its log has no Rows_affected)', () => {
  const r = writes('mysql-9.7');

  it('does not judge an UPDATE by the rows it sent', () => {
    const update = byPrefix(r, 'update t set');
    expect(update.findings.map((x) => x.evidence).join(' ')).not.toMatch(/sent/);
    expect(update.findings.map((x) => x.id)).not.toContain('rows-examined-ratio');
  });

  it('does not call a loop of multi-row INSERTs an N+1 pattern', () => {
    const insert = byPrefix(r, 'insert into t');
    expect(insert.nPlusOne?.maxRun).toBeGreaterThanOrEqual(5);
    expect(insert.findings.map((x) => x.id)).not.toContain('n-plus-one');
  });

  it('advises batching for a loop of single-row INSERTs, and one query for a loop of SELECTs', () => {
    const insert = byPrefix(r, 'insert into t');
    const single = { ...insert, sample: { ...insert.sample, text: "INSERT INTO t (k, v) VALUES (1, 'one')" } };
    const f = classFindings(single).find((x) => x.id === 'n-plus-one')!;
    expect(f.title).toBe('Row-at-a-time inserts');
    expect(f.evidence).toMatch(/multi-row INSERT/);
    const select = { ...insert, fingerprint: 'select * from t where id = ?', sample: { ...insert.sample, text: 'SELECT * FROM t WHERE id = 1' } };
    expect(classFindings(select).find((x) => x.id === 'n-plus-one')?.evidence).toMatch(/Fetch the rows in one query/);
  });
});
