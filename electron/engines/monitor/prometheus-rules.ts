/**
 * Exports alert rules as a Prometheus rule file over mysqld_exporter's metric names, so a fleet
 * that runs Prometheus gets the same rules the app evaluates. Each metric of a sample has one
 * PromQL equivalent below; every series is aggregated `by (instance, job)` so the terms of an
 * `and` / `or` match label for label. The host metrics come from node_exporter, as PMM's do.
 * Names checked against mysqld_exporter 0.14 scraping MariaDB 10.11 and MySQL 9.7.
 */
import type { AlertRule, MetricKey } from '../../../shared/contract/monitor';
import { operandValue, validateRule, type Term } from './rule-expr';

const by = 'by (instance, job)';
const rate = (m: string, w = '1m') => `sum ${by} (rate(${m}[${w}]))`;
const g = (m: string) => `max ${by} (${m})`;

/** PromQL for each sample metric (the same definition as the app's sample, over exporter names). */
export const promqlOf: Record<MetricKey, string> = {
  qps: rate('mysql_global_status_questions'),
  tps: rate('mysql_global_status_commands_total{command=~"commit|rollback"}'),
  threads_connected: g('mysql_global_status_threads_connected'),
  threads_running: g('mysql_global_status_threads_running'),
  max_connections: g('mysql_global_variables_max_connections'),
  connections_pct: `100 * ${g('mysql_global_status_threads_connected')} / ${g('mysql_global_variables_max_connections')}`,
  connections_of_peak_pct: `100 * ${g('mysql_global_status_threads_connected')} / ${g('mysql_global_status_max_used_connections')}`,
  max_used_connections: g('mysql_global_status_max_used_connections'),
  buffer_pool_hit_pct: `100 * (1 - ${rate('mysql_global_status_innodb_buffer_pool_reads', '5m')} / ${rate('mysql_global_status_innodb_buffer_pool_read_requests', '5m')})`,
  buffer_pool_pages_total: `sum ${by} (mysql_global_status_buffer_pool_pages{state=~"data|free|misc"})`,
  buffer_pool_pages_data: `sum ${by} (mysql_global_status_buffer_pool_pages{state="data"})`,
  buffer_pool_pages_free: `sum ${by} (mysql_global_status_buffer_pool_pages{state="free"})`,
  buffer_pool_pages_dirty: g('mysql_global_status_buffer_pool_dirty_pages'),
  // MariaDB 10.11 reports no Innodb_rows_*: the `or` falls back to what the app's sample reads there.
  rows_read_per_s: `(${rate('mysql_global_status_innodb_row_ops_total{operation="read"}')} or ${rate('mysql_global_status_rows_read')})`,
  rows_inserted_per_s: `(${rate('mysql_global_status_innodb_row_ops_total{operation="inserted"}')} or ${rate('mysql_global_status_handlers_total{handler="write"}')})`,
  rows_updated_per_s: `(${rate('mysql_global_status_innodb_row_ops_total{operation="updated"}')} or ${rate('mysql_global_status_handlers_total{handler="update"}')})`,
  rows_deleted_per_s: `(${rate('mysql_global_status_innodb_row_ops_total{operation="deleted"}')} or ${rate('mysql_global_status_handlers_total{handler="delete"}')})`,
  slow_queries_per_s: rate('mysql_global_status_slow_queries'),
  slow_queries_per_min: `sum ${by} (increase(mysql_global_status_slow_queries[1m]))`,
  row_lock_waits_per_s: rate('mysql_global_status_innodb_row_lock_waits'),
  row_lock_time_ms_per_s: rate('mysql_global_status_innodb_row_lock_time'),
  row_lock_current_waits: g('mysql_global_status_innodb_row_lock_current_waits'),
  tmp_tables_per_s: rate('mysql_global_status_created_tmp_tables'),
  tmp_disk_tables_per_s: rate('mysql_global_status_created_tmp_disk_tables'),
  tmp_disk_tables_pct: `100 * ${rate('mysql_global_status_created_tmp_disk_tables', '5m')} / ${rate('mysql_global_status_created_tmp_tables', '5m')}`,
  table_open_cache_hit_pct: `100 * ${rate('mysql_global_status_table_open_cache_hits', '5m')} / (${rate('mysql_global_status_table_open_cache_hits', '5m')} + ${rate('mysql_global_status_table_open_cache_misses', '5m')})`,
  opened_tables_per_s: rate('mysql_global_status_opened_tables'),
  bytes_received_per_s: rate('mysql_global_status_bytes_received'),
  bytes_sent_per_s: rate('mysql_global_status_bytes_sent'),
  aborted_clients_per_s: rate('mysql_global_status_aborted_clients'),
  aborted_connects_per_s: rate('mysql_global_status_aborted_connects'),
  replication_lag_s: g('mysql_slave_status_seconds_behind_master'),
  replica_running: `min ${by} (mysql_slave_status_slave_io_running * mysql_slave_status_slave_sql_running)`,
  host_cpu_pct: `100 * (1 - avg ${by} (rate(node_cpu_seconds_total{mode="idle"}[5m])))`,
  host_memory_pct: `100 * (1 - ${g('node_memory_MemAvailable_bytes')} / ${g('node_memory_MemTotal_bytes')})`,
  host_disk_pct: `100 * (1 - min ${by} (node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}))`,
};

/** Prometheus alert names are CamelCase by convention: high_slow_queries → MysqlHighSlowQueries. */
export function alertName(ruleId: string): string {
  return 'Mysql' + ruleId.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
}

function termQl(rule: AlertRule, t: Term): string {
  return `(${promqlOf[t.metric]}) ${t.op} ${operandValue(rule, t)}`;
}

/** A duration as Prometheus writes it (`90s`, `2m`, `0s`). */
export function promDuration(sec: number): string {
  return sec % 60 === 0 && sec > 0 ? `${sec / 60}m` : `${sec}s`;
}

/** YAML double-quoted string (JSON's escaping is valid YAML). */
const q = (s: string) => JSON.stringify(s);

/** The PromQL expression of a rule: its terms with params filled in, `and`/`or` kept. */
export function ruleToPromql(rule: AlertRule): string {
  return validateRule(rule)
    .map((conj) => conj.map((t) => termQl(rule, t)).join(' and '))
    .join(' or ');
}

/** The rule file (YAML), one group, rules in the given order. */
export function exportPrometheusRules(rules: readonly AlertRule[], group = 'dba-workbench'): string {
  const lines = [
    '# Generated by DBA Workbench (dbw alerts export). Metrics: mysqld_exporter; host rules: node_exporter.',
    'groups:',
    `  - name: ${q(group)}`,
    '    rules:',
  ];
  const seen = new Set<string>();
  for (const rule of rules) {
    const name = alertName(rule.id);
    if (seen.has(name)) continue;
    seen.add(name);
    const message = rule.message
      .replace(/\{\{\s*value\s*\}\}/g, '{{ $value | printf "%.2f" }}')
      .replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g, (whole, p: string) => {
        const param = rule.params.find((x) => x.name === p);
        return param ? String(param.value) : whole;
      });
    lines.push(
      `      - alert: ${name}`,
      `        expr: ${q(ruleToPromql(rule))}`,
      `        for: ${promDuration(rule.forSec)}`,
      '        labels:',
      `          severity: ${q(rule.severity)}`,
      `          rule_id: ${q(rule.id)}`,
      `          source: ${q(rule.source)}`,
      '        annotations:',
      `          summary: ${q(rule.summary)}`,
      `          description: ${q(`{{ $labels.instance }}: ${message}`)}`,
    );
  }
  return lines.join('\n') + '\n';
}
