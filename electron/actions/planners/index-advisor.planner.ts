/**
 * Index advisor planner: reads the current indexes of the tables the request names, refuses
 * an index that already exists (same name or same columns) and a retire/reveal of one that
 * does not, then builds the steps with the advisor engine's plan builder (one online ALTER per
 * table, hide-then-drop by capability, pt-online-schema-change / gh-ost notes where a big table's
 * change is not online).
 */
import type { Measurement } from '../../../shared/contract/actions';
import type { AdvisorPlanParams } from '../../../shared/contract/advisor.calls';
import type { IndexRecommendation, SchemaIndex, SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import type { Flavor } from '../../../shared/contract/connections';
import { AppError } from '../../../shared/contract/core';
import type { PlanStep } from '../../../shared/contract/plan';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { collectSchema } from '../../connections/collectors/schema.collector';
import type { SqlReader } from '../../connections/sql-reader';
import { advisorCapabilities, type AdvisorCapabilities } from '../../engines/advisor/capabilities';
import { buildIndexPlan, type IndexDrop } from '../../engines/advisor/index-plan';
import { withDefaults } from '../../engines/advisor/options';
import { alwaysPrefixed, prefixable } from '../../engines/advisor/prefix-length';
import type { StepTouch } from '../../engines/maintenance/analyze-table.plan';
import { makePlan } from '../../engines/plan/make-plan';
import type { ParamsOf, Planner } from '../planner';

type Step = Omit<PlanStep, 'needsRestart'>;

/** The schemas named by the request, each with only the tables it names (live, read-only). */
async function snapshots(params: AdvisorPlanParams, reader: SqlReader): Promise<Map<string, SchemaSnapshot>> {
  const wanted = new Map<string, Set<string>>();
  for (const r of [...params.add, ...params.retire, ...params.reveal]) {
    const set = wanted.get(r.schema) ?? new Set<string>();
    set.add(r.table.toLowerCase());
    wanted.set(r.schema, set);
  }
  const out = new Map<string, SchemaSnapshot>();
  for (const [schema, tables] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const snap = await collectSchema(reader, schema);
    out.set(schema, { ...snap, tables: snap.tables.filter((t) => tables.has(t.name.toLowerCase())) });
  }
  return out;
}

function tableOf(snaps: Map<string, SchemaSnapshot>, schema: string, table: string): SchemaTable {
  const t = snaps.get(schema)?.tables.find((x) => x.name.toLowerCase() === table.toLowerCase());
  if (!t) throw new AppError('NOT_FOUND', `No such table: ${schema}.${table}`);
  return t;
}

function indexOf(table: SchemaTable, name: string): SchemaIndex | undefined {
  return table.indexes.find((i) => i.name.toLowerCase() === name.toLowerCase());
}

const colKey = (cols: readonly { name: string; subPart: number | null }[]): string => cols.map((c) => `${c.name.toLowerCase()}(${c.subPart ?? ''})`).join(',');

/** Refuses what cannot be planned; returns the checked request against the live tables. */
function check(params: AdvisorPlanParams, snaps: Map<string, SchemaSnapshot>): void {
  const adding = new Set<string>();
  for (const a of params.add) {
    const t = tableOf(snaps, a.schema, a.table);
    const key = `${a.schema}.${a.table}.${a.name}`.toLowerCase();
    if (adding.has(key)) throw new AppError('BAD_INPUT', `${a.name} is listed twice for ${a.schema}.${a.table}`);
    adding.add(key);
    if (indexOf(t, a.name)) throw new AppError('BAD_INPUT', `${a.schema}.${a.table} already has an index named ${a.name}`);
    const same = t.indexes.find((i) => i.kind === a.kind && colKey(i.columns) === colKey(a.columns));
    if (same) throw new AppError('BAD_INPUT', `${a.schema}.${a.table} already indexes (${a.columns.map((c) => c.name).join(', ')}) as ${same.name}`);
    for (const c of a.columns) {
      if (!t.columns.some((x) => x.name.toLowerCase() === c.name.toLowerCase()))
        throw new AppError('NOT_FOUND', `No column ${c.name} in ${a.schema}.${a.table}`);
      const col = t.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase())!;
      // FULLTEXT indexes whole columns: no prefix lengths there.
      if (a.kind === 'FULLTEXT') {
        if (c.subPart !== null) throw new AppError('BAD_INPUT', `A FULLTEXT index takes no prefix length (${c.name}(${c.subPart}))`);
        continue;
      }
      if (c.subPart !== null && !prefixable(col))
        throw new AppError('BAD_INPUT', `${c.name} is ${col.columnType}: only string and binary columns take a prefix length`);
      if (c.subPart !== null && col.charLength !== null && c.subPart > col.charLength)
        throw new AppError('BAD_INPUT', `${c.name}(${c.subPart}) is longer than the column (${col.columnType})`);
      if (c.subPart === null && alwaysPrefixed(col))
        throw new AppError('BAD_INPUT', `${c.name} is ${col.columnType}: a B-tree index needs a prefix length, e.g. ${c.name}(32)`);
    }
  }
  for (const r of params.retire) {
    const idx = indexOf(tableOf(snaps, r.schema, r.table), r.name);
    if (!idx) throw new AppError('NOT_FOUND', `${r.schema}.${r.table} has no index named ${r.name} to retire`);
    if (idx.primary) throw new AppError('BAD_INPUT', `The primary key of ${r.schema}.${r.table} cannot be retired here`);
  }
  for (const r of params.reveal) {
    const idx = indexOf(tableOf(snaps, r.schema, r.table), r.name);
    if (!idx) throw new AppError('NOT_FOUND', `${r.schema}.${r.table} has no index named ${r.name} to make visible`);
    if (idx.visible) throw new AppError('BAD_INPUT', `${r.schema}.${r.table}.${r.name} is already visible`);
  }
}

