/** Buffer pool instances and chunk size: consistent units, not too many chunks. */
import { defineRule } from '../rule';
import { fmtBytes, SIZE } from '../units';

/** MySQL warns that more than 1000 chunks slows resizing and startup. */
const MAX_CHUNKS = 1000;

/** The rule. */
export const innodbBufferPoolChunksRule = defineRule({
  id: 'innodb-buffer-pool-chunks',
  area: 'innodb',
  severity: 'info',
  title: 'Buffer pool chunk size and instances do not divide the pool well',
  rationale:
    'The buffer pool is allocated in chunks of innodb_buffer_pool_chunk_size × instances; the pool size is silently rounded up to a multiple of that unit, and more than 1000 chunks slows startup and resizing. On MariaDB 10.8+ a chunk size of 0 means "autosize" (pool/64), not a zero divisor.',
  docUrl: 'https://dev.mysql.com/doc/refman/8.4/en/innodb-buffer-pool-resize.html#innodb-buffer-pool-online-resize-chunk-size',
  evaluate(r, { caps }) {
    const pool = r.v('innodb_buffer_pool_size', 'bytes');
    const chunk = r.v('innodb_buffer_pool_chunk_size', 'bytes');
    if (pool === null || chunk === null) return null;
    if (chunk === 0 && caps.chunkSizeZeroIsAuto) {
      r.derived('chunk size', 'autosize (pool / 64)', 'text', 'innodb_buffer_pool_chunk_size = 0 on MariaDB 10.8+');
      return {
        fires: false,
        message: 'Chunk size is autosized by the server; nothing to divide.',
        formula: 'chunk = 0 → autosize',
        result: { name: 'chunks', value: 64, unit: 'count' },
        recommendation: { text: 'Keep the autosized chunks.', computation: 'none' },
        changes: [],
      };
    }
    if (chunk === 0) return null;
    const instances = caps.hasBufferPoolInstances ? (r.v('innodb_buffer_pool_instances') ?? 1) : 1;
    const unit = chunk * instances;
    const chunks = pool / chunk;
    const misaligned = pool % unit !== 0;
    const tooMany = chunks > MAX_CHUNKS;
    // MySQL: 1 instance below 1 GiB, otherwise one per GiB up to 64 keeps contention low without tiny instances.
    const wantInstances = caps.hasBufferPoolInstances ? (pool < SIZE.GIB ? 1 : Math.min(64, Math.floor(pool / SIZE.GIB))) : 1;
    const badInstances = caps.hasBufferPoolInstances && (instances > wantInstances * 2 || (pool >= 8 * SIZE.GIB && instances < wantInstances / 2));
    const newChunk = tooMany ? Math.ceil(pool / MAX_CHUNKS / SIZE.MIB) * SIZE.MIB : chunk;
    const changes = [];
    if (tooMany) changes.push(r.change('innodb_buffer_pool_chunk_size', newChunk));
    if (badInstances) changes.push(r.change('innodb_buffer_pool_instances', wantInstances));
    return {
      fires: misaligned || tooMany || badInstances,
      severity: tooMany ? 'warning' : 'info',
      message: `${fmtBytes(pool)} pool = ${chunks.toFixed(1)} chunks of ${fmtBytes(chunk)} across ${instances} instance(s)${misaligned ? `; not a multiple of ${fmtBytes(unit)}, the server rounds it up` : ''}.`,
      formula: 'unit = chunk_size × instances; chunks = pool / chunk_size; instances target = pool < 1 GiB ? 1 : min(64, pool / 1 GiB)',
      result: { name: 'chunks', value: chunks, unit: 'count' },
      recommendation: {
        text: misaligned ? `Make innodb_buffer_pool_size a multiple of ${fmtBytes(unit)}.` : 'Adjust chunk size / instances as listed.',
        computation: `instances = ${wantInstances}; chunk = ${tooMany ? `ceil(pool / ${MAX_CHUNKS}) = ${fmtBytes(newChunk)}` : 'unchanged'}`,
      },
      changes,
    };
  },
});
