/**
 * The scratch database a backup is restored into to verify it, as a plan: `create` makes an
 * empty `dbw_bk_<random>` (refused if it exists, so a verification never loads into a database
 * that holds anything), `drop` removes it after the comparison, whatever the outcome. The load
 * between the two is the dump tool's own client (mariadb or myloader) writing only into it.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import { quoteIdent } from '../../../shared/sql-quote';
import type { SqlReader } from '../../connections/sql-reader';
import { makePlan } from '../../engines/plan/make-plan';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'backup-scratch'>;

async function exists(reader: SqlReader, name: string): Promise<boolean> {
  const [row] = await reader.query<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
  return Number(row?.n ?? 0) > 0;
}

/** The backup-scratch planner. */
export const backupScratchPlanner: Planner<Params> = {
  async derive(params, reader) {
    const name = quoteIdent(params.scratch);
    const drop = `DROP DATABASE IF EXISTS ${name}`;
    if (params.action === 'create' && (await exists(reader, params.scratch)))
      throw new AppError('BAD_INPUT', `A database named ${params.scratch} already exists; a verification restores only into a new one.`);
    const plan = makePlan({
      planner: 'backup-scratch',
      title: params.action === 'create' ? `Create ${params.scratch} to restore a backup into` : `Drop the verification's scratch database ${params.scratch}`,
      steps: [
        params.action === 'create'
          ? {
              id: 'create',
              kind: 'DDL',
              sql: `CREATE DATABASE ${name}`,
              description: 'An empty database the backup is restored into, compared with its manifest, then dropped.',
              risk: 'low',
              estimate: 'new empty database; no existing data is touched',
              rollback: drop,
            }
          : {
              id: 'drop',
              kind: 'DDL',
              sql: drop,
              description: 'Remove the restored copy once it has been compared.',
              risk: 'low',
              estimate: 'drops only the scratch copy',
              rollback: null,
            },
      ],
      notes: [`${params.scratch} holds only the restored copy of a backup; nothing else is read or written.`],
    });
    return { plan, touches: [{ stepId: params.action, touches: params.scratch, details: {} }] };
  },
  async measure(params, reader): Promise<Measurement> {
    return {
      at: new Date().toISOString(),
      metrics: [{ key: 'scratch', label: 'Scratch database exists', value: (await exists(reader, params.scratch)) ? 1 : 0 }],
    };
  },
};
