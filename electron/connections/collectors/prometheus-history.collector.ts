/**
 * Reads the dashboard's metrics from a Prometheus server's HTTP query API (query_range), using
 * the same PromQL the rule export uses, so a fleet's history shows in the same charts as the
 * app's own samples. https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries
 */
import { AppError } from '../../../shared/contract/core';
import { metricKeys, type MetricKey, type MonitorSample, type SampleMetrics } from '../../../shared/contract/monitor';
import { promqlOf } from '../../engines/monitor/prometheus-rules';

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; values?: Array<[number, string]>; value?: [number, string] }> };
}

async function get(base: string, path: string, params: Record<string, string>, timeoutMs: number): Promise<PromResponse> {
  const url = new URL(path, base.endsWith('/') ? base : base + '/');
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const err = e as Error;
    if (err.name === 'TimeoutError') throw new AppError('TIMEOUT', `Prometheus at ${base} did not answer within ${timeoutMs / 1000} s`);
    throw new AppError('UNREACHABLE', `Cannot reach Prometheus at ${base}: ${err.message}`);
  }
  const body = (await res.json().catch(() => null)) as PromResponse | null;
  if (!body || typeof body !== 'object' || !('status' in body))
    throw new AppError('BAD_INPUT', `${url.origin} did not answer like a Prometheus query API (HTTP ${res.status})`);
  if (body.status !== 'success') throw new AppError('SERVER_ERROR', `Prometheus refused the query: ${body.error ?? `HTTP ${res.status}`}`);
  return body;
}

/** The mysqld_exporter instances Prometheus knows (label `instance` of mysql_up). */
export async function prometheusInstances(base: string, timeoutMs = 10_000): Promise<string[]> {
  const r = await get(base, 'api/v1/query', { query: 'mysql_up' }, timeoutMs);
  return [...new Set((r.data?.result ?? []).map((x) => x.metric.instance ?? '').filter(Boolean))].sort();
}

/** Samples of every metric over the last `rangeSec`, one per `stepSec`, for one exporter instance. */
export async function readPrometheusHistory(
  base: string,
  opts: { rangeSec: number; stepSec: number; instance?: string; nowMs?: number; timeoutMs?: number },
): Promise<{ samples: MonitorSample[]; instance: string; missing: MetricKey[] }> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const instances = await prometheusInstances(base, timeoutMs);
  const instance = opts.instance ?? instances[0];
  if (!instance) throw new AppError('NOT_FOUND', `Prometheus at ${base} scrapes no mysqld_exporter (no mysql_up series)`);
  if (!instances.includes(instance)) throw new AppError('NOT_FOUND', `No exporter instance "${instance}" in Prometheus; it has ${instances.join(', ')}`);
  const end = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  const start = end - opts.rangeSec;
  const byTime = new Map<number, Partial<SampleMetrics>>();
  const missing: MetricKey[] = [];
  await Promise.all(
    metricKeys.map(async (key) => {
      const r = await get(base, 'api/v1/query_range', { query: promqlOf[key], start: String(start), end: String(end), step: String(opts.stepSec) }, timeoutMs);
      const series = (r.data?.result ?? []).find((s) => s.metric.instance === instance);
      if (!series?.values?.length) {
        missing.push(key);
        return;
      }
      for (const [t, v] of series.values) {
        const n = Number(v);
        if (!byTime.has(t)) byTime.set(t, {});
        byTime.get(t)![key] = Number.isFinite(n) ? Math.round(n * 10_000) / 10_000 : null;
      }
    }),
  );
  const samples = [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, partial]) => ({
      at: new Date(t * 1000).toISOString(),
      intervalSec: opts.stepSec,
      metrics: Object.fromEntries(metricKeys.map((k) => [k, partial[k] ?? null])) as SampleMetrics,
    }));
  return { samples, instance, missing: missing.sort() };
}
