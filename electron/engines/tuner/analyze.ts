/** One call for services and the CLI: snapshot in, capabilities and findings out. */
import type { TunerFinding, TunerSnapshot } from '../../../shared/contract/tuner';
import { capabilitiesOf, type ServerCapabilities } from './capabilities';
import { runTunerRules, tunerRules } from './registry';
import type { TunerRule } from './rule';

/** What the tuner concluded about one snapshot. */
export interface TunerAnalysis {
  capabilities: ServerCapabilities;
  findings: TunerFinding[];
  /** Rules that threw (a bug, reported rather than hidden). */
  errors: Array<{ ruleId: string; message: string }>;
}

/** Runs every rule on a snapshot; `now` drives the end-of-life check. */
export function analyzeSnapshot(snapshot: TunerSnapshot, options: { now: Date; rules?: readonly TunerRule[] }): TunerAnalysis {
  const capabilities = capabilitiesOf(snapshot.server.version, snapshot.server.versionComment);
  const { findings, errors } = runTunerRules({ snapshot, caps: capabilities, now: options.now }, options.rules ?? tunerRules);
  return { capabilities, findings, errors };
}
