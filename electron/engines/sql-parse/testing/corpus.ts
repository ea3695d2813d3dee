/** Statements and helpers the parse tests share (tests only). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestText } from '../../slowlog/digest';

const PERCONA = new URL('../../../../../shared/corpus/slowlogs/percona/', import.meta.url).pathname;

/** An AST as JSON without the parser's running table/column lists in subquery nodes. */
export const strip = (ast: unknown): string => JSON.stringify(ast, (k, v: unknown) => (k === 'tableList' || k === 'columnList' ? undefined : v));

/** Every worst sample of the Percona corpus logs: real statements of every kind. */
export function perconaSamples(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(PERCONA)) {
    if (f.endsWith('.gz') || f === 'empty') continue;
    for (const c of digestText(readFileSync(join(PERCONA, f))).classes) out.push(c.sample.text);
  }
  return out;
}

/** Deterministic PRNG so a failure can be replayed from its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
