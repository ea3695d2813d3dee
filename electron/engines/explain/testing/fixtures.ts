/** Loads the golden EXPLAIN fixtures captured by fixtures/capture.mjs (tests only). */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParsedPlan } from '../../../../shared/contract/explain';
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
  return readdirSync(join(fixturesDir, server, phase)).filter((f) => f !== 'queries.json');
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
