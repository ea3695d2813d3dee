/** SQL editor and EXPLAIN handlers: run/page/cancel on a read connection, autocompletion, history, format, EXPLAIN, lint. */
import { format } from 'sql-formatter';
import { AppError } from '../../../shared/contract/core';
import type { ExplainSchema } from '../../../shared/contract/explain';
import type { SchemaInfo, sqlContract } from '../../../shared/contract/sql.calls';
import { QueryRunner } from '../../connections/collectors/query-runner.collector';
import { withMysqlSession } from '../../connections/mysql-session';
import { NOT_EXECUTABLE } from '../../engines/explain/analyze-write';
import { diffPlans } from '../../engines/explain/diff-plans';
import { lintWorkload } from '../../engines/query-lint/lint-query';
import { aliasesOfSql } from '../../engines/query-lint/sql-ast';
import type { Handlers } from '../../dispatch/dispatcher';
import type { ConnectionConfig } from '../../store/connections.repo';
import type { ServiceDeps } from '../service-deps';
import { analyzeText, currentDatabase, explainOnServer, lintDialectOf, schemaSnapshot } from './explain-run';
import { HistoryRepo } from './history.repo';
import { cacheLimitsFromEnv, ResultCache } from './result-cache';
import { collectSchemaInfo } from './schema-info';
import { cancelRun, pageOf, runStatements } from './sql-run';

function mysqlConfig(deps: ServiceDeps, connectionId: string): ConnectionConfig {
  const cfg = deps.connections.config(connectionId);
  if (cfg.kind !== 'mysql') throw new AppError('UNSUPPORTED', 'The SQL editor runs on MySQL-family connections');
  return cfg;
}

/** Opens a runner, hands it with the analyzer's schema snapshot to `fn`, closes it; ctx.signal kills the running statement. */
async function withRunner<T>(
  cfg: ConnectionConfig,
  database: string | undefined,
  signal: AbortSignal,
  fn: (r: QueryRunner, schema: ExplainSchema | null) => Promise<T>,
): Promise<T> {
  const runner = await QueryRunner.open(cfg, database);
  const onAbort = () => void runner.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const db = await currentDatabase(runner);
    return await fn(runner, await schemaSnapshot(runner, db ? [db] : []));
  } finally {
    signal.removeEventListener('abort', onAbort);
    await runner.close();
  }
}

/** Handlers for the editor's calls. */
export function sqlHandlers(deps: ServiceDeps): Handlers<typeof sqlContract> {
  const cache = new ResultCache(cacheLimitsFromEnv());
  const history = new HistoryRepo(deps.db);
  const schemaCache = new Map<string, SchemaInfo>();
  return {
    'sql.run': async ({ connectionId, sql, database, pageSize, runId, rowCap }, ctx) => {
      const cfg = mysqlConfig(deps, connectionId);
      history.append(connectionId, 'sql', sql);
      ctx.progress({ phase: 'running', done: 0, total: null, unit: 'rows' });
      return { runId, results: await runStatements(cache, { cfg, runId, sql, database, pageSize, rowCap: rowCap ?? null, signal: ctx.signal }) };
    },
    'sql.page': async ({ resultId, offset, limit }, ctx) => pageOf(cache, resultId, offset, limit, ctx.signal),
    'sql.cancel': async ({ runId }) => ({ cancelled: await cancelRun(cache, runId) }),
    'sql.release': async ({ runId }) => ({ released: cache.drop(runId) }),
    'sql.schemaInfo': async ({ connectionId, refresh }) => {
      const cached = schemaCache.get(connectionId);
      if (cached && !refresh) return cached;
      const info = await withMysqlSession(mysqlConfig(deps, connectionId), collectSchemaInfo);
      schemaCache.set(connectionId, info);
      return info;
    },
    'sql.history': async ({ connectionId, search, limit }) => history.list(connectionId, search, limit),
    'sql.format': async ({ sql, dialect }) => {
      try {
        return { sql: format(sql, { language: dialect, keywordCase: 'upper' }) };
      } catch (err) {
        throw new AppError('BAD_INPUT', `Could not format: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    'explain.run': async ({ connectionId, sql, database, mode }, ctx) => {
      const cfg = mysqlConfig(deps, connectionId);
      history.append(connectionId, 'explain', sql);
      return withRunner(cfg, database, ctx.signal, (runner, schema) => explainOnServer(runner, sql, mode, schema));
    },
    'explain.parse': async ({ text, sql, connectionId, database }) => {
      if (text.includes(NOT_EXECUTABLE)) {
        throw new AppError(
          'UNSUPPORTED',
          `The server could not measure this statement (${NOT_EXECUTABLE}): MySQL does not run single-table UPDATE/DELETE in EXPLAIN ANALYZE.`,
        );
      }
      if (!connectionId) return analyzeText(text, sql, null, null, /"r_|# explain:/.test(text) ? 'MariaDB' : 'MySQL');
      return withMysqlSession(mysqlConfig(deps, connectionId), async (s) => {
        const db = database ?? (await currentDatabase(s));
        return analyzeText(text, sql, null, await schemaSnapshot(s, db ? [db] : []), lintDialectOf(s.flavor));
      });
    },
    'explain.diff': async ({ before, after }) => diffPlans(before, after),
    'lint.query': async ({ sql, connectionId, dialect }) => {
      if (!connectionId) return lintWorkload(sql, { dialect: dialect === 'mariadb' ? 'MariaDB' : 'MySQL' });
      const cfg = mysqlConfig(deps, connectionId);
      return withMysqlSession(cfg, async (s) => {
        const db = await currentDatabase(s);
        return lintWorkload(sql, { dialect: lintDialectOf(s.flavor), schema: await schemaSnapshot(s, db ? [db] : []) });
      });
    },
    'explain.compareRewrite': async ({ connectionId, sql, rewrite, database }, ctx) => {
      const cfg = mysqlConfig(deps, connectionId);
      return withRunner(cfg, database, ctx.signal, async (runner, schema) => {
        ctx.progress({ phase: 'explain original', done: 0, total: 2, unit: 'steps' });
        const before = await explainOnServer(runner, sql, 'json', schema);
        ctx.progress({ phase: 'explain rewrite', done: 1, total: 2, unit: 'steps' });
        const after = await explainOnServer(runner, rewrite, 'json', schema);
        // The engine's diff re-derives each side's findings with that side's aliases, as explainOnServer did.
        const dialect = lintDialectOf(runner.flavor);
        const diff =
          before.plan && after.plan
            ? diffPlans(before.plan, after.plan, {
                before: { schema, aliases: aliasesOfSql(before.sql, dialect) },
                after: { schema, aliases: aliasesOfSql(after.sql, dialect) },
              })
            : null;
        return { before, after, diff };
      });
    },
  };
}
