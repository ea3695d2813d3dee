/**
 * The unused-index planner: `hide` makes an index INVISIBLE (MySQL 8+) or IGNORED (MariaDB 10.6+) —
 * metadata only, instant, undone by making it visible — and `drop` drops a hidden one once the
 * waiting period since the app hid it (the audit's record) has run out and nothing needed it
 * meanwhile. Its rollback recreates the index through the editor planner's DROP INDEX rollback.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import { utcText, windowText, type UnusedIndex, type UnusedIndexReport } from '../../../shared/contract/health';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { fmtBytes } from '../../../shared/format-bytes';
import type { Flavor } from '../../../shared/contract/connections';
import { collectCapabilities, collectIndexUsage, collectSchema } from '../../connections/collectors/schema.collector';
import type { SqlReader } from '../../connections/sql-reader';
import type { IndexUsageSnapshot } from '../../engines/advisor/unused';
import { dropRefusal, hiddenSinceFromAudit, reviewUnusedIndexes, visibilitySql } from '../../engines/maintenance/unused-indexes';
import { makePlan } from '../../engines/plan/make-plan';
import type { ParamsOf, Planner, PlannerContext } from '../planner';
import { recreateIndex } from './sql-statement.planner';

type Params = ParamsOf<'unused-index'>;

/** Audit rows read to find when an index was hidden. */
const AUDIT_DEPTH = 1000;

/** The review of one database as the app sees it now: schema, counters and the audit's hide records. */
export async function reviewDatabase(
  reader: SqlReader,
  flavor: Flavor,
  schema: string,
  waitDays: number,
  ctx: PlannerContext,
): Promise<{ report: UnusedIndexReport; usage: IndexUsageSnapshot }> {
  const caps = await collectCapabilities(reader);
  const snapshot = await collectSchema(reader, schema);
  if (snapshot.tables.length === 0) throw new AppError('NOT_FOUND', `No tables in database ${schema} (or no such database)`);
  const usage = await collectIndexUsage(reader, schema, caps);
  const hide = flavor.capabilities.indexVisibility;
  const indexes = snapshot.tables.flatMap((t) => t.indexes.map((i) => ({ table: t.name, index: i.name })));
  const hiddenSince = hiddenSinceFromAudit(ctx.audit.list(ctx.connectionId, AUDIT_DEPTH), hide, schema, indexes);
  const history = ctx.usageHistory?.(schema) ?? [];
  return { report: reviewUnusedIndexes({ schema: snapshot, usage, hide, hiddenSince, waitDays, now: ctx.now, history }), usage };
}

/**
 * Statements seen since the index was hidden that failed naming it (performance_schema digests), or
 * why they cannot be read. LAST_SEEN has whole seconds on MariaDB: the hide's own second counts.
 */
