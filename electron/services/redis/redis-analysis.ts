/**
 * One Redis analysis, shared by the app's `redis.analyze` and `dbw redis analyze`: find the
 * primaries, scan each (in parallel) into one aggregate, read what each server says about itself,
 * and lint the result against a cache design. A stopped scan (cancel or sample) keeps its
 * aggregate and cursors so `resume` continues it to the same result as an uninterrupted run.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/contract/core';
import { cacheDesign, scanOptions, type CacheDesign, type RedisAnalysis, type ScanOptions, type ScanOptionsInput } from '../../../shared/contract/redis';
import { chooseReadMode, scanNode, type NodeScan } from '../../connections/collectors/redis-keyspace.collector';
import { collectNodeRaw, primariesOf } from '../../connections/collectors/redis-server.collector';
import { mapRedisError, openRedis, redisDb, type RedisHandle } from '../../connections/redis-session';
import { lintCache } from '../../engines/redis/cache-lint';
import { newKeyspaceAcc, summarisePatterns, summariseTotals, type KeyspaceAcc } from '../../engines/redis/keyspace-stats';
import { buildServerReport } from '../../engines/redis/server-report';
import type { ConnectionConfig } from '../../store/connections.repo';
import { findAssetsDir } from '../slow-log/slow-log.service';

/** What a stopped analysis keeps so it can be resumed. */
export interface KeptScan {
  id: string;
  connectionKey: string;
  options: ScanOptions;
  acc: KeyspaceAcc;
  cursors: NodeScan[];
  startedAt: string;
  elapsedMs: number;
}

/** Progress: keys read so far over all nodes, and the keys the nodes hold. */
export type AnalysisProgress = (keys: number, total: number | null) => void;

/** The shipped example design (the seed document's key patterns and TTLs). */
export function exampleDesign(assetsDir?: string): CacheDesign {
  return parseDesign(readFileSync(join(assetsDir ?? findAssetsDir(), 'demo', 'cowrite-cache-design.json'), 'utf8'), 'the example design');
}

/** A design file's text → a validated design; BAD_INPUT says what is wrong. */
export function parseDesign(text: string, name: string): CacheDesign {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('BAD_INPUT', `${name} is not JSON: ${(err as Error).message}`);
  }
  const parsed = cacheDesign.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError('BAD_INPUT', `${name} is not a cache design: ${i ? `${i.path.join('.') || '(root)'} ${i.message}` : 'invalid'}`);
  }
  return parsed.data;
}

const keyOf = (cfg: ConnectionConfig) => `${cfg.host}:${cfg.port}/${cfg.database || 0}:${cfg.socket}`;

/** Runs (or resumes) an analysis. Returns the report and, when it stopped early, what to resume from. */
export async function analyzeRedis(
  cfg: ConnectionConfig,
  req: { options?: ScanOptionsInput; design?: CacheDesign | null; resume?: KeptScan; signal?: AbortSignal; progress?: AnalysisProgress },
): Promise<{ analysis: RedisAnalysis; kept: KeptScan | null }> {
  const signal = req.signal ?? new AbortController().signal;
  const design = req.design ?? null;
  if (req.resume && req.resume.connectionKey !== keyOf(cfg)) throw new AppError('BAD_INPUT', 'That analysis was of another connection');
  // A resumed analysis runs to the end: a sample size only bounds the first run.
  const options = req.resume
    ? { ...req.resume.options, sample: undefined }
    : scanOptions.parse({ ...(req.options ?? {}), ...(design ? { bigKeyBytes: design.bigValueBytes } : {}) });
  const db = redisDb(cfg);
  const t0 = performance.now();
  const handles: RedisHandle[] = [];
  try {
    const seed = await openRedis(cfg);
    handles.push(seed);
    const primaries = await primariesOf(seed.client, { host: cfg.host, port: cfg.port });
    if (primaries) {
      if (db !== 0) throw new AppError('BAD_INPUT', 'A Redis Cluster has only database 0');
      for (const p of primaries) handles.push(await openRedis(cfg, p));
      await seed.close();
      handles.shift();
    }
    const acc = req.resume?.acc ?? newKeyspaceAcc(options);
    const cursors: NodeScan[] = handles.map(
      (h) => req.resume?.cursors.find((c) => c.node === h.node) ?? { node: h.node, cursor: '0', done: false, scans: 0, keys: 0 },
    );
    if (req.resume && req.resume.cursors.some((c) => !cursors.includes(c))) {
      throw new AppError('PLAN_CHANGED', 'The cluster has other primaries than when the analysis started; start a new analysis');
    }
    const notes: string[] = [];
    const modes = await Promise.all(handles.map((h) => chooseReadMode(h.client, options.mode)));
    modes.forEach((m, i) =>
      notes.push(
        `${handles[i]!.node}: per-key reads by ${m.mode === 'script' ? 'read-only script (EVALSHA_RO)' : 'pipelined commands'}${m.note ? ` — ${m.note}` : ''}`,
      ),
    );
    const before = await Promise.all(handles.map((h) => h.client.sendCommand(['DBSIZE'])));
    const total = before.reduce((a: number, n) => a + Number(n), 0);
    const seen = new Map(cursors.map((c) => [c.node, c.keys]));
    let lastReport = 0;
    const onProgress = (node: string, keys: number) => {
      seen.set(node, keys);
      const now = performance.now();
      if (now - lastReport < 100) return;
      lastReport = now;
      req.progress?.(
        [...seen.values()].reduce((a, n) => a + n, 0),
        total,
      );
    };
    await Promise.all(handles.map((h, i) => scanNode(h.client, cursors[i]!, acc, options, modes[i]!.mode, signal, onProgress)));
    const raws = await Promise.all(handles.map((h) => collectNodeRaw(h.client, h.node)));
    const server = buildServerReport(raws, notes);
    const patterns = summarisePatterns(acc);
    const totals = summariseTotals(acc, patterns);
    const complete = cursors.every((c) => c.done);
    const elapsedMs = (req.resume?.elapsedMs ?? 0) + (performance.now() - t0);
    const startedAt = req.resume?.startedAt ?? new Date(Date.now() - (performance.now() - t0)).toISOString();
    const id = req.resume?.id ?? randomUUID();
    const analysis: RedisAnalysis = {
      analysisId: id,
      connection: cfg.name,
      db,
      startedAt,
      finishedAt: new Date().toISOString(),
      durationMs: elapsedMs,
      complete,
      sampled: !complete && options.sample !== undefined && !signal.aborted,
      cursors: cursors.map((c) => ({ ...c })),
      totals,
      patterns,
      biggest: [...acc.biggest],
      server,
      design: design ? { name: design.name, patterns: design.patterns.length } : null,
      findings: lintCache({ patterns, totals, server, design, bigKeyBytes: options.bigKeyBytes }),
    };
    const kept = complete ? null : { id, connectionKey: keyOf(cfg), options, acc, cursors, startedAt, elapsedMs };
    return { analysis, kept };
  } catch (err) {
    throw mapRedisError(err, handles[0]?.endpoint ?? { host: cfg.host, port: cfg.port });
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}
