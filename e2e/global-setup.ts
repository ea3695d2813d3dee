/**
 * Builds nothing (the test command builds first); starts `dbw serve` on a free port with a fresh
 * workspace and hands its URL (with the token) to the tests through the environment.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const workspace = mkdtempSync(join(tmpdir(), 'dbw-e2e-'));
  const child = spawn(process.execPath, ['bin/dbw.mjs', 'serve', '--port', '0', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dbw serve did not print its URL: ${out}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`dbw serve exited (${code}): ${out}`)));
  });
  process.env.DBW_E2E_URL = url;
  process.env.DBW_E2E_WORKSPACE = workspace;
  return async () => {
    child.kill('SIGTERM');
  };
}
