import { describe, expect, it } from 'vitest';
import { explainReportSchema } from '../../../../shared/contract/explain';
import { sqlServers } from '../../../testing/servers';
import { explainCommand } from './explain.command';
import { memoryIO } from '../../../testing/cli';

describe.each(sqlServers)('dbw explain --connection on $label', (server) => {
  const url = `mysql://${server.user}@${server.host}:${server.port}/cowrite`;
  const documentList =
    'SELECT d.id, d.title, (SELECT COUNT(*) FROM document_versions WHERE document_id = d.id) AS versions_count FROM documents d WHERE d.project_id = ? ORDER BY d.updated_at DESC LIMIT ? OFFSET ?';

  it('EXPLAINs and ANALYZEs a statement with parameters, plan findings plus lint', async () => {
    const h = memoryIO(documentList);
    const code = await explainCommand.run(['--connection', url, '--analyze', '--param', '17', '--param', '20', '--param', '0', '--json', '-'], h.io);
    expect(h.err()).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(h.out()) as { report: unknown; lint: { findings: { ruleId: string }[] } };
    const report = explainReportSchema.parse(out.report);
    expect(report.plans.some((p) => p.format === 'mysql-analyze' || p.format === 'mariadb-analyze-json')).toBe(true);
    expect(report.findings.map((f) => `${f.ruleId}:${f.table}`)).toEqual(
      expect.arrayContaining(['full-table-scan:documents', 'dependent-subquery:document_versions']),
    );
    expect(out.lint.findings.map((f) => f.ruleId).sort()).toEqual(['correlated-count-subquery', 'deep-offset']);
  });

  it('a DELETE is EXPLAINed, never ANALYZEd without --confirm-write', async () => {
    const h = memoryIO("DELETE FROM user_sessions WHERE expires_at < '2000-01-01'");
    expect(await explainCommand.run(['--connection', url, '--analyze', '-'], h.io)).toBe(0);
    expect(h.out()).toContain('note: ANALYZE executes the statement');
  });

  it('an unreachable server exits 2', async () => {
    const h = memoryIO('SELECT 1');
    expect(await explainCommand.run(['--connection', 'mysql://root@127.0.0.1:1/cowrite', '-'], h.io)).toBe(2);
    expect(h.err()).toMatch(/Cannot connect/);
  });
});
