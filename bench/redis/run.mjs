// Redis cache analysis speed: loads a keyspace shaped like the seed document's cache design
// (≥ 1 M keys: user:info, user:sessions hashes, project:info, project:list pages, document:info,
// document:content of 100 B–2 KB, document:versions lists, ai:generation) into the bench Redis
// (scripts/sandbox/redis-cluster.sh starts it on 6390; its db 0 is the bench's own), then times in
// the same run, each in a fresh process under /usr/bin/time:
//   - `dbw redis analyze --json` (every key: type, encoding, PTTL, MEMORY USAGE, element counts,
//     patterns at full depth, TTL buckets, server report, lint) — target ≥ 4× faster;
//   - `redis-cli --memkeys` (every key: TYPE and MEMORY USAGE, biggest key per type only).
// Prints wall time and peak RSS of both (target peak RSS ≤ 300 MB for the analysis).
//   node bench/redis/run.mjs [--keys 1000000] [--port 6390] [--repeat 2] [--reload] [--one-way-us N]
// With --one-way-us both tools reach the server through bench/redis/delay-proxy.mjs, which holds
// every chunk N µs each way: a workstation across a network from its server, as users run the app.
// Without it they use loopback, the peer's best case (its three round trips per ten keys cost
// microseconds there, so both tools wait mostly on the server's single thread).
// Needs `node build/build.mjs` first (it runs the built CLI, as a user would).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const target = Number(arg('keys', 1_000_000));
const port = Number(arg('port', process.env.DBW_REDIS_BENCH_PORT ?? 6390));
const repeat = Number(arg('repeat', 2));
const reload = process.argv.includes('--reload');
const oneWayUs = arg('one-way-us', null);
const cli = (args) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' });

if (!existsSync(join(root, 'dist/cli.mjs'))) {
  console.error('Build first: node build/build.mjs');
  process.exit(2);
}
if (cli(['ping']).stdout.trim() !== 'PONG') {
  console.error(`No Redis on 127.0.0.1:${port}: bash scripts/sandbox/redis-cluster.sh start`);
  process.exit(2);
}

/** RESP for one command. */
const resp = (args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** Writes the seed-shaped keyspace through `redis-cli --pipe`. */
async function load() {
  cli(['flushdb']);
  const users = Math.ceil(target / 9.6); // 9.6 keys per user on average, below
  const child = spawn('redis-cli', ['-p', String(port), '--pipe'], { stdio: ['pipe', 'ignore', 'inherit'] });
  let buf = '';
  let keys = 0;
  const put = async (args) => {
    buf += resp(args);
    if (buf.length > 1 << 20) {
      if (!child.stdin.write(buf)) await new Promise((r) => child.stdin.once('drain', r));
      buf = '';
    }
  };
  const text = (n, i) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n) + i;
  for (let i = 1; i <= users; i++) {
    await put(['SET', `user:info:${i}`, JSON.stringify({ id: i, username: `user${i}`, email: `user${i}@example.com`, role: 'editor' }), 'EX', '3600']);
    await put(['HSET', `user:sessions:${i}`, `jti-${i}-a`, text(60, i), `jti-${i}-b`, text(60, i)]);
    await put(['EXPIRE', `user:sessions:${i}`, '691200']);
    await put(['SET', `project:info:${i}`, JSON.stringify({ id: i, name: `project ${i}`, type: 'report', status: 'active' }), 'EX', '1800']);
    for (const page of [1, 2, 3]) await put(['SET', `project:list:${i}:${page}:20`, JSON.stringify({ items: [i, i + 1, i + 2], page, size: 20 }), 'EX', '600']);
    await put(['SET', `document:info:${i}`, JSON.stringify({ id: i, title: `doc ${i}`, format: 'markdown' }), 'EX', '1800']);
    await put(['SET', `document:content:${i}`, text(100 + ((i * 7919) % 1900), i), 'EX', '3600']);
    await put(['SET', `ai:generation:${i}`, JSON.stringify({ id: i, status: 'completed', prompt: text(80, i) }), 'EX', '86400']);
    keys += 9;
    if (i % 2 === 0) {
      await put(['RPUSH', `document:versions:${i}`, 'v1', 'v2', 'v3', 'v4']);
      await put(['EXPIRE', `document:versions:${i}`, '1800']);
      keys++;
    }
    if (i % 10 === 0) {
      await put(['SET', `company:info:${i / 10}`, JSON.stringify({ id: i / 10, name: `company ${i}` }), 'EX', '3600']);
      keys++;
    }
  }
  child.stdin.end(buf);
  await new Promise((r) => child.on('exit', r));
  return keys;
}

