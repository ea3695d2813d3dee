// Password redaction speed: what one audit or history write pays. Redacts a single ALTER USER,
// a 100 KB editor text without secrets (the fast path: one regular-expression test), and a
// 92 KB text holding 1,000 password statements with escaped quotes (the tokenizer's full cost).
//   node bench/redact/run.mjs [--seconds 2]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const i = process.argv.indexOf('--seconds');
const seconds = i >= 0 ? Number(process.argv[i + 1]) : 2;

const { build } = await import('esbuild');
const dir = mkdtempSync(join(tmpdir(), 'dbw-bench-redact-'));
try {
  const out = join(dir, 'redact.mjs');
  await build({
    entryPoints: [join(root, 'electron/store/redact-secrets.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
    outfile: out,
  });
  const { redactSecrets } = await import(pathToFileURL(out).href);
  const cases = [
    ['one ALTER USER', "ALTER USER 'app'@'%' IDENTIFIED BY 'it''s \\' secret' PASSWORD EXPIRE NEVER"],
    ['100 KB, no secret', 'SELECT * FROM t WHERE a = 1;\n'.repeat(3500)],
    ['92 KB, 1,000 password statements', "ALTER USER 'u'@'%' IDENTIFIED BY 'p''w\\'x' PASSWORD EXPIRE NEVER; SELECT 'password' FROM t;\n".repeat(1000)],
  ];
  for (const [name, text] of cases) {
    for (let w = 0; w < 3; w++) redactSecrets(text); // warm-up
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      redactSecrets(text);
      n++;
    }
    const ms = (performance.now() - t0) / n;
    console.log(
      `${name.padEnd(34)} ${String(text.length).padStart(7)} chars  ${ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`} per call (${n} calls)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
