/** The Electron binary's path when the optional `electron` package installed it, else null. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Finds node_modules/electron's downloaded binary without importing electron. */
export function electronBinary(): string | null {
  const dir = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}
