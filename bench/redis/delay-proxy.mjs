// A TCP relay that holds every chunk for a fixed time in each direction, so the bench can time both
// tools the way a DBA's workstation reaches a Redis server: across a network, not over loopback
// (where the server's own CPU is all either tool waits on). Order is kept per direction (one fixed
// delay, timers fire in insertion order). Node timers are whole milliseconds, so the one-way delay
// is at least 1 ms: a round trip of about 2 ms, as over a VPN to a data centre.
//   node bench/redis/delay-proxy.mjs --target PORT --one-way-ms N   (prints "listening PORT")
import { createServer, connect } from 'node:net';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const target = Number(arg('target', 6390));
const delay = Number(arg('one-way-ms', 1));

const relay = (from, to) =>
  from.on('data', (chunk) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delay);
  });

const server = createServer((client) => {
  client.setNoDelay(true);
  const upstream = connect({ host: '127.0.0.1', port: target }, () => upstream.setNoDelay(true));
  relay(client, upstream);
  relay(upstream, client);
  const close = () => setTimeout(() => (client.destroy(), upstream.destroy()), delay + 1);
  client.on('close', close).on('error', close);
  upstream.on('close', close).on('error', close);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
