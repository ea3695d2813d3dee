/**
 * The shape of a tuner rule and the reader each rule uses to fetch its inputs. Every value a
 * rule reads goes through the reader, which records it (name, source, value, how obtained), so
 * a finding's evidence is exactly what the rule looked at — nothing is summarised after the fact.
 */
import type { FindingInput, TunerArea, TunerFinding, TunerSeverity, TunerSnapshot, VariableChange } from '../../../shared/contract/tuner';
import type { ServerCapabilities } from './capabilities';
import { isDynamic } from './variable-meta';
import { fmtNum } from './units';

/** What a rule is given. */
export interface RuleInput {
  readonly snapshot: TunerSnapshot;
  readonly caps: ServerCapabilities;
  /** The current time, passed in so date checks are deterministic. */
  readonly now: Date;
}

/** What a rule computed; `fires` false means "measured, nothing to recommend". */
export interface Evaluation {
  fires: boolean;
  /** Overrides the rule's default severity (e.g. critical above a harder threshold). */
  severity?: TunerSeverity;
  message: string;
  formula: string;
  result: TunerFinding['result'];
  recommendation: TunerFinding['recommendation'];
  changes: VariableChange[];
}

/** A rule's declaration. */
export interface TunerRuleDef {
  id: string;
  area: TunerArea;
  severity: TunerSeverity;
  title: string;
  rationale: string;
  docUrl: string;
  /** Whether the rule means anything on this server (defaults to always). */
  appliesTo?: (caps: ServerCapabilities) => boolean;
  /** Computes the measurement; null when the inputs it needs are missing. */
  evaluate(r: InputReader, input: RuleInput): Evaluation | null;
}

/** A registered rule. */
export interface TunerRule extends Required<Pick<TunerRuleDef, 'id' | 'area' | 'severity' | 'title' | 'rationale' | 'docUrl'>> {
  appliesTo(caps: ServerCapabilities): boolean;
  /** The measurement with its recorded inputs, whether or not it fires. */
  measure(input: RuleInput): { inputs: FindingInput[]; evaluation: Evaluation } | null;
  /** The finding, or null when the rule does not fire (or cannot measure). */
  check(input: RuleInput): TunerFinding | null;
}

/** Turns a declaration into a rule. */
export function defineRule(def: TunerRuleDef): TunerRule {
  const appliesTo = def.appliesTo ?? (() => true);
  const measure: TunerRule['measure'] = (input) => {
    if (!appliesTo(input.caps)) return null;
    const reader = new InputReader(input.snapshot, input.caps);
    const evaluation = def.evaluate(reader, input);
    return evaluation ? { inputs: reader.inputs, evaluation } : null;
  };
  return {
    id: def.id,
    area: def.area,
    severity: def.severity,
    title: def.title,
    rationale: def.rationale,
    docUrl: def.docUrl,
    appliesTo,
    measure,
    check(input) {
      const m = measure(input);
      if (!m || !m.evaluation.fires) return null;
      const e = m.evaluation;
      return {
        ruleId: def.id,
        area: def.area,
        severity: e.severity ?? def.severity,
        title: def.title,
        message: e.message,
        rationale: def.rationale,
        docUrl: def.docUrl,
        formula: e.formula,
        inputs: m.inputs,
        result: e.result,
        recommendation: e.recommendation,
        changes: e.changes,
      };
    },
  };
}

