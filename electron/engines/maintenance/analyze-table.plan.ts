/**
 * ANALYZE TABLE as a plan: refreshes index statistics the optimizer uses. On InnoDB it samples
 * `innodb_stats_persistent_sample_pages` pages per index and takes a brief metadata lock
 * (https://dev.mysql.com/doc/refman/8.4/en/analyze-table.html, https://mariadb.com/kb/en/analyze-table/).
 * OPTIMIZE TABLE on InnoDB is "recreate + analyze": the table is rebuilt (ALTER TABLE … FORCE) to
 * give back the free space of deleted rows, then analyzed. The rebuild is online on both MySQL
 * (since 5.6.17) and MariaDB (since 10.0): concurrent inserts, updates and deletes go on, with an
 * exclusive metadata lock only briefly at the start and the end; it needs free disk for a full copy
 * (https://dev.mysql.com/doc/refman/8.4/en/optimize-table.html, https://mariadb.com/kb/en/optimize-table/).
 */
import type { Measurement } from '../../../shared/contract/actions';
import type { Plan } from '../../../shared/contract/plan';
import { quoteQualified } from '../../../shared/sql-quote';
import { makePlan, type PlanDraft } from '../plan/make-plan';

/** What the collector saw of one table. */
export interface TableStats {
  schema: string;
  table: string;
  engine: string | null;
  rows: number | null;
  dataBytes: number | null;
  indexBytes: number | null;
  /** mysql.innodb_table_stats.last_update, when the table is InnoDB with persistent stats. */
  statsUpdatedAt: string | null;
}

/** A step preview. */
export interface StepTouch {
  stepId: string;
  touches: string;
  details: Record<string, string | number | null>;
}

const MB = 1024 * 1024;
/** Rebuild rate the OPTIMIZE estimate assumes (a conservative rate for one table copy with its indexes). */
const REBUILD_BYTES_PER_SEC = 50 * MB;

/** Builds the ANALYZE plan for the tables that exist; unknown tables are refused, not skipped silently. */
export function planAnalyzeTables(
  requested: ReadonlyArray<{ schema: string; table: string }>,
  stats: readonly TableStats[],
  op: 'analyze' | 'optimize' = 'analyze',
): { plan: Plan; touches: StepTouch[]; missing: string[] } {
  const byKey = new Map(stats.map((s) => [`${s.schema}.${s.table}`, s]));
  const missing: string[] = [];
  const steps: PlanDraft['steps'] = [];
  const touches: StepTouch[] = [];
  const seen = new Set<string>();
  for (const t of requested) {
    const key = `${t.schema}.${t.table}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = byKey.get(key);
    if (!s) {
      missing.push(key);
      continue;
    }
    const id = `${op}:${key}`;
    const big = (s.dataBytes ?? 0) > 10 * 1024 * MB;
    const bytes = (s.dataBytes ?? 0) + (s.indexBytes ?? 0);
    if (op === 'optimize') {
      const innodb = (s.engine ?? '').toLowerCase() === 'innodb';
      steps.push({
        id,
        kind: 'DDL',
        sql: `OPTIMIZE TABLE ${quoteQualified(s.schema, s.table)}`,
        description: innodb
          ? `Rebuild ${key} to give back the space of deleted rows, then refresh its statistics (InnoDB: recreate + analyze).`
          : `Defragment ${key} and reclaim its deleted rows' space (${s.engine ?? 'unknown engine'}).`,
        risk: bytes > MB * 1024 ? 'high' : big ? 'medium' : 'low',
        estimate: innodb
          ? `rebuilds ${(bytes / MB).toFixed(1)} MB (~${Math.max(1, Math.round(bytes / REBUILD_BYTES_PER_SEC))} s at ${REBUILD_BYTES_PER_SEC / MB} MB/s); online: writes go on, exclusive metadata lock briefly at start and end; needs that much free disk`
          : `${(bytes / MB).toFixed(1)} MB; ${s.engine === 'MyISAM' ? 'locks the table for writes for the whole run' : 'engine-specific'}`,
        rollback: null,
      });
    } else
      steps.push({
        id,
        kind: 'ADMIN',
        sql: `ANALYZE TABLE ${quoteQualified(s.schema, s.table)}`,
        description: `Refresh the optimizer's statistics for ${key}.`,
        risk: big ? 'medium' : 'low',
        estimate: `${s.engine ?? 'unknown engine'}, ~${(s.rows ?? 0).toLocaleString('en-US')} rows, ${((s.dataBytes ?? 0) / MB).toFixed(1)} MB data; samples pages per index, brief metadata lock${s.engine === 'MyISAM' ? ' (MyISAM: read lock for the whole scan)' : ''}`,
        rollback: null,
      });
    touches.push({
      stepId: id,
      touches: key,
      details: { engine: s.engine, rows: s.rows, dataBytes: s.dataBytes, indexBytes: s.indexBytes, statsUpdatedAt: s.statsUpdatedAt },
    });
  }
  const plan = makePlan({
    planner: 'analyze-table',
    title: `${op === 'optimize' ? 'OPTIMIZE' : 'ANALYZE'} TABLE on ${steps.length} table${steps.length === 1 ? '' : 's'}`,
    steps,
    notes:
      op === 'optimize'
        ? [
            'OPTIMIZE TABLE on InnoDB is "recreate + analyze": an online rebuild (MySQL 5.6.17+, MariaDB 10.0+) that lets writes go on, with a brief exclusive metadata lock at its start and end. It has no undo and needs free disk for a full copy of the table.',
            'The time estimate assumes a rebuild rate; a busy server or a table with many secondary indexes takes longer.',
          ]
        : ['ANALYZE TABLE has no undo: it only replaces statistics, which the server also refreshes on its own after enough changes.'],
  });
  return { plan, touches, missing };
}

/** What verify compares: statistics time stamps and row estimates per table. */
export function measureAnalyze(stats: readonly TableStats[], at: string): Measurement {
  return {
    at,
    metrics: stats.flatMap((s) => [
      { key: `${s.schema}.${s.table}.statsUpdatedAt`, label: `${s.schema}.${s.table} statistics updated`, value: s.statsUpdatedAt },
      { key: `${s.schema}.${s.table}.rows`, label: `${s.schema}.${s.table} estimated rows`, value: s.rows },
    ]),
  };
}
