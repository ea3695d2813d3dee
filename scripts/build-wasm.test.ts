import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { moduleText, TARGETS } from './build-wasm.mjs';

describe('compiled WebAssembly modules', () => {
  it('are what their AssemblyScript sources compile to', async () => {
    for (const t of TARGETS as { source: string; out: string }[]) {
      const committed = readFileSync(join(__dirname, '..', t.out), 'utf8');
      expect(committed, `${t.out}: run node scripts/build-wasm.mjs`).toBe(await moduleText(t));
    }
  }, 60_000);
});
