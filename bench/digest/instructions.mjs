#!/usr/bin/env node
// Instructions per digest, the figure a loaded machine does not move: CPU seconds moved ±30 % between
// identical runs on the shared 2-core build machine, and perf has no instruction counter there, but
// valgrind's instruction count (cachegrind's `I refs`, no cache simulation) is repeatable: node runs
// with fixed hash and random seeds and V8's `--predictable` (no heuristics on the clock), so the same
// build gives the same count (without them, one build's counts moved by up to 3 %). Compiles still
// fall into the measured digests wherever V8 decides, differently per build: with 4 and 8 digests
// the steady figure moved by up to 7 % for changes that did not touch the code compiled; 8 and 20
// are steadier (`--few 8 --many 20`, ~4 minutes a pair). Each build's bench/digest/cpu.ts bundle digests FILE `--few` and `--many` times in one
// process under valgrind (`node --single-threaded`, so the JIT's compiles are counted where they
// run); the difference over the extra digests is the steady cost per digest, the few-digest count
// is what a cold start adds. Builds are run in pairs side by side (two at a time: valgrind is slow,
// ~1 minute for 8 digests of 6 MB).
//
//   npx esbuild bench/digest/cpu.ts --bundle --platform=node --format=esm --outfile=DIR/cpu.mjs   (per build)
//   node bench/digest/instructions.mjs FILE DIR [DIR...] [--few 4] [--many 8]
//
// Use a slice of a few MB (`head -c 6000000 LOG > slice.log`): valgrind runs ~50x slower than node.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const few = Number(opt('--few', '4'));
const many = Number(opt('--many', '8'));
const [file, ...builds] = args;
if (!file || builds.length === 0 || !(many > few)) {
  console.error('usage: node bench/digest/instructions.mjs FILE BUILD_DIR [BUILD_DIR...] [--few 4] [--many 8]');
  process.exit(2);
}

/** valgrind's instruction count of `runs` digests of the file by the build in `dir`. */
function instructions(dir, runs) {
  return new Promise((done, fail) => {
    const child = spawn(
      'valgrind',
      [
        '--tool=cachegrind',
        '--cache-sim=no',
        '--cachegrind-out-file=/dev/null',
        process.execPath,
        '--single-threaded',
        // Fixed seeds: V8 seeds its string hashes (and Math.random) anew per process, and the hash
        // table layouts they give moved the count of the same build by up to 3 %.
        '--hash-seed=1',
        '--random-seed=1',
        '--predictable',
        join(resolve(dir), 'cpu.mjs'),
        file,
        String(runs),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30 * 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (code !== 0 || !m) fail(new Error(`valgrind on ${dir} (${runs} digests) failed (exit ${code}): ${err.slice(-500)}`));
      else done(Number(m[1].replaceAll(',', '')));
    });
  });
}

for (let i = 0; i < builds.length; i += 2) {
  const pair = builds.slice(i, i + 2);
  const rows = await Promise.all(pair.map(async (dir) => [dir, await instructions(dir, few), await instructions(dir, many)]));
  for (const [dir, a, b] of rows) {
    const steady = (b - a) / (many - few);
    console.log(
      `${dir}: ${few} digests ${(a / 1e6).toFixed(0)} M, ${many} digests ${(b / 1e6).toFixed(0)} M instructions; steady ${(steady / 1e6).toFixed(1)} M per digest`,
    );
  }
}
