/**
 * Partition rotation as a plan: reads the table's partitions (exact row counts where cheap),
 * derives the rotation with the pure engine as of the server's date (or the request's), and
 * measures partitions and catch-all rows so verify shows what changed.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import { collectPartitions } from '../../connections/collectors/partitions.collector';
import type { SqlReader } from '../../connections/sql-reader';
import { makePlan } from '../../engines/plan/make-plan';
import { dateScheme, parseRetention, planRotation, type RotationPlan } from '../../engines/partitions/rotation';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'partition-rotate'>;

/** Today on the server (YYYY-MM-DD), so a rotation follows the server's calendar, not the client's. */
export async function serverDate(reader: SqlReader): Promise<string> {
  const [row] = await reader.query<{ d: string }>('SELECT CAST(CURRENT_DATE() AS CHAR) AS d');
  return String(row?.d ?? new Date().toISOString().slice(0, 10));
}

/** Collects and derives a rotation (shared by the planner and the panel's timeline). */
export async function deriveRotation(reader: SqlReader, params: Params): Promise<RotationPlan> {
  const { method, expression, partitions } = await collectPartitions(reader, params.schema, params.table);
  if (partitions.length === 0)
    throw new AppError('BAD_INPUT', `${params.schema}.${params.table} is not partitioned: convert it first (partition check gives the ALTER).`);
  const scheme = dateScheme(method, expression);
  if (!scheme)
    throw new AppError(
      'BAD_INPUT',
      `${params.schema}.${params.table} is partitioned by ${method} (${expression ?? ''}), not by a date: rotation works on RANGE COLUMNS(date) or RANGE on TO_DAYS/TO_SECONDS/UNIX_TIMESTAMP.`,
    );
  try {
    return planRotation({
      schema: params.schema,
      table: params.table,
      scheme,
      partitions,
      asOf: params.asOf ?? (await serverDate(reader)),
      retention: parseRetention(params.retention),
      premake: params.premake,
      archive: params.archive,
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('BAD_INPUT', e instanceof Error ? e.message : String(e));
  }
}

/** The partition-rotate planner. */
export const partitionRotatePlanner: Planner<Params> = {
  async derive(params, reader) {
    const r = await deriveRotation(reader, params);
    const adds = r.steps.filter((s) => s.id.startsWith('premake')).length;
    const drops = r.steps.filter((s) => s.id.startsWith('drop:')).length;
    const plan = makePlan({
      planner: 'partition-rotate',
      title: `Rotate ${params.schema}.${params.table}: ${adds ? 'premake future partitions' : 'no new partitions'}, ${drops} past retention`,
      steps: r.steps,
      notes: [...r.alerts, ...r.notes],
    });
    return { plan, touches: r.touches };
  },
  async measure(params, reader): Promise<Measurement> {
    const { partitions } = await collectPartitions(reader, params.schema, params.table);
    const last = partitions[partitions.length - 1];
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: 'partitions', label: 'Partitions', value: partitions.length },
        { key: 'names', label: 'Partition names', value: partitions.map((p) => p.name).join(', ') },
        { key: 'rows', label: 'Rows', value: partitions.reduce((s, p) => s + p.rows, 0) },
        { key: 'catchAllRows', label: 'Rows in the catch-all', value: last && /^MAXVALUE$/i.test(last.description ?? '') ? last.rows : null },
      ],
    };
  },
};
