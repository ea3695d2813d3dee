import { describe, expect, it } from 'vitest';
import { purgeSpec } from '../../../shared/contract/purge';
import { formatChunkProgress, parseChunkProgress, purgePreviewOf } from '../../../shared/contract/purge';
import { planPurge } from './purge-plan';
import { boundKey, boundParams, checkCondition, chunkStatements, countSql, keyValues, purgeJobId, rangeParams } from './purge-sql';
import { cowritePresets, cutoff } from './presets';
import { decideGate, latencySummary, sleepAfterChunk } from './purge-throttle';

const key = { parts: [{ column: 'id', integer: true }] };
const base = { schema: 'app', table: 'user_sessions', where: "expires_at < '2026-11-06 00:00:00'", chunk: 500, key, archive: { kind: 'none' as const } };

describe('purge statements', () => {
  it('bounds each chunk by the key range past the last committed key, with the condition in parentheses on its own line', () => {
    const s = chunkStatements(base);
    expect(s.bound.first).toBe(
      "SELECT MAX(c.`id`) AS hi, COUNT(*) AS n FROM (SELECT `id` FROM `app`.`user_sessions` FORCE INDEX (PRIMARY) WHERE (expires_at < '2026-11-06 00:00:00'\n) ORDER BY `id` LIMIT 500) AS c",
    );
    expect(s.bound.next).toContain('WHERE `id` > CAST(? AS DECIMAL(65,0)) AND (');
    expect(s.remove.first).toBe("DELETE FROM `app`.`user_sessions` WHERE `id` <= CAST(? AS DECIMAL(65,0)) AND (expires_at < '2026-11-06 00:00:00'\n)");
    expect(s.remove.next).toMatch(/^DELETE FROM `app`.`user_sessions` WHERE `id` > CAST\(\? AS DECIMAL\(65,0\)\) AND `id` <= CAST/);
    expect(s.archive).toBeNull();
    expect(s.checkpoint).toMatch(/^INSERT INTO `app`.`_dbw_purge_checkpoint` .* ON DUPLICATE KEY UPDATE last_key = \?/);
  });

  it('compares text keys as text, and quotes odd identifiers', () => {
    const s = chunkStatements({ ...base, table: 'we`ird', key: { parts: [{ column: 'co`de', integer: false }] } });
    expect(s.remove.next).toBe("DELETE FROM `app`.`we``ird` WHERE `co``de` > ? AND `co``de` <= ? AND (expires_at < '2026-11-06 00:00:00'\n)");
  });

  it('copies into the archive table over the same range before the DELETE', () => {
    const s = chunkStatements({ ...base, archive: { kind: 'table', schema: 'arch', table: 'sessions' } });
    expect(s.archive!.next).toMatch(/^INSERT INTO `arch`.`sessions` SELECT \* FROM `app`.`user_sessions` WHERE `id` > CAST/);
  });

  it('walks a composite key with the tuple comparison written out (a range on both servers), its position a JSON array', () => {
    const k3 = {
      parts: [
        { column: 'a', integer: true },
        { column: 'b', integer: false },
        { column: 'c', integer: true },
      ],
    };
    const s = chunkStatements({ ...base, key: k3 });
    const n = 'CAST(? AS DECIMAL(65,0))';
    const after = `(\`a\` > ${n} OR (\`a\` = ${n} AND \`b\` > ?) OR (\`a\` = ${n} AND \`b\` = ? AND \`c\` > ${n}))`;
    const upto = `(\`a\` < ${n} OR (\`a\` = ${n} AND \`b\` < ?) OR (\`a\` = ${n} AND \`b\` = ? AND \`c\` <= ${n}))`;
    expect(s.remove.next).toBe(`DELETE FROM \`app\`.\`user_sessions\` WHERE ${after} AND ${upto} AND (expires_at < '2026-11-06 00:00:00'\n)`);
    expect(s.bound.next).toMatch(
      /^SELECT c.`a` AS k0, c.`b` AS k1, c.`c` AS k2, COUNT\(\*\) OVER \(\) AS n FROM \(SELECT `a`, `b`, `c` FROM [\s\S]* ORDER BY `a`, `b`, `c` LIMIT 500\) AS c ORDER BY c.`a` DESC, c.`b` DESC, c.`c` DESC LIMIT 1$/,
    );
    const lo = JSON.stringify(['1', 'x', '3']);
    const hi = JSON.stringify(['2', 'y', '4']);
    expect(boundParams(k3, lo)).toEqual(['1', '1', 'x', '1', 'x', '3']);
    expect(rangeParams(k3, lo, hi)).toEqual(['1', '1', 'x', '1', 'x', '3', '2', '2', 'y', '2', 'y', '4']);
    expect(rangeParams(key, null, '17')).toEqual(['17']);
    expect(boundKey(k3, { k0: 2, k1: 'y', k2: 4, n: 3 })).toEqual({ hi: hi, n: 3 });
    expect(boundKey(k3, undefined)).toBeNull();
    expect(boundKey(key, { hi: null, n: 0 })).toBeNull();
    expect(() => keyValues(k3, '17')).toThrow(/not a position of the key \(a, b, c\)/);
    expect(() => keyValues(k3, '["1","2"]')).toThrow(/not a position/);
  });

  it('refuses a condition that is not one expression', () => {
    expect(() => checkCondition('1=1; DROP TABLE t')).toThrow(/one SQL expression/);
    expect(() => checkCondition('a = 1;')).toThrow(/one SQL expression/);
    expect(() => checkCondition('WHERE a = 1')).toThrow(/without the WHERE/);
    expect(() => checkCondition('   ')).toThrow(/needs a condition/);
    expect(checkCondition(" note = 'a;b' ")).toBe("note = 'a;b'");
  });

  it('counts after the checkpoint when resuming', () => {
    expect(countSql(base, true)).toBe(
      "SELECT COUNT(*) AS n FROM `app`.`user_sessions` WHERE `id` > CAST(? AS DECIMAL(65,0)) AND (expires_at < '2026-11-06 00:00:00'\n)",
    );
  });

  it('names a job by its table, condition and key', () => {
    expect(purgeJobId('a', 'b', 'x = 1', 'id')).toBe(purgeJobId('a', 'b', ' x = 1 ', 'id'));
    expect(purgeJobId('a', 'b', 'x = 1', 'id')).not.toBe(purgeJobId('a', 'b', 'x = 2', 'id'));
    expect(purgeJobId('a', 'b', 'x = 1', 'id')).toHaveLength(16);
  });
});

