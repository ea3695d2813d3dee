/**
 * The analyzer live on both servers: every workload query EXPLAINed (and ANALYZEd when it is a
 * read) on the PK-only `cowrite` database, parsed without error, with the findings the schema
 * implies. Reads only; the session's write guard stays on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExplainReport } from '../../engines/explain/explain-report';
import { fixtureQueries } from '../../engines/explain/testing/fixtures';
import { aliasesOfSql, fromTables, parseSql } from '../../engines/query-lint/sql-ast';
import type { ConnectionConfig } from '../../store/connections.repo';
import { sqlServers } from '../../testing/servers';
import { MysqlSession } from '../mysql-session';
import { collectExplain, collectExplainSchema, isReadOnlyStatement } from './explain.collector';

const queries = fixtureQueries('mariadb', 'before');

describe.each(sqlServers)('explain collector on $label', (server) => {
  let session: MysqlSession;
  const cfg: ConnectionConfig = {
    id: 'explain-int',
    name: 'explain-int',
    kind: 'mysql',
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: 'cowrite',
    socket: '',
    tls: { mode: 'disabled' },
    production: false,
    readTimeoutMs: 60_000,
  };

  beforeAll(async () => {
    session = await MysqlSession.open(cfg);
  });
  afterAll(async () => {
    await session?.close();
  });

  const analyzeOne = async (name: string) => {
    const sql = queries.find((q) => q.name === name)!.sql;
    const product = session.flavor.product === 'mariadb' ? 'mariadb' : 'mysql';
    const snap = await collectExplain(session, sql, { product, capabilities: session.flavor.capabilities }, { analyze: true });
    const ast = parseSql(sql).ast!;
    const schema = await collectExplainSchema(
      session,
      fromTables(ast).map((t) => t.table),
    );
    return { snap, schema, report: buildExplainReport(snap.outputs, { schema, aliases: aliasesOfSql(sql) }) };
  };

  it.each(queries.map((q) => q.name))('%s: every output parses', async (name) => {
    const { snap, report } = await analyzeOne(name);
    expect(snap.errors).toEqual([]);
    expect(report.errors).toEqual([]);
    const read = isReadOnlyStatement(snap.sql);
    expect(snap.outputs.map((o) => o.format).sort()).toEqual(
      (session.flavor.product === 'mariadb'
        ? ['mariadb-json', ...(read ? ['mariadb-analyze-json'] : [])]
        : ['mysql-json-v1', 'mysql-tree', ...(read ? ['mysql-analyze'] : [])]
      ).sort(),
    );
    if (!read) expect(snap.analyzeSkipped).toMatch(/confirmWrite/);
  });

  it('document_list: the scans of the PK-only schema, per-row subqueries, the sort', async () => {
    const { report, schema } = await analyzeOne('document_list');
    expect(schema.tables.map((t) => t.name).sort()).toEqual(['ai_generations', 'document_versions', 'documents']);
    const got = report.findings.map((f) => `${f.ruleId}:${f.table}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'full-table-scan:documents',
        'full-table-scan:document_versions',
        'full-table-scan:ai_generations',
        'dependent-subquery:document_versions',
        'dependent-subquery:ai_generations',
        'rows-examined-vs-returned:documents',
      ]),
    );
    expect(report.findings.find((f) => f.ruleId === 'dependent-subquery')!.evidence.executions).toBeGreaterThan(0);
  });

  it('login and user_info: index lookups, no findings', async () => {
    for (const name of ['login', 'user_info', 'document_content']) expect((await analyzeOne(name)).report.findings, name).toEqual([]);
  });

  it('sessions_this_year: a scan with YEAR() on the column', async () => {
    const { report } = await analyzeOne('sessions_this_year');
    expect(report.findings.map((f) => f.ruleId)).toContain('index-defeated');
  });

  it('ANALYZE of a DELETE with confirmWrite is still refused by the read session', async () => {
    const sql = queries.find((q) => q.name === 'cleanup_expired_sessions')!.sql;
    const product = session.flavor.product === 'mariadb' ? 'mariadb' : 'mysql';
    const snap = await collectExplain(session, sql, { product, capabilities: session.flavor.capabilities }, { analyze: true, confirmWrite: true });
    expect(snap.analyzeSkipped).toBeNull();
    expect(snap.errors.map((e) => e.message).join(' ')).toMatch(/Refused on a read session/);
  });
});
