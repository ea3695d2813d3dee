/**
 * Apache ShardingSphere export (5.x database YAML): one data source per shard, a `!SHARDING` rule
 * whose tables are split by database on the key with an INLINE `ds_${key % N}` algorithm (the
 * same MOD the skew was counted with), SNOWFLAKE key generators for the AUTO_INCREMENT columns,
 * binding tables for the tables that share the key, and `!BROADCAST` for reference tables.
 * ShardingSphere has no lookup routing: a table that does not carry the key yet is split on the
 * column the plan adds. The checker is the one the documentation's example passes.
 * https://shardingsphere.apache.org/document/current/en/user-manual/shardingsphere-jdbc/yaml-config/rules/sharding/
 */
import type { SchemaSnapshot } from '../../../../shared/contract/advisor';
import type { ExportIssue, ShardPlan } from '../../../../shared/contract/shards';
import { TAG, emitYaml, type YamlValue } from './yaml-lite';

/** A shard data source. */
export interface DataSource {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

type Obj = { [k: string]: YamlValue };

/** Builds the configuration (as YAML text and as the object the checker reads). */
export function shardingSphereExport(plan: ShardPlan, database: string, sources: readonly DataSource[]): { config: Obj; text: string } {
  const dataSources: Obj = {};
  sources.forEach((s, i) => {
    dataSources[`ds_${i}`] = {
      url: `jdbc:mysql://${s.host}:${s.port}/${database}?useSSL=false`,
      username: s.user,
      password: s.password === '' ? null : s.password,
    };
  });
  const tables: Obj = {};
  const algorithms: Obj = {};
  const keyed: string[] = [];
  for (const t of plan.tables) {
    if (t.role !== 'root' && t.role !== 'carries-key' && t.role !== 'needs-key') continue;
    const col = t.keyColumn!;
    const algo = `${col}_mod`;
    algorithms[algo] = { type: 'INLINE', props: { 'algorithm-expression': `ds_\${${col} % ${plan.shards}}` } };
    const entry: Obj = {
      actualDataNodes: `ds_\${0..${plan.shards - 1}}.${t.table}`,
      databaseStrategy: { standard: { shardingColumn: col, shardingAlgorithmName: algo } },
    };
    if (t.auto) entry.keyGenerateStrategy = { column: t.auto, keyGeneratorName: 'snowflake' };
    tables[t.table] = entry;
    if (t.role !== 'root') keyed.push(t.table);
  }
  const sharding: Obj = { [TAG]: 'SHARDING', tables };
  // Binding tables must share one sharding column name; the root calls it by its own name.
  if (keyed.length > 1) sharding.bindingTables = [keyed.join(',')];
  sharding.shardingAlgorithms = algorithms;
  sharding.keyGenerators = { snowflake: { type: 'SNOWFLAKE' } };
  const rules: YamlValue[] = [sharding];
  const broadcast = plan.tables.filter((t) => t.role === 'reference').map((t) => t.table);
  if (broadcast.length > 0) rules.push({ [TAG]: 'BROADCAST', tables: broadcast });
  const config: Obj = { databaseName: database, dataSources, rules };
  const unsharded = plan.tables.filter((t) => t.role === 'unsharded').map((t) => t.table);
  const needs = plan.tables.filter((t) => t.role === 'needs-key').map((t) => `${t.table}.${t.keyColumn}`);
  const header = [
    `# Apache ShardingSphere: ${plan.shards} shards by ${plan.root}.${plan.key} (${plan.keyName}), ds_\${${plan.keyName} % ${plan.shards}}.`,
    ...(needs.length ? [`# Add these columns first (filled by the migration): ${needs.join(', ')}.`] : []),
    ...(unsharded.length ? [`# Single tables (one data source, loaded by ShardingSphere as they are): ${unsharded.join(', ')}.`] : []),
  ];
  return { config, text: `${header.join('\n')}\n${emitYaml(config)}` };
}

/** Expands `ds_${0..3}.t` / `ds_0.t, ds_1.t` into the data source names a node list uses. */
function dataSourcesOf(nodes: string): string[] {
  return nodes.split(',').flatMap((node) => {
    const n = node.trim();
    let depth = 0;
    let cut = n.length;
    for (let i = 0; i < n.length; i++) {
      if (n[i] === '{') depth++;
      else if (n[i] === '}') depth--;
      else if (n[i] === '.' && depth === 0) {
        cut = i;
        break;
      }
    }
    const ds = n.slice(0, cut);
    const m = /^(.*)\$\{(\d+)\.\.(\d+)\}(.*)$/.exec(ds) ?? /^(.*)\$->\{(\d+)\.\.(\d+)\}(.*)$/.exec(ds);
    if (!m) return [ds];
    return Array.from({ length: Number(m[3]) - Number(m[2]) + 1 }, (_, i) => `${m[1]}${Number(m[2]) + i}${m[4]}`);
  });
}

const isObj = (v: YamlValue | undefined): v is Obj => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks a ShardingSphere database configuration against its documented structure: a `!SHARDING`
 * rule with tables; each strategy (standard/complex/hint/none) names a declared algorithm with a
 * type; each actualDataNodes data source is declared (when dataSources are given); key generators
 * and auditors are declared; binding tables are sharding tables; INLINE expressions use the
 * sharding column; with the schema, sharding and key columns exist.
 */
export function checkShardingSphere(config: YamlValue, schema?: SchemaSnapshot): ExportIssue[] {
  const issues: ExportIssue[] = [];
  if (!isObj(config)) return [{ path: '', message: 'not a YAML mapping' }];
  const rules = config.rules;
  if (!Array.isArray(rules)) return [{ path: 'rules', message: 'no rules list' }];
  const sharding = rules.find((r) => isObj(r) && r[TAG] === 'SHARDING');
  if (!isObj(sharding)) return [{ path: 'rules', message: 'no !SHARDING rule' }];
  const tables = sharding.tables;
  if (!isObj(tables) || Object.keys(tables).length === 0) issues.push({ path: 'rules.!SHARDING.tables', message: 'no sharding tables' });
  const algorithms = isObj(sharding.shardingAlgorithms) ? sharding.shardingAlgorithms : {};
  const generators = isObj(sharding.keyGenerators) ? sharding.keyGenerators : {};
  const auditors = isObj(sharding.auditors) ? sharding.auditors : {};
  for (const [name, a] of Object.entries(algorithms))
    if (!isObj(a) || typeof a.type !== 'string') issues.push({ path: `shardingAlgorithms.${name}`, message: 'algorithm without a type' });
  const sources = isObj(config.dataSources) ? new Set(Object.keys(config.dataSources)) : null;
  const columnsOf = (table: string): Set<string> | null => {
    const t = schema?.tables.find((x) => x.name === table);
    return t ? new Set(t.columns.map((c) => c.name)) : null;
  };
  const strategy = (path: string, table: string | null, s: YamlValue | undefined): void => {
    if (s === undefined || s === null) return;
    if (!isObj(s)) return void issues.push({ path, message: 'strategy is not a mapping' });
    const kinds = Object.keys(s).filter((k) => ['standard', 'complex', 'hint', 'none'].includes(k));
    if (kinds.length !== 1) return void issues.push({ path, message: 'a strategy is exactly one of standard, complex, hint, none' });
    const body = s[kinds[0]!];
    if (kinds[0] === 'none') return;
    if (!isObj(body)) return void issues.push({ path, message: `${kinds[0]} strategy is empty` });
    const algo = body.shardingAlgorithmName;
    if (typeof algo !== 'string' || !algorithms[algo]) issues.push({ path: `${path}.${kinds[0]}`, message: `algorithm ${String(algo)} is not declared` });
    const cols = kinds[0] === 'standard' ? [body.shardingColumn] : kinds[0] === 'complex' ? String(body.shardingColumns ?? '').split(',') : [];
    for (const c of cols) {
      if (kinds[0] !== 'hint' && (typeof c !== 'string' || c.trim() === '')) issues.push({ path: `${path}.${kinds[0]}`, message: 'no sharding column' });
      const known = table ? columnsOf(table) : null;
      if (typeof c === 'string' && known && !known.has(c.trim())) issues.push({ path: `${path}.${kinds[0]}`, message: `no column ${c} in ${table}` });
    }
    const a = typeof algo === 'string' ? algorithms[algo] : undefined;
    const expr = isObj(a) && isObj(a.props) ? a.props['algorithm-expression'] : undefined;
    if (
      isObj(a) &&
      a.type === 'INLINE' &&
      typeof expr === 'string' &&
      kinds[0] === 'standard' &&
      typeof body.shardingColumn === 'string' &&
      !expr.includes(body.shardingColumn)
    )
      issues.push({ path: `${path}.${kinds[0]}`, message: `INLINE expression ${expr} does not use ${body.shardingColumn}` });
  };
  for (const [table, t] of Object.entries(isObj(tables) ? tables : {})) {
    const path = `tables.${table}`;
    if (!isObj(t)) {
      issues.push({ path, message: 'table rule is not a mapping' });
      continue;
    }
    if (typeof t.actualDataNodes === 'string' && sources)
      for (const ds of dataSourcesOf(t.actualDataNodes))
        if (!sources.has(ds)) issues.push({ path: `${path}.actualDataNodes`, message: `data source ${ds} is not declared` });
    strategy(`${path}.databaseStrategy`, table, t.databaseStrategy);
    strategy(`${path}.tableStrategy`, table, t.tableStrategy);
    const kg = t.keyGenerateStrategy;
    if (isObj(kg)) {
      if (typeof kg.keyGeneratorName !== 'string' || !generators[kg.keyGeneratorName])
        issues.push({ path: `${path}.keyGenerateStrategy`, message: `key generator ${String(kg.keyGeneratorName)} is not declared` });
      const known = columnsOf(table);
      if (known && typeof kg.column === 'string' && !known.has(kg.column))
        issues.push({ path: `${path}.keyGenerateStrategy`, message: `no column ${kg.column} in ${table}` });
    }
    const audit = t.auditStrategy;
    if (isObj(audit) && Array.isArray(audit.auditorNames))
      for (const n of audit.auditorNames)
        if (typeof n !== 'string' || !auditors[n]) issues.push({ path: `${path}.auditStrategy`, message: `auditor ${String(n)} is not declared` });
  }
  strategy('defaultDatabaseStrategy', null, sharding.defaultDatabaseStrategy);
  strategy('defaultTableStrategy', null, sharding.defaultTableStrategy);
  if (Array.isArray(sharding.bindingTables))
    for (const group of sharding.bindingTables)
      for (const name of String(group)
        .split(',')
        .map((s) => s.trim()))
        if (!isObj(tables) || !tables[name]) issues.push({ path: 'bindingTables', message: `${name} is not a sharding table` });
  const broadcast = rules.find((r) => isObj(r) && r[TAG] === 'BROADCAST');
  if (isObj(broadcast) && Array.isArray(broadcast.tables))
    for (const name of broadcast.tables)
      if (isObj(tables) && typeof name === 'string' && tables[name]) issues.push({ path: 'BROADCAST', message: `${name} is both broadcast and sharded` });
  return issues;
}
