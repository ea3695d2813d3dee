// Builds everything the app runs: the renderer (Vite → dist/renderer), the CLI and Node host
// (dist/cli.mjs), the Electron main and preload (dist/electron/*.cjs), and worker threads
// (every electron/**/*.worker.ts → dist/workers/<name>.mjs).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const only = process.argv.includes('--no-renderer') ? 'node' : 'all';
const t0 = Date.now();

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.worker.ts')) out.push(p);
  }
  return out;
}

// node-sql-parser is CommonJS without static named exports: bundle it so `import { Parser }` works
// in the ESM outputs (every other package stays external and is loaded from node_modules).
const require = createRequire(import.meta.url);
const bundleCjs = {
  name: 'bundle-cjs',
  setup(b) {
    // Also its single-dialect builds (node-sql-parser/build/mysql), which the advisor loads.
    b.onResolve({ filter: /^node-sql-parser(\/build\/[a-z]+)?$/ }, (args) => ({ path: require.resolve(args.path) }));
  },
};

// The CLI bundles zod and mysql2 (pure JavaScript, ~100 module files between them): resolving,
// reading and linking each file took Node's module loader more CPU at every `dbw` start than
// loading them as chunks (0.58-0.65 → 0.49-0.58 CPU-s for a command that fails after connecting).
// The rest stays external: better-sqlite3 is native, redis is loaded only for a Redis connection.
const cliExternal = Object.keys(pkg.dependencies).filter((d) => d !== 'zod' && d !== 'mysql2');

// Bundled CommonJS code calls require() for its own dependencies: give ESM outputs a real one.
const esmRequire = { js: "import { createRequire as __dbwCreateRequire } from 'node:module'; const require = __dbwCreateRequire(import.meta.url);" };

const common = {
  plugins: [bundleCjs],
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
};

// Chunks of an earlier build would pile up under new hashes.
if (existsSync(join(root, 'dist'))) for (const f of readdirSync(join(root, 'dist'))) if (/^chunk-cli-.*\.mjs(\.map)?$/.test(f)) rmSync(join(root, 'dist', f));

const tasks = [
  // Split: each dbw command's code is a chunk loaded when that command runs (dist/chunk-cli-*.mjs,
  // next to cli.mjs so import.meta.url lookups of dist/ hold in every chunk).
  build({
    ...common,
    entryPoints: { cli: join(root, 'electron/host/node/cli.ts') },
    outdir: join(root, 'dist'),
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunk-cli-[hash]',
    format: 'esm',
    external: cliExternal,
    banner: esmRequire,
  }),
  build({
    ...common,
    entryPoints: Object.fromEntries(walk(join(root, 'electron')).map((f) => [relative(root, f).split('/').pop().replace(/\.ts$/, ''), f])),
    outdir: join(root, 'dist/workers'),
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    packages: 'external',
    banner: esmRequire,
  }),
  build({
    ...common,
    entryPoints: [join(root, 'electron/host/electron/main.ts')],
    outfile: join(root, 'dist/electron/main.mjs'),
    format: 'esm',
    packages: 'external',
    banner: esmRequire,
  }),
  // The preload runs sandboxed: it may require only 'electron', so everything else is bundled in.
  build({
    ...common,
    entryPoints: [join(root, 'electron/host/electron/preload.ts')],
    outfile: join(root, 'dist/electron/preload.cjs'),
    format: 'cjs',
    external: ['electron'],
  }),
];
if (only === 'all') tasks.push(viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' }));
await Promise.all(tasks);
(await import('node:fs')).cpSync(join(root, 'electron/assets'), join(root, 'dist/assets'), { recursive: true }); // bundled demo data, read at run time
console.log(`[build] done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
