/**
 * A TCP proxy between the app and a real server that a test can cut mid-operation: `cut()`
 * destroys both sockets of every open pair (the client sees the connection drop, as when a server
 * dies or a firewall resets it), `freeze()` stops forwarding while keeping the sockets open (a
 * silent network cut: no FIN, no RST, nothing more arrives). New connections after a cut are
 * still forwarded unless the proxy is closed, so a follow-up call can reach the server again.
 */
import net from 'node:net';

/** A running proxy. */
export interface CutProxy {
  readonly port: number;
  /** Connections forwarded so far. */
  readonly accepted: number;
  /** Destroys both sockets of every open pair; resolves once they are closed. */
  cut(): Promise<void>;
  /** Stops forwarding on every open pair without closing it (packets are dropped from now on). */
  freeze(): void;
  /** Refuses new connections from now on (existing pairs are left alone). */
  refuse(): void;
  /** Cuts everything and stops listening. */
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  frozen: boolean;
}

/** Starts a proxy on 127.0.0.1:`listenPort` (0 picks a free port) forwarding to `target`. */
export async function startCutProxy(target: { host: string; port: number }, listenPort = 0): Promise<CutProxy> {
  const pairs = new Set<Pair>();
  let accepted = 0;
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = net.connect(target.port, target.host);
    const pair: Pair = { client, server: upstream, frozen: false };
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (!pair.frozen && !to.destroyed) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const cut = async () => {
    const closing = [...pairs].flatMap((p) => [p.client, p.server]).map((s) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r()))));
    for (const p of pairs) {
      // resetAndDestroy sends an RST, as a dying host's kernel or a firewall does.
      p.client.resetAndDestroy();
      p.server.resetAndDestroy();
    }
    await Promise.all(closing);
  };
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut,
    freeze() {
      for (const p of pairs) p.frozen = true;
    },
    refuse() {
      refusing = true;
    },
    async close() {
      refusing = true;
      await cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
