import { describe, expect, it } from 'vitest';
import { planTuning, compareMeasurements, sqlValue } from './tuning.plan';
import { analyzeSnapshot } from './analyze';
import { fixtureInput, patchSnapshot, fixtureSnapshot } from './fixtures/snapshots';
import { plan as planSchema } from '../../../shared/contract/plan';
import { planHash } from '../plan/make-plan';
import { knownTunables } from './variable-meta';
import { tunerRules } from './registry';

const MIB = 1024 ** 2;
const bad = {
  variables: { thread_cache_size: 0, sort_buffer_size: 64 * MIB, innodb_flush_method: 'fsync', innodb_buffer_pool_size: 8 * MIB },
  intervalSeconds: 10,
  status: { Connections: 5000, Threads_created: 5000 },
  rates: { Connections: 20, Threads_created: 20 },
};

describe('planTuning', () => {
  it('uses SET PERSIST on MySQL 9.7 and PERSIST_ONLY (restart) for static variables, with rollbacks', () => {
    const input = fixtureInput('mysql-9.7', bad);
    const { findings } = analyzeSnapshot(input.snapshot, { now: input.now });
    const plan = planTuning(findings, ['thread-cache-hit-rate', 'per-thread-buffers', 'innodb-flush-method'], input.caps);
    expect(() => planSchema.parse(plan)).not.toThrow();
    expect(plan.steps.map((s) => [s.sql, s.rollback, s.needsRestart])).toEqual([
      ['SET PERSIST `thread_cache_size` = 9', 'SET PERSIST `thread_cache_size` = 0', false],
      ['SET PERSIST `sort_buffer_size` = 262144', `SET PERSIST \`sort_buffer_size\` = ${64 * MIB}`, false],
      ["SET PERSIST_ONLY `innodb_flush_method` = 'O_DIRECT'", "SET PERSIST_ONLY `innodb_flush_method` = 'fsync'", true],
    ]);
    expect(plan.hash).toBe(planHash('tuner', plan.steps));
  });

  it('uses SET GLOBAL plus my.cnf lines on MariaDB, and only a note for static variables', () => {
    const input = fixtureInput('mariadb-10.11', bad);
    const { findings } = analyzeSnapshot(input.snapshot, { now: input.now });
    const plan = planTuning(findings, ['thread-cache-hit-rate', 'innodb-flush-method', 'innodb-buffer-pool-size'], input.caps);
    const pool = findings.find((f) => f.ruleId === 'innodb-buffer-pool-size')!.changes[0]!.recommended;
    expect(plan.steps.map((s) => s.sql)).toEqual(['SET GLOBAL `thread_cache_size` = 9', `SET GLOBAL \`innodb_buffer_pool_size\` = ${pool}`]);
    expect(plan.steps[1]!.rollback).toBe(`SET GLOBAL \`innodb_buffer_pool_size\` = ${8 * MIB}`);
    expect(plan.steps[1]!.risk).toBe('medium');
    expect(plan.steps.every((s) => !s.needsRestart)).toBe(true);
    expect(plan.notes[0]).toContain('thread_cache_size = 9');
    expect(plan.notes.some((n) => n.includes('innodb_flush_method = O_DIRECT') && n.includes('restart'))).toBe(true);
  });

  it('plans runtime-only SET GLOBAL on MySQL when asked not to persist', () => {
    const input = fixtureInput('mysql-9.7', bad);
    const { findings } = analyzeSnapshot(input.snapshot, { now: input.now });
    const plan = planTuning(findings, ['thread-cache-hit-rate', 'innodb-flush-method'], input.caps, { persist: false });
    expect(plan.steps.map((s) => s.sql)).toEqual(['SET GLOBAL `thread_cache_size` = 9']);
    expect(plan.notes.join('\n')).toContain('innodb_flush_method = O_DIRECT');
  });

  it('keeps the first of two conflicting proposals for one variable and says so', () => {
    const input = fixtureInput('mariadb-10.11', {
      ...bad,
      status: { ...bad.status, Innodb_buffer_pool_reads: 5000, Innodb_buffer_pool_read_requests: 10000 },
      rates: { ...bad.rates, Innodb_buffer_pool_reads: 100, Innodb_buffer_pool_read_requests: 200 },
    });
    const { findings } = analyzeSnapshot(input.snapshot, { now: input.now });
    const plan = planTuning(findings, ['innodb-buffer-pool-size', 'innodb-buffer-pool-hit-rate', 'no-such-rule'], input.caps);
    expect(plan.steps.filter((s) => s.id === 'set:innodb_buffer_pool_size')).toHaveLength(1);
    expect(plan.notes.some((n) => n.includes('no-such-rule'))).toBe(true);
  });

  it('quotes text values and leaves numbers and ON/OFF bare', () => {
    expect(sqlValue('0.2')).toBe('0.2');
    expect(sqlValue('on')).toBe('ON');
    expect(sqlValue("it's")).toBe("'it''s'");
  });

  it('knows whether every variable any rule can propose is dynamic', () => {
    const proposed = [
      'innodb_buffer_pool_size',
      'innodb_buffer_pool_chunk_size',
      'innodb_buffer_pool_instances',
      'max_connections',
      'sort_buffer_size',
      'join_buffer_size',
      'read_buffer_size',
      'read_rnd_buffer_size',
      'innodb_redo_log_capacity',
      'innodb_log_file_size',
      'innodb_log_buffer_size',
      'innodb_flush_method',
      'innodb_flush_log_at_trx_commit',
      'sync_binlog',
      'thread_cache_size',
      'table_open_cache',
      'table_definition_cache',
      'open_files_limit',
      'query_cache_type',
      'query_cache_size',
      'tmp_table_size',
      'max_heap_table_size',
      'slow_query_log',
      'long_query_time',
      'binlog_expire_logs_seconds',
      'performance_schema',
      'max_allowed_packet',
      'character_set_server',
      'collation_server',
      'innodb_read_ahead_threshold',
    ];
    for (const n of proposed) expect(knownTunables, n).toContain(n);
    expect(tunerRules.length).toBeGreaterThanOrEqual(25);
  });
});

describe('compareMeasurements', () => {
  it('shows the inputs that changed and whether the rule still fires', () => {
    const before = patchSnapshot(fixtureSnapshot('mysql-9.7'), bad);
    const after = patchSnapshot(before, { variables: { thread_cache_size: 9 }, rates: { Connections: 20, Threads_created: 0 } });
    const input = fixtureInput('mysql-9.7', bad);
    const finding = analyzeSnapshot(before, { now: input.now }).findings.find((f) => f.ruleId === 'thread-cache-hit-rate')!;
    const cmp = compareMeasurements(before, after, finding);
    expect(cmp.resolved).toBe(true);
    expect(cmp.inputs.find((i) => i.name === 'thread_cache_size')).toMatchObject({ before: 0, after: 9, changed: true });
    expect(cmp.result).toMatchObject({ before: 0, after: 1, changed: true });
  });
});