describe('purge plan', () => {
  const spec = purgeSpec.parse({ schema: 'app', table: 'user_sessions', where: base.where, chunk: 500 });
  it('plans the checkpoint table and the chunk loop, and its dry run gives exact rows and chunks', () => {
    const { plan, dryRun } = planPurge(spec, { key, tableRows: 6000, matching: 4058, resumeAfter: null, checkpointUpgrade: false, archiveFile: null });
    expect(plan.steps.map((s) => s.id)).toEqual(['checkpoint-table', 'chunks']);
    expect(dryRun.rows).toBe(4058);
    expect(dryRun.chunks).toBe(9);
    expect(dryRun.planHash).toBe(plan.hash);
    expect(dryRun.chunkSql[0]).toBe('START TRANSACTION');
    expect(dryRun.chunkSql.at(-1)).toBe('COMMIT');
  });
  it("carries the dry run's figures in its preview, so the Purge tab and dbw purge show the same count and statements", () => {
    const snap = {
      key,
      tableRows: 7000,
      matching: 1234,
      resumeAfter: '17',
      checkpointUpgrade: false,
      archiveFile: { path: '/backups/app.user_sessions.tsv', resumeBytes: 10 },
    };
    const file = { ...spec, archive: { kind: 'file' as const, path: '/backups/%D.%t.tsv', format: 'tsv' as const } };
    const { plan, touches, dryRun } = planPurge(file, snap);
    expect(purgePreviewOf({ plan, steps: touches })).toEqual({
      planHash: dryRun.planHash,
      jobId: dryRun.jobId,
      rows: 1234,
      chunks: 3,
      tableRows: 7000,
      keyColumn: 'id',
      resumeAfter: '17',
      archiveFile: '/backups/app.user_sessions.tsv',
      chunkSql: dryRun.chunkSql.join(';\n'),
      boundSql: chunkStatements({ ...base, archive: file.archive }).bound.next,
    });
    expect(purgePreviewOf({ plan: { ...plan, planner: 'analyze-table' }, steps: touches })).toBeNull();
  });
  it('hashes what the run does, not how many rows match now', () => {
    const a = planPurge(spec, { key, tableRows: 6000, matching: 4058, resumeAfter: null, checkpointUpgrade: false, archiveFile: null }).plan.hash;
    expect(planPurge(spec, { key, tableRows: 7000, matching: 4100, resumeAfter: '17', checkpointUpgrade: false, archiveFile: null }).plan.hash).toBe(a);
    expect(
      planPurge({ ...spec, chunk: 400 }, { key, tableRows: 6000, matching: 4058, resumeAfter: null, checkpointUpgrade: false, archiveFile: null }).plan.hash,
    ).not.toBe(a);
    const archived = planPurge(
      { ...spec, archive: { kind: 'table', schema: 'app', table: 'arch' } },
      { key, tableRows: 1, matching: 1, resumeAfter: null, checkpointUpgrade: false, archiveFile: null },
    );
    expect(archived.plan.steps.map((s) => s.id)).toEqual(['checkpoint-table', 'archive-table', 'chunks']);
  });
});

