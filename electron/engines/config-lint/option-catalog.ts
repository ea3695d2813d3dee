/**
 * What each lint target accepts in an option file: the server variables captured from real
 * servers (fixtures/*.variables.json, recaptured by fixtures/capture-variables.mjs), plus the
 * startup-only options that are not variables, plus the documented removals and deprecations.
 */
import mariadbVars from './fixtures/mariadb-10.11.variables.json';
import mysqlVars from './fixtures/mysql-9.7.variables.json';
import { dialectForTarget, type LintTarget } from '../flavor/dialect';
import type { Family } from '../flavor/flavor';

/** The server release a file is linted for (the dialect says which one a server is). */
export type { LintTarget };
/** All targets. */
export const lintTargets: readonly LintTarget[] = ['mysql-8.4', 'mysql-9.7', 'mariadb-10.11'];

/** How an option's value is checked. */
export type OptionType = 'number' | 'boolean' | 'text' | 'flag';

/** MySQL (either release) or MariaDB: the family of the target's dialect. */
export function targetFlavor(t: LintTarget): Family {
  return dialectForTarget(t).family;
}

/**
 * Options mysqld accepts at startup that SHOW VARIABLES does not list (or lists with another
 * type). "flag" options take no value. https://dev.mysql.com/doc/refman/8.4/en/server-options.html
 */
const startupOnly: ReadonlyArray<{ key: string; type: OptionType; flavors: ReadonlyArray<Family> }> = [
  { key: 'log_bin', type: 'text', flavors: ['mysql', 'mariadb'] }, // a path here; the variable is ON/OFF
  { key: 'skip_log_bin', type: 'flag', flavors: ['mysql', 'mariadb'] },
  { key: 'disable_log_bin', type: 'flag', flavors: ['mysql'] },
  { key: 'plugin_load', type: 'text', flavors: ['mysql', 'mariadb'] },
  { key: 'plugin_load_add', type: 'text', flavors: ['mysql', 'mariadb'] },
  { key: 'early_plugin_load', type: 'text', flavors: ['mysql'] },
  { key: 'user', type: 'text', flavors: ['mysql', 'mariadb'] },
  { key: 'default_time_zone', type: 'text', flavors: ['mysql', 'mariadb'] },
  { key: 'skip_grant_tables', type: 'flag', flavors: ['mysql', 'mariadb'] },
  { key: 'skip_name_resolve', type: 'flag', flavors: ['mysql', 'mariadb'] },
  { key: 'symbolic_links', type: 'boolean', flavors: ['mariadb'] },
  { key: 'skip_symbolic_links', type: 'flag', flavors: ['mariadb'] },
  { key: 'mysqlx', type: 'text', flavors: ['mysql'] },
  { key: 'innodb', type: 'text', flavors: ['mysql', 'mariadb'] },
  { key: 'console', type: 'flag', flavors: ['mysql', 'mariadb'] },
  { key: 'initialize', type: 'flag', flavors: ['mysql'] },
  { key: 'initialize_insecure', type: 'flag', flavors: ['mysql'] },
  { key: 'character_set_client_handshake', type: 'boolean', flavors: ['mariadb'] },
];

/** Variables whose ON/OFF capture hides other accepted words (enums), checked as text. */
const enumOverrides = ['query_cache_type', 'gtid_mode', 'enforce_gtid_consistency', 'event_scheduler', 'innodb_doublewrite', 'log_bin'];

/** Options MySQL 8.4 still accepts (deprecated) that MySQL 9.7 removed, per the captured 9.7 list. */
const mysql84Only: ReadonlyArray<{ key: string; type: OptionType }> = [
  { key: 'innodb_log_file_size', type: 'number' },
  { key: 'innodb_log_files_in_group', type: 'number' },
];

/** Known options of a target with the type used to check their values. */
export function knownOptions(target: LintTarget): ReadonlyMap<string, OptionType> {
  const flavor = targetFlavor(target);
  const captured = (flavor === 'mariadb' ? mariadbVars : mysqlVars).variables as Record<string, string>;
  const out = new Map<string, OptionType>();
  for (const [k, t] of Object.entries(captured)) out.set(k, t === 'number' || t === 'boolean' ? t : 'text');
  if (target === 'mysql-8.4') for (const o of mysql84Only) out.set(o.key, o.type);
  for (const s of startupOnly) if (s.flavors.includes(flavor)) out.set(s.key, s.type);
  for (const k of enumOverrides) if (out.has(k)) out.set(k, 'text');
  return out;
}

/** A documented removal or deprecation. */
export interface OptionChange {
  readonly key: string;
  readonly targets: readonly LintTarget[];
  readonly status: 'removed' | 'deprecated';
  /**
   * What the server does when a removed option is in its my.cnf: refuse to start ("unknown
   * variable", the default) or log a warning and start, the line doing nothing (MariaDB keeps
   * many removed InnoDB options as no-ops; captured in fixtures/mariadb-10.11.startup.json).
   */
  readonly onStart?: 'refuses' | 'ignores';
  readonly since: string;
  readonly replacement: string | null;
  readonly note: string;
  readonly docUrl: string;
}

