/** Every tuner rule, in the order findings are listed within an area. */
import type { TunerFinding } from '../../../shared/contract/tuner';
import type { RuleInput, TunerRule } from './rule';
import { memoryWorstCaseRule } from './rules/memory-worst-case.rule';
import { perThreadBuffersRule } from './rules/per-thread-buffers.rule';
import { innodbBufferPoolSizeRule } from './rules/innodb-buffer-pool-size.rule';
import { innodbBufferPoolHitRateRule } from './rules/innodb-buffer-pool-hit-rate.rule';
import { innodbBufferPoolChunksRule } from './rules/innodb-buffer-pool-chunks.rule';
import { innodbRedoCapacityRule } from './rules/innodb-redo-capacity.rule';
import { connectionsUsageRule } from './rules/connections-usage.rule';
import { threadCacheHitRateRule } from './rules/thread-cache-hit-rate.rule';
import { tmpTablesOnDiskRule } from './rules/tmp-tables-on-disk.rule';
import { slowLogConfigRule } from './rules/slow-log-config.rule';
import { slowLogEverythingRule } from './rules/slow-log-everything.rule';
import { versionEolRule } from './rules/version-eol.rule';
import { nameResolutionRule } from './rules/name-resolution.rule';
import { binlogCacheRule } from './rules/binlog-cache.rule';
import { innodbReadAheadRule } from './rules/innodb-read-ahead.rule';
import { innodbLogWaitsRule } from './rules/innodb-log-waits.rule';
import { innodbFlushMethodRule } from './rules/innodb-flush-method.rule';
import { durabilitySettingsRule } from './rules/durability-settings.rule';
import { connectionsAbortedRule } from './rules/connections-aborted.rule';
import { tableOpenCacheRule } from './rules/table-open-cache.rule';
import { tableDefinitionCacheRule } from './rules/table-definition-cache.rule';
import { openFilesLimitRule } from './rules/open-files-limit.rule';
import { queryCacheRule } from './rules/query-cache.rule';
import { sortMergePassesRule } from './rules/sort-merge-passes.rule';
import { joinsWithoutIndexesRule } from './rules/joins-without-indexes.rule';
import { binlogExpiryRule } from './rules/binlog-expiry.rule';
import { replicationHealthRule } from './rules/replication-health.rule';
import { observabilityRule } from './rules/observability.rule';
import { maxAllowedPacketRule } from './rules/max-allowed-packet.rule';
import { characterSetRule } from './rules/character-set.rule';

/** All rules. */
export const tunerRules: readonly TunerRule[] = [
  memoryWorstCaseRule,
  perThreadBuffersRule,
  innodbBufferPoolSizeRule,
  innodbBufferPoolHitRateRule,
  innodbBufferPoolChunksRule,
  innodbReadAheadRule,
  innodbRedoCapacityRule,
  innodbLogWaitsRule,
  innodbFlushMethodRule,
  durabilitySettingsRule,
  connectionsUsageRule,
  connectionsAbortedRule,
  nameResolutionRule,
  threadCacheHitRateRule,
  tableOpenCacheRule,
  tableDefinitionCacheRule,
  openFilesLimitRule,
  queryCacheRule,
  tmpTablesOnDiskRule,
  sortMergePassesRule,
  joinsWithoutIndexesRule,
  slowLogConfigRule,
  slowLogEverythingRule,
  binlogExpiryRule,
  binlogCacheRule,
  replicationHealthRule,
  observabilityRule,
  maxAllowedPacketRule,
  characterSetRule,
  versionEolRule,
];

/** A rule by id. */
export function findRule(id: string, rules: readonly TunerRule[] = tunerRules): TunerRule | undefined {
  return rules.find((r) => r.id === id);
}

/** Runs every applicable rule; a rule that throws becomes nothing rather than stopping the others. */
export function runTunerRules(
  input: RuleInput,
  rules: readonly TunerRule[] = tunerRules,
): { findings: TunerFinding[]; errors: Array<{ ruleId: string; message: string }> } {
  const findings: TunerFinding[] = [];
  const errors: Array<{ ruleId: string; message: string }> = [];
  for (const rule of rules) {
    try {
      const f = rule.check(input);
      if (f) findings.push(f);
    } catch (e) {
      errors.push({ ruleId: rule.id, message: (e as Error).message });
    }
  }
  return { findings, errors };
}
