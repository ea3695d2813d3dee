import { describe, expect, it } from 'vitest';
import { alertRule, metricKeys } from '../../../shared/contract/monitor';
import { compileRules } from './alert-eval';
import { defaultRules } from './default-rules';
import { exportPrometheusRules, promqlOf, ruleToPromql, alertName, promDuration } from './prometheus-rules';

describe('shipped alert rules', () => {
  it('are valid data, compile, and have unique ids', () => {
    for (const r of defaultRules) expect(() => alertRule.parse(r), r.id).not.toThrow();
    expect(() => compileRules(defaultRules)).not.toThrow();
  });

  it("include the document's six and the common connection and lag defaults", () => {
    const ids = defaultRules.map((r) => r.id);
    expect(defaultRules.filter((r) => r.source === 'document').map((r) => r.id)).toEqual([
      'high_connections',
      'low_buffer_pool_hit_rate',
      'high_slow_queries',
      'high_cpu_usage',
      'high_memory_usage',
      'high_disk_usage',
    ]);
    const conn = defaultRules.find((r) => r.id === 'connections_near_max')!;
    expect([conn.expr, conn.params[0]!.value, conn.forSec]).toEqual(['connections_pct > [[ .threshold ]]', 80, 120]);
    const lag = defaultRules.find((r) => r.id === 'replication_lag')!;
    expect([lag.params[0]!.value, lag.forSec]).toEqual([30, 60]);
    expect(ids).toContain('row_lock_waits');
  });
});

describe('Prometheus export', () => {
  it('has a PromQL definition for every sample metric', () => {
    for (const k of metricKeys) expect(promqlOf[k], k).toMatch(/\S/);
  });

  it('fills params in and aggregates by instance so and/or terms match', () => {
    const r = defaultRules.find((x) => x.id === 'connections_near_max')!;
    expect(ruleToPromql(r)).toBe(
      '(100 * max by (instance, job) (mysql_global_status_threads_connected) / max by (instance, job) (mysql_global_variables_max_connections)) > 80',
    );
    expect(ruleToPromql({ ...r, expr: 'qps > 1 and threads_running > 2 or replica_running == 0', params: [] })).toMatch(
      /^\(sum by .*\) > 1 and \(max by .*\) > 2 or \(min by .*\) == 0$/,
    );
  });

  it('writes one alert per rule with for, severity and a description template', () => {
    const yaml = exportPrometheusRules(defaultRules);
    expect(yaml.match(/^ {6}- alert: /gm)).toHaveLength(defaultRules.length);
    expect(yaml).toContain('- alert: MysqlReplicationLag');
    expect(yaml).toContain('for: 2m');
    expect(yaml).toContain('severity: "critical"');
    expect(yaml).toContain('{{ $value | printf \\"%.2f\\" }}');
    expect(alertName('row_lock_waits')).toBe('MysqlRowLockWaits');
    expect(promDuration(90)).toBe('90s');
    expect(promDuration(0)).toBe('0s');
  });
});
