/**
 * Equality check for digest changes: digests FILE in one thread (256 KB chunks) and prints a
 * JSON dump of the whole state (classes, aggregates in Map order but bucket counts by bucket, samples, series, N+1, warnings,
 * minus stage timings), so two builds can be diffed byte for byte.
 *
 *   node bench/.data/build/equal.mjs FILE [ptCompatible] [general] > out.json
 *
 * `general` turns the digester's fast lane off (every entry read the general way).
 */
import { readFileSync } from 'node:fs';
import { flushNum } from '../../electron/engines/slowlog/class-aggregate';
import { createDigester } from '../../electron/engines/slowlog/digester';

const [file, pt, general] = process.argv.slice(2);
const data = readFileSync(file!);
const d = createDigester({ ptCompatible: pt === '1', fastLane: general !== 'general' });
for (let i = 0; i < data.length; i += 256 * 1024) d.push(data.subarray(i, Math.min(data.length, i + 256 * 1024)));
const s = d.end();
for (const c of s.classes.values()) for (const a of c.aggs.num.values()) flushNum(a);
const { stages: _stages, ...rest } = s;
process.stdout.write(
  JSON.stringify(rest, (k, v: unknown) => {
    if (v instanceof Map) {
      // Bucket counts by bucket: busy aggregates get theirs back from the lane scanner in that order.
      const entries = [...(v as Map<unknown, unknown>).entries()];
      if (k === 'buckets') entries.sort((a, b) => (a[0] as number) - (b[0] as number));
      return { map: entries };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    return v;
  }),
);
