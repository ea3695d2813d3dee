/**
 * Findings on query classes, each with the numbers behind it: full scans, many rows examined
 * per row sent, temporary tables or sorts on disk, and N+1 loops. Thresholds are options so a
 * caller can tighten them; defaults follow common practice (pt-query-advisor, Percona's PMM).
 */
import type { QueryClass, SlowLogFinding } from '../../../shared/contract/slow-log';

/** Thresholds. */
export interface FindingThresholds {
  /** Rows examined per row sent above which a class is flagged. */
  examinedPerSent: number;
  /** Minimum average rows examined for that ratio to matter. */
  minExamined: number;
  /** Share of executions doing a full scan / on-disk tmp table above which a class is flagged. */
  minShare: number;
}

/** Defaults. */
export const FINDING_DEFAULTS: FindingThresholds = { examinedPerSent: 100, minExamined: 1000, minShare: 0.1 };

type ClassView = Omit<QueryClass, 'findings'>;

/** Findings of one class. */
export function classFindings(c: ClassView, t: FindingThresholds = FINDING_DEFAULTS): SlowLogFinding[] {
  const out: SlowLogFinding[] = [];
  const add = (id: SlowLogFinding['id'], severity: SlowLogFinding['severity'], title: string, evidence: string): void => {
    out.push({ id, severity, checksum: c.checksum, title, evidence });
  };
  const fullScan = c.bools.Full_scan ?? c.bools.Full_join;
  const noIndex = c.metrics.Select_scan ?? undefined;
  if (fullScan && fullScan.pctYes >= t.minShare) {
    add(
      'full-scan',
      fullScan.pctYes >= 0.5 ? 'warning' : 'info',
      'Full table scans',
      `${pct(fullScan.pctYes)} of ${fullScan.cnt} executions did a full scan or full join.`,
    );
  } else if (noIndex && noIndex.sum > 0) {
    add('full-scan', 'info', 'Full table scans', `Select_scan total ${noIndex.sum} over ${c.count} executions.`);
  }
  const ex = c.metrics.Rows_examined;
  const sent = c.metrics.Rows_sent;
  if (ex && sent && ex.avg >= t.minExamined) {
    const ratio = ex.sum / Math.max(1, sent.sum);
    if (ratio >= t.examinedPerSent) {
      add(
        'rows-examined-ratio',
        ratio >= t.examinedPerSent * 10 ? 'critical' : 'warning',
        'Examines far more rows than it returns',
        `${Math.round(ex.avg)} rows examined per execution for ${round(sent.avg)} sent (${Math.round(ratio)}:1); an index on the filtered columns may help.`,
      );
    }
  }
  const disk = c.bools.Tmp_table_on_disk;
  const diskCount = c.metrics.Created_tmp_disk_tables;
  if (disk && disk.pctYes >= t.minShare) {
    add('tmp-table-on-disk', 'warning', 'Temporary tables on disk', `${pct(disk.pctYes)} of executions wrote a temporary table to disk.`);
  } else if (diskCount && diskCount.sum > 0) {
    add('tmp-table-on-disk', 'warning', 'Temporary tables on disk', `${diskCount.sum} on-disk temporary tables over ${c.count} executions.`);
  }
  const fsDisk = c.bools.Filesort_on_disk;
  if (fsDisk && fsDisk.pctYes >= t.minShare) {
    add('filesort-on-disk', 'info', 'Sorts spill to disk', `${pct(fsDisk.pctYes)} of executions sorted on disk.`);
  }
  if (c.nPlusOne) {
    const caller = c.nPlusOne.callers[0];
    add(
      'n-plus-one',
      c.nPlusOne.maxRun >= 50 ? 'critical' : 'warning',
      'N+1 query pattern',
      `${c.nPlusOne.runs} runs of this statement repeated on one connection (longest ${c.nPlusOne.maxRun}, ${c.nPlusOne.repeats} executions in runs)${caller && caller.fingerprint ? `, usually right after: ${caller.fingerprint}` : ''}. Fetch the rows in one query (IN list or JOIN).`,
    );
  }
  return out;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function round(x: number): string {
  return x >= 10 ? String(Math.round(x)) : x.toFixed(1);
}
