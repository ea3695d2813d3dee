/**
 * Tells a MySQL port from another service when a connection hangs. A MySQL-family server speaks
 * first (its handshake packet, protocol version 10, or an error packet); Redis and HTTP wait for
 * the client. So when the driver has not finished connecting after a moment, a second socket
 * listens for the greeting and, if none comes, says PING to name what answers (Redis: "+PONG" or
 * "-NOAUTH …"; HTTP: "HTTP/1.1 400"). https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
 */
import net from 'node:net';

/** What listens on a port: a MySQL greeting, silence, or another service's words. */
export type GreetingProbe = { kind: 'mysql' } | { kind: 'unreachable' } | { kind: 'other'; service: string | null; firstBytes: string };

/** Whether bytes open a MySQL packet: 3-byte length, sequence 0, then protocol 10 or an error (0xff). */
export function isMysqlGreeting(b: Buffer): boolean {
  return b.length >= 5 && b[3] === 0 && (b[4] === 10 || b[4] === 0xff);
}

/** Names a service from its first bytes, when they say it. */
export function serviceOf(b: Buffer): string | null {
  const text = b.toString('latin1', 0, Math.min(b.length, 64));
  if (/^[+-](PONG|NOAUTH|ERR|WRONGPASS|DENIED)/.test(text)) return 'Redis';
  if (/^HTTP\/\d/.test(text)) return 'an HTTP server';
  if (/^SSH-/.test(text)) return 'an SSH server';
  if (/^220[ -]/.test(text)) return 'an SMTP/FTP server';
  if (b[0] === 0x16 || b[0] === 0x15) return 'a TLS-only service';
  return null;
}

/** Connects to host:port, waits `greetMs` for a greeting, then PINGs and waits `replyMs` for any answer. */
export function probeGreeting(host: string, port: number, greetMs = 1500, replyMs = 700): Promise<GreetingProbe> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let chunks = Buffer.alloc(0);
    let pinged = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (r: GreetingProbe): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const verdict = (): GreetingProbe =>
      isMysqlGreeting(chunks)
        ? { kind: 'mysql' }
        : { kind: 'other', service: chunks.length ? serviceOf(chunks) : null, firstBytes: chunks.toString('latin1', 0, 40) };
    socket.setNoDelay(true);
    socket.on('error', () => done(chunks.length ? verdict() : { kind: 'unreachable' }));
    socket.on('close', () => done(chunks.length ? verdict() : { kind: 'other', service: null, firstBytes: '' }));
    socket.on('data', (d: Buffer) => {
      chunks = Buffer.concat([chunks, d]);
      if (chunks.length >= 5 || pinged) done(verdict());
    });
    socket.on('connect', () => {
      timer = setTimeout(() => {
        // Silence: MySQL would have greeted by now. Ask, so a service that answers names itself.
        pinged = true;
        socket.write('PING\r\n');
        timer = setTimeout(() => done(verdict()), replyMs);
      }, greetMs);
    });
  });
}
