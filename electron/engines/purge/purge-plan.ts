/**
 * The purge as a plan the executor previews and hashes: the checkpoint table, the archive table
 * when rows are archived, and the chunk statements repeated until no row matches. The hash covers
 * the table, key, condition, chunk size and archive target, so a run refuses a job that changed
 * since its dry run; the row count is not hashed, since rows keep expiring between the two.
 */
import type { Measurement } from '../../../shared/contract/actions';
import type { Plan } from '../../../shared/contract/plan';
import type { PurgeDryRun, PurgeSpec } from '../../../shared/contract/purge';
import type { StepTouch } from '../maintenance/analyze-table.plan';
import { makePlan, type PlanDraft } from '../plan/make-plan';
import { archiveDdl, checkpointDdl, checkpointUpgradeDdl, chunkStatements, CHECKPOINT_TABLE, keyName, purgeJobId, type PurgeKey } from './purge-sql';

/** What the collector read for a purge. */
export interface PurgeSnapshot {
  key: PurgeKey;
  /** The table's exact row count is not needed; the estimate sizes the plan's wording. */
  tableRows: number;
  /** Rows matching the condition (after the checkpoint when resuming): an exact COUNT(*). */
  matching: number;
  /** The job's checkpoint when resuming, else null. */
  resumeAfter: string | null;
  /** The checkpoint table exists without the archive file's columns (created by an earlier version). */
  checkpointUpgrade: boolean;
  /** The archive file a run writes: the checkpoint's file and size when resuming it, else the template expanded now (null bytes). */
  archiveFile: { path: string; resumeBytes: number | null } | null;
}

/** Where a resumed run starts: the last committed key, the figures so far, and the archive file's committed size. */
export interface PurgeResume {
  lastKey: string;
  rows: number;
  chunks: number;
  file: { path: string; bytes: number } | null;
}

