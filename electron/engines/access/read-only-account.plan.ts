/**
 * The plan that creates a dedicated read-only account: the strongest layer of the read-only
 * promise, because a server refuses a write from an account without write privileges whatever the
 * statement, the function it calls or the comment it hides in. The account gets what the app reads:
 * SELECT (data, information_schema, mysql.func), PROCESS (the process list, InnoDB status),
 * SHOW VIEW (view definitions, for the read guard's view check) and the replication monitor
 * privileges; never FILE (INTO OUTFILE, LOAD_FILE), SUPER, or any write privilege.
 */
import type { Flavor } from '../../../shared/contract/connections';
import type { Plan } from '../../../shared/contract/plan';
import type { ReadOnlyAccountParams } from '../../../shared/contract/read-only-account';
import { quoteString } from '../../../shared/sql-quote';
import type { StepTouch } from '../maintenance/analyze-table.plan';
import { makePlan } from '../plan/make-plan';

/**
 * The grants per server product, with where each is documented:
 * - MySQL: REPLICATION CLIENT allows SHOW REPLICA/BINARY LOG STATUS.
 *   https://dev.mysql.com/doc/refman/8.4/en/privileges-provided.html
 * - MariaDB 10.5+: REPLICATION CLIENT is an alias of BINLOG MONITOR (SHOW BINLOG STATUS), and
 *   SHOW REPLICA STATUS needs SLAVE MONITOR since 10.5.9 (measured on 10.11: refused without it).
 *   https://mariadb.com/kb/en/grant/#global-privileges
 */
export const READ_ONLY_GRANTS: Readonly<Record<Flavor['product'], readonly string[]>> = {
  mysql: ['SELECT', 'PROCESS', 'SHOW VIEW', 'REPLICATION CLIENT'],
  percona: ['SELECT', 'PROCESS', 'SHOW VIEW', 'REPLICATION CLIENT'],
  mariadb: ['SELECT', 'PROCESS', 'SHOW VIEW', 'REPLICATION CLIENT', 'SLAVE MONITOR'],
  redis: [],
};

/** `'user'@'host'` as account statements write it. */
export function accountName(params: Pick<ReadOnlyAccountParams, 'user' | 'host'>): string {
  return `${quoteString(params.user)}@${quoteString(params.host)}`;
}

/** The plan: CREATE USER, then GRANT; each step says how to undo it (pure). */
export function planReadOnlyAccount(params: ReadOnlyAccountParams, flavor: Flavor): { plan: Plan; touches: StepTouch[] } {
  const account = accountName(params);
  const grants = READ_ONLY_GRANTS[flavor.product];
  const plan = makePlan({
    planner: 'read-only-account',
    title: `Create the read-only account ${params.user}@${params.host}`,
    steps: [
      {
        id: 'create-user',
        kind: 'ADMIN',
        // The server's default authentication plugin: caching_sha2_password on MySQL 9 (which has no
        // mysql_native_password), mysql_native_password on MariaDB.
        sql: `CREATE USER ${account} IDENTIFIED BY ${quoteString(params.password)}`,
        description: `A new account for read-only connections (${flavor.label}'s default authentication).`,
        risk: 'low',
        estimate: 'one row in mysql.user; no lock on application tables',
        rollback: `DROP USER ${account}`,
      },
      {
        id: 'grant',
        kind: 'ADMIN',
        sql: `GRANT ${grants.join(', ')} ON *.* TO ${account}`,
        description: 'Reads only: no INSERT/UPDATE/DELETE/CREATE/DROP/ALTER, no FILE (INTO OUTFILE), no SUPER (SET GLOBAL), no EXECUTE.',
        risk: 'low',
        estimate: 'privilege tables only',
        rollback: `REVOKE ${grants.join(', ')} ON *.* FROM ${account}`,
      },
    ],
    notes: [
      'Save a connection with this account for production servers: the server then refuses any write on it, whatever the statement.',
      'Without EXECUTE the account cannot call stored functions; views that call them still run with their definer’s rights (the app’s read guard refuses those that may write).',
    ],
  });
  return {
    plan,
    touches: [
      { stepId: 'create-user', touches: `account ${params.user}@${params.host}`, details: { user: params.user, host: params.host } },
      { stepId: 'grant', touches: `global privileges of ${params.user}@${params.host}`, details: { privileges: grants.join(', ') } },
    ],
  };
}
