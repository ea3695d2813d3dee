/** Index advisor handlers: the bundled example, advise (collect → engine) and verify (EXPLAIN and time, before/after). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { advisorContract } from '../../../shared/contract/advisor.calls';
import type { Handlers } from '../../dispatch/dispatcher';
import type { ServiceDeps } from '../service-deps';
import { runAdvise } from './advisor-advise';
import { runVerify } from './advisor-verify';
import { findAssetsDir } from '../slow-log/slow-log.service';

/** The co-writing example files in the demo assets (the slow-log demo reads its schema from there too). */
const EXAMPLE = { schemaSql: 'cowrite-schema.sql', workloadSql: 'cowrite-workload.sql', seedIndexesSql: 'cowrite-seed-indexes.sql' } as const;

/** Handlers for the advisor calls. */
export function advisorHandlers(deps: Pick<ServiceDeps, 'connections'> & { assetsDir?: string }): Handlers<typeof advisorContract> {
  return {
    'advisor.example': async () => {
      const dir = join(deps.assetsDir ?? findAssetsDir(), 'demo');
      const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
      return { schemaSql: read(EXAMPLE.schemaSql), workloadSql: read(EXAMPLE.workloadSql), seedIndexesSql: read(EXAMPLE.seedIndexesSql) };
    },
    'advisor.advise': (input, ctx) => runAdvise(input, deps.connections, ctx),
    'advisor.verify': (input, ctx) => runVerify(input, deps.connections, ctx),
  };
}
