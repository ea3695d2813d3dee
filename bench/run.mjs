// `npm run bench`: runs every benchmark folder's run.mjs in turn (each prints its own figures).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv[2];
for (const name of readdirSync('bench').sort()) {
  const script = join('bench', name, 'run.mjs');
  if (!existsSync(script) || (only && only !== name)) continue;
  console.log(`\n### bench/${name}`);
  spawnSync(process.execPath, [script, ...process.argv.slice(3)], { stdio: 'inherit' });
}