/** Parses a variable/status value: numbers as numbers, ON/OFF/YES/NO as 1/0. */
export function toNumber(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  if (/^(on|yes|true)$/i.test(raw)) return 1;
  if (/^(off|no|false)$/i.test(raw)) return 0;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/** Records every input a rule reads. One per evaluation (no shared state). */
export class InputReader {
  readonly inputs: FindingInput[] = [];
  constructor(
    private readonly snap: TunerSnapshot,
    private readonly caps: ServerCapabilities,
  ) {}

  private record(i: FindingInput): void {
    if (!this.inputs.some((x) => x.name === i.name && x.source === i.source)) this.inputs.push(i);
  }

  /** True when the server has the variable at all. */
  has(name: string): boolean {
    return this.snap.variables[name] !== undefined;
  }

  /** A variable as a number (bytes, counts, ON=1). */
  v(name: string, unit: FindingInput['unit'] = 'count'): number | null {
    const value = toNumber(this.snap.variables[name]);
    if (this.has(name)) this.record({ name, source: 'variable', value, unit });
    return value;
  }

  /** A variable as text. */
  text(name: string): string | null {
    const value = this.snap.variables[name] ?? null;
    if (value !== null) this.record({ name, source: 'variable', value, unit: 'text' });
    return value;
  }

  /** A status counter's value since startup (the second sample). */
  lifetime(name: string, unit: FindingInput['unit'] = 'count'): number | null {
    const value = toNumber(this.snap.status[name.toLowerCase()]);
    this.record({ name, source: 'status-lifetime', value, unit, detail: `since startup (${fmtNum(this.snap.uptimeSeconds)} s)` });
    return value;
  }

  /** Seconds between the two samples (null when only one sample was taken). */
  interval(): number | null {
    const s = this.snap.intervalSeconds;
    this.record({ name: 'sample interval', source: 'interval', value: s, unit: 'seconds' });
    return s > 0 ? s : null;
  }

  /** Raw delta of a counter between the two samples, without recording (for window choice). */
  peekDelta(name: string): number | null {
    if (this.snap.intervalSeconds <= 0) return null;
    const a = toNumber(this.snap.statusBefore[name.toLowerCase()]);
    const b = toNumber(this.snap.status[name.toLowerCase()]);
    return a === null || b === null ? null : b - a;
  }

  /** Counter delta between the two samples. */
  delta(name: string, unit: FindingInput['unit'] = 'count'): number | null {
    const d = this.peekDelta(name);
    this.record({ name, source: 'status-delta', value: d, unit, detail: `second sample − first, over ${fmtNum(this.snap.intervalSeconds)} s` });
    return d;
  }

  /** Counter rate per second = delta / interval. */
  rate(name: string, unit: FindingInput['unit'] = 'per-second'): number | null {
    const d = this.peekDelta(name);
    const s = this.snap.intervalSeconds;
    const value = d === null || s <= 0 ? null : d / s;
    this.record({ name, source: 'status-rate', value, unit, detail: d === null ? 'one sample only' : `Δ${fmtNum(d)} / ${fmtNum(s)} s` });
    return value;
  }

  /**
   * A counter over the window that best describes current behaviour: the sampled delta when the
   * denominator moved at least `minEvents`, otherwise lifetime values (recorded as such).
   */
  window(names: readonly string[], denominator: string, minEvents: number): { values: number[]; source: 'status-delta' | 'status-lifetime' } | null {
    const dd = this.peekDelta(denominator);
    const useDelta = dd !== null && dd >= minEvents;
    const values: number[] = [];
    for (const n of names) {
      const v = useDelta ? this.delta(n) : this.lifetime(n);
      if (v === null) return null;
      values.push(v);
    }
    return { values, source: useDelta ? 'status-delta' : 'status-lifetime' };
  }

  /** Host RAM in bytes (null when unknown). */
  ram(): number | null {
    const value = this.snap.host.ramBytes;
    this.record({ name: 'host RAM', source: 'host', value, unit: 'bytes', detail: `source: ${this.snap.host.source}` });
    return value;
  }

  /** Seconds since startup. */
  uptime(): number {
    this.record({ name: 'Uptime', source: 'uptime', value: this.snap.uptimeSeconds, unit: 'seconds' });
    return this.snap.uptimeSeconds;
  }

  /** Data + index bytes of one engine (case-insensitive) across user schemas. */
  engineBytes(engine: string): number {
    const rows = this.snap.schemas.filter((s) => s.engine.toLowerCase() === engine.toLowerCase());
    const value = rows.reduce((a, s) => a + s.dataBytes + s.indexBytes, 0);
    this.record({ name: `${engine} data+index size`, source: 'schema', value, unit: 'bytes', detail: `${rows.length} schema(s), information_schema.TABLES` });
    return value;
  }

  /** Records a value the rule derived from other inputs (shown in the evidence). */
  derived(name: string, value: number | string | null, unit: FindingInput['unit'], detail?: string): void {
    this.record(detail === undefined ? { name, source: 'derived', value, unit } : { name, source: 'derived', value, unit, detail });
  }

  /** Records a value from the tuner's own reference data (release dates, ...). */
  reference(name: string, value: string | number | null, unit: FindingInput['unit'], detail: string): void {
    this.record({ name, source: 'release-data', value, unit, detail });
  }

  /** A proposed change, with its current value and whether it is dynamic on this server. */
  change(name: string, recommended: string | number): VariableChange {
    return { name, current: this.snap.variables[name] ?? '', recommended: String(recommended), dynamic: isDynamic(name, this.caps) };
  }
}
