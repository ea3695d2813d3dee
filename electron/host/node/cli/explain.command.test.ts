import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { explainReportSchema, lintStatementSchema } from '../../../../shared/contract/explain';
import { fixturesDir, fixtureText } from '../../../engines/explain/testing/fixtures';
import { MAX_EXPLAIN_CHARS } from '../../../engines/explain/parse-explain';
import { explainCommand } from './explain.command';

function harness(stdinText?: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  if (stdinText !== undefined) stdin.end(stdinText);
  return { io: { stdout, stderr, stdin }, out: () => out, err: () => err };
}

const fixture = (p: string) => join(fixturesDir, p);

describe('dbw explain', () => {
  it('a saved MySQL JSON plan: tree and findings with fixes', async () => {
    const h = harness();
    const code = await explainCommand.run([fixture('mysql/before/document_list.explain.v1.json')], h.io);
    expect(code).toBe(0);
    expect(h.out()).toMatch(/^mysql-json-v1 \(mysql\)/);
    expect(h.out()).toContain('ALL document_versions');
    expect(h.out()).toMatch(/\[critical\] Full scan of a large table — document_versions/);
    expect(h.out()).toContain('fix: Add an index so the condition becomes a lookup');
  });

  it('EXPLAIN ANALYZE from stdin, as JSON', async () => {
    const h = harness(fixtureText('mysql', 'before', 'document_list.analyze.txt'));
    expect(await explainCommand.run(['--json', '-'], h.io)).toBe(0);
    const parsed = JSON.parse(h.out()) as { report: unknown };
    const report = explainReportSchema.parse(parsed.report);
    expect(report.plans[0]!.format).toBe('mysql-analyze');
    expect(report.findings.map((f) => f.ruleId)).toContain('rows-examined-vs-returned');
  });

  it('a statement without --connection is linted, with the rewrite diff', async () => {
    const h = harness('SELECT * FROM user_sessions WHERE YEAR(expires_at) = YEAR(NOW());\n');
    expect(await explainCommand.run(['-'], h.io)).toBe(0);
    expect(h.out()).toContain('[warning] Function on a column in WHERE');
    expect(h.out()).toContain('+   AND `expires_at` < MAKEDATE(YEAR(NOW()) + 1, 1)');
    expect(h.out()).toContain('note: No --connection');
    const j = harness('SELECT id FROM users WHERE username = ? OR email = ?');
    await explainCommand.run(['--json', '-'], j.io);
    expect(lintStatementSchema.parse((JSON.parse(j.out()) as { lint: unknown }).lint).findings[0]!.ruleId).toBe('or-across-columns');
  });

  it('truncated JSON: the part that arrived, and the error position', async () => {
    const full = fixtureText('mariadb', 'before', 'document_list.explain.json');
    const h = harness(full.slice(0, Math.floor(full.length * 0.6)));
    expect(await explainCommand.run(['-'], h.io)).toBe(0);
    expect(h.out()).toMatch(/error: Malformed JSON.*\(line \d+, column \d+\)/);
    expect(h.out()).toContain('partial');
  });

  it('usage errors exit 2 with the usage; unreadable plans exit 1', async () => {
    const h = harness();
    expect(await explainCommand.run([], h.io)).toBe(2);
    expect(h.err()).toContain('Usage: dbw explain');
    const u = harness();
    expect(await explainCommand.run(['--bogus', 'x'], u.io)).toBe(2);
    const g = harness('{"not": "a plan"}');
    expect(await explainCommand.run(['-'], g.io)).toBe(1);
    expect(g.out()).toContain('error: JSON has neither');
    const m = harness();
    expect(await explainCommand.run(['/nonexistent/plan.json'], m.io)).toBe(1);
    expect(m.err()).toContain('no such file');
  });

  it('refuses binary input, FIFOs and inputs over the size limit before analyzing them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-explain-input-'));
    try {
      const bin = join(dir, 'plan.bin');
      writeFileSync(bin, Buffer.concat([Buffer.from('SELECT '), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 131) % 256))]));
      const b = harness();
      expect(await explainCommand.run([bin], b.io)).toBe(1);
      expect(b.err()).toMatch(/looks like binary data/);
      expect(b.out()).toBe('');
      // Bytes that are not UTF-8 (latin1 text of a binary blob), with no NUL.
      const l = harness();
      const latinFile = join(dir, 'latin.sql');
      writeFileSync(latinFile, Buffer.from('SELECT ' + '\xe9\xff\xfe\xc0'.repeat(400), 'latin1'));
      expect(await explainCommand.run([latinFile], l.io)).toBe(1);
      expect(l.err()).toMatch(/not UTF-8/);
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      const f = harness();
      expect(await explainCommand.run([fifo], f.io)).toBe(1);
      expect(f.err()).toContain('is a named pipe (FIFO), not a regular file');
      const huge = join(dir, 'huge.json');
      // Sparse: its size says 300 MB without writing it; it is refused from its size, unread.
      writeFileSync(huge, '{');
      truncateSync(huge, 300 * 1024 * 1024);
      const h = harness();
      expect(await explainCommand.run([huge], h.io)).toBe(1);
      expect(h.err()).toMatch(/larger than 32 MiB/);
      const s = harness('{"query_block": ' + ' '.repeat(MAX_EXPLAIN_CHARS) + '}');
      expect(await explainCommand.run(['-'], s.io)).toBe(1);
      expect(s.err()).toMatch(/standard input is larger than 32 MiB/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
