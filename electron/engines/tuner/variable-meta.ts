/**
 * What the tuner knows about each variable it proposes: whether it can change at runtime (static
 * ones become "restart needed" plan steps) and the type of its value, so a typed or proposed value
 * is checked as what it is — a size, a count, ON/OFF, a word from a list — before it reaches SQL.
 * Sources: the "Dynamic" and "Type" rows of each variable in
 * https://dev.mysql.com/doc/refman/8.4/en/server-system-variable-reference.html and
 * https://mariadb.com/kb/en/server-system-variables/ .
 */
import { AppError } from '../../../shared/contract/core';
import type { ServerCapabilities } from './capabilities';
import { parseSize } from './units';

type Dyn = boolean | ((caps: ServerCapabilities) => boolean);

/** How a variable's value is written: bytes (K/M/G/T suffixes), a whole count, ON/OFF, seconds, a word or a charset/collation name. */
export type VariableValueType =
  { kind: 'size' } | { kind: 'count' } | { kind: 'boolean' } | { kind: 'seconds' } | { kind: 'enum'; values: readonly string[] } | { kind: 'name' };

interface VariableMeta {
  dynamic: Dyn;
  type: VariableValueType;
}

const SIZE: VariableValueType = { kind: 'size' };
const COUNT: VariableValueType = { kind: 'count' };
const BOOL: VariableValueType = { kind: 'boolean' };
const SECONDS: VariableValueType = { kind: 'seconds' };
const NAME: VariableValueType = { kind: 'name' };
const enumOf = (...values: string[]): VariableValueType => ({ kind: 'enum', values });

const table: Readonly<Record<string, VariableMeta>> = {
  innodb_buffer_pool_size: { dynamic: true, type: SIZE },
  innodb_buffer_pool_instances: { dynamic: false, type: COUNT },
  innodb_buffer_pool_chunk_size: { dynamic: false, type: SIZE },
  innodb_redo_log_capacity: { dynamic: true, type: SIZE },
  innodb_log_file_size: { dynamic: (c) => c.redoDynamic, type: SIZE },
  innodb_log_buffer_size: { dynamic: (c) => c.logBufferDynamic, type: SIZE },
  innodb_flush_method: { dynamic: false, type: enumOf('fsync', 'O_DSYNC', 'littlesync', 'nosync', 'O_DIRECT', 'O_DIRECT_NO_FSYNC') },
  innodb_flush_log_at_trx_commit: { dynamic: true, type: enumOf('0', '1', '2', '3') },
  sync_binlog: { dynamic: true, type: COUNT },
  max_connections: { dynamic: true, type: COUNT },
  thread_cache_size: { dynamic: true, type: COUNT },
  table_open_cache: { dynamic: true, type: COUNT },
  table_definition_cache: { dynamic: true, type: COUNT },
  open_files_limit: { dynamic: false, type: COUNT },
  tmp_table_size: { dynamic: true, type: SIZE },
  max_heap_table_size: { dynamic: true, type: SIZE },
  sort_buffer_size: { dynamic: true, type: SIZE },
  join_buffer_size: { dynamic: true, type: SIZE },
  read_buffer_size: { dynamic: true, type: SIZE },
  read_rnd_buffer_size: { dynamic: true, type: SIZE },
  slow_query_log: { dynamic: true, type: BOOL },
  long_query_time: { dynamic: true, type: SECONDS },
  query_cache_type: { dynamic: true, type: enumOf('OFF', 'ON', 'DEMAND') },
  query_cache_size: { dynamic: true, type: SIZE },
  binlog_expire_logs_seconds: { dynamic: true, type: COUNT },
  expire_logs_days: { dynamic: true, type: COUNT },
  performance_schema: { dynamic: false, type: BOOL },
  max_allowed_packet: { dynamic: true, type: SIZE },
  character_set_server: { dynamic: true, type: NAME },
  collation_server: { dynamic: true, type: NAME },
  innodb_read_ahead_threshold: { dynamic: true, type: COUNT },
  max_connect_errors: { dynamic: true, type: COUNT },
  skip_name_resolve: { dynamic: false, type: BOOL },
  binlog_cache_size: { dynamic: true, type: SIZE },
};

/** True when `SET GLOBAL name` takes effect without a restart; unknown names count as static. */
export function isDynamic(name: string, caps: ServerCapabilities): boolean {
  const d = table[name]?.dynamic;
  if (d === undefined) return false;
  return typeof d === 'function' ? d(caps) : d;
}

/** The value type of a tunable, or null when the tuner does not manage it (its values are then refused). */
export function valueTypeOf(name: string): VariableValueType | null {
  return table[name]?.type ?? null;
}

/** Names in the table (the plan test checks every rule's proposals are covered). */
export const knownTunables: readonly string[] = Object.keys(table);

/**
 * Checks and normalises a value for a tunable by its type, so only a number, ON/OFF or a known
 * word reaches the SQL: sizes with K/M/G/T suffixes become bytes, booleans ON/OFF, enum words their
 * canonical spelling. Throws BAD_INPUT naming the variable otherwise.
 */
export function normaliseTunerValue(name: string, raw: string): string {
  const v = raw.trim();
  const bad = (why: string): never => {
    throw new AppError('BAD_INPUT', `${name}: "${raw.slice(0, 60)}" ${why}`);
  };
  const type = valueTypeOf(name);
  if (type === null) throw new AppError('BAD_INPUT', `${name} is not a variable the tuner manages`);
  switch (type.kind) {
    case 'enum': {
      const hit = type.values.find((a) => a.toLowerCase() === v.toLowerCase());
      return hit ?? bad(`is not one of ${type.values.join(', ')}`);
    }
    case 'name':
      if (!/^[a-z0-9_]{1,64}$/i.test(v)) bad('is not a character set or collation name');
      return v.toLowerCase();
    case 'boolean':
      if (/^(on|1|true|yes)$/i.test(v)) return 'ON';
      if (/^(off|0|false|no)$/i.test(v)) return 'OFF';
      return bad('is not ON or OFF');
    case 'seconds':
      if (!/^\d{1,9}(\.\d{1,6})?$/.test(v)) bad('is not a number of seconds');
      return String(Number(v));
    case 'count':
      if (!/^\d{1,18}$/.test(v) || !Number.isSafeInteger(Number(v))) bad('is not a whole number');
      return String(Number(v));
    case 'size': {
      const bytes = /^\d+(\.\d+)?\s*[kmgtpe]?$/i.test(v) ? parseSize(v) : null;
      if (bytes === null || !Number.isSafeInteger(bytes) || bytes < 0) return bad('is not a size in bytes (K, M, G and T suffixes allowed)');
      return String(bytes);
    }
  }
}
