/**
 * Lints a my.cnf for a target server release: syntax, unknown/removed/deprecated options,
 * values and units, duplicates, dangerous combinations and the worst-case memory. Pure.
 */
import { parseMyCnf, type CnfEntry } from './mycnf.parser';
import { docUrlFor, findChange, isMariadbOnlySection, isServerSection, knownOptions, targetFlavor, type LintTarget, type OptionType } from './option-catalog';
import { checkSemantics, effectiveValues, type MemoryEstimate } from './lint-semantics';

/** How bad an issue is: error = the server refuses to start or misreads the value. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** One problem, tied to a line. */
export interface LintIssue {
  readonly line: number;
  readonly severity: LintSeverity;
  /** Stable kind, e.g. "removed-option", "bad-unit", "duplicate", "memory". */
  readonly code: string;
  /** Normalised option name when the issue is about one. */
  readonly option: string | null;
  readonly message: string;
  readonly docUrl: string;
}

/** Lint options. */
export interface LintOptions {
  target: LintTarget;
  /** Host RAM in bytes, for the memory checks (optional). */
  ramBytes?: number | null;
}

/** The lint result. */
export interface LintResult {
  readonly target: LintTarget;
  readonly issues: LintIssue[];
  readonly memory: MemoryEstimate;
}

const OPTION_FILES_DOC = 'https://dev.mysql.com/doc/refman/8.4/en/option-files.html';
const NUMBER = /^-?\d+(\.\d+)?[kmgtpe]?$/i;
const BOOLEAN = /^(0|1|on|off|true|false)$/i;

/** Checks a value against the option's type; returns an issue message or null. */
function valueProblem(entry: CnfEntry, type: OptionType): { severity: LintSeverity; code: string; message: string } | null {
  const v = entry.value;
  if (type === 'flag') {
    return v === null ? null : { severity: 'warning', code: 'bad-value', message: `${entry.rawKey} takes no value; "= ${v}" is ignored or rejected.` };
  }
  if (type === 'number') {
    if (v === null || v === '') return { severity: 'error', code: 'bad-value', message: `${entry.rawKey} needs a numeric value.` };
    if (NUMBER.test(v)) return null;
    const unit = /^\d+(\.\d+)?\s*([a-z]+)$/i.exec(v);
    if (unit)
      return { severity: 'error', code: 'bad-unit', message: `"${v}": unknown size suffix "${unit[2]}"; mysqld accepts only K, M, G, T, P, E (e.g. 512M).` };
    return { severity: 'error', code: 'bad-value', message: `"${v}" is not a number.` };
  }
  if (type === 'boolean') {
    if (v === null || BOOLEAN.test(v)) return null;
    return { severity: 'warning', code: 'bad-value', message: `"${v}" is not a boolean; use ON/OFF or 1/0.` };
  }
  return null;
}

/** Resolves skip-/enable-/disable-/maximum- prefixes to the option they modify. */
function resolvePrefix(key: string, known: ReadonlyMap<string, OptionType>): { key: string; type: OptionType } | null {
  const m = /^(skip|enable|disable|maximum)_(.+)$/.exec(key);
  if (!m) return null;
  const base = known.get(m[2]!);
  if (base === undefined) return null;
  return { key: m[2]!, type: m[1] === 'maximum' ? base : 'flag' };
}

/** Lints option-file text for a target. */
export function lintMyCnf(text: string, options: LintOptions): LintResult {
  const { target } = options;
  const parsed = parseMyCnf(text);
  const known = knownOptions(target);
  const issues: LintIssue[] = [];
  const push = (i: LintIssue): void => void issues.push(i);

  for (const e of parsed.errors) {
    push({ line: e.line, severity: 'error', code: 'syntax', option: null, message: e.message, docUrl: OPTION_FILES_DOC });
  }
  for (const inc of parsed.includes) {
    push({
      line: inc.line,
      severity: 'info',
      code: 'include',
      option: null,
      message: `${inc.directive} ${inc.path} is not followed here: lint that file too.`,
      docUrl: OPTION_FILES_DOC,
    });
  }
  for (const s of parsed.sections) {
    if (targetFlavor(target) === 'mysql' && isMariadbOnlySection(s.name)) {
      push({
        line: s.line,
        severity: 'info',
        code: 'ignored-section',
        option: null,
        message: `[${s.name}] is read only by MariaDB; MySQL ignores it.`,
        docUrl: OPTION_FILES_DOC,
      });
    }
  }

  const server = parsed.entries.filter((e) => isServerSection(e.section, target));
  const seen = new Map<string, CnfEntry>();
  for (const e of server) {
    const prev = seen.get(e.key);
    if (prev) {
      push({
        line: e.line,
        severity: 'warning',
        code: 'duplicate',
        option: e.key,
        message: `${e.key} is also set on line ${prev.line} ([${prev.section}]); the later line wins.`,
        docUrl: OPTION_FILES_DOC,
      });
    }
    seen.set(e.key, e);

    const change = findChange(e.key, target);
    if (change) {
      const removed = change.status === 'removed';
      const ignored = removed && change.onStart === 'ignores';
      const sev: LintSeverity = removed && !ignored && !e.loose ? 'error' : 'warning';
      const effect = !removed
        ? 'still accepted, will go'
        : ignored
          ? 'the server warns and starts; the line does nothing'
          : e.loose
            ? 'the loose- prefix makes the server skip it'
            : 'the server refuses to start with it';
      push({
        line: e.line,
        severity: sev,
        code: removed ? 'removed-option' : 'deprecated-option',
        option: e.key,
        message: `${e.key}: ${removed ? 'removed' : 'deprecated'} (${change.since}); ${effect}. ${change.note}`,
        docUrl: change.docUrl,
      });
      if (removed) continue;
    }

    const type = known.get(e.key) ?? resolvePrefix(e.key, known)?.type;
    if (type === undefined) {
      if (change) continue;
      push({
        line: e.line,
        severity: e.loose ? 'warning' : 'error',
        code: 'unknown-option',
        option: e.key,
        message: e.loose
          ? `loose-${e.key} is unknown to ${target}: it is skipped with a warning.`
          : `Unknown option "${e.rawKey}" for ${target}: the server refuses to start ("unknown variable").`,
        docUrl: docUrlFor(e.key, target),
      });
      continue;
    }
    const bad = valueProblem(e, type);
    if (bad) push({ line: e.line, severity: bad.severity, code: bad.code, option: e.key, message: bad.message, docUrl: docUrlFor(e.key, target) });
  }

  const values = effectiveValues(server, known);
  const semantic = checkSemantics(values, { target, ramBytes: options.ramBytes ?? null });
  issues.push(...semantic.issues);
  issues.sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
  return { target, issues, memory: semantic.memory };
}
