/**
 * The pruning check's scratch copy as a plan: a proposed partitioning can only be EXPLAINed on a
 * table that has it, and the real table must not change, so `create` builds a throwaway database
 * `dbw_scratch_<random>` holding the table's structure with the design applied and a bounded
 * random sample of its rows; `drop` removes it (and is every `create` step's rollback).
 * https://dev.mysql.com/doc/refman/8.4/en/partitioning-pruning.html
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { collectTableStats } from '../../connections/collectors/table-stats.collector';
import type { SqlReader } from '../../connections/sql-reader';
import { readPartitionStatement } from '../../engines/partitions/partition-ddl';
import { makePlan } from '../../engines/plan/make-plan';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'partition-scratch'>;

/** The clause after `ALTER TABLE name` (key changes and PARTITION BY), to run on the copy instead. */
function alterClause(ddl: string): string {
  return ddl
    .replace(/^\s*ALTER\s+(?:ONLINE\s+|IGNORE\s+)?TABLE\s+(?:`[^`]+`|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|[\w$]+))?\s*/i, '')
    .replace(/;\s*$/, '')
    .trim();
}

/** Columns an INSERT … SELECT can write (generated columns compute themselves). */
async function storedColumns(reader: SqlReader, schema: string, table: string): Promise<string[]> {
  const rows = await reader.query<{ c: string; x: string | null }>(
    'SELECT COLUMN_NAME AS c, EXTRA AS x FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [schema, table],
  );
  return rows.filter((r) => !/GENERATED|VIRTUAL|PERSISTENT|STORED/i.test(String(r.x ?? ''))).map((r) => r.c);
}

async function derive(params: Params, reader: SqlReader) {
  const scratch = quoteIdent(params.scratch);
  const drop = `DROP DATABASE IF EXISTS ${scratch}`;
  if (params.action === 'drop') {
    const plan = makePlan({
      planner: 'partition-scratch',
      title: `Drop the pruning check's scratch database ${params.scratch}`,
      steps: [
        {
          id: 'drop',
          kind: 'DDL',
          sql: drop,
          description: `Remove the scratch copy of ${params.schema}.${params.table}.`,
          risk: 'low',
          estimate: 'drops only the scratch copy',
          rollback: null,
        },
      ],
    });
    return { plan, touches: [{ stepId: 'drop', touches: params.scratch, details: {} }] };
  }
  const parsed = readPartitionStatement(params.ddl);
  if (parsed.kind !== 'partition-by')
    throw new AppError('BAD_INPUT', 'The pruning check needs one ALTER TABLE … PARTITION BY statement (the proposed design).');
  if (parsed.table.toLowerCase() !== params.table.toLowerCase() || (parsed.db && parsed.db !== params.schema))
    throw new AppError('BAD_INPUT', `The statement alters ${parsed.db ? `${parsed.db}.` : ''}${parsed.table}, not ${params.schema}.${params.table}.`);
  const [exists] = await reader.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [params.scratch]);
  if (Number(exists?.n ?? 0) > 0) throw new AppError('BAD_INPUT', `A database named ${params.scratch} already exists; the check needs a new one.`);
  const [stats] = await collectTableStats(reader, [{ schema: params.schema, table: params.table }]);
  if (!stats) throw new AppError('NOT_FOUND', `No table ${params.schema}.${params.table}`);
  const cols = (await storedColumns(reader, params.schema, params.table)).map(quoteIdent).join(', ');
  const source = quoteQualified(params.schema, params.table);
  const copy = quoteQualified(params.scratch, params.table);
  const n = params.sampleRows;
  const step = (id: string, sql: string, description: string) => ({
    id,
    kind: 'DDL' as const,
    sql,
    description,
    risk: 'low' as const,
    estimate: 'scratch database only, no lock on the source table',
    rollback: drop,
  });
  const plan = makePlan({
    planner: 'partition-scratch',
    title: `Pruning check of ${params.schema}.${params.table} on a scratch copy`,
    steps: [
      step('scratch', `CREATE DATABASE ${scratch}`, `Create the scratch database ${params.scratch} (dropped after the check).`),
      step(
        'structure',
        `CREATE TABLE ${copy} LIKE ${source}`,
        `Copy the structure of ${params.schema}.${params.table}; ${params.schema}.${params.table} itself is not changed.`,
      ),
      step('design', `ALTER TABLE ${copy} ${alterClause(params.ddl)}`, 'Apply the proposed partitioning to the empty copy.'),
      {
        ...step(
          'sample',
          // IGNORE: rows outside every partition's range are skipped, as the design would refuse them.
          `INSERT IGNORE INTO ${copy} (${cols}) SELECT ${cols} FROM ${source} ORDER BY RAND() LIMIT ${n}`,
          `Copy a random sample of at most ${n} of its ~${stats.rows ?? 0} rows, so EXPLAIN sees real values.`,
        ),
        kind: 'DML' as const,
        estimate: `reads ${params.schema}.${params.table} once (about ${stats.rows ?? 0} rows)`,
      },
    ],
    notes: [
      `Creates the scratch database ${params.scratch}, copies the structure of ${params.schema}.${params.table} with the design applied and up to ${n} sampled rows, EXPLAINs each query there, then drops ${params.scratch}.`,
    ],
  });
  return {
    plan,
    touches: [{ stepId: 'sample', touches: `${params.scratch}.${params.table}`, details: { sourceRows: stats.rows ?? 0, sampleRows: n } }],
  };
}

/** The partition-scratch planner. */
export const partitionScratchPlanner: Planner<Params> = {
  derive,
  async measure(params, reader): Promise<Measurement> {
    const [db] = await reader.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [params.scratch]);
    const [parts] = await reader.query<{ n: number }>(
      'SELECT COUNT(PARTITION_NAME) AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [params.scratch, params.table],
    );
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: 'scratch', label: 'Scratch database exists', value: Number(db?.n ?? 0) },
        { key: 'partitions', label: 'Partitions of the scratch copy', value: Number(parts?.n ?? 0) },
      ],
    };
  },
};
