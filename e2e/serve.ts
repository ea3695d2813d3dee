/** Starts `dbw serve` on a free port over a given workspace, as a user would, and waits for its URL. */
import { spawn } from 'node:child_process';

/** How long a stopped `dbw serve` may take to exit. */
const STOP_WAIT_MS = 15_000;

/** A running `dbw serve`: its URL (with the token), what it printed on stderr, and a way to stop it. */
export interface ServeProcess {
  url: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Spawns `node bin/dbw.mjs serve --workspace DIR` from the repo root and resolves once it prints its URL. */
export async function startServe(workspace: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['bin/dbw.mjs', 'serve', '--port', '0', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dbw serve did not print its URL: ${out}${err}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`dbw serve exited (${code}): ${out}${err}`)));
  });
  return {
    url,
    stderr: () => err,
    // A server that does not end after SIGTERM fails the run with that, instead of holding it until the CI's own timeout.
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const ended = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), STOP_WAIT_MS).unref())]);
      if (ended) return;
      child.kill('SIGKILL');
      await exited;
      throw new Error(
        `dbw serve did not exit within ${STOP_WAIT_MS / 1000} s of SIGTERM: something it started (a child process, a timer, a socket) kept it alive. Its stderr ended: ${err.slice(-2000)}`,
      );
    },
  };
}
