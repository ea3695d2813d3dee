/**
 * JSON parsing for pasted EXPLAIN output: a clear error with line/column on malformed input,
 * and, for input cut short (a truncated paste or log line), the longest prefix that can be
 * closed into valid JSON so the user still sees the part of the plan that arrived.
 */
import type { ExplainParseErrorInfo } from '../../../../shared/contract/explain';

/** Result of a lenient parse. */
export interface LenientJson {
  value: unknown;
  error: ExplainParseErrorInfo | null;
  repaired: boolean;
}

/** Line/column (1-based) of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** Builds a positioned error. */
export function errorAt(text: string, offset: number, message: string): ExplainParseErrorInfo {
  const { line, column } = positionOf(text, offset);
  return { message: `${message} (line ${line}, column ${column})`, offset, line, column };
}

/** Closers needed for a prefix, or null when the prefix ends inside a string. */
function closersFor(prefix: string): string | null {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') stack.pop();
  }
  return inString ? null : stack.reverse().join('');
}

/** Parses JSON; on failure reports where and tries to recover the complete part of a cut-off document. */
export function parseJsonLenient(text: string, maxAttempts = 400): LenientJson {
  try {
    return { value: JSON.parse(text), error: null, repaired: false };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : text.length;
    const error = errorAt(text, offset, `Malformed JSON: ${message.replace(/^.*?:\s*/, '').replace(/ in JSON at position \d+.*$/, '')}`);
    let attempts = 0;
    for (let cut = Math.min(offset, text.length); cut > 0 && attempts < maxAttempts; cut--) {
      const c = text[cut - 1];
      if (c !== '}' && c !== ']' && c !== ',') continue;
      attempts++;
      const prefix = c === ',' ? text.slice(0, cut - 1) : text.slice(0, cut);
      const closers = closersFor(prefix);
      if (closers === null) continue;
      try {
        return { value: JSON.parse(prefix + closers), error, repaired: true };
      } catch {
        // keep cutting back
      }
    }
    return { value: null, error, repaired: false };
  }
}
