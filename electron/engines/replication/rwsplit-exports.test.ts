import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rwSplitOptions } from '../../../shared/contract/replication';
import { plantedLog, PLANTED_READ } from '../../testing/rwsplit-log';
import { checkProxysqlConfig, patternForFingerprint, READER_HG, WRITER_HG } from './proxysql-export';
import { adviseRwSplit } from './rwsplit-advice';
import { checkReadwriteSplittingRule, checkShardingSphereText, readRuleYaml } from './rwsplit-shardingsphere';
import { eventsFromSlowLog } from './rwsplit-slowlog';
import { fingerprint } from '../slowlog/fingerprint';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const topology = {
  writer: { host: '10.0.0.1', port: 3306 },
  readers: [
    { host: '10.0.0.2', port: 3306 },
    { host: '10.0.0.3', port: 3306 },
  ],
};

function advice(family: 'mysql' | 'mariadb' = 'mysql') {
  const { events } = eventsFromSlowLog(plantedLog().text);
  return adviseRwSplit(events, { options: rwSplitOptions.parse({}), family, source: 'slowlog', topology, database: 'cowrite' });
}

describe('ProxySQL structural check on the documentation examples', () => {
  it('accepts the configuration guide’s mysql_servers rows', () => {
    expect(checkProxysqlConfig(fixture('proxysql-doc-configuration.sql'))).toEqual([]);
  });

  it('accepts the blog’s rules, and with the writer and reader they assume shows that FOR SHARE and LOCK IN SHARE MODE reach the readers', () => {
    const doc = fixture('proxysql-blog-read-write-split.sql');
    expect(checkProxysqlConfig(doc)).toEqual([]);
    const withGroups = `INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup) VALUES (10, 20);\nLOAD MYSQL SERVERS TO RUNTIME;\n${doc}`;
    expect(checkProxysqlConfig(withGroups)).toEqual([
      'rule order: "select id from t where id = 1 for share" would go to hostgroup 20, not 10',
      'rule order: "SELECT id FROM t WHERE id = 1 LOCK IN SHARE MODE" would go to hostgroup 20, not 10',
    ]);
  });

  it('finds rules in the wrong order, unknown columns, bad values and a missing LOAD', () => {
    const bad = [
      'INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup, check_type) VALUES (10, 20, "readonly");',
      "INSERT INTO mysql_servers (hostgroup_id, hostname, port, max_replication_lag) VALUES (10, 'a', 3306, -1), (20, 'b', 3306);",
      "INSERT INTO mysql_query_rules (rule_id, active, match_digest, destination_hostgroup, apply) VALUES (1, 1, '^SELECT', 20, 1), (2, 1, '^SELECT.*FOR UPDATE', 10, 1), (2, 1, 'x', 30, 1);",
      "INSERT INTO mysql_query_rules (rule_id, active, match_regex) VALUES (5, 1, 'x');",
      'LOAD MYSQL QUERY RULES TO RUNTIME;',
    ].join('\n');
    const p = checkProxysqlConfig(bad);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringContaining('check_type readonly is not one of'),
        'mysql_servers: max_replication_lag must be 0..126144000',
        'mysql_servers: 3 value(s) for 4 column(s)',
        'mysql_query_rules: rule_id 2 is used twice',
        'mysql_query_rules has no column match_regex',
        'mysql_servers is changed but LOAD MYSQL SERVERS TO RUNTIME is missing',
        'rule 2 sends to hostgroup 30, which has no server',
        'rule order: "SELECT id FROM t WHERE id = 1 FOR UPDATE" would go to hostgroup 20, not 10',
      ]),
    );
    expect(checkProxysqlConfig('DROP TABLE mysql_servers;')).toEqual(['Not a ProxySQL admin statement: DROP TABLE mysql_servers']);
  });
});

