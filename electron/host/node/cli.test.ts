import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './cli';
import { commands } from './cli/commands';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { io: { stdout, stderr, stdin: new PassThrough() }, out: () => out, err: () => err };
}

describe('dbw CLI', () => {
  it('lists its commands under --help', async () => {
    const t = io();
    expect(await main(['--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(/Usage: dbw <command>/);
    expect(t.out()).toMatch(/serve/);
  });

  it('exits 2 with the help on an unknown command', async () => {
    const t = io();
    expect(await main(['frobnicate'], t.io)).toBe(2);
    expect(t.err()).toMatch(/unknown command "frobnicate"/);
  });

  it('prints a command usage with <command> --help, and exits 2 on a bad option', async () => {
    const t = io();
    expect(await main(['serve', '--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(/Usage: dbw serve/);
    const u = io();
    expect(await main(['serve', '--bogus'], u.io)).toBe(2);
    expect(u.err()).toMatch(/Unknown option --bogus/);
  });

  it('loads, for each listed command, the module of that command', async () => {
    for (const entry of commands) {
      const cmd = await entry.load();
      expect(cmd.name).toBe(entry.name);
      expect(cmd.usage).toMatch(new RegExp(`Usage:\\s+dbw ${entry.name}`));
    }
  });

  // `npm test` builds before the unit tests; a bare vitest run without dist/ reports this skipped.
  const built = `${process.cwd()}/dist/cli.mjs`;
  it.skipIf(!existsSync(built))('starts without loading any command: the build puts each in its own chunk', () => {
    const text = readFileSync(built, 'utf8');
    expect(text.length).toBeLessThan(50_000);
    expect(text).not.toMatch(/mysql2|node-sql-parser|better-sqlite3/);
  });
});
