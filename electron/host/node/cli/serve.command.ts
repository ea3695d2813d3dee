/** `dbw serve`: the Node host — the renderer and the API on 127.0.0.1 with a per-run token. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRuntime } from '../../../services/runtime';
import { nodeSecretBox } from '../../../store/secret-box';
import { appVersion, defaultWorkspaceDir, distDir } from '../paths';
import { startHost } from '../server';
import type { CliCommand } from './command';
import { parseFlags } from './flags';

/** The serve command. */
export const serveCommand: CliCommand = {
  name: 'serve',
  usage: `Usage: dbw serve [--port N] [--workspace DIR] [--static DIR] [--max-upload-mb N]

  --port N          port on 127.0.0.1 (default: a free one)
  --workspace DIR   workspace directory (default: $DBW_WORKSPACE or ~/.config/dba-workbench)
  --static DIR      built renderer to serve (default: dist/renderer next to the CLI)
  --max-upload-mb N largest slow log accepted as an upload, in MiB (default 4096); uploads
                    not digested within 24 h are removed

Prints "DBA Workbench is at http://127.0.0.1:PORT/#token=..." and keeps running until Ctrl+C.
Only requests carrying the token, from this host's own origin, are answered.`,
  async run(args, io) {
    const flags = parseFlags(args, { port: 'string', workspace: 'string', static: 'string', 'max-upload-mb': 'string' });
    const maxUploadMb = flags['max-upload-mb'] === undefined ? undefined : Number(flags['max-upload-mb']);
    if (maxUploadMb !== undefined && !(Number.isFinite(maxUploadMb) && maxUploadMb > 0)) {
      io.stderr.write('dbw serve: --max-upload-mb needs a positive number of MiB\n');
      return 2;
    }
    const workspaceDir = flags.workspace ?? defaultWorkspaceDir();
    mkdirSync(workspaceDir, { recursive: true, mode: 0o700 });
    const runtime = createRuntime({ workspaceDir, host: 'node', secrets: nodeSecretBox(join(workspaceDir, 'secret.key')), version: appVersion });
    const host = await startHost({
      runtime,
      staticDir: flags.static ?? join(distDir(), 'renderer'),
      uploadDir: join(workspaceDir, 'uploads'),
      port: flags.port ? Number(flags.port) : 0,
      ...(maxUploadMb !== undefined ? { maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024) } : {}),
    });
    if (runtime.keyStatus.message) io.stderr.write(`dbw serve: ${runtime.keyStatus.message}\n`);
    io.stdout.write(`DBA Workbench is at ${host.url}\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        void host.close().then(() => {
          runtime.close();
          done();
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
