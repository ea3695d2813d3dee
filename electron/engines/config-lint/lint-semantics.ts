/**
 * The config linter's judgement checks on the values a server would end up with: memory,
 * durability trade-offs, the query cache, buffers far from their defaults, risky combinations.
 */
import type { CnfEntry } from './mycnf.parser';
import { docUrlFor, targetFlavor, type LintTarget, type OptionType } from './option-catalog';
import type { LintIssue } from './config-lint';
import { serverDefault } from '../tuner/server-defaults';
import { fmtBytes, fmtPct, parseSize } from '../tuner/units';
import { SLO_SECONDS } from '../tuner/rules/slow-log-config.rule';

/** The last value of each option in the sections the server reads. */
export interface EffectiveValue {
  readonly line: number;
  readonly raw: string | null;
  /** Parsed size/number/boolean (ON = 1), null for text. */
  readonly num: number | null;
}

/** Worst-case memory from the file (defaults where unset). */
export interface MemoryEstimate {
  readonly globalBytes: number;
  readonly perThreadBytes: number;
  readonly maxConnections: number;
  readonly worstCaseBytes: number;
  readonly ramBytes: number | null;
  /** How each part was obtained ("sort_buffer_size = 4 MiB (line 9)", "... (default)"). */
  readonly breakdown: string[];
}

/** Collapses entries to the value each option ends with (the last line wins). */
export function effectiveValues(entries: readonly CnfEntry[], known: ReadonlyMap<string, OptionType>): Map<string, EffectiveValue> {
  const out = new Map<string, EffectiveValue>();
  for (const e of entries) {
    const type = known.get(e.key);
    let num: number | null = null;
    if (e.value === null) num = type === 'boolean' ? 1 : null;
    else if (/^(on|true)$/i.test(e.value)) num = 1;
    else if (/^(off|false)$/i.test(e.value)) num = 0;
    else num = parseSize(e.value);
    out.set(e.key, { line: e.line, raw: e.value, num });
  }
  return out;
}

const PER_THREAD = [
  'read_buffer_size',
  'read_rnd_buffer_size',
  'sort_buffer_size',
  'join_buffer_size',
  'thread_stack',
  'binlog_cache_size',
  'net_buffer_length',
];
const HUGE_FACTOR = 8;
const RAM_SHARE = 0.85;

