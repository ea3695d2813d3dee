/** Loads the golden EXPLAIN fixtures captured by fixtures/capture.mjs (tests only). */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExplainSchema, ParsedPlan, PlanFinding } from '../../../../shared/contract/explain';
import { aliasesOfSql } from '../../query-lint/sql-ast';
import { analyzePlan } from '../analyze-plan';
import type { PlanRule } from '../findings/plan-rule';
import { type InformationSchemaRows, schemaFromInformationSchema } from '../schema-snapshot';
import { parseExplain } from '../parse-explain';

/** Directory of the fixtures. */
export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Servers and capture phases present. */
export const servers = ['mariadb', 'mysql'] as const;
/** Capture phases. */
export const phases = ['before', 'after', 'extra'] as const;

/** Raw text of one fixture. */
export function fixtureText(server: string, phase: string, file: string): string {
  return readFileSync(join(fixturesDir, server, phase, file), 'utf8');
}

/** File names in one server/phase directory. */
export function fixtureFiles(server: string, phase: string): string[] {
  return readdirSync(join(fixturesDir, server, phase)).filter((f) => f !== 'queries.json' && f !== 'information_schema.json');
}

/** The captured queries of a server/phase. */
export function fixtureQueries(server: string, phase: string): { name: string; sql: string }[] {
  return (JSON.parse(fixtureText(server, phase, 'queries.json')) as { queries: { name: string; sql: string }[] }).queries;
}

/** Parses a fixture file (row-object JSON goes in as rows), failing loudly on an error. */
export function fixturePlan(server: string, phase: string, file: string): ParsedPlan {
  const raw = fixtureText(server, phase, file);
  const out = file.endsWith('.rows.json') ? parseExplain(JSON.parse(raw) as Record<string, unknown>[]) : parseExplain(raw);
  if (!out.plan || out.error) throw new Error(`${server}/${phase}/${file}: ${out.error?.message ?? 'no plan'}`);
  return out.plan;
}

/** The schema snapshot captured beside a server/phase's plans. */
export function fixtureSchema(server: string, phase: string): ExplainSchema {
  return schemaFromInformationSchema(JSON.parse(fixtureText(server, phase, 'information_schema.json')) as InformationSchemaRows);
}

/** SQL of a captured query. */
export function fixtureSql(server: string, phase: string, name: string): string {
  const q = fixtureQueries(server, phase).find((x) => x.name === name);
  if (!q) throw new Error(`no query ${name} in ${server}/${phase}`);
  return q.sql;
}

/** Parses `server/phase/file` (or `constructed/file`) and runs the analyzer with the captured schema and the query's aliases. */
export function analyzeFixture(path: string, rules?: readonly PlanRule[], withSchema = true): PlanFinding[] {
  const [server, phase, file] = path.split('/') as [string, string, string?];
  if (server === 'constructed') {
    const out = parseExplain(readFileSync(join(fixturesDir, path), 'utf8'));
    if (!out.plan) throw new Error(out.error?.message ?? 'no plan');
    return analyzePlan(out.plan, {}, rules);
  }
  const plan = fixturePlan(server, phase, file!);
  const name = file!.split('.')[0]!;
  const options = { schema: withSchema ? fixtureSchema(server, phase) : null, aliases: aliasesOfSql(fixtureSql(server, phase, name)) };
  return analyzePlan(plan, options, rules);
}
