import { describe, expect, it } from 'vitest';
import { isMysqlGreeting, serviceOf } from './greeting-probe';

describe('greeting probe', () => {
  it('knows a MySQL handshake (protocol 10) and a MySQL error packet from other services', () => {
    // Length 0x4a, sequence 0, protocol 10, "8.4.0" — the start of a real handshake.
    expect(isMysqlGreeting(Buffer.from([0x4a, 0, 0, 0, 10, 0x38, 0x2e, 0x34]))).toBe(true);
    // "Host '…' is not allowed to connect": an error packet (0xff) is still MySQL speaking.
    expect(isMysqlGreeting(Buffer.from([0x45, 0, 0, 0, 0xff, 0x6a, 0x04]))).toBe(true);
    expect(isMysqlGreeting(Buffer.from('+PONG\r\n'))).toBe(false);
  });

  it('names Redis, HTTP and SSH from their first words', () => {
    expect(serviceOf(Buffer.from('+PONG\r\n'))).toBe('Redis');
    expect(serviceOf(Buffer.from('-NOAUTH Authentication required.\r\n'))).toBe('Redis');
    expect(serviceOf(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toBe('an HTTP server');
    expect(serviceOf(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'))).toBe('an SSH server');
    expect(serviceOf(Buffer.from('\x00\x01garbage'))).toBeNull();
  });
});
