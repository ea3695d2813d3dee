/**
 * Single-thread CPU throughput of the digester, in-process: reads FILE once into memory, then
 * digests it `runs` times in 256 KB chunks and prints the best MB per CPU-second
 * (process.cpuUsage, so other jobs on the machine barely move it), and the share of events the
 * fast lane read (the rest took the general path: where a format's time goes).
 *
 *   npx esbuild bench/digest/cpu.ts --bundle --platform=node --format=esm --outfile=bench/.data/build/cpu.mjs
 *   node [--cpu-prof] bench/.data/build/cpu.mjs FILE [runs] [ptCompatible] [general]
 *
 * `general` turns the digester's fast lane off.
 */
import { readFileSync } from 'node:fs';
import { createDigester } from '../../electron/engines/slowlog/digester';

const [file, runsArg, pt, general] = process.argv.slice(2);
const data = readFileSync(file!);
const runs = runsArg ? Number(runsArg) : 6;
const CHUNK = 256 * 1024;
let best = 0;
for (let r = 0; r < runs; r++) {
  const c0 = process.cpuUsage();
  const d = createDigester({ ptCompatible: pt === '1', fastLane: general !== 'general' });
  for (let i = 0; i < data.length; i += CHUNK) d.push(data.subarray(i, Math.min(data.length, i + CHUNK)));
  const lane = d.progress();
  const s = d.end();
  const c = process.cpuUsage(c0);
  const mbps = data.length / 1e6 / ((c.user + c.system) / 1e6);
  best = Math.max(best, mbps);
  const share = lane.events > 0 ? (100 * lane.fastEvents) / lane.events : 0;
  process.stdout.write(`run ${r}: ${mbps.toFixed(1)} MB/cpu-s (${s.events} events, ${s.classes.size} classes, ${share.toFixed(0)} % read by the fast lane)\n`);
}
process.stdout.write(`best: ${best.toFixed(1)} MB/cpu-s\n`);