/** Runs the judgement checks. */
export function checkSemantics(
  values: ReadonlyMap<string, EffectiveValue>,
  opts: { target: LintTarget; ramBytes: number | null },
): { issues: LintIssue[]; memory: MemoryEstimate } {
  const { target } = opts;
  const flavor = targetFlavor(target);
  const issues: LintIssue[] = [];
  const issue = (key: string, severity: LintIssue['severity'], code: string, message: string, line?: number): void => {
    issues.push({ line: line ?? values.get(key)?.line ?? 1, severity, code, option: key, message, docUrl: docUrlFor(key, target) });
  };
  const breakdown: string[] = [];
  const val = (key: string): number => {
    const v = values.get(key);
    if (v && v.num !== null) {
      breakdown.push(`${key} = ${v.raw} (line ${v.line})`);
      return v.num;
    }
    const d = serverDefault(flavor, key) ?? 0;
    breakdown.push(`${key} = ${d} (default)`);
    return d;
  };
  const set = (key: string): EffectiveValue | undefined => values.get(key);

  // Query cache (MariaDB only; on MySQL the options are removed and flagged as such).
  const qcType = set('query_cache_type');
  const qcOn = flavor === 'mariadb' && qcType !== undefined && !/^(0|off)$/i.test(qcType.raw ?? '');
  const qcSize = flavor === 'mariadb' && qcOn ? val('query_cache_size') : 0;
  if (qcOn) {
    issue(
      'query_cache_type',
      'warning',
      'query-cache',
      `The query cache is on: every write to a table invalidates its cached results under a global mutex, which costs more than it saves on write-heavy workloads. Turn it off (query_cache_type = 0, query_cache_size = 0) unless a measurement shows a gain.`,
    );
    if (qcSize > 64 * 1024 * 1024)
      issue(
        'query_cache_size',
        'warning',
        'query-cache',
        `query_cache_size = ${fmtBytes(qcSize)}: large caches make each invalidation scan longer; above 64 MiB it rarely helps.`,
      );
    if (set('query_cache_limit'))
      issue('query_cache_limit', 'info', 'query-cache', 'query_cache_limit only matters while the query cache is on; drop it with the cache.');
  }

  // Worst-case memory.
  const tmp = Math.min(val('tmp_table_size'), val('max_heap_table_size'));
  const globalParts = ['innodb_buffer_pool_size', 'innodb_log_buffer_size', 'key_buffer_size', ...(flavor === 'mariadb' ? ['aria_pagecache_buffer_size'] : [])];
  const globalBytes = globalParts.reduce((a, k) => a + val(k), 0) + qcSize + tmp;
  const perThreadBytes = PER_THREAD.reduce((a, k) => a + val(k), 0);
  const maxConnections = val('max_connections');
  const worst = globalBytes + maxConnections * perThreadBytes;
  const pool = val('innodb_buffer_pool_size');
  const memory: MemoryEstimate = { globalBytes, perThreadBytes, maxConnections, worstCaseBytes: worst, ramBytes: opts.ramBytes, breakdown };
  const conns = maxConnections * perThreadBytes;
  const memText = `worst case ${fmtBytes(worst)} = global ${fmtBytes(globalBytes)} + max_connections ${maxConnections} × per-thread ${fmtBytes(perThreadBytes)}`;
  if (opts.ramBytes) {
    if (worst > RAM_SHARE * opts.ramBytes) {
      issue(
        'max_connections',
        worst > opts.ramBytes ? 'error' : 'warning',
        'memory',
        `${memText} is ${fmtPct(worst / opts.ramBytes)} of ${fmtBytes(opts.ramBytes)} RAM: a burst of heavy queries can get mysqld killed by the OOM killer.`,
      );
    }
    if (pool > 0.8 * opts.ramBytes)
      issue(
        'innodb_buffer_pool_size',
        pool >= opts.ramBytes ? 'error' : 'warning',
        'memory',
        pool >= opts.ramBytes
          ? `innodb_buffer_pool_size ${fmtBytes(pool)} is more than the host's ${fmtBytes(opts.ramBytes)} RAM: the server swaps or is killed by the OOM killer as the pool fills.`
          : `innodb_buffer_pool_size ${fmtBytes(pool)} is ${fmtPct(pool / opts.ramBytes)} of RAM; leave room for connections and the OS.`,
      );
  }
  // Stock defaults already exceed a stock pool; only judge what the file chose to set.
  const connSettingsSet = ['max_connections', ...PER_THREAD].some((k) => values.has(k));
  if (conns > pool && connSettingsSet) {
    issue('max_connections', 'warning', 'memory', `${memText}: connections alone could take ${fmtBytes(conns)}, more than the ${fmtBytes(pool)} buffer pool.`);
  }

  // Per-thread buffers far above their defaults, and a thread stack below it.
  for (const key of ['read_buffer_size', 'read_rnd_buffer_size', 'sort_buffer_size', 'join_buffer_size']) {
    const v = set(key);
    const d = serverDefault(flavor, key) ?? 0;
    if (v?.num != null && v.num > d * HUGE_FACTOR) {
      issue(
        key,
        'warning',
        'large-buffer',
        `${key} = ${fmtBytes(v.num)} is ${Math.round(v.num / d)}× the default ${fmtBytes(d)}; it is allocated per session (per join for join_buffer_size). Keep the default globally and raise it per session where measured.`,
      );
    }
  }
  const stack = set('thread_stack');
  const stackDefault = serverDefault(flavor, 'thread_stack') ?? 0;
  if (stack?.num != null && stack.num < stackDefault) {
    issue(
      'thread_stack',
      'warning',
      'below-default',
      `thread_stack = ${fmtBytes(stack.num)} is below the ${fmtBytes(stackDefault)} default: deep expressions, stored programs and regex can fail with "Thread stack overrun".`,
    );
  }

  // Durability trade-offs, stated as such.
  const flush = set('innodb_flush_log_at_trx_commit');
  if (flush?.num != null && flush.num !== 1) {
    issue(
      'innodb_flush_log_at_trx_commit',
      'info',
      'durability',
      `innodb_flush_log_at_trx_commit = ${flush.num}: the redo log is flushed about once a second, so an OS crash or power loss can lose up to ~1 s of committed transactions. Fine if that is an accepted trade-off; 1 for full durability.`,
    );
  }
  const binlogOn = set('log_bin') !== undefined && !/^(0|off)$/i.test(set('log_bin')?.raw ?? '');
  const sync = set('sync_binlog')?.num ?? serverDefault(flavor, 'sync_binlog') ?? 1;
  if (binlogOn && sync !== 1) {
    issue(
      'sync_binlog',
      'info',
      'durability',
      `Binary log on with sync_binlog = ${sync}${set('sync_binlog') ? '' : ' (default)'}: the binlog can lose transactions that InnoDB kept after a crash, breaking replicas/point-in-time recovery. Set sync_binlog = 1 if that matters.`,
      set('sync_binlog')?.line ?? set('log_bin')?.line,
    );
  }

  // Slow-log flood.
  const lqni = set('log_queries_not_using_indexes');
  if (lqni?.num === 1) {
    const throttled = flavor === 'mysql' && (set('log_throttle_queries_not_using_indexes')?.num ?? 0) > 0;
    issue(
      'log_queries_not_using_indexes',
      throttled ? 'info' : 'warning',
      'log-flood',
      `log_queries_not_using_indexes logs every query without an index whatever its time${throttled ? ' (throttled per minute here)' : ''}: on a busy server the slow log fills with fast full scans of small tables. Prefer the digest of the slow log at long_query_time.`,
    );
  }

  // Slow log threshold against the read SLO (200 ms on the co-writing platform).
  const lqt = set('long_query_time');
  if (lqt?.num != null && lqt.num > SLO_SECONDS) {
    issue(
      'long_query_time',
      'warning',
      'slow-log',
      `long_query_time = ${lqt.raw} s hides the queries that break the ${SLO_SECONDS * 1000} ms response-time objective; use ${SLO_SECONDS} or lower.`,
    );
  }

  // Every statement logged: a capture setting, heavy when left on.
  const slowOn = set('slow_query_log');
  if (lqt?.num === 0 && slowOn !== undefined && slowOn.num !== 0) {
    issue(
      'long_query_time',
      'warning',
      'slow-log',
      `long_query_time = ${lqt.raw} with the slow log on writes every statement to the log (a busy server's log grows by tens of MB an hour): keep it for a capture window, then use ${SLO_SECONDS}.`,
    );
  }

  // utf8 means utf8mb3: 3 bytes per character at most.
  const charset = set('character_set_server');
  if (charset?.raw && /^utf8(mb3)?$/i.test(charset.raw.trim())) {
    issue(
      'character_set_server',
      'warning',
      'charset',
      `character_set_server = ${charset.raw} is utf8mb3 (at most 3 bytes a character): emoji and some CJK characters fail or are mangled in new tables. Use utf8mb4.`,
    );
  }

  // Settings that only hurt or only matter in rare cases.
  const redoSize = set('innodb_log_file_size');
  if (target === 'mysql-8.4' && redoSize?.num != null && !set('innodb_redo_log_capacity')) {
    const files = set('innodb_log_files_in_group')?.num ?? 2;
    issue(
      'innodb_log_file_size',
      'info',
      'redo-capacity',
      `Without innodb_redo_log_capacity, MySQL 8.4 sizes the redo log as ${files} × ${fmtBytes(redoSize.num)} = ${fmtBytes(files * redoSize.num)}; write innodb_redo_log_capacity = ${fmtBytes(files * redoSize.num).replace(/ (\w)iB$/, '$1')} instead.`,
    );
  }
  const tc = set('innodb_thread_concurrency');
  if (flavor === 'mysql' && tc?.num) {
    issue(
      'innodb_thread_concurrency',
      'info',
      'questionable',
      `innodb_thread_concurrency = ${tc.num} caps threads inside InnoDB; 0 (default) lets InnoDB schedule freely and a fixed cap mostly throttles modern multi-core hosts.`,
    );
  }
  const kb = set('key_buffer_size');
  if (kb?.num != null && kb.num > 64 * 1024 * 1024) {
    issue(
      'key_buffer_size',
      'info',
      'questionable',
      `key_buffer_size = ${fmtBytes(kb.num)} caches MyISAM indexes only; an InnoDB schema does not use it (memory counted in the worst case above).`,
    );
  }
  const th = set('tmp_table_size');
  const hh = set('max_heap_table_size');
  if (th?.num != null && hh?.num != null && th.num !== hh.num) {
    issue(
      'tmp_table_size',
      'info',
      'questionable',
      `tmp_table_size (${fmtBytes(th.num)}) ≠ max_heap_table_size (${fmtBytes(hh.num)}): in-memory temporary tables stop at the smaller one.`,
    );
  }
  const eld = set('expire_logs_days');
  if (flavor === 'mariadb' && eld) {
    issue(
      'expire_logs_days',
      'info',
      'portability',
      `expire_logs_days is an alias of binlog_expire_logs_seconds on MariaDB 10.6+ and removed from MySQL 8.4: write binlog_expire_logs_seconds = ${Math.round((eld.num ?? 0) * 86400)}.`,
    );
  }
  return { issues, memory };
}