function recommendation(a: AdvisorPlanParams['add'][number]): IndexRecommendation {
  return {
    id: `${a.schema}.${a.table}.${a.name}`,
    schema: a.schema,
    table: a.table,
    name: a.name,
    kind: a.kind,
    columns: a.columns.map((c) => ({ name: c.name, direction: c.direction, subPart: c.subPart })),
    covering: false,
    queries: a.why ? [a.why] : ['the ticked recommendation'],
    savedTimeSec: 0,
    sizeBytes: 0,
    writeRate: null,
    writeSource: null,
    writeCostSec: 0,
    score: 0,
    replaces: null,
    reasons: [],
  };
}

function revealStep(caps: AdvisorCapabilities, r: AdvisorPlanParams['reveal'][number]): Step {
  const target = quoteQualified(r.schema, r.table);
  const q = quoteIdent(r.name);
  const [show, hide] = caps.ignoredIndexes ? ['NOT IGNORED', 'IGNORED'] : ['VISIBLE', 'INVISIBLE'];
  return {
    id: `reveal:${r.table}.${r.name}`,
    kind: 'DDL',
    sql: `ALTER TABLE ${target} ALTER INDEX ${q} ${show}`,
    description: `Make ${r.name} visible to the optimizer (keep it)${r.why ? `: ${r.why}` : ''}.`,
    risk: 'low',
    estimate: 'metadata only; instant',
    rollback: `ALTER TABLE ${target} ALTER INDEX ${q} ${hide}`,
  };
}

