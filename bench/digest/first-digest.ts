/**
 * The app's first digests, through the slow-log service's own handler (`slowLog.digestFile` on a
 * path, with the built worker next to the bundle as in dist/): wall and CPU of the first digest and
 * of the next two (a filter change re-runs the digest) of the same file, in one fresh process, as
 * JSON. The first pays for the worker's start-up; the next ones show whether it stayed warm.
 *
 *   npx esbuild bench/digest/first-digest.ts --bundle --platform=node --format=esm --packages=external --outfile=bench/.data/build/first-digest.mjs
 *   cp dist/workers/digest.worker.mjs bench/.data/build/workers/   # found next to the bundle
 *   node bench/.data/build/first-digest.mjs FILE
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionsRepo } from '../../electron/store/connections.repo';
import { findWorkerScript, slowLogHandlers } from '../../electron/services/slow-log/slow-log.service';

const [file] = process.argv.slice(2);
if (!findWorkerScript()) throw new Error('no built digest worker next to this bundle (workers/digest.worker.mjs)');
const ws = mkdtempSync(join(tmpdir(), 'dbw-first-digest-'));
const handlers = slowLogHandlers({ workspaceDir: ws, connections: {} as ConnectionsRepo });
const runs: { ms: number; cpuMs: number; events: number }[] = [];
for (const options of [{}, { minQueryTime: 0 }, {}]) {
  const t = performance.now();
  const c = process.cpuUsage();
  const ctx = { requestId: 'bench', signal: new AbortController().signal, progress: () => undefined };
  const r = await handlers['slowLog.digestFile']({ source: { kind: 'path', path: file! }, options }, ctx);
  const d = process.cpuUsage(c);
  runs.push({ ms: Math.round(performance.now() - t), cpuMs: Math.round((d.user + d.system) / 1000), events: r.header.events });
}
rmSync(ws, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ runs }) + '\n');
process.exit(0);
