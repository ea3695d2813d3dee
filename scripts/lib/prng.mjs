// Deterministic test data: one seeded generator and the helpers the data scripts draw from.

/** mulberry32: small, fast, good enough for test data. Returns a function yielding [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** int(lo, hi) inclusive, pick(xs) and a standard normal gauss(), all drawn from one seed. */
export function draws(seed) {
  const rnd = prng(seed);
  return {
    rnd,
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(rnd() * xs.length)],
    gauss: () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()),
  };
}