/** The plan, what its steps touch, and the dry run's figures. */
export function planPurge(spec: PurgeSpec, snap: PurgeSnapshot): { plan: Plan; touches: StepTouch[]; dryRun: PurgeDryRun } {
  const target = { schema: spec.schema, table: spec.table, where: spec.where, chunk: spec.chunk, key: snap.key, archive: spec.archive };
  const sql = chunkStatements(target);
  const keyCols = keyName(snap.key);
  const jobId = purgeJobId(spec.schema, spec.table, spec.where, keyCols);
  const chunks = Math.ceil(snap.matching / spec.chunk);
  const name = `${spec.schema}.${spec.table}`;
  const fileName = snap.archiveFile?.path ?? '';
  const steps: PlanDraft['steps'] = [
    {
      id: 'checkpoint-table',
      kind: 'DDL',
      sql: checkpointDdl(spec.schema),
      description: `Keep the job's checkpoint in ${spec.schema}.${CHECKPOINT_TABLE}, written in each chunk's transaction so a killed run resumes after its last committed chunk.`,
      risk: 'low',
      estimate: 'creates a one-row-per-job table when missing',
      rollback: null,
    },
  ];
  if (snap.checkpointUpgrade) {
    steps.push({
      id: 'checkpoint-upgrade',
      kind: 'DDL',
      sql: checkpointUpgradeDdl(spec.schema),
      description: `Add the archive file's name and committed size to ${spec.schema}.${CHECKPOINT_TABLE} (created before purges could archive to a file).`,
      risk: 'low',
      estimate: 'adds two NULL columns to a small table',
      rollback: null,
    });
  }
  const archive = archiveDdl(target);
  if (archive && spec.archive.kind === 'table') {
    steps.push({
      id: 'archive-table',
      kind: 'DDL',
      sql: archive,
      description: `Archive deleted rows into ${spec.archive.schema}.${spec.archive.table} (same structure as ${name}) in the same transaction as each DELETE.`,
      risk: 'low',
      estimate: 'creates the archive table when missing',
      rollback: null,
    });
  }
  steps.push({
    id: 'chunks',
    kind: 'DML',
    sql: [sql.bound.next, ...(sql.archive ? [sql.archive.next] : []), ...(sql.fetch ? [sql.fetch.next] : []), sql.remove.next, sql.checkpoint].join(';\n'),
    description: `Repeated per chunk: find the ${spec.chunk}-th matching ${snap.key.parts.length > 1 ? `(${keyCols})` : keyCols} past the last one, then in one transaction ${sql.archive ? 'copy, ' : ''}${sql.fetch ? `read and lock the rows, append them to ${fileName} and fsync, ` : ''}delete that key range and move the checkpoint${sql.fetch ? ' (with the file size)' : ''}; commit.`,
    risk: snap.matching > 1_000_000 ? 'medium' : 'low',
    estimate: `${snap.matching.toLocaleString('en-US')} of ~${snap.tableRows.toLocaleString('en-US')} rows in ${chunks.toLocaleString('en-US')} transaction${chunks === 1 ? '' : 's'} of at most ${spec.chunk}; row locks on one chunk at a time`,
    rollback: sql.archive
      ? `INSERT INTO … SELECT * FROM the archive table (rows are kept there)`
      : sql.fetch && spec.archive.kind === 'file'
        ? spec.archive.format === 'tsv'
          ? `LOAD DATA LOCAL INFILE '${fileName}' INTO TABLE ${name} (rows are kept in the file)`
          : `load ${fileName} back into ${name} (rows are kept in the file)`
        : null,
  });
  const plan = makePlan({
    planner: 'purge',
    title: `Purge ${name} where ${spec.where.length > 80 ? `${spec.where.slice(0, 77)}…` : spec.where}`,
    steps,
    notes: [
      `Gates: sleep ${spec.sleepMs} ms + ${spec.sleepCoef} × chunk time; wait while a replica lags > ${spec.maxLagSeconds} s (${spec.replicas.length} checked) or Threads_running > ${spec.pauseThreadsRunning}; stop at Threads_running ≥ ${spec.abortThreadsRunning}.`,
      sql.archive
        ? 'Deleted rows are copied to the archive table first, in the same transaction.'
        : sql.fetch && spec.archive.kind === 'file'
          ? `Deleted rows are appended to ${fileName} (${spec.archive.format}) and fsync'd before each chunk commits; the checkpoint records the file's size, so a resumed run cuts off rows of a chunk that never committed.`
          : 'Deleted rows are not kept: without an archive the purge cannot be undone.',
    ],
  });
  const chunkSql = [
    'START TRANSACTION',
    ...(sql.archive ? [sql.archive.next] : []),
    ...(sql.fetch ? [sql.fetch.next] : []),
    sql.remove.next,
    sql.checkpoint,
    'COMMIT',
  ];
  // The preview carries the dry run's figures (purgePreviewOf reads them back for the Purge tab).
  const touches: StepTouch[] = [
    {
      stepId: 'chunks',
      touches: name,
      details: {
        rows: snap.matching,
        chunks,
        tableRows: snap.tableRows,
        key: keyCols,
        resumeAfter: snap.resumeAfter,
        jobId,
        archiveFile: snap.archiveFile?.path ?? null,
        chunkSql: chunkSql.join(';\n'),
        boundSql: sql.bound.next,
      },
    },
  ];
  const dryRun: PurgeDryRun = {
    jobId,
    rows: snap.matching,
    chunks,
    tableRows: snap.tableRows,
    keyColumn: keyCols,
    keyColumns: snap.key.parts.map((p) => p.column),
    archiveFile: snap.archiveFile?.path ?? null,
    resumeAfter: snap.resumeAfter,
    chunkSql,
    planHash: plan.hash,
    notes: [
      `Counted with SELECT COUNT(*) … WHERE ${snap.resumeAfter ? `(${keyCols}) > ${snap.resumeAfter} AND ` : ''}(condition) through a read-only session: nothing was written.`,
      `Each chunk first runs: ${sql.bound.next}`,
    ],
  };
  return { plan, touches, dryRun };
}

/** What verify compares: the rows still matching, and the table's rows. */
export function measurePurge(snap: PurgeSnapshot, at: string): Measurement {
  return {
    at,
    metrics: [
      { key: 'matching', label: 'Rows matching the condition', value: snap.matching },
      { key: 'tableRows', label: 'Rows in the table (estimate)', value: snap.tableRows },
    ],
  };
}
