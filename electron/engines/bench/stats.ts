/**
 * Benchmark statistics (pure): latency percentiles, spread and throughput of a run, the latency
 * distribution for charts, and a before/after comparison that tells a change from noise. The
 * comparison needs both a Mann-Whitney U test (are the two latency samples shifted?) and a
 * bootstrap confidence interval of the p95 difference that excludes zero; otherwise it says
 * "within noise" — a benchmark must never call jitter an improvement.
 */

/** A run's figures. */
export interface BenchSummary {
  runs: number;
  errors: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  stddevMs: number;
  /** Median absolute deviation: spread that one stalled query does not inflate. */
  madMs: number;
  qps: number;
  wallMs: number;
}

/** The q-quantile (0..1) of sorted values, by linear interpolation between closest ranks (type 7, as R and NumPy default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Summarises successful latencies (ms), the error count and the timed phase's wall time. */
export function summarize(latenciesMs: readonly number[], errors: number, wallMs: number): BenchSummary {
  const s = [...latenciesMs].sort((a, b) => a - b);
  const n = s.length;
  const mean = n ? s.reduce((a, b) => a + b, 0) / n : 0;
  const variance = n > 1 ? s.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  const median = quantile(s, 0.5);
  const mad = quantile(
    s.map((x) => Math.abs(x - median)).sort((a, b) => a - b),
    0.5,
  );
  return {
    runs: n + errors,
    errors,
    minMs: round(s[0] ?? 0),
    meanMs: round(mean),
    p50Ms: round(median),
    p95Ms: round(quantile(s, 0.95)),
    p99Ms: round(quantile(s, 0.99)),
    maxMs: round(s[n - 1] ?? 0),
    stddevMs: round(Math.sqrt(variance)),
    madMs: round(mad),
    qps: wallMs > 0 ? round(((n + errors) * 1000) / wallMs) : 0,
    wallMs: round(wallMs),
  };
}

/** One histogram bin. */
export interface HistogramBin {
  fromMs: number;
  toMs: number;
  count: number;
}

/** Latencies in `bins` bins on a log scale between min and max (latency tails span decades), for the distribution chart. */
export function histogram(latenciesMs: readonly number[], bins = 30): HistogramBin[] {
  if (latenciesMs.length === 0) return [];
  const lo = Math.max(0.001, Math.min(...latenciesMs));
  const hi = Math.max(lo * 1.0001, Math.max(...latenciesMs));
  const step = Math.log(hi / lo) / bins;
  const out: HistogramBin[] = Array.from({ length: bins }, (_, i) => ({
    fromMs: round(lo * Math.exp(step * i)),
    toMs: round(lo * Math.exp(step * (i + 1))),
    count: 0,
  }));
  for (const x of latenciesMs) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(Math.log(Math.max(x, lo) / lo) / step)));
    out[i]!.count++;
  }
  return out;
}

/** Cumulative distribution at `points` evenly spaced quantiles, for the CDF chart. */
export function cdf(latenciesMs: readonly number[], points = 50): { ms: number; fraction: number }[] {
  const s = [...latenciesMs].sort((a, b) => a - b);
  if (s.length === 0) return [];
  return Array.from({ length: points + 1 }, (_, i) => ({ ms: round(quantile(s, i / points)), fraction: i / points }));
}

/** A small deterministic PRNG (mulberry32), so a comparison reads the same every time it is shown (and generated test logs are the same every run). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two-sided p-value of the Mann-Whitney U test (normal approximation with tie correction). */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return 1;
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  let tie = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[k] = r;
    const t = j - i + 1;
    tie += t ** 3 - t;
    i = j + 1;
  }
  let r1 = 0;
  all.forEach((x, i) => {
    if (x.g === 0) r1 += ranks[i]!;
  });
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tie / (n * (n - 1))));
  if (sigma === 0) return 1;
  const z = Math.abs(u - (n1 * n2) / 2) / sigma;
  return 2 * (1 - normalCdf(z));
}

function normalCdf(z: number): number {
  // Abramowitz & Stegun 7.1.26 for erf.
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return 0.5 * (1 + erf);
}

/** A before/after verdict. */
export interface BenchComparison {
  /** after.p95 − before.p95 (negative: faster). */
  p95DeltaMs: number;
  p95DeltaPct: number;
  /** 95 % bootstrap interval of the p95 difference. */
  p95CiMs: [number, number];
  p50DeltaMs: number;
  mannWhitneyP: number;
  verdict: 'faster' | 'slower' | 'within noise';
  explanation: string;
}

/** Compares two latency samples; `faster`/`slower` only when the U test and the p95 interval agree. */
export function compare(before: readonly number[], after: readonly number[], resamples = 2000, alpha = 0.05): BenchComparison {
  const sb = [...before].sort((a, b) => a - b);
  const sa = [...after].sort((a, b) => a - b);
  const p95b = quantile(sb, 0.95);
  const p95a = quantile(sa, 0.95);
  const rand = rng(before.length * 7919 + after.length);
  const draw = (xs: readonly number[]): number[] => {
    const out = new Array<number>(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = xs[Math.floor(rand() * xs.length)]!;
    return out.sort((a, b) => a - b);
  };
  const deltas: number[] = [];
  if (sb.length && sa.length) for (let i = 0; i < resamples; i++) deltas.push(quantile(draw(sa), 0.95) - quantile(draw(sb), 0.95));
  deltas.sort((a, b) => a - b);
  const ci: [number, number] = [round(quantile(deltas, alpha / 2)), round(quantile(deltas, 1 - alpha / 2))];
  const p = mannWhitneyP(sb, sa);
  const delta = p95a - p95b;
  const significant = p < alpha && (ci[1] < 0 || ci[0] > 0);
  const verdict = !significant ? 'within noise' : delta < 0 ? 'faster' : 'slower';
  const pct = p95b > 0 ? (delta / p95b) * 100 : 0;
  const explanation =
    verdict === 'within noise'
      ? `p95 moved ${delta >= 0 ? '+' : ''}${round(delta)} ms, but the 95 % interval [${ci[0]}, ${ci[1]}] ms${ci[0] <= 0 && ci[1] >= 0 ? ' includes 0' : ''} and Mann-Whitney p = ${p.toFixed(3)}: not a change`
      : `p95 ${verdict === 'faster' ? 'dropped' : 'rose'} ${Math.abs(round(pct)).toFixed(1)} % (${round(p95b)} → ${round(p95a)} ms), 95 % interval [${ci[0]}, ${ci[1]}] ms, Mann-Whitney p = ${p.toExponential(1)}`;
  return {
    p95DeltaMs: round(delta),
    p95DeltaPct: round(pct),
    p95CiMs: ci,
    p50DeltaMs: round(quantile(sa, 0.5) - quantile(sb, 0.5)),
    mannWhitneyP: p,
    verdict,
    explanation,
  };
}