describe('purge throttle', () => {
  const limits = { maxLagSeconds: 10, pauseThreadsRunning: 20, abortThreadsRunning: 50 };
  it('sleeps a fixed time plus a multiple of the chunk time', () => {
    expect(sleepAfterChunk(40, 100, 0)).toBe(100);
    expect(sleepAfterChunk(40, 0, 1.5)).toBe(60);
    expect(sleepAfterChunk(40, 10, 0.5)).toBe(30);
  });
  it('aborts on critical load, waits on lag, a silent replica or high load, else goes', () => {
    expect(decideGate({ threadsRunning: 50, replicaLags: [] }, limits).action).toBe('abort');
    expect(decideGate({ threadsRunning: 3, replicaLags: [{ name: 'r1', lagSeconds: 11 }] }, limits)).toMatchObject({ action: 'wait', gate: 'lag' });
    expect(decideGate({ threadsRunning: 3, replicaLags: [{ name: 'r1', lagSeconds: null }] }, limits)).toMatchObject({ action: 'wait', gate: 'lag' });
    expect(decideGate({ threadsRunning: 21, replicaLags: [{ name: 'r1', lagSeconds: 0 }] }, limits)).toMatchObject({ action: 'wait', gate: 'load' });
    expect(decideGate({ threadsRunning: 20, replicaLags: [{ name: 'r1', lagSeconds: 10 }] }, limits)).toEqual({ action: 'go' });
  });
  it('summarises chunk latencies by nearest rank', () => {
    expect(latencySummary([])).toEqual({ p50Ms: 0, p95Ms: 0, maxMs: 0 });
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencySummary(ms)).toEqual({ p50Ms: 50, p95Ms: 95, maxMs: 100 });
  });
  it('round-trips a chunk through its progress message', () => {
    const c = { n: 7, rows: 500, ms: 12.25, lastKey: '123456789012345678' };
    expect(parseChunkProgress(formatChunkProgress(c))).toEqual(c);
    expect(parseChunkProgress('Waiting: replica r1 lags 12 s')).toBeNull();
  });
});

describe('cowrite presets', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  it('fix their cutoffs as literals from the given time', () => {
    expect(cutoff(now, 30)).toBe('2026-11-06 12:00:00');
    const p = cowritePresets('dbw_x', now);
    expect(p.map((x) => x.id)).toEqual(['expired-sessions', 'old-ai-generations', 'surplus-document-versions', 'old-exports', 'old-operation-logs']);
    expect(p[0]!.where).toBe("expires_at < '2026-11-06 12:00:00'");
    expect(p[1]!.where).toBe("created_at < '2026-09-07 12:00:00' AND status = 'completed'");
    expect(p[2]!.where).toContain('FROM `dbw_x`.`document_versions`) AS ranked WHERE rn > 10');
    for (const x of p) expect(() => checkCondition(x.where)).not.toThrow();
  });
});
