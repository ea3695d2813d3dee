/**
 * Workload-level lint: the same statement shape run many times with only a literal changing — the
 * N+1 pattern of an ORM loading children one parent at a time.
 */
import type { LintFinding } from '../../../shared/contract/explain';

/** Replaces literals (strings, numbers, IN lists) with `?` and normalizes spacing and case. */
export function fingerprint(sql: string): string {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^'\\]|\\.|'')*'/g, '?')
    .replace(/"(?:[^"\\]|\\.)*"/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\bin\s*\(\s*\?(?:\s*,\s*\?)*\s*\)/gi, 'IN (?+)')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Options of the N+1 check. */
export interface NPlusOneOptions {
  /** Executions of one shape (with differing literals) that count as N+1 (default 10). */
  readonly minRepeats?: number;
}

/** Finds shapes repeated with different literals. */
export function findNPlusOne(statements: readonly string[], options: NPlusOneOptions = {}): LintFinding[] {
  const min = options.minRepeats ?? 10;
  const groups = new Map<string, string[]>();
  for (const sql of statements) {
    const fp = fingerprint(sql);
    groups.set(fp, [...(groups.get(fp) ?? []), sql]);
  }
  const out: LintFinding[] = [];
  for (const [fp, list] of groups) {
    const distinct = new Set(list.map((s) => s.replace(/\s+/g, ' ').trim()));
    if (list.length < min || distinct.size < 2 || !fp.startsWith('select')) continue;
    out.push({
      ruleId: 'n-plus-one',
      severity: 'warning',
      title: 'Same query repeated with only a value changing (N+1)',
      message: `${list.length} executions of one shape with ${distinct.size} different values: rows are being loaded one at a time.`,
      evidence: { executions: list.length, distinctValues: distinct.size, shape: fp, example: list[0]! },
      suggestion: 'Load them in one statement: WHERE key IN (…) for the whole batch, or JOIN the parent query to the child table.',
      rewrite: null,
    });
  }
  return out.sort((a, b) => Number(b.evidence.executions) - Number(a.evidence.executions));
}
