/**
 * Turns selected tuner findings into a Plan, and compares the measurements a rule used before
 * and after the plan ran. SET PERSIST where the server has it (MySQL 8+), otherwise SET GLOBAL
 * plus the my.cnf line to keep the value across restarts; static variables become restart-only
 * steps (PERSIST_ONLY on MySQL, a my.cnf note on MariaDB). Every step carries its rollback.
 * https://dev.mysql.com/doc/refman/8.4/en/set-variable.html
 */
import type { Plan } from '../../../shared/contract/plan';
import type { MeasurementComparison, TunerFinding, TunerSnapshot, VariableChange } from '../../../shared/contract/tuner';
import { quoteIdent, quoteString } from '../../../shared/sql-quote';
import { makePlan, type PlanDraft } from '../plan/make-plan';
import { capabilitiesOf, type ServerCapabilities } from './capabilities';
import { findRule } from './registry';
import type { TunerRule } from './rule';

/** Variables whose change does real work on the server (resizing memory or files). */
const HEAVY: Readonly<Record<string, string>> = {
  innodb_buffer_pool_size: 'online resize in chunks: pages move, short stalls; watch Innodb_buffer_pool_resize_status',
  innodb_redo_log_capacity: 'online redo resize: InnoDB creates/removes redo files in the background',
  innodb_log_file_size: 'online redo resize (MariaDB 10.9+): a new log file is written',
};
/** Session-scoped buffers: a global change reaches new connections only. */
const SESSION_SCOPED = new Set([
  'sort_buffer_size',
  'join_buffer_size',
  'read_buffer_size',
  'read_rnd_buffer_size',
  'tmp_table_size',
  'max_heap_table_size',
  'long_query_time',
  'max_allowed_packet',
  'character_set_server',
  'collation_server',
]);

/** A value as a SQL literal: numbers and ON/OFF bare, anything else quoted. */
export function sqlValue(v: string): string {
  if (/^-?\d+(\.\d+)?$/.test(v)) return v;
  if (/^(ON|OFF)$/i.test(v)) return v.toUpperCase();
  return quoteString(v);
}

/** A my.cnf line for a change. */
function cnfLine(c: VariableChange): string {
  return `${c.name} = ${c.recommended}`;
}

/** Plan options. */
export interface TuningPlanOptions {
  /** Use SET PERSIST / PERSIST_ONLY where supported (default true); false = runtime only + my.cnf notes. */
  persist?: boolean;
}

/** Builds the tuning plan for the findings the user selected (by rule id). */
export function planTuning(findings: readonly TunerFinding[], selectedIds: readonly string[], caps: ServerCapabilities, options: TuningPlanOptions = {}): Plan {
  const persist = caps.supportsPersist && (options.persist ?? true);
  const steps: PlanDraft['steps'] = [];
  const notes: string[] = [];
  const cnf: string[] = [];
  const taken = new Map<string, { ruleId: string; value: string }>();
  const selected = selectedIds.map((id) => ({ id, f: findings.find((f) => f.ruleId === id) }));
  for (const { id, f } of selected) {
    if (!f) {
      notes.push(`Finding "${id}" is not in the current results; nothing planned for it.`);
      continue;
    }
    if (f.changes.length === 0) notes.push(`${f.ruleId}: no variable change — ${f.recommendation.text}`);
    for (const c of f.changes) {
      const prev = taken.get(c.name);
      if (prev) {
        if (prev.value !== c.recommended)
          notes.push(`${c.name}: ${f.ruleId} proposes ${c.recommended} but ${prev.ruleId} already set ${prev.value}; keeping the first.`);
        continue;
      }
      taken.set(c.name, { ruleId: f.ruleId, value: c.recommended });
      const name = quoteIdent(c.name);
      const value = sqlValue(c.recommended);
      const old = c.current === '' ? null : sqlValue(c.current);
      const description = `${f.ruleId}: ${c.name} ${c.current || '(unset)'} → ${c.recommended}`;
      if (c.dynamic) {
        const verb = persist ? 'SET PERSIST' : 'SET GLOBAL';
        const heavy = HEAVY[c.name];
        steps.push({
          id: `set:${c.name}`,
          kind: 'SET',
          sql: `${verb} ${name} = ${value}`,
          description,
          risk: heavy ? 'medium' : 'low',
          estimate: heavy ?? (SESSION_SCOPED.has(c.name) ? 'no locks; applies to connections opened after the change' : 'no locks; takes effect immediately'),
          rollback: old === null ? null : `${verb} ${name} = ${old}`,
        });
        if (!persist) cnf.push(cnfLine(c));
      } else if (persist) {
        steps.push({
          id: `persist-only:${c.name}`,
          kind: 'SET',
          sql: `SET PERSIST_ONLY ${name} = ${value}`,
          description: `${description} (static: written to mysqld-auto.cnf, effective after restart)`,
          risk: 'medium',
          estimate: 'writes mysqld-auto.cnf only; nothing changes until the server restarts',
          rollback: old === null ? `RESET PERSIST IF EXISTS ${name}` : `SET PERSIST_ONLY ${name} = ${old}`,
          needsRestart: true,
        });
      } else {
        cnf.push(cnfLine(c));
        notes.push(`${c.name} is static on this server: add "${cnfLine(c)}" under [mysqld] in my.cnf and restart (was ${c.current || 'unset'}).`);
      }
    }
  }
  if (cnf.length > 0) notes.unshift(`Add to my.cnf under [mysqld] so the values survive a restart:\n[mysqld]\n${cnf.join('\n')}`);
  const count = steps.length;
  return makePlan({ planner: 'tuner', title: `Tuning: ${count} statement(s) from ${selected.filter((s) => s.f).length} finding(s)`, steps, notes });
}

/** Compares the inputs and result of a finding's rule before and after (e.g. a plan was applied). */
export function compareMeasurements(
  before: TunerSnapshot,
  after: TunerSnapshot,
  finding: TunerFinding,
  options: { now?: Date; rules?: readonly TunerRule[] } = {},
): MeasurementComparison {
  const rule = findRule(finding.ruleId, options.rules);
  if (!rule) throw new Error(`Unknown tuner rule "${finding.ruleId}"`);
  const measure = (s: TunerSnapshot) =>
    rule.measure({ snapshot: s, caps: capabilitiesOf(s.server.version, s.server.versionComment), now: options.now ?? new Date(s.capturedAt) });
  const b = measure(before);
  const a = measure(after);
  const beforeInputs = b?.inputs ?? finding.inputs;
  const afterInputs = a?.inputs ?? [];
  const keys = [...beforeInputs, ...afterInputs.filter((x) => !beforeInputs.some((y) => y.name === x.name && y.source === x.source))];
  const inputs = keys.map((k) => {
    const bv = beforeInputs.find((x) => x.name === k.name && x.source === k.source)?.value ?? null;
    const av = afterInputs.find((x) => x.name === k.name && x.source === k.source)?.value ?? null;
    return { name: k.name, source: k.source, unit: k.unit, before: bv, after: av, changed: bv !== av };
  });
  const br = b?.evaluation.result ?? finding.result;
  const ar = a?.evaluation.result ?? null;
  return {
    ruleId: finding.ruleId,
    inputs,
    result: { name: br.name, source: 'derived', unit: br.unit, before: br.value, after: ar?.value ?? null, changed: br.value !== (ar?.value ?? null) },
    resolved: !(a?.evaluation.fires ?? false),
  };
}
