/**
 * The scratch database and account a sysbench run writes into, as a plan (pure): `create` makes
 * `dbw_sb_<random>` and an account of the same name allowed only on it (sysbench connects as that
 * account, so the connection's own password never reaches sysbench, and performance_schema counts
 * the run's statements apart from every other client); `drop` removes both after sysbench's cleanup.
 */
import type { SysbenchSpec } from '../../../shared/contract/sysbench';
import type { Plan } from '../../../shared/contract/plan';
import { fmtBytes } from '../../../shared/format-bytes';
import { quoteIdent, quoteString } from '../../../shared/sql-quote';
import type { StepTouch } from '../maintenance/analyze-table.plan';
import { makePlan, type PlanDraft } from '../plan/make-plan';
import { estimatePreparedBytes } from './args';

/** What the plan is derived from. */
export interface SysbenchScratchParams {
  scratch: string;
  action: 'create' | 'drop';
  password?: string;
  spec: SysbenchSpec;
  /** For a drop: what exists now (a create that failed half-way may have made only the database). */
  exists?: { database: boolean; account: boolean | null };
}

/** The account sysbench connects as: the scratch name, from any host (sysbench may reach the server over any interface). */
export function scratchAccount(scratch: string): string {
  return `${quoteString(scratch)}@'%'`;
}

/** The plan for one action. */
export function planSysbenchScratch(p: SysbenchScratchParams): { plan: Plan; touches: StepTouch[] } {
  const db = quoteIdent(p.scratch);
  const account = scratchAccount(p.scratch);
  const { spec } = p;
  const bytes = estimatePreparedBytes(spec);
  const prepared = `sysbench prepare then creates ${spec.tables} table(s) sbtest1…sbtest${spec.tables} of ${spec.tableSize} row(s) each (about ${fmtBytes(bytes)})`;
  if (p.action === 'create') {
    if (!p.password) throw new Error('create needs the scratch account password');
    const plan = makePlan({
      planner: 'sysbench-scratch',
      title: `Create ${p.scratch} and its account for a ${spec.workload} run`,
      steps: [
        {
          id: 'database',
          kind: 'DDL',
          sql: `CREATE DATABASE ${db}`,
          description: `An empty database only this run writes into; ${prepared}.`,
          risk: 'low',
          estimate: `new database; about ${fmtBytes(bytes)} once prepared; no existing data is touched`,
          rollback: `DROP DATABASE IF EXISTS ${db}`,
        },
        {
          id: 'account',
          kind: 'ADMIN',
          sql: `CREATE USER ${account} IDENTIFIED BY ${quoteString(p.password)}`,
          description: 'The account sysbench connects as, with a random password passed to it in a 0600 option file.',
          risk: 'low',
          estimate: 'one row in mysql.user',
          rollback: `DROP USER IF EXISTS ${account}`,
        },
        {
          id: 'grant',
          kind: 'ADMIN',
          sql: `GRANT ALL PRIVILEGES ON ${db}.* TO ${account}`,
          description: `Allows the account ${p.scratch} and nothing else.`,
          risk: 'low',
          estimate: 'privileges on the scratch database only',
          rollback: `REVOKE ALL PRIVILEGES ON ${db}.* FROM ${account}`,
        },
      ],
      notes: [
        `${prepared}, runs ${spec.workload} for ${spec.timeSec} s on ${spec.threads} thread(s), runs sysbench cleanup, then drops ${p.scratch} and its account.`,
        'Nothing outside the scratch database is read or written by sysbench.',
      ],
    });
    return {
      plan,
      touches: [
        { stepId: 'database', touches: p.scratch, details: { tables: spec.tables, rowsPerTable: spec.tableSize, estimatedBytes: bytes } },
        { stepId: 'account', touches: `${p.scratch}@%`, details: {} },
        { stepId: 'grant', touches: `${p.scratch}.*`, details: {} },
      ],
    };
  }
  // Only what exists is dropped: DROP USER needs a privilege the run may not have had, and a
  // refused step would stop the plan before the database goes.
  const dropAccount = p.exists?.account !== false;
  const dropDatabase = p.exists?.database !== false;
  const steps: PlanDraft['steps'] = [];
  if (dropAccount)
    steps.push({
      id: 'account',
      kind: 'ADMIN',
      sql: `DROP USER IF EXISTS ${account}`,
      description: 'The run is over: its account goes first, so nothing can connect as it again.',
      risk: 'low',
      estimate: 'one row in mysql.user',
      rollback: null,
    });
  if (dropDatabase)
    steps.push({
      id: 'database',
      kind: 'DDL',
      sql: `DROP DATABASE IF EXISTS ${db}`,
      description: 'Removes whatever sysbench cleanup left in the scratch database.',
      risk: 'low',
      estimate: 'drops only the scratch database',
      rollback: null,
    });
  const plan = makePlan({
    planner: 'sysbench-scratch',
    title: `Drop ${p.scratch} and its account after the ${spec.workload} run`,
    steps,
    notes: [`${p.scratch} held only sysbench's own tables.`],
  });
  return {
    plan,
    touches: steps.map((st) => ({ stepId: st.id, touches: st.id === 'account' ? `${p.scratch}@%` : p.scratch, details: {} })),
  };
}
