/**
 * EXPLAIN on the server by flavor and mode, then the engine: parse → findings → lint. ANALYZE
 * executes the statement, so it is offered for reads only (writes run only as previewed plans).
 */
import type { ExplainSchema } from '../../../shared/contract/explain';
import type { Flavor } from '../../../shared/contract/connections';
import { AppError } from '../../../shared/contract/core';
import type { ExplainOutcome } from '../../../shared/contract/sql.calls';
import { collectExplainSchema } from '../../connections/collectors/explain.collector';
import type { QueryRunner } from '../../connections/collectors/query-runner.collector';
import type { SqlReader } from '../../connections/sql-reader';
import { analyzePlan } from '../../engines/explain/analyze-plan';
import { classifyRead, QUERY_VERBS } from '../../engines/sql-parse/read-statement';
import { parseExplain } from '../../engines/explain/parse-explain';
import { lintQuery } from '../../engines/query-lint/lint-query';
import { analyzePrefix, dialectOfFlavor } from '../../engines/flavor/dialect';
import { aliasesOfSql, type SqlDialect } from '../../engines/query-lint/sql-ast';

/** EXPLAIN modes of the editor. */
export type ExplainMode = 'json' | 'json-v2' | 'tree' | 'analyze';

/** The EXPLAIN statement for a flavor and mode, and the JSON format version to set for it. */
export function explainSqlFor(flavor: Flavor, sql: string, mode: ExplainMode): { sql: string; jsonVersion?: 1 | 2 } {
  const d = dialectOfFlavor(flavor);
  const caps = flavor.capabilities;
  const body = sql.trim().replace(/;\s*$/, '');
  switch (mode) {
    case 'json':
      return { sql: `${d.explain.json} ${body}`, jsonVersion: d.family !== 'mariadb' && caps.explainJsonVersions.includes(2) ? 1 : undefined };
    case 'json-v2':
      if (!caps.explainJsonVersions.includes(2)) throw new AppError('UNSUPPORTED', `${flavor.label} has no EXPLAIN JSON format version 2 (MySQL 8.3+).`);
      return { sql: `${d.explain.json} ${body}`, jsonVersion: 2 };
    case 'tree':
      if (!d.explain.tree) throw new AppError('UNSUPPORTED', `${flavor.label} has no EXPLAIN FORMAT=TREE; use JSON.`);
      return { sql: `${d.explain.tree} ${body}` };
    case 'analyze': {
      // The runner's guard checks the whole EXPLAIN ANALYZE again, with the session's sql_mode.
      const read = classifyRead(body);
      if (!read.ok) throw new AppError(read.code, read.message, { reason: read.reason });
      if (!QUERY_VERBS.has(read.statement.verb)) {
        throw new AppError('READ_ONLY', 'ANALYZE executes the statement, and this one could write: use EXPLAIN (estimates), or run it as a plan.');
      }
      const analyze = analyzePrefix(caps.explainAnalyze);
      if (!analyze) throw new AppError('UNSUPPORTED', `${flavor.label} has no EXPLAIN ANALYZE.`);
      return { sql: `${analyze} ${body}` };
    }
  }
}

/** The analyzer's schema facts for the given databases, through the shared collector. */
export async function schemaSnapshot(reader: SqlReader, schemas: readonly string[]): Promise<ExplainSchema | null> {
  const list = schemas.filter(Boolean);
  return list.length ? collectExplainSchema(reader, 'all', list) : null;
}

/** The query-lint parser's name for the server's grammar (MySQL's when nothing is connected). */
export function lintDialectOf(flavor: Flavor | null): SqlDialect {
  return flavor && dialectOfFlavor(flavor).parserGrammar === 'mariadb' ? 'MariaDB' : 'MySQL';
}

/** Parses EXPLAIN text and draws findings and lint from it. */
export function analyzeText(text: string, sql: string, explainSql: string | null, schema: ExplainSchema | null, dialect: SqlDialect): ExplainOutcome {
  const { plan, error } = parseExplain(text);
  const aliases = sql ? aliasesOfSql(sql, dialect) : {};
  const findings = plan ? analyzePlan(plan, { schema, aliases }) : [];
  const lint = sql ? lintQuery(sql, { dialect, schema }) : null;
  return { sql, explainSql, plan, error, findings, lint };
}

/** EXPLAINs a statement on an open runner with the schema of its current database. */
export async function explainOnServer(runner: QueryRunner, sql: string, mode: ExplainMode, schema: ExplainSchema | null): Promise<ExplainOutcome> {
  const ex = explainSqlFor(runner.flavor, sql, mode);
  const text = await runner.explainText(ex.sql, ex.jsonVersion);
  return analyzeText(text, sql.trim().replace(/;\s*$/, ''), ex.sql, schema, lintDialectOf(runner.flavor));
}

/** The current database of a connection (where unqualified table names resolve). */
export async function currentDatabase(reader: SqlReader): Promise<string | null> {
  const [row] = await reader.query<{ db: string | null }>('SELECT DATABASE() AS db');
  return row?.db ?? null;
}
