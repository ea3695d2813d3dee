import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertsCommand } from './alerts.command';
import { defaultRules } from '../../../engines/monitor/default-rules';
import { runCli } from '../../../testing/cli';

const run = (args: string[]): ReturnType<typeof runCli> => runCli(alertsCommand, args);

describe('dbw alerts export', () => {
  it('writes the shipped rules for Prometheus', async () => {
    const r = await run(['export', '--format', 'prometheus']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('- alert: MysqlHighSlowQueries');
    expect(r.out).toContain('increase(mysql_global_status_slow_queries[1m])');
  });

  it('round-trips: the JSON export, edited, is a rule file for --rules', async () => {
    const json = await run(['export', '--format', 'json']);
    const file = JSON.parse(json.out) as { rules: Array<{ id: string; params: Array<{ value: number }> }> };
    expect(file.rules.map((r) => r.id)).toEqual(defaultRules.map((r) => r.id));
    file.rules = file.rules.filter((r) => r.id === 'replication_lag');
    file.rules[0]!.params[0]!.value = 45;
    const dir = mkdtempSync(join(tmpdir(), 'dbw-alerts-'));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(file));
    const r = await run(['export', '--format', 'prometheus', '--rules', join(dir, 'rules.json'), '--out', join(dir, 'rules.yml')]);
    expect(r.code).toBe(0);
    const yaml = readFileSync(join(dir, 'rules.yml'), 'utf8');
    expect(yaml.match(/- alert:/g)).toHaveLength(1);
    expect(yaml).toContain('mysql_slave_status_seconds_behind_master)) > 45');
  });

  it('refuses an unknown format and a rule outside its range', async () => {
    expect((await run(['export', '--format', 'csv'])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'dbw-alerts-'));
    const bad = { rules: [{ ...defaultRules[0]!, params: [{ ...defaultRules[0]!.params[0]!, value: 500 }] }] };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const r = await run(['export', '--format', 'prometheus', '--rules', join(dir, 'bad.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('outside its range');
  });
});
