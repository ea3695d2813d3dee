// A TCP relay that holds every chunk for a fixed time in each direction, so the bench can time both
// tools the way a DBA's workstation reaches a Redis server: across a network, not over loopback
// (where the server's own CPU is all either tool waits on). Order is kept per direction (one queue,
// one fixed delay). Delays of a millisecond or more use timers; shorter ones (a LAN's 0.1–0.5 ms)
// are released by a check on every turn of the event loop while anything is held, which keeps one
// core busy for as long as traffic is in flight — a cost borne by whichever tool is running, and
// heavier for the one that keeps the server busy (ours) than for one that mostly waits.
//   node bench/redis/delay-proxy.mjs --target PORT --one-way-us N   (prints "listening PORT")
import { connect, createServer } from 'node:net';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const target = Number(arg('target', 6390));
const delayUs = Number(arg('one-way-us', 1000));
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Held chunks of every direction, in arrival order, each with the time it may leave. */
const held = [];
let pumping = false;
function pump() {
  const t = nowUs();
  while (held.length && held[0].at <= t) {
    const { to, chunk } = held.shift();
    if (!to.destroyed) to.write(chunk);
  }
  if (held.length) setImmediate(pump);
  else pumping = false;
}

const relay = (from, to) =>
  from.on('data', (chunk) => {
    if (delayUs >= 1000) {
      setTimeout(() => to.destroyed || to.write(chunk), Math.round(delayUs / 1000));
      return;
    }
    held.push({ at: nowUs() + delayUs, to, chunk });
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });

const server = createServer((client) => {
  client.setNoDelay(true);
  const upstream = connect({ host: '127.0.0.1', port: target }, () => upstream.setNoDelay(true));
  relay(client, upstream);
  relay(upstream, client);
  const close = () => setTimeout(() => (client.destroy(), upstream.destroy()), Math.ceil(delayUs / 1000) + 1);
  client.on('close', close).on('error', close);
  upstream.on('close', close).on('error', close);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
