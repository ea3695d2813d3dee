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

/** A YAML value of the subset ShardingSphere rule files use: mappings, lists, scalars, and `!TAG` list items. */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  no: number;
}

function scalar(raw: string, no: number): string | null {
  const s = raw.trim();
  if (s === '' || s === '~' || s === 'null') return null;
  if (s.startsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      throw new Error(`line ${no}: bad double-quoted string`);
    }
  }
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2) throw new Error(`line ${no}: bad single-quoted string`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  return s;
}

/** Splits `key: value` (a key is not quoted in rule files); null when the line is no mapping entry. */
function entry(text: string): { key: string; rest: string } | null {
  const m = /^([A-Za-z0-9_.${}-]+)\s*:(?:\s+(.*))?$/.exec(text);
  return m ? { key: m[1]!, rest: (m[2] ?? '').replace(/\s+#.*$/, '') } : null;
}

function parseBlock(lines: Line[], pos: { i: number }, indent: number): YamlValue {
  const first = lines[pos.i];
  if (!first) return null;
  if (first.text === '-' || first.text.startsWith('- ')) {
    const list: YamlValue[] = [];
    while (pos.i < lines.length && lines[pos.i]!.indent === indent && (lines[pos.i]!.text === '-' || lines[pos.i]!.text.startsWith('- '))) {
      const line = lines[pos.i]!;
      const rest = line.text.slice(1).trim();
      pos.i++;
      if (rest.startsWith('!')) {
        const tag = rest.split(/\s+/)[0]!;
        const next = lines[pos.i];
        const body = next && next.indent > indent ? parseBlock(lines, pos, next.indent) : {};
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error(`line ${line.no}: ${tag} must tag a mapping`);
        list.push({ '!tag': tag, ...body });
      } else if (entry(rest)) {
        // "- key: value" starts a mapping whose keys sit two columns right of the dash.
        const inner = indent + line.text.indexOf(rest);
        lines.splice(pos.i, 0, { indent: inner, text: rest, no: line.no });
        list.push(parseBlock(lines, pos, inner));
      } else {
        list.push(scalar(rest, line.no));
      }
    }
    return list;
  }
  const map: { [key: string]: YamlValue } = {};
  while (pos.i < lines.length && lines[pos.i]!.indent === indent) {
    const line = lines[pos.i]!;
    if (line.text.startsWith('-')) break;
    const e = entry(line.text);
    if (!e) throw new Error(`line ${line.no}: expected "key: value", got: ${line.text.slice(0, 60)}`);
    pos.i++;
    if (e.key in map) throw new Error(`line ${line.no}: duplicate key ${e.key}`);
    if (e.rest !== '') {
      map[e.key] = scalar(e.rest, line.no);
      continue;
    }
    const next = lines[pos.i];
    if (next && (next.indent > indent || (next.indent === indent && next.text.startsWith('-')))) map[e.key] = parseBlock(lines, pos, next.indent);
    else map[e.key] = null;
  }
  const stray = lines[pos.i];
  if (stray && stray.indent > indent) throw new Error(`line ${stray.no}: unexpected indentation`);
  return map;
}

/** Reads the YAML subset of a rule file (no anchors, flow collections or multi-line scalars); throws with a line number on anything else. */
export function readRuleYaml(text: string): YamlValue {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, n) => {
    if (/\t/.test(raw.match(/^\s*/)![0])) throw new Error(`line ${n + 1}: tabs are not allowed for indentation`);
    const t = raw.replace(/\s+$/, '');
    const body = t.trim();
    if (!body || body.startsWith('#') || body === '---') return;
    lines.push({ indent: t.length - t.trimStart().length, text: body, no: n + 1 });
  });
  if (!lines.length) return null;
  const pos = { i: 0 };
  const v = parseBlock(lines, pos, lines[0]!.indent);
  if (pos.i < lines.length) throw new Error(`line ${lines[pos.i]!.no}: unexpected content`);
  return v;
}

/** Checks a ShardingSphere rule file's text: it reads, has one `!READWRITE_SPLITTING` rule, and that rule fits the documented structure. */
export function checkShardingSphereText(text: string): string[] {
  let doc: YamlValue;
  try {
    doc = readRuleYaml(text);
  } catch (e) {
    return [`not readable: ${(e as Error).message}`];
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return ['the file is not a mapping'];
  const rules = doc.rules;
  if (!Array.isArray(rules)) return ['rules must be a list'];
  const rw = rules.filter((r): r is { [key: string]: YamlValue } => !!r && typeof r === 'object' && !Array.isArray(r) && r['!tag'] === '!READWRITE_SPLITTING');
  if (rw.length !== 1) return [`expected one !READWRITE_SPLITTING rule, found ${rw.length}`];
  const { '!tag': _tag, ...rule } = rw[0]!;
  const ds = doc.dataSources;
  const names = ds && typeof ds === 'object' && !Array.isArray(ds) ? Object.keys(ds) : undefined;
  return checkReadwriteSplittingRule(rule, names);
}