async function failedStatements(reader: SqlReader, schema: string, ix: UnusedIndex, hiddenAt: string): Promise<{ failed: string[]; note: string }> {
  const like = `%${ix.index.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  try {
    const rows = await reader.query<{ d: string; e: number }>(
      `SELECT DIGEST_TEXT AS d, SUM_ERRORS AS e FROM performance_schema.events_statements_summary_by_digest
        WHERE (SCHEMA_NAME = ? OR SCHEMA_NAME IS NULL) AND SUM_ERRORS > 0 AND DIGEST_TEXT LIKE ? AND LAST_SEEN >= FROM_UNIXTIME(?)`,
      [schema, like, Math.floor(Date.parse(hiddenAt) / 1000)],
    );
    return { failed: rows.map((r) => `${r.d} (${Number(r.e)} error(s))`), note: 'checked in performance_schema statement digests' };
  } catch (err) {
    return { failed: [], note: `not checked: performance_schema digests unreadable (${err instanceof Error ? err.message : String(err)})` };
  }
}

function contextOf(ctx: PlannerContext | undefined): PlannerContext {
  if (!ctx) throw new AppError('INTERNAL', 'The unused-index planner needs the audit log and the clock (run it through the executor)');
  return ctx;
}

function find(report: UnusedIndexReport, p: Params): UnusedIndex {
  const ix = report.indexes.find((i) => i.table.toLowerCase() === p.table.toLowerCase() && i.index.toLowerCase() === p.index.toLowerCase());
  if (!ix) throw new AppError('NOT_FOUND', `No secondary index ${p.index} on ${p.schema}.${p.table}`);
  return ix;
}

/** The unused-index planner. */
export const unusedIndexPlanner: Planner<Params> = {
  async derive(params, reader, flavor, context) {
    const ctx = contextOf(context);
    const { report, usage } = await reviewDatabase(reader, flavor, params.schema, params.waitDays, ctx);
    const ix = find(report, params);
    const name = `${params.schema}.${ix.table}.${ix.index}`;
    const evidence = {
      'rows read through it': ix.reads,
      'counters cover': report.source === 'unavailable' ? (report.note ?? 'unavailable') : `${windowText(report.countersAgeSec)} (${report.source})`,
      'table row reads / writes': `${ix.tableReads} / ${ix.tableWrites}`,
      'index size': ix.sizeBytes === null ? null : fmtBytes(ix.sizeBytes),
      stage: ix.stage,
    };
    if (params.op === 'hide') {
      if (report.hide === 'none') throw new AppError('UNSUPPORTED', `${flavor.label} cannot hide an index (MySQL 8.0+ INVISIBLE, MariaDB 10.6+ IGNORED)`);
      if (ix.stage === 'kept') throw new AppError('BAD_INPUT', `${name} is not hidden: ${ix.reason.replace(/^Stays: /, '')}`);
      if (!ix.visible) throw new AppError('BAD_INPUT', `${name} is hidden already`);
      const sql = visibilitySql(report.hide, params.schema, ix.table, ix.index);
      const word = report.hide === 'invisible' ? 'INVISIBLE' : 'IGNORED';
      const plan = makePlan({
        planner: 'unused-index',
        title: `Hide index ${ix.index} of ${params.schema}.${ix.table}`,
        steps: [
          {
            id: 'hide',
            kind: 'DDL',
            sql: sql.hide,
            description: `Make ${ix.index} ${word}: the server keeps maintaining it, the optimizer stops using it. The drop is allowed ${params.waitDays} day(s) after this runs.`,
            risk: 'low',
            estimate:
              'metadata only, instant (no table copy); queries that relied on it change plan, and a FORCE/USE INDEX naming it fails until it is visible again',
            rollback: sql.show,
          },
        ],
        notes: [ix.reason],
      });
      return { plan, touches: [{ stepId: 'hide', touches: `${params.schema}.${ix.table} (index ${ix.index})`, details: evidence }] };
    }
    const sinceSec = ix.hiddenAt ? (ctx.now.getTime() - Date.parse(ix.hiddenAt)) / 1000 : 0;
    const failed = ix.hiddenAt && !ix.visible ? await failedStatements(reader, params.schema, ix, ix.hiddenAt) : { failed: [], note: 'not checked' };
    const refusal = dropRefusal(ix, usage, failed.failed, ctx.now);
    if (refusal) throw new AppError('BAD_INPUT', refusal, { stage: ix.stage, hiddenAt: ix.hiddenAt, dropAllowedAt: ix.dropAllowedAt });
    const rollback = await recreateIndex(reader, params.schema, ix.table, ix.index, flavor.capabilities.indexVisibility);
    const plan = makePlan({
      planner: 'unused-index',
      title: `Drop hidden index ${ix.index} of ${params.schema}.${ix.table}`,
      steps: [
        {
          id: 'drop',
          kind: 'DDL',
          sql: `DROP INDEX ${quoteIdent(ix.index)} ON ${quoteQualified(params.schema, ix.table)}`,
          description: `Drop ${ix.index}, hidden since ${utcText(ix.hiddenAt)} (${(sinceSec / 86_400).toFixed(1)} days) with no statement failing for it.`,
          risk: 'medium',
          estimate: 'metadata only on InnoDB (no table copy); frees the index pages; writes no longer maintain it',
          rollback,
          ...(rollback ? {} : { noRollback: 'none generated: recreate the index from SHOW CREATE TABLE, saved before applying' }),
        },
      ],
      notes: [ix.reason],
    });
    return {
      plan,
      touches: [
        {
          stepId: 'drop',
          touches: `${params.schema}.${ix.table} (index ${ix.index})`,
          details: { ...evidence, 'hidden since': ix.hiddenAt, 'failed statements naming it': failed.failed.length, 'statement errors': failed.note },
        },
      ],
    };
  },
  async measure(params, reader, flavor): Promise<Measurement> {
    const hide = flavor.capabilities.indexVisibility;
    const hidden = hide === 'invisible' ? "MAX(IS_VISIBLE = 'NO')" : hide === 'ignored' ? "MAX(IGNORED = 'YES')" : '0';
    const [row] = await reader.query<{ n: number; hidden: number | null }>(
      `SELECT COUNT(*) AS n, ${hidden} AS hidden FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = ?`,
      [params.schema, params.table, params.index],
    );
    const exists = Number(row?.n ?? 0) > 0;
    const key = `${params.schema}.${params.table}.${params.index}`;
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: `exists:${key}`, label: `Index ${params.index} exists`, value: exists ? 'yes' : 'no' },
        { key: `visible:${key}`, label: `Index ${params.index} visible to the optimizer`, value: exists ? (Number(row?.hidden) === 1 ? 'no' : 'yes') : null },
      ],
    };
  },
};
