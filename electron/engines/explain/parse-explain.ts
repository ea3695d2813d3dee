/**
 * The analyzer's entry point for EXPLAIN output: `detectFormat` recognises which of the supported
 * formats a text is, `parseExplain` picks the parser, never throws, and returns the normalized plan
 * (partial when the input was cut short) and/or a positioned error.
 */
import { binaryTextReason } from '../input/input-kind';
import type { ExplainParseErrorInfo, ParseOutcome, ParsedPlan, PlanFormat } from '../../../shared/contract/explain';
import { DEFAULT_MISMATCH_FACTOR, markMismatches } from './plan-node';
import { errorAt, parseJsonLenient } from './parsers/lenient-json';
import { parseMysqlJsonV2 } from './parsers/mysql-json-v2.parser';
import { parseMysqlTree } from './parsers/mysql-tree.parser';
import { hasAnalyzeData, queryBlockFlavor, queryBlockNode } from './parsers/query-block-json.parser';
import { type ExplainRow, parseTabularText, planFromRows } from './parsers/tabular.parser';
import { assignIds } from './plan-node';

/** Options of `parseExplain`. */
export interface ParseExplainOptions {
  /** Estimate/actual ratio beyond which a node is flagged (default 10). */
  readonly mismatchFactor?: number;
}

/** Recognises the EXPLAIN format of a text, or null when it is none of them. */
export function detectFormat(text: string): PlanFormat | null {
  const t = text.trimStart();
  if (t.startsWith('{')) {
    if (/"query_plan"\s*:/.test(t)) return /"actual_(rows|loops)"\s*:/.test(t) ? 'mysql-analyze' : 'mysql-json-v2';
    if (/"query_block"\s*:/.test(t)) {
      if (/"r_(rows|loops|total_time_ms)"\s*:/.test(t)) return 'mariadb-analyze-json';
      return /"cost_info"|"rows_examined_per_scan"|"used_columns"/.test(t) ? 'mysql-json-v1' : 'mariadb-json';
    }
    return null;
  }
  if (t.startsWith('[') && /"select_type"\s*:/.test(t)) return 'tabular';
  if (/^# explain:/m.test(t)) return 'mariadb-slowlog';
  if (/^[\s|]*(EXPLAIN:\s*)?-> /m.test(t)) return /\(actual (time|rows)=|\(never executed\)/.test(t) ? 'mysql-analyze' : 'mysql-tree';
  if (/\bselect_type\b/.test(t)) return 'tabular';
  return null;
}

function errorFrom(text: string, err: unknown): ExplainParseErrorInfo {
  return errorAt(text, 0, err instanceof Error ? err.message : String(err));
}

function finish(plan: ParsedPlan, options: ParseExplainOptions): ParsedPlan {
  markMismatches(plan.root, options.mismatchFactor ?? DEFAULT_MISMATCH_FACTOR);
  return plan;
}

/** Parses a JSON EXPLAIN document of either family. */
function parseJsonPlan(text: string): ParseOutcome {
  const { value, error, repaired } = parseJsonLenient(text);
  if (value === null || typeof value !== 'object') return { plan: null, error: error ?? errorAt(text, 0, 'Not a JSON object') };
  try {
    if (Array.isArray(value)) return { plan: planFromRows(value as ExplainRow[]), error };
    const doc = value as Record<string, unknown>;
    let plan: ParsedPlan;
    if ('query_plan' in doc) plan = parseMysqlJsonV2(doc);
    else if (doc.query_block && typeof doc.query_block === 'object') {
      const flavor = queryBlockFlavor(doc);
      const analyzed = hasAnalyzeData(doc);
      const root = assignIds(queryBlockNode(doc.query_block as Record<string, unknown>));
      plan = {
        format: flavor === 'mysql' ? 'mysql-json-v1' : analyzed ? 'mariadb-analyze-json' : 'mariadb-json',
        flavor,
        root,
        totalCost: root.estimate.cost,
        partial: false,
        warnings: [],
      };
    } else return { plan: null, error: error ?? errorAt(text, 0, 'JSON has neither "query_block" nor "query_plan"') };
    if (repaired) {
      plan.partial = true;
      plan.warnings.push(`Input was cut short; showing the part before ${error?.message ?? 'the error'}`);
    }
    return { plan, error };
  } catch (err) {
    return { plan: null, error: error ?? errorFrom(text, err) };
  }
}

/**
 * Largest EXPLAIN text read (characters). The plan of the largest statement a server accepts is a
 * few MiB of JSON; a parse holds several times its input in memory, so a bigger input is refused
 * instead of taking gigabytes.
 */
export const MAX_EXPLAIN_CHARS = 32 * 1024 * 1024;

/** Parses EXPLAIN output in any supported format (text, or tabular rows from a driver). Never throws. */
export function parseExplain(input: string | readonly ExplainRow[], options: ParseExplainOptions = {}): ParseOutcome {
  try {
    if (typeof input !== 'string') return { plan: finish(planFromRows(input), options), error: null };
    if (input.length > MAX_EXPLAIN_CHARS) {
      return {
        plan: null,
        error: { message: `The EXPLAIN output is ${input.length} characters; at most ${MAX_EXPLAIN_CHARS} are read`, offset: 0, line: 1, column: 1 },
      };
    }
    const binary = binaryTextReason(input);
    if (binary) return { plan: null, error: { message: `The input is ${binary}, not EXPLAIN output`, offset: 0, line: 1, column: 1 } };
    const format = detectFormat(input);
    if (format === null) {
      if (input.trimStart().startsWith('{')) return parseJsonPlanFinished(input, options);
      return { plan: null, error: errorAt(input, 0, 'Not a recognised EXPLAIN format (JSON, TREE, EXPLAIN ANALYZE, tabular or slow-log "# explain:")') };
    }
    if (input.trimStart().startsWith('{') || input.trimStart().startsWith('[')) return parseJsonPlanFinished(input, options);
    if (format === 'mysql-tree' || format === 'mysql-analyze') return { plan: finish(parseMysqlTree(input), options), error: null };
    return { plan: finish(parseTabularText(input), options), error: null };
  } catch (err) {
    return { plan: null, error: typeof input === 'string' ? errorFrom(input, err) : { message: String(err), offset: 0, line: 1, column: 1 } };
  }
}

function parseJsonPlanFinished(text: string, options: ParseExplainOptions): ParseOutcome {
  const out = parseJsonPlan(text);
  return out.plan ? { plan: finish(out.plan, options), error: out.error } : out;
}
