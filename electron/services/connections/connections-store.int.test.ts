/**
 * The read-only account box of the connections store (renderer connections.store) driven through
 * the real runtime on both SQL servers: the account's plan previewed (no user is created) → applied
 * with progress (the user exists with SELECT and no write privilege), a parameter change dropping
 * the plan, and an unconfirmed production apply that keeps the preview and says why. The account
 * is dropped afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useConnections } from '../../../renderer/src/features/connections/connections.store';
import { adminConnection, saveConnection, testRuntime } from '../../testing/harness';
import { installRuntimeClient } from '../../testing/renderer-client';
import { sqlServers } from '../../testing/servers';

const rt = testRuntime();
installRuntimeClient(rt);
afterAll(() => rt.close());

describe.each(sqlServers)('read-only account in the connections store on $label', (server) => {
  const user = `dbw_q_ro${process.pid % 100000}`;
  const host = '127.0.0.1';
  let connectionId = '';
  let productionId = '';
  const exists = async (): Promise<boolean> => {
    const admin = await adminConnection(server);
    try {
      const [rows] = await admin.query('SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?', [user, host]);
      return (rows as unknown[]).length > 0;
    } finally {
      await admin.end();
    }
  };
  beforeAll(async () => {
    connectionId = await saveConnection(rt, server, `Account ${server.label}`);
    productionId = await saveConnection(rt, server, `Account prod ${server.label}`, { production: true });
  });
  afterAll(async () => {
    useConnections.getState().closeAccount();
    const admin = await adminConnection(server);
    try {
      await admin.query(`DROP USER IF EXISTS '${user}'@'${host}', '${user}p'@'${host}'`);
    } finally {
      await admin.end();
    }
  });

  it('previews the account without creating it, applies it with progress, and drops the plan when a parameter changes', async () => {
    const c = useConnections.getState();
    c.openAccount(connectionId);
    c.editAccount({ user, host });
    await useConnections.getState().previewAccount();
    const previewed = useConnections.getState().account!.plan!;
    expect(previewed).toMatchObject({ busy: null, error: null, applied: null, request: { planner: 'read-only-account', params: { user, host } } });
    expect(previewed.preview!.plan.steps[0]!.sql).toMatch(new RegExp(`^CREATE USER '${user}'@'${host.replace(/\./g, '\\.')}'`));
    expect(await exists()).toBe(false);

    await useConnections.getState().applyAccount(undefined);
    const account = useConnections.getState().account!;
    expect(account.plan?.error).toBeNull();
    expect(account.plan?.applied?.stoppedAt).toBeNull();
    expect(account.progress).toBeNull();
    expect(await exists()).toBe(true);
    const admin = await adminConnection(server);
    try {
      const [grants] = await admin.query(`SHOW GRANTS FOR '${user}'@'${host}'`);
      const text = (grants as Array<Record<string, string>>).map((g) => Object.values(g)[0]).join('\n');
      expect(text).toMatch(/GRANT .*SELECT/);
      expect(text).not.toMatch(/INSERT|UPDATE|DELETE|SUPER|FILE/);
    } finally {
      await admin.end();
    }

    useConnections.getState().editAccount({ host: '%' });
    expect(useConnections.getState().account?.plan).toBeNull();
  });

  it('keeps the preview and shows the refusal when a production apply is not confirmed', async () => {
    const c = useConnections.getState();
    c.openAccount(productionId);
    c.editAccount({ user: `${user}p`, host });
    await useConnections.getState().previewAccount();
    expect(useConnections.getState().account?.plan?.preview).not.toBeNull();
    await useConnections.getState().applyAccount('not the connection name');
    const plan = useConnections.getState().account!.plan!;
    expect(plan).toMatchObject({ applied: null, busy: null });
    expect(plan.preview).not.toBeNull();
    expect(plan.error).toMatch(/confirm/i);
  });
});
