/**
 * Converting a table to partitions (or changing its scheme) as a plan: the statement is first
 * preflighted against the table's live definition and refused when the server would refuse it;
 * the plan says how long the copy takes from the table's size and the rate the server just read
 * it at, gives the pt-online-schema-change (and, on MySQL, gh-ost) command for tables too big to
 * lock, and rolls back with REMOVE PARTITIONING plus the keys the statement changed.
 * https://dev.mysql.com/doc/refman/8.4/en/alter-table-partition-operations.html
 */
import type { Measurement } from '../../../shared/contract/actions';
import type { Flavor } from '../../../shared/contract/connections';
import { AppError } from '../../../shared/contract/core';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { collectPartitionTables } from '../../connections/collectors/partitions.collector';
import { collectTableStats } from '../../connections/collectors/table-stats.collector';
import { collectTableChecksum } from '../../connections/collectors/write-safety.collector';
import type { SqlReader } from '../../connections/sql-reader';
import { dialectOfFlavor } from '../../engines/flavor/dialect';
import { conversionEstimate, onlineSchemaChangeCommands } from '../../engines/partitions/convert';
import { readPartitionStatement } from '../../engines/partitions/partition-ddl';
import { preflight } from '../../engines/partitions/preflight';
import { makePlan } from '../../engines/plan/make-plan';
import type { ParamsOf, Planner } from '../planner';
import { serverDate } from './partition-rotate.planner';

type Params = ParamsOf<'partition-convert'>;

/** Bytes per millisecond the server reads the table at: a timed full read of a bounded sample. */
async function readRate(reader: SqlReader, schema: string, table: string, avgRowBytes: number): Promise<number | null> {
  const t0 = performance.now();
  const [row] = await reader.query<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT * FROM ${quoteQualified(schema, table)} LIMIT 20000) AS s`);
  const ms = performance.now() - t0;
  const n = Number(row?.n ?? 0);
  return n > 0 && ms > 0 ? (n * avgRowBytes) / ms : null;
}

async function derive(params: Params, reader: SqlReader, flavor: Flavor) {
  const features = dialectOfFlavor(flavor);
  const parsed = readPartitionStatement(params.ddl);
  if (parsed.kind !== 'partition-by' && parsed.kind !== 'remove-partitioning')
    throw new AppError('BAD_INPUT', 'A conversion runs one ALTER TABLE … PARTITION BY (or REMOVE PARTITIONING) statement.');
  if (parsed.table.toLowerCase() !== params.table.toLowerCase() || (parsed.db && parsed.db !== params.schema))
    throw new AppError('BAD_INPUT', `The statement alters ${parsed.db ? `${parsed.db}.` : ''}${parsed.table}, not ${params.schema}.${params.table}.`);
  const tables = await collectPartitionTables(reader, params.schema, [params.table], flavor);
  const live = tables.get(params.table.toLowerCase());
  if (!live) throw new AppError('NOT_FOUND', `No table ${params.schema}.${params.table}`);
  const [check] = preflight({ script: params.ddl, tables, family: features.family, facts: features.partitioning, asOf: await serverDate(reader) });
  const errors = check?.findings.filter((f) => f.severity === 'error') ?? [];
  if (errors.length)
    throw new AppError('BAD_INPUT', `The server would refuse this statement: ERROR ${errors[0]!.errno}: ${errors[0]!.message}`, {
      findings: errors,
      fix: check?.fix ?? null,
    });
  const [stats] = await collectTableStats(reader, [{ schema: params.schema, table: params.table }]);
  const bytes = (stats?.dataBytes ?? 0) + (stats?.indexBytes ?? 0);
  const rows = stats?.rows ?? 0;
  const rate = await readRate(reader, params.schema, params.table, rows > 0 ? (stats?.dataBytes ?? 0) / rows : 0);
  const estimate = conversionEstimate({ bytes, rows, readBytesPerMs: rate, family: features.family });
  const [host] = await reader.query<{ h: string; p: number }>('SELECT @@hostname AS h, @@port AS p');
  const clause = params.ddl.replace(/^\s*ALTER\s+(?:ONLINE\s+|IGNORE\s+)?TABLE\s+(?:`[^`]+`|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|[\w$]+))?\s*/i, '').trim();
  const target = quoteQualified(params.schema, params.table);
  // Rollback: back to one partition, and the keys the statement changed back to what they were.
  const restore: string[] = [];
  if (parsed.kind === 'partition-by') {
    for (const c of parsed.keyChanges) {
      if (c.op === 'add') restore.push(c.primary ? 'DROP PRIMARY KEY' : `DROP INDEX ${quoteIdent(c.name)}`);
    }
    for (const c of parsed.keyChanges) {
      const was =
        c.op === 'drop-primary'
          ? live.table.indexes.find((i) => i.primary)
          : c.op === 'drop-index'
            ? live.table.indexes.find((i) => i.name.toLowerCase() === c.name.toLowerCase())
            : undefined;
      if (!was) continue;
      const cols = was.columns.map((k) => `${quoteIdent(k.name)}${k.subPart ? `(${k.subPart})` : ''}`).join(', ');
      restore.push(was.primary ? `ADD PRIMARY KEY (${cols})` : `ADD ${was.unique ? 'UNIQUE ' : ''}KEY ${quoteIdent(was.name)} (${cols})`);
    }
  }
  // A table that was partitioned before has no one-statement way back to its old scheme here.
  const rollback =
    parsed.kind === 'remove-partitioning' || live.partitioning
      ? null
      : `ALTER TABLE ${target} ${restore.join(', ')}${restore.length ? ' ' : ''}REMOVE PARTITIONING`;
  const step = {
    id: 'convert',
    kind: 'DDL' as const,
    sql: `ALTER TABLE ${target} ${clause}`,
    description: `Rebuild ${params.schema}.${params.table} with the new partitioning (preflight passed on ${flavor.label}).`,
    risk: estimate.big ? ('high' as const) : ('medium' as const),
    estimate: estimate.text,
    rollback,
    needsRestart: false,
  };
  const notes = [
    ...(check?.findings.filter((f) => f.severity !== 'error').map((f) => f.message) ?? []),
    ...onlineSchemaChangeCommands({
      host: String(host?.h ?? '127.0.0.1'),
      port: Number(host?.p ?? 3306),
      schema: params.schema,
      table: params.table,
      alter: clause,
      family: features.family,
    }),
  ];
  const plan = makePlan({ planner: 'partition-convert', title: `Partition ${params.schema}.${params.table}`, steps: [step], notes });
  return { plan, touches: [{ stepId: 'convert', touches: `${params.schema}.${params.table}`, details: { rows, bytes, copyEstimate: estimate.text } }] };
}

/** The partition-convert planner. */
export const partitionConvertPlanner: Planner<Params> = {
  derive,
  async measure(params, reader): Promise<Measurement> {
    const sum = await collectTableChecksum(reader, params.schema, params.table);
    const [parts] = await reader.query<{ n: number }>(
      'SELECT COUNT(PARTITION_NAME) AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [params.schema, params.table],
    );
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: 'rows', label: 'Rows', value: sum.rows },
        { key: 'checksum', label: 'Content checksum (BIT_XOR of row CRC32)', value: sum.checksum },
        { key: 'partitions', label: 'Partitions', value: Number(parts?.n ?? 0) },
      ],
    };
  },
};
