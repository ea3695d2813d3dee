/**
 * A ShardingSphere `!READWRITE_SPLITTING` rule for the split, and its structural check. The rule's
 * shape is ShardingSphere 5.4+'s YAML
 * (https://shardingsphere.apache.org/document/current/en/user-manual/shardingsphere-jdbc/yaml-config/rules/readwrite-splitting/):
 * `dataSourceGroups.<name>` with writeDataSourceName, readDataSourceNames, transactionalReadQueryStrategy
 * (PRIMARY | FIXED | DYNAMIC) and loadBalancerName naming an entry of `loadBalancers`
 * (built-in types ROUND_ROBIN, RANDOM, WEIGHT). ShardingSphere has no lag-aware routing of its own, so
 * the read-your-writes classes are listed in a comment with the hint that pins a statement to the
 * writer (`/* SHARDINGSPHERE_HINT: WRITE_ROUTE_ONLY=true *\/`, or HintManager.setWriteRouteOnly()).
 */
import type { RwTopology } from '../../../shared/contract/replication';
import type { RwAnalysis } from './rwsplit';

/** The rule as data (what the YAML says), so it is checked before it is written. */
export interface ReadwriteSplittingRule {
  dataSourceGroups: Record<
    string,
    { writeDataSourceName?: unknown; readDataSourceNames?: unknown; transactionalReadQueryStrategy?: unknown; loadBalancerName?: unknown }
  >;
  loadBalancers?: Record<string, { type?: unknown; props?: unknown }>;
}

const STRATEGIES = ['PRIMARY', 'FIXED', 'DYNAMIC'];
const BALANCERS = ['ROUND_ROBIN', 'RANDOM', 'WEIGHT'];
const NAME = /^[A-Za-z_][A-Za-z0-9_${}.]*$/;

/** Problems of a rule against the documented structure (empty when it fits); `dataSources` are the names declared beside it, when known. */
export function checkReadwriteSplittingRule(rule: unknown, dataSources?: readonly string[]): string[] {
  const problems: string[] = [];
  if (!rule || typeof rule !== 'object') return ['the rule is not a mapping'];
  const r = rule as Record<string, unknown>;
  for (const k of Object.keys(r)) if (k !== 'dataSourceGroups' && k !== 'loadBalancers') problems.push(`unknown key ${k}`);
  const groups = r.dataSourceGroups;
  if (!groups || typeof groups !== 'object' || !Object.keys(groups).length) return [...problems, 'dataSourceGroups needs at least one group'];
  const balancers = (r.loadBalancers ?? {}) as Record<string, unknown>;
  for (const [name, lb] of Object.entries(balancers)) {
    const type = (lb as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !BALANCERS.includes(type)) problems.push(`loadBalancers.${name}.type must be one of ${BALANCERS.join(', ')}`);
  }
  for (const [name, g] of Object.entries(groups as Record<string, unknown>)) {
    if (!NAME.test(name)) problems.push(`group name ${name} is not a valid name`);
    if (!g || typeof g !== 'object') {
      problems.push(`dataSourceGroups.${name} is not a mapping`);
      continue;
    }
    const grp = g as Record<string, unknown>;
    for (const k of Object.keys(grp)) {
      if (!['writeDataSourceName', 'readDataSourceNames', 'transactionalReadQueryStrategy', 'loadBalancerName'].includes(k))
        problems.push(`dataSourceGroups.${name}: unknown key ${k}`);
    }
    if (typeof grp.writeDataSourceName !== 'string' || !grp.writeDataSourceName) problems.push(`dataSourceGroups.${name}.writeDataSourceName is required`);
    const reads = grp.readDataSourceNames;
    if (!Array.isArray(reads) || !reads.length || !reads.every((x) => typeof x === 'string' && x))
      problems.push(`dataSourceGroups.${name}.readDataSourceNames must list at least one data source`);
    else if (reads.includes(grp.writeDataSourceName)) problems.push(`dataSourceGroups.${name}: the writer is also listed as a reader`);
    if (grp.transactionalReadQueryStrategy !== undefined && !STRATEGIES.includes(String(grp.transactionalReadQueryStrategy))) {
      problems.push(`dataSourceGroups.${name}.transactionalReadQueryStrategy must be one of ${STRATEGIES.join(', ')}`);
    }
    if (grp.loadBalancerName !== undefined && !(String(grp.loadBalancerName) in balancers))
      problems.push(`dataSourceGroups.${name}.loadBalancerName ${String(grp.loadBalancerName)} is not declared in loadBalancers`);
    if (dataSources) {
      for (const ds of [grp.writeDataSourceName, ...(Array.isArray(reads) ? reads : [])]) {
        if (typeof ds === 'string' && !dataSources.includes(ds)) problems.push(`dataSourceGroups.${name}: data source ${ds} is not declared`);
      }
    }
  }
  return problems;
}

