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
  // A write returns no rows: what it examines is judged against the rows it changed.
  const write = isWrite(c.fingerprint);
  const produced = write ? c.metrics.Rows_affected : c.metrics.Rows_sent;
  if (ex && produced && ex.avg >= t.minExamined) {
    const ratio = ex.sum / Math.max(1, produced.sum);
    if (ratio >= t.examinedPerSent) {
      add(
        'rows-examined-ratio',
        ratio >= t.examinedPerSent * 10 ? 'critical' : 'warning',
        write ? 'Examines far more rows than it changes' : 'Examines far more rows than it returns',
        `${Math.round(ex.avg)} rows examined per execution for ${round(produced.avg)} ${write ? 'affected' : 'sent'} (${Math.round(ratio)}:1); an index on the filtered columns may help.`,
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
  // A loop of multi-row INSERTs is a bulk load, already batched: not an N+1 pattern.
  const insert = /^\s*(insert|replace)\b/i.test(c.fingerprint);
  if (c.nPlusOne && !(insert && insertsManyRows(c))) {
    const caller = c.nPlusOne.callers[0];
    add(
      'n-plus-one',
      c.nPlusOne.maxRun >= 50 ? 'critical' : 'warning',
      insert ? 'Row-at-a-time inserts' : 'N+1 query pattern',
      `${c.nPlusOne.runs} runs of this statement repeated on one connection (longest ${c.nPlusOne.maxRun}, ${c.nPlusOne.repeats} executions in runs)${caller && caller.fingerprint ? `, usually right after: ${caller.fingerprint}` : ''}. ${insert ? 'Insert the rows in one multi-row INSERT (or LOAD DATA) per batch.' : 'Fetch the rows in one query (IN list or JOIN).'}`,
    );
  }
  return out;
}

/** Statements that change rows (and so send none back). */
function isWrite(fingerprint: string): boolean {
  return /^\s*(insert|update|delete|replace)\b/i.test(fingerprint);
}

/**
 * An INSERT/REPLACE class that writes several rows a statement: pt's fingerprint folds every
 * VALUES list into `values(?+)`, so the rows it affected (MariaDB logs them) or its sample's
 * tuples tell a bulk load from a row-at-a-time loop.
 */
function insertsManyRows(c: ClassView): boolean {
  if ((c.metrics.Rows_affected?.avg ?? 0) > 1) return true;
  return /\bvalues\s*\([^)]*\)\s*,\s*\(/i.test(c.sample?.text ?? '');
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function round(x: number): string {
  return x >= 10 ? String(Math.round(x)) : x.toFixed(1);
}
