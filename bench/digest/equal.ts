/**
 * Equality check for digest changes: digests FILE in one thread (256 KB chunks) and prints the
 * whole state as JSON (testing/state-json), so two builds can be diffed byte for byte.
 *
 *   node bench/.data/build/equal.mjs FILE [ptCompatible] [general] > out.json
 *
 * `general` turns the digester's fast lane off (every entry read the general way).
 */
import { readFileSync } from 'node:fs';
import { createDigester } from '../../electron/engines/slowlog/digester';
import { stateJson } from '../../electron/engines/slowlog/testing/state-json';

const [file, pt, general] = process.argv.slice(2);
const data = readFileSync(file!);
const d = createDigester({ ptCompatible: pt === '1', fastLane: general !== 'general' });
for (let i = 0; i < data.length; i += 256 * 1024) d.push(data.subarray(i, Math.min(data.length, i + 256 * 1024)));
process.stdout.write(stateJson(d.end()));
