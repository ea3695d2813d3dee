/** Where the app keeps its workspace and finds its built files. */
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __APP_VERSION__: string | undefined;

/** The app version (stamped by the build; "dev" under tests). */
export const appVersion: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

/** Default workspace directory: $DBW_WORKSPACE, else $XDG_CONFIG_HOME/dba-workbench, else ~/.config/dba-workbench. */
export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DBW_WORKSPACE) return resolve(env.DBW_WORKSPACE);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'dba-workbench');
}

/** The dist/ folder this module was bundled into (dist/cli.mjs → dist). */
export function distDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}