/** Derives the plan (reads only): deterministic from the params and the live indexes. */
export async function deriveIndexPlan(
  params: AdvisorPlanParams,
  reader: SqlReader,
  flavor: Flavor,
): Promise<{ plan: ReturnType<typeof makePlan>; touches: StepTouch[] }> {
  const snaps = await snapshots(params, reader);
  check(params, snaps);
  const caps = advisorCapabilities(flavor.version, flavor.versionComment);
  const options = withDefaults(undefined);
  const steps: Step[] = [];
  const notes: string[] = [];
  for (const [schema, snap] of snaps) {
    const adds = params.add.filter((a) => a.schema === schema).map(recommendation);
    const retire = params.retire.filter((r) => r.schema === schema);
    // Indexes already hidden need no hide clause: they are dropped in the table's one ALTER.
    const drops = retire.map((r): IndexDrop => ({
      schema,
      table: r.table,
      index: r.name,
      why: r.why || 'retired by the user',
      alreadyHidden: indexOf(tableOf(snaps, schema, r.table), r.name)?.visible === false,
    }));
    const main = buildIndexPlan({
      recommendations: adds,
      drops,
      schema: snap,
      capabilities: caps,
      options,
      finalDrops: params.dropNow,
      createInvisible: params.createInvisible,
    });
    steps.push(...main.steps);
    notes.push(...main.notes);
  }
  for (const r of params.reveal) steps.push(revealStep(caps, r));
  if (params.createInvisible && !caps.invisibleIndexes) {
    notes.push(`${flavor.label} cannot test an index per session: it is created visible; verify, then keep it or roll it back (drop).`);
  }
  const parts = [
    params.add.length && `add ${params.add.length}`,
    params.retire.length && `${params.dropNow ? 'drop' : 'retire'} ${params.retire.length}`,
    params.reveal.length && `make ${params.reveal.length} visible`,
  ].filter(Boolean);
  const plan = makePlan({ planner: 'index-advisor', title: `Index changes: ${parts.join(', ') || 'nothing to do'}`, steps, notes: [...new Set(notes)] });
  return { plan, touches: touchesOf(plan.steps, snaps) };
}

function touchesOf(steps: readonly Step[], snaps: Map<string, SchemaSnapshot>): StepTouch[] {
  const all = [...snaps.values()].flatMap((s) => s.tables);
  return steps.map((s) => {
    // Step ids name the table: `alter:<table>`, `drop:<table>`, `fulltext:<table>.<index>`, `reveal:<table>.<index>`.
    const rest = s.id.slice(s.id.indexOf(':') + 1);
    const t = all.find((x) => rest === x.name) ?? all.find((x) => rest.startsWith(`${x.name}.`));
    return {
      stepId: s.id,
      touches: t ? `${t.schema}.${t.name}: ~${(t.rows ?? 0).toLocaleString('en-US')} rows, ${t.indexes.length} indexes` : 'unknown table',
      details: { rows: t?.rows ?? null, dataBytes: t?.dataBytes ?? null, indexBytes: t?.indexBytes ?? null, indexes: t?.indexes.length ?? null },
    };
  });
}

/** Measures the indexes of the tables the request names: name, columns, visibility and size. */
export async function measureIndexes(params: AdvisorPlanParams, reader: SqlReader): Promise<Measurement> {
  const snaps = await snapshots(params, reader);
  const metrics: Measurement['metrics'] = [];
  for (const t of [...snaps.values()].flatMap((s) => s.tables)) {
    metrics.push({ key: `count:${t.schema}.${t.name}`, label: `${t.name}: indexes`, value: t.indexes.length });
    metrics.push({ key: `bytes:${t.schema}.${t.name}`, label: `${t.name}: index bytes`, value: t.indexBytes });
    const named = new Set(
      [...params.add, ...params.retire, ...params.reveal].filter((r) => r.table.toLowerCase() === t.name.toLowerCase()).map((r) => r.name.toLowerCase()),
    );
    for (const name of [...named].sort()) {
      const i = indexOf(t, name);
      const cols = i?.columns.map((c) => `${c.name}${c.subPart ? `(${c.subPart})` : ''}${c.direction === 'DESC' ? ' DESC' : ''}`).join(', ');
      const value = i ? `(${cols}) ${i.visible ? 'visible' : 'hidden'}${i.sizeBytes !== null ? `, ${Math.round(i.sizeBytes / 1024)} KiB` : ''}` : 'absent';
      metrics.push({ key: `index:${t.schema}.${t.name}.${name}`, label: `${t.name}.${i?.name ?? name}`, value });
    }
  }
  return { at: new Date().toISOString(), metrics };
}

/** The index-advisor planner. */
export const indexAdvisorPlanner: Planner<ParamsOf<'index-advisor'>> = {
  derive: (params, reader, flavor) => deriveIndexPlan(params, reader, flavor),
  measure: (params, reader) => measureIndexes(params, reader),
};
