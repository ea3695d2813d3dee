#!/usr/bin/env node
// The dbw command. It runs the bundle that `npm run build` writes to dist/cli.mjs.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.mjs');
if (!existsSync(entry)) {
  process.stderr.write('dbw: the app is not built yet. Run `npm run build` (or `npm start`) in the project folder first.\n');
  process.exit(1);
}
process.env.DBW_CLI_ENTRY = '1';
await import(pathToFileURL(entry).href);
