/**
 * Whether a variable the tuner proposes can change at runtime. Static ones become
 * "restart needed" plan steps. Sources: the "Dynamic" row of each variable in
 * https://dev.mysql.com/doc/refman/8.4/en/server-system-variable-reference.html and
 * https://mariadb.com/kb/en/server-system-variables/ .
 */
import type { ServerCapabilities } from './capabilities';

type Dyn = boolean | ((caps: ServerCapabilities) => boolean);

const dynamicTable: Readonly<Record<string, Dyn>> = {
  innodb_buffer_pool_size: true,
  innodb_buffer_pool_instances: false,
  innodb_buffer_pool_chunk_size: false,
  innodb_redo_log_capacity: true,
  innodb_log_file_size: (c) => c.redoDynamic,
  innodb_log_buffer_size: (c) => c.logBufferDynamic,
  innodb_flush_method: false,
  innodb_flush_log_at_trx_commit: true,
  sync_binlog: true,
  max_connections: true,
  thread_cache_size: true,
  table_open_cache: true,
  table_definition_cache: true,
  open_files_limit: false,
  tmp_table_size: true,
  max_heap_table_size: true,
  sort_buffer_size: true,
  join_buffer_size: true,
  read_buffer_size: true,
  read_rnd_buffer_size: true,
  slow_query_log: true,
  long_query_time: true,
  query_cache_type: true,
  query_cache_size: true,
  binlog_expire_logs_seconds: true,
  expire_logs_days: true,
  performance_schema: false,
  max_allowed_packet: true,
  character_set_server: true,
  collation_server: true,
  innodb_read_ahead_threshold: true,
  max_connect_errors: true,
  skip_name_resolve: false,
  binlog_cache_size: true,
};

/** True when `SET GLOBAL name` takes effect without a restart; unknown names count as static. */
export function isDynamic(name: string, caps: ServerCapabilities): boolean {
  const d = dynamicTable[name];
  if (d === undefined) return false;
  return typeof d === 'function' ? d(caps) : d;
}

/** Names in the table (the plan test checks every rule's proposals are covered). */
export const knownTunables: readonly string[] = Object.keys(dynamicTable);
