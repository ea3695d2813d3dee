/** Builds findings with a stable id (kind + table + index + title) so reruns compare. */
import type { AdvisorFinding } from '../../../shared/contract/advisor';

/** The parts of a finding a check supplies. */
export interface FindingBody {
  severity: AdvisorFinding['severity'];
  confidence: AdvisorFinding['confidence'];
  title: string;
  detail: string;
  evidence: AdvisorFinding['evidence'];
  fix?: string | null;
  wastedBytes?: number | null;
}

/** A finding about a table (and optionally one of its indexes). */
export function finding(
  kind: AdvisorFinding['kind'],
  table: { schema: string | null; name: string } | null,
  index: string | null,
  body: FindingBody,
): AdvisorFinding {
  const id = `${kind}:${table?.schema ?? ''}.${table?.name ?? ''}:${index ?? ''}:${body.title}`;
  return {
    id,
    kind,
    severity: body.severity,
    confidence: body.confidence,
    schema: table?.schema ?? null,
    table: table?.name ?? null,
    index,
    title: body.title,
    detail: body.detail,
    evidence: body.evidence,
    fix: body.fix ?? null,
    wastedBytes: body.wastedBytes ?? null,
  };
}
