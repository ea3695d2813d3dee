import { describe, expect, it } from 'vitest';
import { metricKeys, type AlertRule, type MonitorSample, type SampleMetrics } from '../../../shared/contract/monitor';
import { compileRules, evaluateAlerts, renderMessage, type AlertStates } from './alert-eval';
import { parseRuleExpr } from './rule-expr';

const empty = Object.fromEntries(metricKeys.map((k) => [k, null])) as SampleMetrics;
const at = (sec: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, sec)).toISOString();
const sample = (sec: number, m: Partial<SampleMetrics>): MonitorSample => ({ at: at(sec), intervalSec: 5, metrics: { ...empty, ...m } });

const rule: AlertRule = {
  id: 'conn',
  summary: 'connections',
  source: 'user',
  expr: 'connections_pct > [[ .threshold ]]',
  params: [{ name: 'threshold', summary: 't', unit: '%', range: [1, 100], value: 80 }],
  forSec: 10,
  severity: 'warning',
  cooldownSec: 60,
  message: 'at {{value}} % over {{threshold}} %',
};

function run(r: AlertRule, points: Array<[number, Partial<SampleMetrics>]>) {
  const compiled = compileRules([r]);
  let states: AlertStates = {};
  const out: Array<{ sec: number; state: string; notify: boolean }> = [];
  for (const [sec, m] of points) {
    const res = evaluateAlerts(compiled, states, sample(sec, m));
    states = res.states;
    for (const e of res.events) out.push({ sec, state: e.state, notify: e.notify });
  }
  return out;
}

describe('evaluateAlerts', () => {
  it('fires only after the condition held for forSec on consecutive samples, and resolves on the first clear sample', () => {
    const events = run(rule, [
      [0, { connections_pct: 90 }],
      [5, { connections_pct: 95 }],
      [10, { connections_pct: 91 }],
      [15, { connections_pct: 92 }],
      [20, { connections_pct: 10 }],
    ]);
    expect(events).toEqual([
      { sec: 10, state: 'firing', notify: true },
      { sec: 20, state: 'resolved', notify: true },
    ]);
  });

  it('restarts the sustained-for clock when the condition breaks before forSec', () => {
    expect(
      run(rule, [
        [0, { connections_pct: 90 }],
        [5, { connections_pct: 50 }],
        [10, { connections_pct: 90 }],
        [15, { connections_pct: 90 }],
      ]),
    ).toEqual([]);
  });

  it('treats a metric the server stopped reporting as clear (no data never fires)', () => {
    const events = run({ ...rule, forSec: 0 }, [
      [0, { connections_pct: 90 }],
      [5, {}],
    ]);
    expect(events.map((e) => e.state)).toEqual(['firing', 'resolved']);
  });

  it('records a re-fire inside the cooldown without notifying', () => {
    const events = run({ ...rule, forSec: 0 }, [
      [0, { connections_pct: 90 }],
      [5, { connections_pct: 10 }],
      [10, { connections_pct: 90 }],
      [70, { connections_pct: 10 }],
      [75, { connections_pct: 90 }],
    ]);
    expect(events.filter((e) => e.state === 'firing')).toEqual([
      { sec: 0, state: 'firing', notify: true },
      { sec: 10, state: 'firing', notify: false },
      { sec: 75, state: 'firing', notify: true },
    ]);
  });

  it('renders the message with the value and params', () => {
    expect(renderMessage(rule, 91.234)).toBe('at 91.23 % over 80 %');
  });

  it('refuses duplicate ids, unknown metrics, undeclared params and params outside their range', () => {
    expect(() => compileRules([rule, rule])).toThrow(/Two rules have the id conn/);
    expect(() => compileRules([{ ...rule, expr: 'nope > 1' }])).toThrow(/Unknown metric "nope"/);
    expect(() => compileRules([{ ...rule, expr: 'qps > [[ .x ]]' }])).toThrow(/declares no such param/);
    expect(() => compileRules([{ ...rule, params: [{ ...rule.params[0]!, value: 101 }] }])).toThrow(/outside its range/);
  });
});

describe('parseRuleExpr', () => {
  it('reads and/or with and binding tighter', () => {
    const e = parseRuleExpr('qps > 10 and threads_running >= [[ .n ]] or replica_running == 0');
    expect(e.map((c) => c.map((t) => t.metric))).toEqual([['qps', 'threads_running'], ['replica_running']]);
    expect(e[0]![1]!.operand).toEqual({ kind: 'param', name: 'n' });
  });
  it('says which part it could not read', () => {
    expect(() => parseRuleExpr('qps >> 1')).toThrow(/Cannot read "qps >> 1"/);
  });
});
