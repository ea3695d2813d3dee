import { expect, test } from '@playwright/test';
import { createClient, type RedisClientType } from 'redis';
import { buildSeedKeyspace, removeKeys, type BuiltKey } from '../../electron/testing/redis-keyspace';
import { addConnection, openApp, shot, openPanel } from './helpers';

const redisPort = Number(process.env.DBW_REDIS_PORT ?? 6380);

test.describe.configure({ mode: 'serial' });

test('redis panel: analyze the sandbox Redis, read patterns, TTL buckets and lint, fix missing TTLs through a previewed plan', async ({ page }) => {
  test.setTimeout(120_000);
  const client = createClient({ socket: { host: '127.0.0.1', port: redisPort } }) as RedisClientType;
  await client.connect();
  let keys: BuiltKey[] = [];
  try {
    // The document's design with deliberate mistakes: 20 user:info keys without TTL, project lists
    // cached 1 h instead of 10 min, undeclared export keys, one 50 KB document.
    keys = await buildSeedKeyspace((cmd) => client.sendCommand(cmd), '', 200, {
      userInfoWithoutTtl: 20,
      projectListTtl: 3600,
      undeclared: 30,
      bigDocument: true,
    });
    await openApp(page);
    await addConnection(page, { name: 'Sandbox Redis', kind: 'redis', port: redisPort });
    await page.getByLabel('Active connection').selectOption({ label: 'Sandbox Redis' });
    await openPanel(page, /Redis/);
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    await expect(page.getByTestId('redis-summary')).toContainText('keys read of', { timeout: 60_000 });
    await expect(page.getByTestId('redis-overview')).toContainText('Hit ratio');
    const patterns = page.getByTestId('redis-patterns');
    await expect(patterns).toContainText('project:list:{n}:{n}:{n}');
    await expect(patterns).toContainText('export:tmp:{uuid}');
    await expect(page.getByTestId('ttl-chart')).toBeVisible();
    await expect(page.getByTestId('memory-chart')).toBeVisible();
    const findings = page.getByTestId('redis-findings');
    await expect(findings.getByTestId('finding-missing-ttl')).toContainText('user:info:{n}: 20 of 200 keys have no TTL');
    await expect(findings.getByTestId('finding-ttl-mismatch')).toContainText('project:list:{n}:{n}:{n}');
    await expect(findings.getByTestId('finding-undeclared-pattern')).toContainText('export:tmp:{uuid}');
    await expect(findings.getByTestId('finding-big-values')).toContainText('document:content:999999');
    await expect(page.getByTestId('redis-biggest')).toContainText('document:content:999999');
    await shot(page, 'redis-overview');
    await page.getByTestId('redis-findings').scrollIntoViewIfNeeded();
    await page.mouse.move(1, 1); // no chart tooltip over the findings
    await shot(page, 'redis-findings');

    await findings.getByTestId('finding-missing-ttl').getByRole('button', { name: 'Preview: set 3600 s TTL' }).click();
    const plan = page.getByTestId('redis-plan');
    await expect(plan).toContainText('Set a 3600 s TTL on 20 key(s) of user:info:{n}');
    await expect(plan).toContainText('writes nothing');
    await plan.scrollIntoViewIfNeeded();
    await shot(page, 'redis-plan-preview');
    await plan.getByRole('button', { name: /^Apply: / }).click();
    await expect(plan.getByTestId('step-outcome')).toContainText('20 of 20 key(s) given a TTL');
    await shot(page, 'redis-plan-applied');
    const left = await Promise.all(keys.filter((k) => k.pattern === 'user:info:{n}').map((k) => client.sendCommand(['TTL', k.key])));
    expect(left.filter((t) => Number(t) === -1)).toHaveLength(0);
  } finally {
    await removeKeys(
      client,
      keys.map((k) => k.key),
    );
    await client.quit();
  }
});
