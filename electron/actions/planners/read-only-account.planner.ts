/**
 * The read-only account planner: refuses an account that exists already (the plan would fail at
 * CREATE USER), derives CREATE USER + GRANT with the pure engine, and measures whether the account
 * exists and what SHOW GRANTS says, so verify shows exactly the privileges it got.
 */
import type { Measurement } from '../../../shared/contract/actions';
import { AppError } from '../../../shared/contract/core';
import type { SqlReader } from '../../connections/sql-reader';
import { accountName, planReadOnlyAccount } from '../../engines/access/read-only-account.plan';
import type { ParamsOf, Planner } from '../planner';

type Params = ParamsOf<'read-only-account'>;

async function exists(reader: SqlReader, params: Params): Promise<boolean> {
  const [row] = await reader.query<{ n: number }>('SELECT COUNT(*) AS n FROM mysql.user WHERE User = ? AND Host = ?', [params.user, params.host]);
  return Number(row?.n ?? 0) > 0;
}

/** The read-only-account planner. */
export const readOnlyAccountPlanner: Planner<Params> = {
  async derive(params, reader, flavor) {
    if (flavor.product === 'redis') throw new AppError('UNSUPPORTED', 'Read-only accounts are planned for MySQL and MariaDB servers');
    if (await exists(reader, params)) throw new AppError('BAD_INPUT', `The account ${params.user}@${params.host} exists already: pick another name.`);
    return planReadOnlyAccount(params, flavor);
  },
  async measure(params, reader): Promise<Measurement> {
    const present = await exists(reader, params);
    const grants = present ? await reader.query<Record<string, string>>(`SHOW GRANTS FOR ${accountName(params)}`) : [];
    return {
      at: new Date().toISOString(),
      metrics: [
        { key: 'account', label: `Account ${params.user}@${params.host}`, value: present ? 'exists' : 'absent' },
        {
          key: 'grants',
          label: 'Grants',
          // SHOW GRANTS shows the password hash on MariaDB: keep the privileges only.
          value: grants.map((g) => String(Object.values(g)[0] ?? '').replace(/ IDENTIFIED BY .*$/, '')).join('; ') || null,
        },
      ],
    };
  },
};
