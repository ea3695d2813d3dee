/**
 * Builds nothing (the test command builds first); starts `dbw serve` on a free port with a fresh
 * workspace and hands its URL (with the token) to the tests through the environment.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe } from './serve';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const workspace = mkdtempSync(join(tmpdir(), 'dbw-e2e-'));
  const serve = await startServe(workspace);
  process.env.DBW_E2E_URL = serve.url;
  process.env.DBW_E2E_WORKSPACE = workspace;
  return () => serve.stop();
}
