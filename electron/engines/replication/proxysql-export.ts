/**
 * ProxySQL configuration for a read/write split, as SQL for its admin interface (port 6032), and
 * the structural check every export passes before it is shown. Tables and columns are those of
 * ProxySQL's admin schema (https://proxysql.com/documentation/main-runtime/): mysql_servers with
 * max_replication_lag (a reader lagging more is shunned), mysql_replication_hostgroups (ProxySQL
 * moves servers between writer and reader groups by their read_only), and mysql_query_rules,
 * evaluated in rule_id order, the first matching rule with apply=1 deciding
 * (https://proxysql.com/documentation/proxysql-read-write-split-howto/). So locking reads and the
 * reads that must see their own writes come first, then `^SELECT` to the readers; everything else
 * falls to the user's default_hostgroup, the writer.
 */
import type { RwClass, RwTopology } from '../../../shared/contract/replication';
import type { RwAnalysis } from './rwsplit';

/** Hostgroup ids of the export. */
export const WRITER_HG = 10;
/** Hostgroup of the readers. */
export const READER_HG = 20;

/** Columns of the admin tables the export may write (ProxySQL 2.x main schema). */
export const PROXYSQL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  mysql_servers: [
    'hostgroup_id',
    'hostname',
    'port',
    'gtid_port',
    'status',
    'weight',
    'compression',
    'max_connections',
    'max_replication_lag',
    'use_ssl',
    'max_latency_ms',
    'comment',
  ],
  mysql_replication_hostgroups: ['writer_hostgroup', 'reader_hostgroup', 'check_type', 'comment'],
  mysql_query_rules: [
    'rule_id',
    'active',
    'username',
    'schemaname',
    'flagIN',
    'client_addr',
    'proxy_addr',
    'proxy_port',
    'digest',
    'match_digest',
    'match_pattern',
    'negate_match_pattern',
    're_modifiers',
    'flagOUT',
    'replace_pattern',
    'destination_hostgroup',
    'cache_ttl',
    'cache_empty_result',
    'cache_timeout',
    'reconnect',
    'timeout',
    'retries',
    'delay',
    'next_query_flagIN',
    'mirror_flagOUT',
    'mirror_hostgroup',
    'error_msg',
    'OK_msg',
    'sticky_conn',
    'multiplex',
    'gtid_from_hostgroup',
    'log',
    'apply',
    'attributes',
    'comment',
  ],
  mysql_users: [
    'username',
    'password',
    'active',
    'use_ssl',
    'default_hostgroup',
    'default_schema',
    'schema_locked',
    'transaction_persistent',
    'fast_forward',
    'backend',
    'frontend',
    'max_connections',
    'attributes',
    'comment',
  ],
};
/** Columns an INSERT must give. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  mysql_servers: ['hostname'],
  mysql_replication_hostgroups: ['writer_hostgroup', 'reader_hostgroup'],
  mysql_query_rules: ['rule_id'],
  mysql_users: ['username'],
};
const CHECK_TYPES = ['read_only', 'innodb_read_only', 'super_read_only', 'read_only|innodb_read_only', 'read_only&innodb_read_only'];
/** The admin command that loads each table to runtime. */
const LOAD_OF: Readonly<Record<string, string>> = {
  mysql_servers: 'MYSQL SERVERS',
  mysql_replication_hostgroups: 'MYSQL SERVERS',
  mysql_query_rules: 'MYSQL QUERY RULES',
  mysql_users: 'MYSQL USERS',
};

const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A match_pattern (PCRE, CASELESS) that matches a class's statements: its fingerprint's words
 * with any value where the fingerprint has `?`, spaces free around punctuation.
 */
export function patternForFingerprint(fp: string): string {
  const tokens = fp.match(/\?\+?|[A-Za-z0-9_$.`]+|[^\sA-Za-z0-9_$.`?]/g) ?? [];
  const parts = tokens.map((t) => (t === '?' || t === '?+' ? '.+?' : escapeRe(t)));
  let out = '^\\s*';
  tokens.forEach((t, i) => {
    if (i > 0) out += /^[A-Za-z0-9_$.`]/.test(t) && /[A-Za-z0-9_$.`]$/.test(tokens[i - 1]!) ? '\\s+' : '\\s*';
    out += parts[i];
  });
  return out;
}

