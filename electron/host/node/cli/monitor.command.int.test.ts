import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monitorCommand } from './monitor.command';
import { sqlServers } from '../../../testing/servers';
import { runCli } from '../../../testing/cli';

const runMonitor = (args: string[]): ReturnType<typeof runCli> => runCli(monitorCommand, args);

function ruleFile(expr: string): string {
  const dir = mkdtempSync(join(process.env.DBW_SANDBOX_DIR ?? tmpdir(), 'dbw-monitor-cli-'));
  const file = join(dir, 'rules.json');
  writeFileSync(
    file,
    JSON.stringify({
      rules: [{ id: 'cli_rule', summary: 'test rule', source: 'user', expr, forSec: 0, severity: 'warning', cooldownSec: 0, message: 'value {{value}}' }],
    }),
  );
  return file;
}

describe.each(sqlServers)('dbw monitor on $label', (server) => {
  const url = `mysql://${server.user}:${server.password}@${server.host}:${server.port}/`;

  it('prints samples as JSON with the metrics flat, one per interval, and exits 0 when nothing fires', async () => {
    const r = await runMonitor([
      '--connection',
      url,
      '--interval',
      '500ms',
      '--duration',
      '1500ms',
      '--alerts',
      ruleFile('threads_connected > 100000'),
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { samples: Array<Record<string, unknown>>; alerts: unknown[] };
    expect(json.samples.length).toBeGreaterThanOrEqual(3);
    expect(json.samples.length).toBeLessThanOrEqual(4);
    for (const s of json.samples) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['at', 'qps', 'tps', 'threads_connected', 'buffer_pool_hit_pct', 'replication_lag_s']));
      expect(s.intervalSec as number).toBeGreaterThan(0.3);
      expect(s.qps as number).toBeGreaterThan(0); // the sampler's own SHOW GLOBAL STATUS is a question
    }
    expect(json.alerts).toEqual([]);
  });

  it('exits 1 and lists the alert when a rule fires', async () => {
    const r = await runMonitor(['--connection', url, '--interval', '300ms', '--duration', '0', '--alerts', ruleFile('threads_connected >= 1')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ALERT \[warning\] cli_rule: value \d+/);
    expect(r.out).toContain('1 alert(s) fired.');
  });
});

describe('dbw monitor usage', () => {
  it('refuses a bad rule file with a clear message and exit 2', async () => {
    const r = await runMonitor(['--connection', 'mysql://root@127.0.0.1:1/', '--alerts', ruleFile('nope > 1')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown metric "nope"/);
  });
  it('needs a connection', async () => {
    const r = await runMonitor([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Give --connection URL');
  });
});
