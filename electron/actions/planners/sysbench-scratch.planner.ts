/**
 * The sysbench scratch planner: derives the create/drop plan of a run's scratch database and
 * account (electron/engines/sysbench/scratch-plan.ts) and measures whether they exist. A create is
 * refused when the name is taken, so a run never writes into a database that holds anything.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import { collectScratchState } from '../../connections/collectors/sysbench.collector';
import { planSysbenchScratch } from '../../engines/sysbench/scratch-plan';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'sysbench-scratch'>;

/** The sysbench-scratch planner. */
export const sysbenchScratchPlanner: Planner<Params> = {
  async derive(params, reader) {
    if (params.action === 'create') {
      const state = await collectScratchState(reader, params.scratch);
      if (state.database || state.account)
        throw new AppError('BAD_INPUT', `${params.scratch} already exists (database or account); a sysbench run writes only into a new one.`);
      if (!params.password) throw new AppError('BAD_INPUT', 'Creating the scratch account needs its generated password');
      return planSysbenchScratch(params);
    }
    const state = await collectScratchState(reader, params.scratch);
    return planSysbenchScratch({ ...params, exists: { database: state.database, account: state.account } });
  },
  async measure(params, reader): Promise<Measurement> {
    const state = await collectScratchState(reader, params.scratch);
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: 'database', label: 'Scratch database exists', value: state.database ? 1 : 0 },
        { key: 'account', label: 'Scratch account exists', value: state.account === null ? null : state.account ? 1 : 0 },
        { key: 'tables', label: 'Tables in the scratch database', value: state.tables },
      ],
    };
  },
};
