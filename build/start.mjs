// `npm start` (after the build): the desktop app when the Electron binary is installed, else
// a plain explanation and the same app in browser mode through `dbw serve`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'node_modules', 'electron');
const pathFile = join(dir, 'path.txt');
const binary = existsSync(pathFile) ? join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;

if (binary && existsSync(binary)) {
  spawn(binary, ['dist/electron/main.mjs'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    [
      'The Electron desktop binary is not installed — its installer downloads it, and that download',
      'is not possible from this machine. Starting DBA Workbench in browser mode instead (same app,',
      'served on 127.0.0.1 only). Open the URL below in your browser; stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, ['bin/dbw.mjs', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