/** Where each rule sends a probe statement, in ProxySQL's order. */
interface Rule {
  rule_id: number;
  active: number;
  match_pattern: string | null;
  match_digest: string | null;
  negate: boolean;
  caseless: boolean;
  destination: number | null;
  apply: number;
}

/** The ProxySQL admin SQL for a split: servers, replication hostgroups, rules, the users' default, load and save. */
export function exportProxysql(analysis: RwAnalysis, topology: RwTopology, opts: { maxReplicationLagSec: number; policy: string }): string {
  const lines: string[] = [
    '-- ProxySQL read/write split (run on the admin interface, port 6032).',
    ...wrapComment(`Read-your-writes policy: ${opts.policy}`),
    `-- Writer hostgroup ${WRITER_HG}, reader hostgroup ${READER_HG}; ProxySQL moves servers between them by read_only.`,
    `INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup, check_type, comment) VALUES (${WRITER_HG}, ${READER_HG}, 'read_only', 'read/write split');`,
    `INSERT INTO mysql_servers (hostgroup_id, hostname, port, max_replication_lag, comment) VALUES (${WRITER_HG}, ${sqlString(topology.writer.host)}, ${topology.writer.port}, 0, 'primary');`,
  ];
  for (const r of topology.readers) {
    lines.push(
      `INSERT INTO mysql_servers (hostgroup_id, hostname, port, max_replication_lag, comment) VALUES (${READER_HG}, ${sqlString(r.host)}, ${r.port}, ${opts.maxReplicationLagSec}, 'replica: shunned above ${opts.maxReplicationLagSec} s of lag');`,
    );
  }
  lines.push('-- Rules in rule_id order; the first match with apply=1 decides.');
  let id = 100;
  const rule = (pattern: string, hg: number, comment: string) => {
    lines.push(
      `INSERT INTO mysql_query_rules (rule_id, active, match_pattern, re_modifiers, destination_hostgroup, apply, comment) VALUES (${id}, 1, ${sqlString(pattern)}, 'CASELESS', ${hg}, 1, ${sqlString(comment)});`,
    );
    id += 100;
  };
  rule('^\\s*SELECT\\b.*\\bFOR\\s+(UPDATE|SHARE)\\b', WRITER_HG, 'locking reads stay on the writer');
  rule('^\\s*SELECT\\b.*\\bLOCK\\s+IN\\s+SHARE\\s+MODE\\b', WRITER_HG, 'locking reads stay on the writer');
  const pinned: RwClass[] = analysis.classes.filter((c) => c.kind === 'read' && c.route !== 'replica');
  for (const c of pinned) {
    rule(
      patternForFingerprint(c.fingerprint),
      WRITER_HG,
      `${c.route === 'primary' ? 'read-your-writes' : 'read-your-writes (GTID wait needed on a replica)'}: ${c.fingerprint.slice(0, 80)}`,
    );
  }
  rule('^\\s*(SELECT|WITH)\\b', READER_HG, 'other reads go to the replicas');
  lines.push(
    `-- Everything else (writes, session statements) goes to the user's default hostgroup; transactions stay on one server.`,
    `UPDATE mysql_users SET default_hostgroup = ${WRITER_HG}, transaction_persistent = 1;`,
    'LOAD MYSQL SERVERS TO RUNTIME;',
    'SAVE MYSQL SERVERS TO DISK;',
    'LOAD MYSQL QUERY RULES TO RUNTIME;',
    'SAVE MYSQL QUERY RULES TO DISK;',
    'LOAD MYSQL USERS TO RUNTIME;',
    'SAVE MYSQL USERS TO DISK;',
  );
  return lines.join('\n') + '\n';
}

function wrapComment(text: string, width = 100): string[] {
  const out: string[] = [];
  let line = '--';
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > width) {
      out.push(line);
      line = '--';
    }
    line += ` ${word}`;
  }
  if (line !== '--') out.push(line);
  return out;
}

