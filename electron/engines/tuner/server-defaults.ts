/**
 * Compiled-in defaults of the memory-related variables, per flavor (MySQL 8.4/9.7 and
 * MariaDB 10.11 as captured on the sandbox servers, which run with these defaults), used where
 * a my.cnf does not set a value and to judge "far above the default".
 * https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html
 * https://mariadb.com/kb/en/server-system-variables/
 */
import type { Family as Flavor } from '../flavor/flavor';

const K = 1024;
const M = 1024 * K;

const common: Readonly<Record<string, number>> = {
  innodb_buffer_pool_size: 128 * M,
  join_buffer_size: 256 * K,
  read_buffer_size: 128 * K,
  read_rnd_buffer_size: 256 * K,
  tmp_table_size: 16 * M,
  max_heap_table_size: 16 * M,
  max_connections: 151,
  binlog_cache_size: 32 * K,
  net_buffer_length: 16 * K,
  innodb_flush_log_at_trx_commit: 1,
};

const byFlavor: Readonly<Record<Flavor, Readonly<Record<string, number>>>> = {
  mysql: { ...common, sort_buffer_size: 256 * K, thread_stack: 1024 * K, innodb_log_buffer_size: 64 * M, key_buffer_size: 8 * M, sync_binlog: 1 },
  mariadb: {
    ...common,
    sort_buffer_size: 2 * M,
    thread_stack: 299008,
    innodb_log_buffer_size: 16 * M,
    key_buffer_size: 128 * M,
    aria_pagecache_buffer_size: 128 * M,
    query_cache_size: 1 * M,
    sync_binlog: 0,
  },
};

/** The default of a variable on a flavor, or undefined when not in the table. */
export function serverDefault(flavor: Flavor, name: string): number | undefined {
  return byFlavor[flavor][name];
}
