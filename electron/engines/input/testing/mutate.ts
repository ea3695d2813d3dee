/**
 * Deterministic input mutations for the parser fuzz tests: the ways real inputs arrive broken
 * (CRLF or mixed line ends, cut at any byte, bit flips, binary garbage and NUL bytes spliced in,
 * invalid UTF-8, a spliced piece of another input). A failure replays from its seed.
 */

/** A small deterministic PRNG (LCG) returning [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** The mutation kinds, named for failure messages. */
export const MUTATIONS = ['crlf', 'mixed-eol', 'truncate', 'bit-flips', 'garbage', 'nul-bytes', 'invalid-utf8', 'splice', 'delete', 'lone-cr'] as const;

/** `input` broken one way (`kind`), with randomness from `r` and a `donor` to splice from. */
export function mutate(input: Buffer, kind: (typeof MUTATIONS)[number], r: () => number, donor: Buffer): Buffer {
  const at = (): number => Math.floor(r() * (input.length + 1));
  const bytes = (n: number, pick: () => number): Buffer => Buffer.from(Array.from({ length: n }, pick));
  switch (kind) {
    case 'crlf':
      return Buffer.from(input.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    case 'mixed-eol':
      return Buffer.from(
        input.toString('latin1').replace(/\n/g, () => (r() < 0.5 ? '\r\n' : '\n')),
        'latin1',
      );
    case 'truncate':
      return input.subarray(0, at());
    case 'bit-flips': {
      const out = Buffer.from(input);
      for (let i = 0; i < 1 + r() * 20 && out.length > 0; i++) {
        const p = Math.floor(r() * out.length);
        out[p] = out[p]! ^ (1 << Math.floor(r() * 8));
      }
      return out;
    }
    case 'garbage': {
      const p = at();
      return Buffer.concat([input.subarray(0, p), bytes(1 + Math.floor(r() * 3000), () => Math.floor(r() * 256)), input.subarray(p)]);
    }
    case 'nul-bytes': {
      const p = at();
      return Buffer.concat([input.subarray(0, p), Buffer.alloc(1 + Math.floor(r() * 64)), input.subarray(p)]);
    }
    case 'invalid-utf8': {
      const p = at();
      return Buffer.concat([
        input.subarray(0, p),
        bytes(1 + Math.floor(r() * 200), () => [0xc0, 0xff, 0xfe, 0x80, 0xed, 0xa0][Math.floor(r() * 6)]!),
        input.subarray(p),
      ]);
    }
    case 'splice': {
      const p = at();
      const d = Math.floor(r() * donor.length);
      return Buffer.concat([input.subarray(0, p), donor.subarray(d, d + Math.floor(r() * 2000)), input.subarray(p)]);
    }
    case 'delete': {
      const p = at();
      return Buffer.concat([input.subarray(0, p), input.subarray(p + Math.floor(r() * 500))]);
    }
    case 'lone-cr': {
      const p = at();
      return Buffer.concat([input.subarray(0, p), Buffer.from('\r'), input.subarray(p)]);
    }
  }
}
