/**
 * The whole read/write split advice from events: the analysis, the read-your-writes policy and
 * both exports, each export carrying the problems its structural check found (none expected: a
 * problem here is a bug, shown rather than hidden).
 */
import type { RwSplitAdvice, RwSplitOptions, RwTopology } from '../../../shared/contract/replication';
import { checkProxysqlConfig, exportProxysql } from './proxysql-export';
import { analyzeRwSplit, rwPolicy, type RwEvent } from './rwsplit';
import { checkReadwriteSplittingRule, checkShardingSphereText, exportShardingSphere } from './rwsplit-shardingsphere';
import type { Family } from '../flavor/flavor';

/** Placeholder topology when none is known: names that say what to replace. */
export const PLACEHOLDER_TOPOLOGY: RwTopology = { writer: { host: 'primary.example', port: 3306 }, readers: [{ host: 'replica1.example', port: 3306 }] };

/** Advice for events of one source. */
export function adviseRwSplit(
  events: readonly RwEvent[],
  input: {
    options: RwSplitOptions;
    family: Family;
    source: 'slowlog' | 'performance_schema';
    topology?: RwTopology;
    database?: string;
    warnings?: string[];
  },
): RwSplitAdvice {
  const { options, family } = input;
  const warnings = [...(input.warnings ?? [])];
  const analysis = analyzeRwSplit(events, options, family);
  const { policy, gtidWait } = rwPolicy(analysis, options, family);
  let topology = input.topology;
  if (!topology || !topology.readers.length) {
    warnings.push('No replica is known for this source: the exports name placeholder hosts (primary.example, replica1.example) to replace.');
    topology = { writer: topology?.writer ?? PLACEHOLDER_TOPOLOGY.writer, readers: PLACEHOLDER_TOPOLOGY.readers };
  }
  if (!analysis.events) warnings.push('No statement with a connection id and a time was found: nothing to advise on.');
  const proxysql = exportProxysql(analysis, topology, { maxReplicationLagSec: options.maxReplicationLagSec, policy });
  const pinnedSamples = analysis.classes.filter((c) => c.kind === 'read' && c.route !== 'replica').map((c) => c.sample);
  const ss = exportShardingSphere(analysis, topology, { database: input.database ?? 'app', policy });
  return {
    source: input.source,
    flavor: family,
    events: analysis.events,
    readShareByTime: analysis.readShareByTime,
    readShareByCount: analysis.readShareByCount,
    classes: analysis.classes,
    pairs: analysis.pairs,
    policy,
    gtidWait,
    options,
    exports: [
      { format: 'proxysql', text: proxysql, problems: checkProxysqlConfig(proxysql, pinnedSamples) },
      { format: 'shardingsphere', text: ss.text, problems: [...checkReadwriteSplittingRule(ss.rule, ss.dataSources), ...checkShardingSphereText(ss.text)] },
    ],
    warnings,
  };
}
