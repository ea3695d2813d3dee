/**
 * The exported rules against the real tools the sandbox runs (scripts/sandbox/prometheus.sh):
 * `promtool check rules` accepts the file; loaded into the sandbox Prometheus, whose
 * mysqld_exporter scrapes the sandbox MariaDB, the row-lock-wait rule fires when a lock wait is
 * forced with two sessions and resolves after; and the dashboard reads its history back through
 * Prometheus' query API. The sandbox Prometheus' rule file is emptied again afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule, MonitorSample } from '../../../shared/contract/monitor';
import { defaultRules } from '../../engines/monitor/default-rules';
import { exportPrometheusRules } from '../../engines/monitor/prometheus-rules';
import { adminConnection, invoke, testRuntime } from '../../testing/harness';
import { mariadbServer, sandboxDir } from '../../testing/servers';
import type { Runtime } from '../runtime';
import { until } from '../../testing/wait';

const run = promisify(execFile);
const promPort = Number(process.env.DBW_PROMETHEUS_PORT ?? 19090);
const promUrl = `http://127.0.0.1:${promPort}`;
const rulesFile = join(sandboxDir, `prometheus-${promPort}`, 'rules.yml');
interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}
async function alerts(): Promise<PromAlert[]> {
  const r = (await (await fetch(`${promUrl}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
  return r.data.alerts;
}
async function reload(): Promise<void> {
  const r = await fetch(`${promUrl}/-/reload`, { method: 'POST' });
  expect(r.status).toBe(200);
}
describe('exported rules in Prometheus (sandbox MariaDB via mysqld_exporter)', () => {
  let rt: Runtime;
  beforeAll(async () => {
    const ready = await fetch(`${promUrl}/-/ready`).catch((e: Error) => e);
    if (ready instanceof Error || !ready.ok) throw new Error(`The sandbox Prometheus is not running on ${promUrl}: bash scripts/sandbox/prometheus.sh start`);
    rt = testRuntime();
  });
  afterAll(async () => {
    writeFileSync(rulesFile, 'groups: []\n');
    await reload();
    rt.close();
  });

  it('promtool check rules accepts the exported file, shipped rules and the app’s own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbw-promtool-'));
    writeFileSync(join(dir, 'shipped.yml'), exportPrometheusRules(defaultRules));
    const app = await invoke<{ yaml: string }>(rt, 'monitor.exportRules', {});
    writeFileSync(join(dir, 'app.yml'), app.yaml);
    const { stdout } = await run('promtool', ['check', 'rules', join(dir, 'shipped.yml'), join(dir, 'app.yml')]);
    expect(stdout).toContain(`SUCCESS: ${defaultRules.length} rules found`);
    // And promtool is strict: a broken expression fails (so the success above means something).
    writeFileSync(join(dir, 'broken.yml'), app.yaml.replace('> 80', '>> 80'));
    await expect(run('promtool', ['check', 'rules', join(dir, 'broken.yml')])).rejects.toThrow(/FAILED|parse error/);
  });

  it('fires the exported row-lock-wait alert while a lock wait is forced, and resolves after', async () => {
    // The shipped rule waits 1 min; InnoDB gives up a wait after 50 s. The same rule, 4 s.
    const rule: AlertRule = { ...defaultRules.find((r) => r.id === 'row_lock_waits')!, forSec: 4 };
    writeFileSync(rulesFile, exportPrometheusRules([rule]));
    await reload();
    await until(
      'the rule to load',
      async () => {
        const r = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string }> }> } };
        return r.data.groups.some((g) => g.rules.some((x) => x.name === 'MysqlRowLockWaits')) ? true : null;
      },
      40_000,
      500,
    );
    expect((await alerts()).filter((a) => a.labels.alertname === 'MysqlRowLockWaits')).toEqual([]);

    const db = `dbw_prom_${process.pid}`;
    const admin = await adminConnection(mariadbServer);
    const blocker = await adminConnection(mariadbServer);
    const waiter = await adminConnection(mariadbServer);
    try {
      await admin.query(`CREATE DATABASE \`${db}\`; CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB; INSERT INTO \`${db}\`.t VALUES (1, 0)`);
      await blocker.query('BEGIN');
      await blocker.query(`UPDATE \`${db}\`.t SET v = 1 WHERE id = 1`);
      await waiter.query('SET SESSION innodb_lock_wait_timeout = 45');
      const forcedAt = Date.now();
      const waiting = waiter.query(`UPDATE \`${db}\`.t SET v = 2 WHERE id = 1`).catch((e: Error) => e);
      const firing = await until(
        'MysqlRowLockWaits to fire',
        async () => (await alerts()).find((a) => a.labels.alertname === 'MysqlRowLockWaits' && a.state === 'firing'),
        40_000,
        500,
      );
      expect(Date.now() - forcedAt).toBeGreaterThanOrEqual(4000);
      expect(firing.labels).toMatchObject({ severity: 'warning', rule_id: 'row_lock_waits', job: 'mysql' });
      await blocker.query('ROLLBACK');
      await waiting;
      await until(
        'MysqlRowLockWaits to resolve',
        async () => ((await alerts()).some((a) => a.labels.alertname === 'MysqlRowLockWaits') ? null : true),
        40_000,
        500,
      );
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await Promise.all([admin.end(), blocker.end(), waiter.end()]);
    }
  });

  it('reads the dashboard metrics back from Prometheus as a history source', async () => {
    const r = await invoke<{ samples: MonitorSample[]; bucketSec: number; instance: string; missing: string[] }>(rt, 'monitor.prometheusHistory', {
      source: { url: promUrl },
      rangeSec: 300,
    });
    expect(r.instance).toBe(`127.0.0.1:${Number(process.env.DBW_EXPORTER_PORT ?? 19104)}`);
    expect(r.samples.length).toBeGreaterThan(10);
    const last = r.samples.at(-1)!;
    expect(last.metrics.threads_connected).toBeGreaterThanOrEqual(1);
    expect(last.metrics.max_connections).toBeGreaterThan(0);
    expect(last.metrics.qps).toBeGreaterThan(0);
    // MariaDB has no Innodb_rows_*: the fallback to Rows_read answers instead.
    expect(last.metrics.rows_read_per_s).not.toBeNull();
    // No replica and no node_exporter in the sandbox: those, and only such, are missing.
    expect(r.missing).toEqual(expect.arrayContaining(['replication_lag_s', 'host_cpu_pct']));
    expect(r.missing).not.toContain('qps');
    await expect(invoke(rt, 'monitor.prometheusHistory', { source: { url: 'http://127.0.0.1:1' }, rangeSec: 300 })).rejects.toMatchObject({
      code: 'UNREACHABLE',
    });
  });
});