/** Splits admin SQL into statements, without comments; quotes respected. */
function statementsOf(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      cur += ch;
      if (ch === '\\' && i + 1 < text.length) cur += text[++i];
      else if (ch === quote) {
        if (text[i + 1] === quote) cur += text[++i];
        else quote = null;
      }
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Values of a VALUES tuple list: strings unquoted, NULL as null, numbers as numbers. */
function tuples(text: string): Array<Array<string | number | null>> | null {
  const out: Array<Array<string | number | null>> = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (;;) {
    skip();
    if (text[i] !== '(') return null;
    i++;
    const row: Array<string | number | null> = [];
    for (;;) {
      skip();
      const ch = text[i];
      if (ch === "'" || ch === '"') {
        let s = '';
        i++;
        for (; i < text.length; i++) {
          if (text[i] === '\\') s += text[++i];
          else if (text[i] === ch && text[i + 1] === ch) s += text[++i];
          else if (text[i] === ch) break;
          else s += text[i];
        }
        if (text[i] !== ch) return null;
        i++;
        row.push(s);
      } else {
        const m = /^(-?\d+(?:\.\d+)?|NULL)/i.exec(text.slice(i));
        if (!m) return null;
        row.push(/^null$/i.test(m[1]!) ? null : Number(m[1]));
        i += m[1]!.length;
      }
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ')') {
        i++;
        break;
      }
      return null;
    }
    out.push(row);
    skip();
    if (text[i] === ',') {
      i++;
      continue;
    }
    return i >= text.length ? out : null;
  }
}

/** Where ProxySQL would send `sql`: the first matching active rule with apply=1, else the default hostgroup. */
function routeOf(rules: readonly Rule[], sql: string, defaultHg: number | null): number | null {
  let dest: number | null = null;
  for (const r of rules) {
    if (!r.active) continue;
    const re = r.match_pattern ?? r.match_digest;
    if (re === null) continue;
    let hit: boolean;
    try {
      hit = new RegExp(re, r.caseless ? 'i' : '').test(sql);
    } catch {
      continue;
    }
    if (r.negate) hit = !hit;
    if (!hit) continue;
    if (r.destination !== null) dest = r.destination;
    if (r.apply) return dest;
  }
  return dest ?? defaultHg;
}

/**
 * Checks ProxySQL admin SQL against the documented structure: known tables and columns, one value
 * per column, required columns, unique rule ids, a valid check_type, distinct writer and reader
 * groups, rule and server hostgroups that exist, every table loaded to runtime, and — when the
 * writer and reader are known — rules in an order that keeps locking reads and writes on the
 * writer while plain reads reach the readers. Returns the problems (none for a valid config).
 */