const MYSQL = ['mysql-8.4', 'mysql-9.7'] as const;
const MY_ADR = 'https://dev.mysql.com/doc/refman/8.4/en/added-deprecated-removed.html';
const MY97_ADR = 'https://dev.mysql.com/doc/refman/9.7/en/added-deprecated-removed.html';
const MARIA_INNODB = 'https://mariadb.com/kb/en/innodb-system-variables/';
/** mariadbd 10.11's own words for a removed InnoDB option it still accepts. */
const MARIA_NOOP = 'mariadbd 10.11 logs "was removed. It does nothing now and exists only for compatibility with old my.cnf files." and starts.';

/** Removals and deprecations, each with its source. */
export const optionChanges: readonly OptionChange[] = [
  ...['query_cache_type', 'query_cache_size', 'query_cache_limit', 'query_cache_min_res_unit', 'query_cache_wlock_invalidate'].map((key): OptionChange => ({
    key,
    targets: MYSQL,
    status: 'removed',
    since: 'MySQL 8.0.3',
    replacement: null,
    note: 'The query cache was removed; cache in the application or a proxy (ProxySQL query rules) instead.',
    docUrl: 'https://dev.mysql.com/doc/refman/8.0/en/query-cache.html',
  })),
  {
    key: 'expire_logs_days',
    targets: MYSQL,
    status: 'removed',
    since: 'MySQL 8.4.0',
    replacement: 'binlog_expire_logs_seconds',
    note: 'Use binlog_expire_logs_seconds = days × 86400.',
    docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/replication-options-binary-log.html#sysvar_binlog_expire_logs_seconds',
  },
  {
    key: 'innodb_log_file_size',
    targets: ['mysql-8.4'],
    status: 'deprecated',
    since: 'MySQL 8.0.30',
    replacement: 'innodb_redo_log_capacity',
    note: 'Ignored when innodb_redo_log_capacity is set; otherwise capacity = innodb_log_files_in_group × innodb_log_file_size.',
    docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-parameters.html#sysvar_innodb_log_file_size',
  },
  {
    key: 'innodb_log_files_in_group',
    targets: ['mysql-8.4'],
    status: 'deprecated',
    since: 'MySQL 8.0.30',
    replacement: 'innodb_redo_log_capacity',
    note: 'The redo log is sized as a whole by innodb_redo_log_capacity.',
    docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-parameters.html#sysvar_innodb_log_files_in_group',
  },
  {
    key: 'innodb_log_file_size',
    targets: ['mysql-9.7'],
    status: 'removed',
    since: 'MySQL 9.x (absent from 9.7)',
    replacement: 'innodb_redo_log_capacity',
    note: 'Set innodb_redo_log_capacity to the total redo size instead.',
    docUrl: MY97_ADR,
  },
  {
    key: 'innodb_log_files_in_group',
    targets: ['mysql-9.7'],
    status: 'removed',
    since: 'MySQL 9.x (absent from 9.7)',
    replacement: 'innodb_redo_log_capacity',
    note: 'Set innodb_redo_log_capacity to the total redo size instead.',
    docUrl: MY97_ADR,
  },
  {
    key: 'default_authentication_plugin',
    targets: MYSQL,
    status: 'removed',
    since: 'MySQL 8.4.0',
    replacement: 'authentication_policy',
    note: 'Use authentication_policy.',
    docUrl: MY_ADR,
  },
  {
    key: 'binlog_transaction_dependency_tracking',
    targets: MYSQL,
    status: 'removed',
    since: 'MySQL 8.4.0',
    replacement: null,
    note: 'WRITESET tracking is always used.',
    docUrl: MY_ADR,
  },
  { key: 'tx_isolation', targets: MYSQL, status: 'removed', since: 'MySQL 8.0.3', replacement: 'transaction_isolation', note: 'Renamed.', docUrl: MY_ADR },
  {
    key: 'log_warnings',
    targets: MYSQL,
    status: 'removed',
    since: 'MySQL 8.0.3',
    replacement: 'log_error_verbosity',
    note: 'Use log_error_verbosity.',
    docUrl: MY_ADR,
  },
  {
    key: 'innodb_file_format',
    targets: MYSQL,
    status: 'removed',
    since: 'MySQL 8.0.0',
    replacement: null,
    note: 'Barracuda is the only format.',
    docUrl: MY_ADR,
  },
  {
    key: 'innodb_large_prefix',
    targets: MYSQL,
    status: 'removed',
    since: 'MySQL 8.0.0',
    replacement: null,
    note: 'Large index prefixes are always on.',
    docUrl: MY_ADR,
  },
  {
    key: 'innodb_file_format',
    targets: ['mariadb-10.11'],
    status: 'removed',
    onStart: 'ignores',
    since: 'MariaDB 10.6.0',
    replacement: null,
    note: `Barracuda is the only format. ${MARIA_NOOP}`,
    docUrl: `${MARIA_INNODB}#innodb_file_format`,
  },
  {
    key: 'innodb_large_prefix',
    targets: ['mariadb-10.11'],
    status: 'removed',
    onStart: 'ignores',
    since: 'MariaDB 10.6.0',
    replacement: null,
    note: `Large index prefixes are always on. ${MARIA_NOOP}`,
    docUrl: `${MARIA_INNODB}#innodb_large_prefix`,
  },
  {
    key: 'binlog_format',
    targets: MYSQL,
    status: 'deprecated',
    since: 'MySQL 8.0.34',
    replacement: null,
    note: 'ROW is the default and the only format to plan for; drop the line.',
    docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/replication-options-binary-log.html#sysvar_binlog_format',
  },
  {
    key: 'log_slave_updates',
    targets: MYSQL,
    status: 'deprecated',
    since: 'MySQL 8.0.26',
    replacement: 'log_replica_updates',
    note: 'Renamed.',
    docUrl: MY_ADR,
  },
  {
    key: 'innodb_buffer_pool_instances',
    targets: ['mariadb-10.11'],
    status: 'removed',
    since: 'MariaDB 10.6.0',
    replacement: null,
    onStart: 'ignores',
    note: `MariaDB uses a single buffer pool. ${MARIA_NOOP}`,
    docUrl: `${MARIA_INNODB}#innodb_buffer_pool_instances`,
  },
  {
    key: 'innodb_log_files_in_group',
    targets: ['mariadb-10.11'],
    status: 'removed',
    since: 'MariaDB 10.6.0',
    replacement: 'innodb_log_file_size',
    onStart: 'ignores',
    note: `MariaDB has one redo log file; size it with innodb_log_file_size. ${MARIA_NOOP}`,
    docUrl: `${MARIA_INNODB}#innodb_log_files_in_group`,
  },
  {
    key: 'innodb_thread_concurrency',
    targets: ['mariadb-10.11'],
    status: 'removed',
    since: 'MariaDB 10.6.0',
    replacement: null,
    onStart: 'ignores',
    note: `InnoDB no longer throttles threads this way. ${MARIA_NOOP}`,
    docUrl: `${MARIA_INNODB}#innodb_thread_concurrency`,
  },
  {
    key: 'innodb_page_cleaners',
    targets: ['mariadb-10.11'],
    status: 'removed',
    since: 'MariaDB 10.6.0',
    replacement: null,
    onStart: 'ignores',
    note: `A single page cleaner is used. ${MARIA_NOOP}`,
    docUrl: `${MARIA_INNODB}#innodb_page_cleaners`,
  },
  {
    key: 'log_throttle_queries_not_using_indexes',
    targets: ['mariadb-10.11'],
    status: 'removed',
    since: 'MySQL-only, never in MariaDB',
    replacement: 'log_slow_rate_limit',
    onStart: 'ignores',
    note: 'MariaDB throttles the slow log with log_slow_rate_limit / log_slow_filter. mariadbd 10.11 logs "is MySQL 5.6 / 5.7 compatible option. To be implemented in later versions." and starts.',
    docUrl: 'https://mariadb.com/kb/en/server-system-variables/#log_slow_rate_limit',
  },
];

