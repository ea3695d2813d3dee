import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import { splitStatements } from '../../shared/sql-split';
import { corpusPath, repoRoot } from '../../electron/testing/paths';
import { mariadbServer, spiderServers } from '../../electron/testing/servers';
import { addConnection, openApp, shot, openPanel } from './helpers';

const mariadbPort = Number(process.env.DBW_MARIADB_PORT ?? 3307);

test.describe.configure({ mode: 'serial' });

async function openShardPlan(page: import('@playwright/test').Page): Promise<void> {
  await openPanel(page, /Shards/);
  await page.getByRole('tab', { name: 'Shard plan' }).click();
  await expect(page.getByTestId('shard-plan-tab')).toBeVisible();
}

test('shard plan of the co-writing example: key, candidates, cross-shard queries and checked exports', async ({ page }) => {
  await openApp(page);
  await openShardPlan(page);
  await page.getByRole('button', { name: 'Load the co-writing example' }).click();
  await expect(page.getByLabel('Schema DDL')).toHaveValue(/CREATE TABLE users/);
  await page.getByRole('button', { name: 'Plan from the schema text' }).click();
  await expect(page.getByRole('heading', { name: /Shard key users\.id \(user_id\)/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('shard-candidates')).toContainText('projects.id');
  await expect(page.getByTestId('shard-tables')).toContainText('needs-key');
  await expect(page.getByTestId('cross-shard')).toContainText('login');
  await expect(page.getByRole('tab', { name: 'Vitess VSchema ✓' })).toBeVisible();
  await expect(page.getByTestId('shard-export')).toContainText('"column_vindexes"');
  await shot(page, 'shards-plan-example');
  await page.getByRole('tab', { name: /Spider SQL/ }).click();
  await expect(page.getByTestId('shard-export')).toContainText('ENGINE=SPIDER');
  await shot(page, 'shards-plan-spider');
});

test('shard plan from the sandbox MariaDB counts the skew per shard and charts it', async ({ page }) => {
  await openApp(page);
  await addConnection(page, { name: 'shards-e2e', port: mariadbPort, user: 'root' });
  await openShardPlan(page);
  await page.getByRole('button', { name: 'Load the co-writing example' }).click();
  await expect(page.getByLabel('Workload')).toHaveValue(/login/);
  await page.getByRole('button', { name: /Plan from shards-e2e/ }).click();
  await expect(page.getByTestId('skew-chart')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('skew-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await shot(page, 'shards-plan-skew');
});

test('migration into the Spider sandbox: previewed (writes nothing), then copied range by range with progress, counts and checksums matching', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const DB = 'dbw_shard_e2e';
  let front: mysql.Connection;
  const shards: mysql.Connection[] = [];
  try {
    front = await mysql.createConnection({
      host: spiderServers.front.host,
      port: spiderServers.front.port,
      user: 'root',
      password: '',
      multipleStatements: false,
    });
    for (const s of spiderServers.shards) shards.push(await mysql.createConnection({ host: s.host, port: s.port, user: 'root', password: '' }));
  } catch (e) {
    throw new Error(
      `The Spider sandbox is not running (scripts/sandbox/spider.sh start; DBW_SPIDER_PORT ${spiderServers.front.port}): ${(e as Error).message}`,
    );
  }
  const drop = async (): Promise<void> => {
    await front.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await front.query(`DROP DATABASE IF EXISTS \`${DB}_src\``);
    for (const srv of [`${DB}_source`, ...spiderServers.shards.map((_, i) => `${DB}_s${i}`)]) await front.query(`DROP SERVER IF EXISTS \`${srv}\``);
    for (const s of shards) await s.query(`DROP DATABASE IF EXISTS \`${DB}\``);
  };
  try {
    await drop();
    // The front and its backends get the Spider export of the same plan the Shard plan tab makes.
    const cli = spawnSync(
      process.execPath,
      [
        'bin/dbw.mjs',
        'shard',
        'plan',
        '--connection',
        `mysql://root:@${mariadbServer.host}:${mariadbServer.port}/cowrite`,
        '--workload',
        corpusPath('cowrite', 'workload.sql'),
        '--shards',
        String(spiderServers.shards.length),
        '--backends',
        spiderServers.shards.map((b) => `${b.host}:${b.port}`).join(','),
        '--target',
        DB,
        '--export',
        'spider',
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const spiderText = cli.stdout;
    const [, afterBackend] = spiderText.split('-- 1. On every shard backend:');
    const [backendPart, frontPart] = afterBackend!.split('-- 2. On the Spider front:');
    for (const s of shards) for (const st of splitStatements(backendPart!)) await s.query(st.sql);
    for (const st of splitStatements(frontPart!)) await front.query(st.sql);

    await openApp(page);
    await addConnection(page, { name: 'mig-source', port: mariadbPort, user: 'root' });
    await addConnection(page, { name: 'mig-front', port: spiderServers.front.port, user: 'root' });
    await page.getByLabel('Active connection').selectOption({ label: 'mig-source' });
    await openShardPlan(page);
    await page.getByRole('button', { name: 'Load the co-writing example' }).click();
    await expect(page.getByLabel('Workload')).toHaveValue(/login/);
    await page.getByRole('spinbutton', { name: 'Shards' }).fill(String(spiderServers.shards.length));
    await page.getByRole('button', { name: /Plan from mig-source/ }).click();
    await expect(page.getByTestId('skew-chart')).toBeVisible({ timeout: 60_000 });

    await page.getByRole('tab', { name: 'Migration' }).click();
    const tab = page.getByTestId('migration-tab');
    await expect(tab).toBeVisible();
    await tab.getByLabel('Spider front').selectOption({ label: `mig-front (127.0.0.1:${spiderServers.front.port})` });
    await tab.getByLabel('Target database').fill(DB);
    await tab.getByLabel('Rows per range').fill('40000');
    await tab.getByRole('button', { name: 'Preview the migration' }).click();
    const tables = page.getByTestId('migration-tables');
    await expect(tables).toBeVisible({ timeout: 60_000 });
    await expect(tables.getByRole('row', { name: /^users / })).toContainText('0/1');
    // The preview wrote nothing: no checkpoint table yet.
    const [ck] = (await front.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
      DB,
      '_dbw_shard_checkpoint',
    ])) as [Array<{ n: number }>, unknown];
    expect(Number(ck[0]!.n)).toBe(0);
    await shot(page, 'shards-migration-preview');

    await page.getByRole('button', { name: /^Copy \(\d+ ranges\)/ }).click();
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/Step \d+\/\d+/).first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('migration-progress')).toContainText(/Step \d+\/\d+/);
    await page.getByRole('tab', { name: 'Migration' }).scrollIntoViewIfNeeded();
    await shot(page, 'shards-migration-running');
    await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden({ timeout: 300_000 });
    await expect(tables).not.toContainText('differs');
    await expect(tables.getByRole('row', { name: /^users / })).toContainText('1/1');
    await expect(tables.getByRole('row', { name: /^users / })).toContainText('match');
    await expect(tab).toContainText('Done: every range copied and checkpointed.');
    await page.getByRole('tab', { name: 'Migration' }).scrollIntoViewIfNeeded();
    await shot(page, 'shards-migration-done');
    const [bad] = (await front.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`_dbw_shard_checkpoint\` WHERE src_rows <> dst_rows OR src_crc <> dst_crc`)) as [
      Array<{ n: number }>,
      unknown,
    ];
    expect(Number(bad[0]!.n)).toBe(0);
  } finally {
    await drop().catch(() => undefined);
    await front!.end();
    for (const s of shards) await s.end();
  }
});
