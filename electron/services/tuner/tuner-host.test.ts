import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../store/workspace.store';
import { chooseHost, isLocalEndpoint, TunerHostSettings } from './tuner-host';

const os = { ramBytes: 24 * 2 ** 30, cores: 2 };

describe('host figures for the tuner', () => {
  it('treats loopback names and sockets as this machine', () => {
    expect(isLocalEndpoint({ host: '127.0.0.1' })).toBe(true);
    expect(isLocalEndpoint({ host: 'LOCALHOST' })).toBe(true);
    expect(isLocalEndpoint({ host: '::1' })).toBe(true);
    expect(isLocalEndpoint({ host: 'db1.example.com', socket: '/run/mysqld/mysqld.sock' })).toBe(true);
    expect(isLocalEndpoint({ host: 'db1.example.com', socket: '' })).toBe(false);
  });

  it('uses the OS for a local server, typed values when given, remembered ones for a remote server', () => {
    expect(chooseHost({ local: true, typed: {}, remembered: null, os })).toEqual({ ...os, source: 'os', local: true });
    expect(chooseHost({ local: true, typed: { ramBytes: 4e9 }, remembered: null, os })).toEqual({ ramBytes: 4e9, cores: 2, source: 'user', local: true });
    expect(chooseHost({ local: false, typed: {}, remembered: null, os })).toEqual({ ramBytes: null, cores: null, source: 'unknown', local: false });
    expect(chooseHost({ local: false, typed: {}, remembered: { ramBytes: 8e9, cores: 4 }, os })).toEqual({
      ramBytes: 8e9,
      cores: 4,
      source: 'user',
      local: false,
    });
    expect(chooseHost({ local: false, typed: { cores: 16 }, remembered: { ramBytes: 8e9, cores: 4 }, os })).toEqual({
      ramBytes: 8e9,
      cores: 16,
      source: 'user',
      local: false,
    });
  });

  it('remembers typed figures per connection in the settings table, merging partial updates', () => {
    const db = openWorkspace(':memory:');
    const s = new TunerHostSettings(db);
    expect(s.get('c1')).toBeNull();
    s.remember('c1', { ramBytes: 8e9, cores: 4 });
    s.remember('c1', { cores: 8 });
    s.remember('c2', {});
    expect(s.get('c1')).toEqual({ ramBytes: 8e9, cores: 8 });
    expect(s.get('c2')).toBeNull();
    expect(db.prepare('SELECT key FROM settings').all()).toEqual([{ key: 'tuner.host.c1' }]);
    db.prepare("UPDATE settings SET value = 'not json' WHERE key = 'tuner.host.c1'").run();
    expect(s.get('c1')).toBeNull();
    db.close();
  });
});