const yamlString = (s: string) => (/^[A-Za-z0-9_./:-]+$/.test(s) && !/^(true|false|null|yes|no|~)$/i.test(s) ? s : JSON.stringify(s));

/** The export: data sources, the rule, and the read-your-writes classes with the hint to use; plus the rule as data for the check. */
export function exportShardingSphere(
  analysis: RwAnalysis,
  topology: RwTopology,
  opts: { database: string; policy: string },
): { text: string; rule: ReadwriteSplittingRule; dataSources: string[] } {
  const reads = topology.readers.map((_, i) => `read_ds_${i}`);
  const rule: ReadwriteSplittingRule = {
    dataSourceGroups: {
      readwrite_ds: { writeDataSourceName: 'write_ds', readDataSourceNames: reads, transactionalReadQueryStrategy: 'PRIMARY', loadBalancerName: 'round_robin' },
    },
    loadBalancers: { round_robin: { type: 'ROUND_ROBIN' } },
  };
  const ds = (name: string, host: string, port: number) => [
    `  ${name}:`,
    '    dataSourceClassName: com.zaxxer.hikari.HikariDataSource',
    '    driverClassName: com.mysql.cj.jdbc.Driver',
    `    jdbcUrl: ${yamlString(`jdbc:mysql://${host}:${port}/${opts.database}`)}`,
    '    username: app',
    '    password: ""',
  ];
  const pinned = analysis.classes.filter((c) => c.kind === 'read' && c.route !== 'replica');
  const lines = [
    '# ShardingSphere read/write splitting (ShardingSphere-JDBC / -Proxy 5.4+).',
    ...opts.policy.match(/.{1,96}(\s|$)/g)!.map((l) => `# ${l.trim()}`),
    '# Transactions read from the primary (transactionalReadQueryStrategy: PRIMARY).',
    ...(pinned.length
      ? [
          '# These reads must see their own writes: send them with /* SHARDINGSPHERE_HINT: WRITE_ROUTE_ONLY=true */',
          '# (or HintManager.setWriteRouteOnly()) so they go to write_ds:',
          ...pinned.map((c) => `#   ${c.fingerprint.slice(0, 110)}`),
        ]
      : []),
    'dataSources:',
    ...ds('write_ds', topology.writer.host, topology.writer.port),
    ...topology.readers.flatMap((r, i) => ds(reads[i]!, r.host, r.port)),
    'rules:',
    '- !READWRITE_SPLITTING',
    '  dataSourceGroups:',
    '    readwrite_ds:',
    '      writeDataSourceName: write_ds',
    '      readDataSourceNames:',
    ...reads.map((r) => `        - ${r}`),
    '      transactionalReadQueryStrategy: PRIMARY',
    '      loadBalancerName: round_robin',
    '  loadBalancers:',
    '    round_robin:',
    '      type: ROUND_ROBIN',
  ];
  return { text: lines.join('\n') + '\n', rule, dataSources: ['write_ds', ...reads] };
}