/** The change entry for a key on a target, if any. */
export function findChange(key: string, target: LintTarget): OptionChange | undefined {
  return optionChanges.find((c) => c.key === key && c.targets.includes(target));
}

/** The reference page of a variable for the target. */
export function docUrlFor(key: string, target: LintTarget): string {
  if (targetFlavor(target) === 'mariadb') {
    return key.startsWith('innodb_') ? `${MARIA_INNODB}#${key}` : `https://mariadb.com/kb/en/server-system-variables/#${key}`;
  }
  const v = target === 'mysql-9.7' ? '9.7' : '8.4';
  if (key.startsWith('innodb_')) return `https://dev.mysql.com/doc/refman/${v}/en/innodb-parameters.html#sysvar_${key}`;
  if (/^(binlog_|log_bin|sync_binlog|expire_logs|max_binlog)/.test(key))
    return `https://dev.mysql.com/doc/refman/${v}/en/replication-options-binary-log.html#sysvar_${key}`;
  return `https://dev.mysql.com/doc/refman/${v}/en/server-system-variables.html#sysvar_${key}`;
}

/** Sections a server of the target reads (mysqld also reads [mysqld-8.4] etc.). */
export function isServerSection(section: string, target: LintTarget): boolean {
  const series = target.split('-')[1]!;
  if (section === 'mysqld' || section === 'server' || section === `mysqld-${series}`) return true;
  if (targetFlavor(target) === 'mariadb') return ['mariadb', 'mariadbd', `mariadb-${series}`, 'client-server', 'galera'].includes(section);
  return false;
}

/** Sections only MariaDB servers read: ignored by MySQL, worth an info note. */
export function isMariadbOnlySection(section: string): boolean {
  return /^(mariadb|mariadbd|mariadb-[\d.]+|galera)$/.test(section);
}
