/**
 * Runs a `dbw` command in-process for tests, with its standard streams in memory, so each CLI
 * test reads what the command printed and its exit code without spawning a process.
 */
import { PassThrough } from 'node:stream';
import type { CliCommand, CliIO } from '../host/node/cli/command';

/** In-memory standard streams; `out()` and `err()` read what was written so far. */
export function memoryIO(stdin = ''): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const input = new PassThrough();
  input.end(stdin);
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  return { io: { stdout, stderr, stdin: input }, out: () => out, err: () => err };
}

/** Runs `command` with `args` (and `stdin`), returning its exit code and what it printed. */
export async function runCli(command: CliCommand, args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const m = memoryIO(stdin);
  const code = await command.run(args, m.io);
  return { code, out: m.out(), err: m.err() };
}
