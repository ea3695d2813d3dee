/**
 * Tuner planner: turns the variable changes the user ticked into a plan with the tuner engine's
 * plan builder (SET PERSIST on MySQL 8+, SET GLOBAL + my.cnf lines on MariaDB, restart-only steps
 * for static variables, the current value as rollback). Values typed by a person are validated
 * and normalised here so nothing but a number, ON/OFF or a known word reaches the SQL.
 */
import { AppError } from '../../../shared/contract/core';
import type { Measurement } from '../../../shared/contract/actions';
import type { TunerFinding, VariableChange } from '../../../shared/contract/tuner';
import type { SqlReader } from '../../connections/sql-reader';
import { capabilitiesOf } from '../../engines/tuner/capabilities';
import { planTuning } from '../../engines/tuner/tuning.plan';
import { isDynamic, normaliseTunerValue } from '../../engines/tuner/variable-meta';
import type { StepTouch } from '../../engines/maintenance/analyze-table.plan';
import type { ParamsOf, Planner } from '../planner';

type Change = ParamsOf<'tuner'>['changes'][number];

/** Reads the current global values of the named variables (lower-cased names). */
async function readVariables(reader: SqlReader, names: readonly string[]): Promise<Map<string, string>> {
  const rows = await reader.query<{ Variable_name: string; Value: string | null }>(
    `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${names.map(() => '?').join(', ')})`,
    names,
  );
  return new Map(rows.map((r) => [r.Variable_name.toLowerCase(), r.Value ?? '']));
}

/** Status counters the rules behind each variable read: measured before and after so verify shows the effect. */
const COUNTERS: Readonly<Record<string, readonly string[]>> = {
  thread_cache_size: ['Threads_created', 'Connections'],
  table_open_cache: ['Opened_tables', 'Table_open_cache_misses'],
  table_definition_cache: ['Opened_table_definitions'],
  sort_buffer_size: ['Sort_merge_passes'],
  tmp_table_size: ['Created_tmp_disk_tables', 'Created_tmp_tables'],
  max_heap_table_size: ['Created_tmp_disk_tables', 'Created_tmp_tables'],
  join_buffer_size: ['Select_full_join'],
  innodb_log_buffer_size: ['Innodb_log_waits'],
  innodb_buffer_pool_size: ['Innodb_buffer_pool_reads', 'Innodb_buffer_pool_read_requests'],
};

/** The ticked changes as the engine's input: one finding per proposing rule, carrying only its changes. */
function asFindings(changes: readonly VariableChange[], ruleOf: ReadonlyMap<string, string>): TunerFinding[] {
  const byRule = new Map<string, VariableChange[]>();
  for (const c of changes) {
    const id = ruleOf.get(c.name) ?? 'manual';
    byRule.set(id, [...(byRule.get(id) ?? []), c]);
  }
  return [...byRule].map(([ruleId, list]) => ({
    ruleId,
    area: 'server',
    severity: 'info',
    title: ruleId,
    message: '',
    rationale: '',
    docUrl: '',
    formula: '',
    inputs: [],
    result: { name: ruleId, value: null, unit: 'text' },
    recommendation: { text: list.map((c) => `${c.name} = ${c.recommended}`).join(', '), computation: 'chosen by the user' },
    changes: list,
  }));
}

/** Refuses duplicates and unknown variables; returns the normalised changes in request order. */
function validate(changes: readonly Change[]): Array<Change & { value: string }> {
  const seen = new Set<string>();
  return changes.map((c) => {
    if (seen.has(c.name)) throw new AppError('BAD_INPUT', `${c.name} appears twice in the request`);
    seen.add(c.name);
    return { ...c, value: normaliseTunerValue(c.name, c.value) };
  });
}

/** The tuner planner. */
export const tunerPlanner: Planner<ParamsOf<'tuner'>> = {
  async derive(params, reader, flavor) {
    const wanted = validate(params.changes);
    const current = await readVariables(
      reader,
      wanted.map((c) => c.name),
    );
    const missing = wanted.filter((c) => !current.has(c.name)).map((c) => c.name);
    if (missing.length) throw new AppError('BAD_INPUT', `${flavor.label} has no variable ${missing.join(', ')}`);
    const caps = capabilitiesOf(flavor.version, flavor.versionComment);
    const changes: VariableChange[] = wanted.map((c) => ({
      name: c.name,
      current: current.get(c.name) ?? '',
      recommended: c.value,
      dynamic: isDynamic(c.name, caps),
    }));
    const ruleOf = new Map(wanted.map((c) => [c.name, c.ruleId ?? 'manual']));
    const findings = asFindings(changes, ruleOf);
    const plan = planTuning(
      findings,
      findings.map((f) => f.ruleId),
      caps,
      { persist: params.persist ?? true },
    );
    const touches = plan.steps.map((s): StepTouch => {
      const c = changes.find((x) => s.id.endsWith(`:${x.name}`));
      return {
        stepId: s.id,
        touches: c ? `global variable ${c.name}` : 'server variables',
        details: c ? { current: c.current, new: c.recommended, restart: c.dynamic ? 'no' : 'yes' } : {},
      };
    });
    return { plan, touches };
  },
  async measure(params, reader) {
    const names = [...new Set(params.changes.map((c) => c.name))];
    const vars = await readVariables(reader, names);
    const counters = [...new Set(names.flatMap((n) => COUNTERS[n] ?? []))];
    const status = counters.length
      ? await reader.query<{ Variable_name: string; Value: string }>(
          `SHOW GLOBAL STATUS WHERE Variable_name IN (${counters.map(() => '?').join(', ')})`,
          counters,
        )
      : [];
    const metrics: Measurement['metrics'] = names.map((n) => ({ key: `var:${n}`, label: n, value: vars.get(n) ?? null }));
    for (const r of status) metrics.push({ key: `status:${r.Variable_name.toLowerCase()}`, label: `${r.Variable_name} (status, lifetime)`, value: r.Value });
    return { at: new Date().toISOString(), metrics };
  },
};
