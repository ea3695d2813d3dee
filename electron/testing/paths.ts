/**
 * Where tests find the repository's own files and the shared corpus: resolved from this file's
 * location (the repo root is three folders up), never from one machine's layout, so a clone in any
 * directory runs the same tests. `DBW_SHARED_DIR` points elsewhere when the corpus is not beside
 * the repo.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The shared folder beside the repository (`../shared` from the repo root). */
export const sharedDir = process.env.DBW_SHARED_DIR ? resolve(process.env.DBW_SHARED_DIR) : resolve(repoRoot, '..', 'shared');

/** A path under the shared corpus, e.g. `corpusPath('slowlogs/percona/slow002.txt')`. */
export function corpusPath(...parts: string[]): string {
  return join(sharedDir, 'corpus', ...parts);
}