/** Runs a command under /usr/bin/time: wall seconds and peak RSS (MB). */
function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: root });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} failed: ${r.stderr.slice(-500)}`);
  return { seconds: Number(m[1]), rssMb: Number(m[2]) / 1024, stdout: r.stdout };
}

let dbsize = Number(cli(['dbsize']).stdout);
if (reload || dbsize < target) {
  const t0 = performance.now();
  const written = await load();
  dbsize = Number(cli(['dbsize']).stdout);
  console.log(`loaded ${written.toLocaleString('en-US')} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(
  `Redis ${/redis_version:(\S+)/.exec(cli(['info', 'server']).stdout)?.[1]} on 127.0.0.1:${port}: ${dbsize.toLocaleString('en-US')} keys, used_memory ${/used_memory_human:(\S+)/.exec(cli(['info', 'memory']).stdout)?.[1]}`,
);
console.log(
  `machine: ${(await import('node:os')).cpus().length} cores, load ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

/** Where both tools connect: the server itself, or the delay proxy in front of it. */
let via = port;
let proxy = null;
if (oneWayUs !== null) {
  proxy = spawn(process.execPath, [join(here, 'delay-proxy.mjs'), '--target', String(port), '--one-way-us', oneWayUs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  via = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('delay proxy did not start in 5 s')), 5000);
    proxy.stdout.once('data', (d) => (clearTimeout(timer), resolve(Number(/listening (\d+)/.exec(String(d))?.[1]))));
  });
  process.on('exit', () => proxy.kill());
}
/** Median round trip of 200 sequential PINGs on one connection, in ms. */
async function pingRtt(p) {
  const { connect } = await import('node:net');
  const sock = connect({ host: '127.0.0.1', port: p });
  sock.setNoDelay(true);
  await new Promise((r) => sock.once('connect', r));
  const times = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await new Promise((r) => {
      sock.write('PING\r\n');
      sock.once('data', r);
    });
    times.push(performance.now() - t0);
  }
  sock.destroy();
  return times.sort((a, b) => a - b)[100];
}
console.log(
  `network: ${proxy ? `delay proxy on ${via}, ${oneWayUs} µs each way` : 'loopback'}; round trip ${(await pingRtt(via)).toFixed(3)} ms (median of 200 PINGs)`,
);

const rows = [];
for (let i = 0; i < repeat; i++) {
  const ours = timed(process.execPath, [
    join(root, 'bin/dbw.mjs'),
    'redis',
    'analyze',
    '--connection',
    `redis://127.0.0.1:${via}/0`,
    '--design',
    'example',
    '--json',
  ]);
  const a = JSON.parse(ours.stdout);
  const mem = timed('redis-cli', ['-p', String(via), '--memkeys']);
  const memKeys = Number(/Sampled (\d+) keys/.exec(mem.stdout)?.[1] ?? NaN);
  rows.push({ ours, mem, keys: a.totals.keys, patterns: a.totals.patterns, memKeys, findings: a.findings.length, mode: a.server.notes[0] });
  console.log(
    `run ${i + 1}: dbw redis analyze ${ours.seconds.toFixed(2)} s, peak RSS ${ours.rssMb.toFixed(0)} MB (${a.totals.keys.toLocaleString('en-US')} keys, ${a.totals.patterns} patterns, ${a.findings.length} findings) | redis-cli --memkeys ${mem.seconds.toFixed(2)} s, peak RSS ${mem.rssMb.toFixed(0)} MB (${memKeys.toLocaleString('en-US')} keys) | ${(mem.seconds / ours.seconds).toFixed(2)}× faster`,
  );
}
const best = (f) => Math.min(...rows.map(f));
console.log(
  `\nbest of ${repeat}: analysis ${best((r) => r.ours.seconds).toFixed(2)} s vs --memkeys ${best((r) => r.mem.seconds).toFixed(2)} s → ${(best((r) => r.mem.seconds) / best((r) => r.ours.seconds)).toFixed(2)}× (target ≥ 4×); analysis peak RSS ${Math.max(...rows.map((r) => r.ours.rssMb)).toFixed(0)} MB (target ≤ 300 MB)`,
);
console.log(`read path: ${rows[0]?.mode}`);
proxy?.kill();