describe('the ProxySQL export', () => {
  it('passes its check, with lag-bounded readers, the replication hostgroups and every table loaded', () => {
    const a = advice();
    const x = a.exports.find((e) => e.format === 'proxysql')!;
    expect(x.problems).toEqual([]);
    expect(x.text).toContain(
      `INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup, check_type, comment) VALUES (${WRITER_HG}, ${READER_HG}, 'read_only'`,
    );
    expect(x.text).toContain(`VALUES (${READER_HG}, '10.0.0.3', 3306, 5,`);
    expect(x.text).toMatch(/-- Read-your-writes policy: /);
    for (const t of ['SERVERS', 'QUERY RULES', 'USERS']) expect(x.text).toContain(`LOAD MYSQL ${t} TO RUNTIME;`);
  });

  it('puts locking reads and the read-after-write class before the catch-all read rule', () => {
    const x = advice().exports.find((e) => e.format === 'proxysql')!.text;
    const rules = [...x.matchAll(/INSERT INTO mysql_query_rules .* VALUES \((\d+), 1, '((?:[^']|'')*)', 'CASELESS', (\d+), 1/g)].map((m) => ({
      id: Number(m[1]),
      pattern: m[2]!.replace(/''/g, "'").replace(/\\\\/g, '\\'),
      hg: Number(m[3]),
    }));
    const pin = rules.findIndex((r) => new RegExp(r.pattern, 'i').test(PLANTED_READ(42)));
    const catchAll = rules.findIndex((r) => r.hg === READER_HG);
    expect(pin).toBeGreaterThanOrEqual(0);
    expect(rules[pin]!.hg).toBe(WRITER_HG);
    expect(pin).toBeLessThan(catchAll);
    expect(catchAll).toBe(rules.length - 1);
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort((a, b) => a - b));
  });

  it('a fingerprint pattern matches the class’s statements, whatever their values and spacing, and not other statements', () => {
    const re = new RegExp(patternForFingerprint(fingerprint(PLANTED_READ(1))), 'i');
    expect(re.test(PLANTED_READ(98765))).toBe(true);
    expect(re.test(PLANTED_READ(3).replace('d.id = 3', 'd.id=3').replace(/ /g, '  '))).toBe(true);
    expect(re.test('SELECT d.id FROM documents d WHERE d.id = 1')).toBe(false);
  });
});

describe('ShardingSphere !READWRITE_SPLITTING', () => {
  it('the documentation sample reads and passes the check', () => {
    const text = fixture('shardingsphere-readwrite-splitting.yaml');
    expect(checkShardingSphereText(text)).toEqual([]);
    const doc = readRuleYaml(text) as { rules: Array<Record<string, unknown>> };
    expect(doc.rules[0]).toEqual({
      '!tag': '!READWRITE_SPLITTING',
      dataSourceGroups: {
        readwrite_ds: {
          writeDataSourceName: 'write_ds',
          readDataSourceNames: ['read_ds_0', 'read_ds_1'],
          transactionalReadQueryStrategy: 'PRIMARY',
          loadBalancerName: 'random',
        },
      },
      loadBalancers: { random: { type: 'RANDOM' } },
    });
  });

  it('the export reads back as the rule it was made from, with its data sources, and passes', () => {
    const x = advice('mariadb').exports.find((e) => e.format === 'shardingsphere')!;
    expect(x.problems).toEqual([]);
    const doc = readRuleYaml(x.text) as { dataSources: Record<string, { jdbcUrl: string }>; rules: Array<Record<string, unknown>> };
    expect(Object.keys(doc.dataSources)).toEqual(['write_ds', 'read_ds_0', 'read_ds_1']);
    expect(doc.dataSources.read_ds_1!.jdbcUrl).toBe('jdbc:mysql://10.0.0.3:3306/cowrite');
    expect(doc.rules[0]!.dataSourceGroups).toEqual({
      readwrite_ds: {
        writeDataSourceName: 'write_ds',
        readDataSourceNames: ['read_ds_0', 'read_ds_1'],
        transactionalReadQueryStrategy: 'PRIMARY',
        loadBalancerName: 'round_robin',
      },
    });
    expect(x.text).toContain('SHARDINGSPHERE_HINT: WRITE_ROUTE_ONLY=true');
    expect(x.text).toContain(`#   ${fingerprint(PLANTED_READ(1)).slice(0, 60)}`);
  });

  it('finds what breaks the documented structure', () => {
    expect(
      checkReadwriteSplittingRule(
        {
          dataSourceGroups: {
            g: { writeDataSourceName: 'w', readDataSourceNames: [], loadBalancerName: 'lb', transactionalReadQueryStrategy: 'REPLICA', extra: 1 },
          },
          loadBalancers: { other: { type: 'FASTEST' } },
        },
        ['w'],
      ),
    ).toEqual([
      'loadBalancers.other.type must be one of ROUND_ROBIN, RANDOM, WEIGHT',
      'dataSourceGroups.g: unknown key extra',
      'dataSourceGroups.g.readDataSourceNames must list at least one data source',
      'dataSourceGroups.g.transactionalReadQueryStrategy must be one of PRIMARY, FIXED, DYNAMIC',
      'dataSourceGroups.g.loadBalancerName lb is not declared in loadBalancers',
    ]);
    expect(checkShardingSphereText('rules:\n- !SHARDING\n  tables: {}\n')).toEqual(['expected one !READWRITE_SPLITTING rule, found 0']);
    expect(
      checkShardingSphereText('rules:\n  - !READWRITE_SPLITTING\n    dataSourceGroups:\n      g:\n        writeDataSourceName: w\n     bad: 1\n')[0],
    ).toMatch(/^not readable: line 6/);
  });
});