export function checkProxysqlConfig(text: string, probes: readonly string[] = []): string[] {
  const problems: string[] = [];
  const rules: Rule[] = [];
  const serverHgs = new Set<number>();
  const loaded = new Set<string>();
  const touched = new Set<string>();
  let writer: number | null = null;
  let reader: number | null = null;
  let defaultHg: number | null = null;
  for (const st of statementsOf(text)) {
    const flat = st.replace(/\s+/g, ' ');
    let m = /^INSERT\s+(?:OR\s+REPLACE\s+)?INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES\s*([\s\S]*)$/i.exec(st);
    if (m) {
      const table = m[1]!;
      const cols = m[2]!.split(',').map((c) => c.trim());
      const known = PROXYSQL_COLUMNS[table];
      if (!known) {
        problems.push(`Unknown table ${table}`);
        continue;
      }
      touched.add(table);
      for (const c of cols) if (!known.includes(c)) problems.push(`${table} has no column ${c}`);
      for (const c of REQUIRED[table] ?? []) if (!cols.includes(c)) problems.push(`${table}: ${c} is required`);
      const rows = tuples(m[3]!);
      if (!rows) {
        problems.push(`${table}: unreadable VALUES in: ${flat.slice(0, 120)}`);
        continue;
      }
      for (const row of rows) {
        if (row.length !== cols.length) {
          problems.push(`${table}: ${row.length} value(s) for ${cols.length} column(s)`);
          continue;
        }
        const v = (c: string) => row[cols.indexOf(c)] ?? null;
        const num = (c: string) => (cols.includes(c) ? (typeof v(c) === 'number' ? (v(c) as number) : null) : null);
        if (table === 'mysql_servers') {
          serverHgs.add(num('hostgroup_id') ?? 0);
          const lag = num('max_replication_lag');
          if (cols.includes('max_replication_lag') && (lag === null || lag < 0 || lag > 126144000))
            problems.push('mysql_servers: max_replication_lag must be 0..126144000');
        }
        if (table === 'mysql_replication_hostgroups') {
          writer = num('writer_hostgroup');
          reader = num('reader_hostgroup');
          if (writer === null || reader === null) problems.push('mysql_replication_hostgroups: hostgroups must be integers');
          else if (writer === reader) problems.push('mysql_replication_hostgroups: writer and reader hostgroups must differ');
          const ct = v('check_type');
          if (cols.includes('check_type') && !CHECK_TYPES.includes(String(ct)))
            problems.push(`mysql_replication_hostgroups: check_type ${String(ct)} is not one of ${CHECK_TYPES.join(', ')}`);
        }
        if (table === 'mysql_query_rules') {
          const id = num('rule_id');
          if (id === null) problems.push('mysql_query_rules: rule_id must be an integer');
          else if (rules.some((r) => r.rule_id === id)) problems.push(`mysql_query_rules: rule_id ${id} is used twice`);
          const mods = String(v('re_modifiers') ?? 'CASELESS');
          rules.push({
            rule_id: id ?? 0,
            active: num('active') ?? 0,
            match_pattern: cols.includes('match_pattern') ? (v('match_pattern') as string | null) : null,
            match_digest: cols.includes('match_digest') ? (v('match_digest') as string | null) : null,
            negate: num('negate_match_pattern') === 1,
            caseless: /CASELESS/i.test(mods),
            destination: num('destination_hostgroup'),
            apply: cols.includes('apply') ? (num('apply') ?? 0) : 0,
          });
        }
      }
      continue;
    }
    m = /^UPDATE (\w+) SET (.+?)(?: WHERE .*)?$/i.exec(flat);
    if (m) {
      const table = m[1]!;
      const known = PROXYSQL_COLUMNS[table];
      if (!known) {
        problems.push(`Unknown table ${table}`);
        continue;
      }
      touched.add(table);
      for (const a of m[2]!.split(',')) {
        const [col, val] = a.split('=').map((s) => s.trim());
        if (!col || !known.includes(col)) problems.push(`${table} has no column ${col ?? ''}`);
        if (table === 'mysql_users' && col === 'default_hostgroup') defaultHg = Number(val);
      }
      continue;
    }
    m = /^(LOAD|SAVE) (MYSQL (?:SERVERS|QUERY RULES|USERS|VARIABLES)) (TO|FROM) (RUNTIME|DISK|MEMORY|MEM)$/i.exec(flat);
    if (m) {
      if (/^LOAD$/i.test(m[1]!) && /^RUNTIME$/i.test(m[4]!)) loaded.add(m[2]!.toUpperCase());
      continue;
    }
    m = /^DELETE FROM (\w+)/i.exec(flat);
    if (m && PROXYSQL_COLUMNS[m[1]!]) continue;
    problems.push(`Not a ProxySQL admin statement: ${flat.slice(0, 120)}`);
  }
  for (const t of touched) if (!loaded.has(LOAD_OF[t]!)) problems.push(`${t} is changed but LOAD ${LOAD_OF[t]} TO RUNTIME is missing`);
  rules.sort((a, b) => a.rule_id - b.rule_id);
  if (serverHgs.size) {
    for (const r of rules)
      if (r.destination !== null && !serverHgs.has(r.destination)) problems.push(`rule ${r.rule_id} sends to hostgroup ${r.destination}, which has no server`);
    if (writer !== null && !serverHgs.has(writer)) problems.push(`writer hostgroup ${writer} has no server`);
  }
  if (writer !== null && reader !== null && rules.length) {
    const def = defaultHg ?? writer;
    const must: Array<[string, number]> = [
      ['SELECT id FROM t WHERE id = 1 FOR UPDATE', writer],
      ['select id from t where id = 1 for share', writer],
      ['SELECT id FROM t WHERE id = 1 LOCK IN SHARE MODE', writer],
      ['UPDATE t SET v = 1 WHERE id = 1', writer],
      ['INSERT INTO t (v) VALUES (1)', writer],
      ['SELECT id FROM t WHERE id = 1', reader],
      ...probes.map((p): [string, number] => [p, writer!]),
    ];
    for (const [sql, hg] of must) {
      const got = routeOf(rules, sql, def);
      if (got !== hg) problems.push(`rule order: "${sql.slice(0, 80)}" would go to hostgroup ${String(got)}, not ${hg}`);
    }
  }
  return problems;
}
