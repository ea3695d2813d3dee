/**
 * Query lint entry points: one statement (`lintQuery`) or a workload (`lintWorkload`, which also
 * looks for N+1 shapes across statements). Statements node-sql-parser cannot read are reported
 * with the parser's message, never dropped.
 */
import type { ExplainSchema, LintResult, LintStatement } from '../../../shared/contract/explain';
import type { LintContext, LintRule } from './lint-rule';
import { findNPlusOne, type NPlusOneOptions } from './n-plus-one';
import { lintRules } from './rules.registry';
import { aliasMap, fromTables, parseSql, type SqlDialect, splitStatements, type WorkloadStatement } from './sql-ast';

/** Options of the linter. */
export interface LintOptions extends NPlusOneOptions {
  readonly dialect?: SqlDialect;
  readonly schema?: ExplainSchema | null;
  readonly rules?: readonly LintRule[];
}

/** Lints one statement. */
export function lintQuery(sql: string, options: LintOptions = {}, index = 0, name: string | null = null): LintStatement {
  const parsed = parseSql(sql, options.dialect ?? 'MariaDB');
  if (!parsed.ast) return { index, name, sql, parseError: parsed.error ?? 'Unparsable statement', findings: [] };
  const ast = parsed.ast;
  const dialect = parsed.dialect;
  const aliases = aliasMap(ast);
  const schema = options.schema ?? null;
  const topTables = ((ast.from as unknown[] | undefined) ?? []).length === 1 ? fromTables(ast).slice(0, 1) : [];
  const ctx: LintContext = {
    sql,
    ast,
    dialect,
    schema,
    aliases,
    tableOf(qualifier) {
      if (!schema) return null;
      const name = qualifier ? (aliases[qualifier] ?? qualifier) : (topTables[0]?.table ?? null);
      if (!name) return null;
      return schema.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null;
    },
  };
  const findings = (options.rules ?? lintRules).flatMap((rule) => {
    try {
      return rule.check(ctx);
    } catch (err) {
      // A rule tripping over an unusual AST must not hide the others' findings.
      return [
        {
          ruleId: rule.id,
          severity: 'info' as const,
          title: rule.title,
          message: `Rule could not evaluate this statement: ${err instanceof Error ? err.message : String(err)}`,
          evidence: {},
          suggestion: 'Report this statement as a linter bug.',
          rewrite: null,
        },
      ];
    }
  });
  return { index, name, sql, parseError: null, findings };
}

/** Lints a workload: SQL text (split on `;`, named by `-- name |` headers) or a list of statements. */
export function lintWorkload(input: string | readonly (string | WorkloadStatement)[], options: LintOptions = {}): LintResult {
  const list: WorkloadStatement[] = typeof input === 'string' ? splitStatements(input) : input.map((s) => (typeof s === 'string' ? { name: null, sql: s } : s));
  return {
    statements: list.map((s, i) => lintQuery(s.sql, options, i, s.name)),
    workload: findNPlusOne(
      list.map((s) => s.sql),
      options,
    ),
  };
}
