import { afterAll, describe, expect, it } from 'vitest';
import { invoke, testRuntime } from '../../testing/harness';
import { mariadbServer, mysqlServer, redisServer } from '../../testing/servers';

const rt = testRuntime();
afterAll(() => rt.close());

interface Tested {
  flavor: { product: string; label: string; capabilities: Record<string, unknown> };
}

describe('connections against real servers', () => {
  it('detects MariaDB 10.11 on a saved connection and remembers the flavor', async () => {
    const saved = await invoke<{ id: string }>(rt, 'connections.save', {
      name: 'MariaDB sandbox',
      kind: 'mysql',
      port: mariadbServer.port,
      user: 'root',
      password: '',
    });
    const t = await invoke<Tested>(rt, 'connections.test', { id: saved.id });
    expect(t.flavor.product).toBe('mariadb');
    expect(t.flavor.label).toBe('MariaDB 10.11');
    expect(t.flavor.capabilities.indexVisibility).toBe('ignored');
    const list = await invoke<Array<{ id: string; lastFlavor: { label: string } | null }>>(rt, 'connections.list', {});
    expect(list.find((c) => c.id === saved.id)?.lastFlavor?.label).toBe('MariaDB 10.11');
  });

  it('tests the settings given with an id (an edited connection), not the saved ones', async () => {
    const saved = await invoke<{ id: string }>(rt, 'connections.save', { name: 'Edited', kind: 'mysql', port: mariadbServer.port, user: 'root', password: '' });
    // The saved settings work; the edited ones (a wrong user) must be what is tested.
    await expect(
      invoke(rt, 'connections.test', { id: saved.id, name: 'Edited', kind: 'mysql', port: mariadbServer.port, user: 'dbw_no_such_user', password: 'x' }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    const t = await invoke<Tested>(rt, 'connections.test', {
      id: saved.id,
      name: 'Edited',
      kind: 'mysql',
      port: mariadbServer.port,
      user: 'root',
      password: '',
    });
    expect(t.flavor.product).toBe('mariadb');
  });

  it('detects MySQL 9.7 (caching_sha2_password, TLS preferred)', async () => {
    const t = await invoke<Tested>(rt, 'connections.test', { name: 'MySQL 9.7', kind: 'mysql', port: mysqlServer.port, user: 'root' });
    expect(t.flavor.product).toBe('mysql');
    expect(t.flavor.label).toBe('MySQL 9.7');
    expect(t.flavor.capabilities.explainJsonVersions).toEqual([1, 2]);
  });

  it('detects Redis', async () => {
    const t = await invoke<Tested>(rt, 'connections.test', { name: 'Redis', kind: 'redis', port: redisServer.port });
    expect(t.flavor.product).toBe('redis');
  });

  it('says plainly when the password is wrong', async () => {
    await expect(
      invoke(rt, 'connections.test', { name: 'bad', kind: 'mysql', port: mariadbServer.port, user: 'dbw_test', password: 'wrong' }),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringMatching(/Access denied.*Check the user name and password/),
    });
    await expect(
      invoke(rt, 'connections.test', { name: 'bad', kind: 'mysql', port: mysqlServer.port, user: 'nobody', password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(
      invoke(rt, 'connections.test', { name: 'bad', kind: 'redis', port: redisServer.port, user: 'nobody', password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('says plainly when nothing listens', async () => {
    await expect(invoke(rt, 'connections.test', { name: 'gone', kind: 'mysql', port: 1, user: 'root' })).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringMatching(/connection refused/),
    });
  });

  it('says "not a MySQL server" within a few seconds when a MySQL connection points at the Redis port', async () => {
    const started = Date.now();
    await expect(invoke(rt, 'connections.test', { name: 'wrong port', kind: 'mysql', port: redisServer.port, user: 'root' })).rejects.toMatchObject({
      code: 'NOT_MYSQL',
      message: expect.stringMatching(/is not a MySQL or MariaDB server: it answers like Redis/),
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says plainly when TLS fails: a self-signed server certificate under verify-full, or a server without TLS under required', async () => {
    await expect(
      invoke(rt, 'connections.test', { name: 'tls', kind: 'mysql', port: mysqlServer.port, user: 'root', tls: { mode: 'verify-full' } }),
    ).rejects.toMatchObject({
      code: 'TLS_FAILED',
    });
    await expect(
      invoke(rt, 'connections.test', { name: 'tls', kind: 'mysql', port: mariadbServer.port, user: 'root', tls: { mode: 'required' } }),
    ).rejects.toMatchObject({
      code: 'TLS_FAILED',
    });
  });
});
