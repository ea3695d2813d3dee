/**
 * Table health from what information_schema and mysql.innodb_table_stats say: fragmentation (free
 * space left in the tablespace by deletes, which OPTIMIZE TABLE gives back), statistics age, and
 * the row estimate's error against an exact count (stale statistics, which ANALYZE TABLE refreshes).
 * Thresholds are arguments, so the same rules serve a tiny test table and a production one.
 */
import type { TableHealth } from '../../../shared/contract/health';
import type { TableStats } from './analyze-table.plan';

/** What the collector read of one table. */
export interface TableHealthInput extends TableStats {
  freeBytes: number | null;
  countedRows: number | null;
}

/** When to advise. */
export interface HealthLimits {
  /** Advise OPTIMIZE when free space is at least this share (%) … */
  fragmentationPct: number;
  /** … and at least this many bytes (a small table's free extent is not worth a rebuild). */
  minFreeBytes: number;
  /** Advise ANALYZE when statistics are older than this many days … */
  statsAgeDays: number;
  /** … or the estimate is off by more than this share (%) of the counted rows. */
  estimateErrorPct: number;
}

/** Defaults for a production server. */
export const defaultHealthLimits: HealthLimits = { fragmentationPct: 20, minFreeBytes: 64 * 1024 * 1024, statsAgeDays: 30, estimateErrorPct: 20 };

const round = (v: number) => Math.round(v * 10) / 10;

/** Assesses one table at `now`. */
export function assessTableHealth(t: TableHealthInput, now: Date, limits: HealthLimits = defaultHealthLimits): TableHealth {
  const data = t.dataBytes ?? 0;
  const index = t.indexBytes ?? 0;
  const free = t.freeBytes;
  const fragmentationPct = free === null || data + index + free === 0 ? null : round((100 * free) / (data + index + free));
  const updated = t.statsUpdatedAt ? new Date(t.statsUpdatedAt.replace(' ', 'T') + (/[zZ+]/.test(t.statsUpdatedAt.slice(10)) ? '' : 'Z')) : null;
  const statsAgeDays = updated && !Number.isNaN(updated.getTime()) ? round((now.getTime() - updated.getTime()) / 86_400_000) : null;
  const estimateErrorPct =
    t.countedRows === null || t.rows === null
      ? null
      : t.countedRows === 0
        ? t.rows === 0
          ? 0
          : 100
        : round((100 * Math.abs(t.rows - t.countedRows)) / t.countedRows);
  const advice: TableHealth['advice'] = [];
  const reasons: string[] = [];
  if (fragmentationPct !== null && free !== null && fragmentationPct >= limits.fragmentationPct && free >= limits.minFreeBytes) {
    advice.push('optimize');
    reasons.push(`${fragmentationPct}% of the table's space is free (${(free / 1048576).toFixed(1)} MB): OPTIMIZE TABLE rebuilds it and gives the space back`);
  }
  const staleByAge = statsAgeDays !== null && statsAgeDays > limits.statsAgeDays;
  const staleByError = estimateErrorPct !== null && estimateErrorPct > limits.estimateErrorPct;
  if (staleByAge) reasons.push(`statistics are ${statsAgeDays} days old`);
  if (staleByError) reasons.push(`the row estimate ${t.rows} is ${estimateErrorPct}% off the counted ${t.countedRows}`);
  // OPTIMIZE on InnoDB ends with an analyze, so it covers stale statistics too.
  if ((staleByAge || staleByError) && !advice.includes('optimize')) advice.push('analyze');
  return {
    schema: t.schema,
    table: t.table,
    engine: t.engine,
    estimatedRows: t.rows,
    countedRows: t.countedRows,
    dataBytes: t.dataBytes,
    indexBytes: t.indexBytes,
    freeBytes: free,
    fragmentationPct,
    statsUpdatedAt: t.statsUpdatedAt,
    statsAgeDays,
    estimateErrorPct,
    advice,
    reasons,
  };
}
