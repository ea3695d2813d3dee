/** Worst-case memory: global buffers plus max_connections × per-thread buffers, against host RAM. */
import { defineRule, type InputReader } from '../rule';
import { fmtBytes, fmtPct } from '../units';

/** Share of RAM the server may plan to use at worst (leaves room for the OS and page tables). */
const RAM_SHARE = 0.85;

/** Global buffers allocated once (MySQLTuner counts the in-memory tmp table limit here too). */
export function globalBuffers(r: InputReader): number {
  const tmp = Math.min(r.v('tmp_table_size', 'bytes') ?? 0, r.v('max_heap_table_size', 'bytes') ?? 0);
  const parts = ['innodb_buffer_pool_size', 'innodb_log_buffer_size', 'key_buffer_size', 'query_cache_size', 'aria_pagecache_buffer_size'];
  return parts.reduce((a, n) => a + (r.has(n) ? (r.v(n, 'bytes') ?? 0) : 0), 0) + tmp;
}

/** Buffers each connection may allocate in full. */
export function perThreadBuffers(r: InputReader): number {
  const parts = ['read_buffer_size', 'read_rnd_buffer_size', 'sort_buffer_size', 'join_buffer_size', 'thread_stack', 'binlog_cache_size', 'net_buffer_length'];
  return parts.reduce((a, n) => a + (r.v(n, 'bytes') ?? 0), 0);
}

/** The rule. */
export const memoryWorstCaseRule = defineRule({
  id: 'memory-worst-case',
  area: 'memory',
  severity: 'warning',
  title: 'Worst-case memory above what the host can give',
  rationale:
    'Per-thread buffers are allocated per connection (some per join or sort), so if every allowed connection runs a heavy query at once the server can ask for far more memory than the host has, and the kernel OOM killer stops mysqld. The global buffers plus max_connections × per-thread buffers must fit in RAM with room for the OS.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/memory-use.html',
  evaluate(r) {
    const ram = r.ram();
    const maxConn = r.v('max_connections');
    if (ram === null || maxConn === null) return null;
    const global = globalBuffers(r);
    const perThread = perThreadBuffers(r);
    const maxUsed = r.lifetime('Max_used_connections') ?? 0;
    const worst = global + maxConn * perThread;
    const peak = global + maxUsed * perThread;
    r.derived('global buffers', global, 'bytes');
    r.derived('per-thread buffers', perThread, 'bytes');
    r.derived('peak so far (Max_used_connections)', peak, 'bytes');
    const budget = RAM_SHARE * ram;
    const fires = worst > budget;
    const fitConn = perThread > 0 ? Math.floor((budget - global) / perThread) : maxConn;
    const canLowerConn = fitConn >= Math.ceil(maxUsed * 1.25) && fitConn > 0 && fitConn < maxConn;
    return {
      fires,
      severity: global > budget || peak > budget ? 'critical' : 'warning',
      message: `Worst case ${fmtBytes(worst)} = ${fmtBytes(global)} global + ${maxConn} × ${fmtBytes(perThread)} per thread, ${fmtPct(worst / ram)} of ${fmtBytes(ram)} RAM (budget ${fmtPct(RAM_SHARE)}).`,
      formula:
        'worst = (buffer pool + log buffer + key buffer + query cache + aria cache + min(tmp_table_size, max_heap_table_size)) + max_connections × (read + read_rnd + sort + join buffers + thread_stack + binlog_cache_size + net_buffer_length)',
      result: { name: 'worst-case memory', value: worst, unit: 'bytes' },
      recommendation: canLowerConn
        ? {
            text: `Lower max_connections to ${fitConn} (peak use so far is ${maxUsed}), or shrink the per-thread buffers.`,
            computation: `floor((${RAM_SHARE} × RAM − global) / per-thread) = floor((${fmtBytes(budget)} − ${fmtBytes(global)}) / ${fmtBytes(perThread)}) = ${fitConn}`,
          }
        : {
            text: 'Shrink the per-thread buffers (sort/join/read buffers back to their defaults) or the buffer pool; lowering max_connections alone would cut below the observed peak.',
            computation: `needed per-thread ≤ (${fmtBytes(budget)} − ${fmtBytes(global)}) / ${maxConn}`,
          },
      changes: fires && canLowerConn ? [r.change('max_connections', fitConn)] : [],
    };
  },
});
