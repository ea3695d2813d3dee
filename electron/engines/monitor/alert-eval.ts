/**
 * Evaluates alert rules on each new sample, like Prometheus' `for`: a rule goes pending when its
 * condition first holds, fires when it has held for `forSec` on consecutive samples, and resolves
 * on the first sample where it no longer holds (no data resolves too: a server that stopped
 * reporting a metric is not "still alerting"). Notifications respect each rule's cooldown. Pure:
 * the state goes in and comes out.
 */
import { AppError } from '../../../shared/contract/core';
import type { AlertEvent, AlertRule, MonitorSample } from '../../../shared/contract/monitor';
import { evaluateExpr, parseRuleExpr, validateRule, type RuleExpr } from './rule-expr';

/** Per-rule state carried between samples. */
export interface RuleState {
  /** ISO time the condition started holding, or null. */
  since: string | null;
  firing: boolean;
  /** ISO time of the last notification, for the cooldown. */
  lastNotifiedAt: string | null;
}

/** State of every rule, by id. */
export type AlertStates = Record<string, RuleState>;

/** Rules with their parsed expressions, validated once. */
export interface CompiledRules {
  rules: readonly AlertRule[];
  exprs: ReadonlyMap<string, RuleExpr>;
}

/** Validates and parses rules; throws BAD_INPUT on a duplicate id or a bad expression. */
export function compileRules(rules: readonly AlertRule[]): CompiledRules {
  const exprs = new Map<string, RuleExpr>();
  for (const r of rules) {
    if (exprs.has(r.id)) throw new AppError('BAD_INPUT', `Two rules have the id ${r.id}`);
    exprs.set(r.id, validateRule(r));
  }
  return { rules, exprs };
}

/** The first metric's value in a rule's expression at a sample (what the message shows). */
export function ruleValue(rule: AlertRule, sample: MonitorSample): number | null {
  const first = parseRuleExpr(rule.expr)[0]?.[0];
  return first ? sample.metrics[first.metric] : null;
}

/** Fills `{{value}}` and `{{param}}` in a rule's message. */
export function renderMessage(rule: AlertRule, value: number | null): string {
  return rule.message.replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    if (name === 'value') return value === null ? 'n/a' : String(Math.round(value * 100) / 100);
    const p = rule.params.find((x) => x.name === name);
    return p ? String(p.value) : whole;
  });
}

/** Evaluates every rule on a sample; returns the next states and the firing/resolved events. */
export function evaluateAlerts(compiled: CompiledRules, states: AlertStates, sample: MonitorSample): { states: AlertStates; events: AlertEvent[] } {
  const next: AlertStates = {};
  const events: AlertEvent[] = [];
  const now = Date.parse(sample.at);
  for (const rule of compiled.rules) {
    const prev = states[rule.id] ?? { since: null, firing: false, lastNotifiedAt: null };
    const holds = evaluateExpr(rule, compiled.exprs.get(rule.id)!, sample.metrics);
    const value = ruleValue(rule, sample);
    if (!holds) {
      if (prev.firing) {
        events.push({
          ruleId: rule.id,
          severity: rule.severity,
          state: 'resolved',
          at: sample.at,
          since: prev.since ?? sample.at,
          value,
          message: `Resolved: ${renderMessage(rule, value)}`,
          notify: true,
        });
      }
      next[rule.id] = { since: null, firing: false, lastNotifiedAt: prev.lastNotifiedAt };
      continue;
    }
    const since = prev.since ?? sample.at;
    const heldSec = (now - Date.parse(since)) / 1000;
    if (!prev.firing && heldSec >= rule.forSec) {
      const cooled = prev.lastNotifiedAt === null || (now - Date.parse(prev.lastNotifiedAt)) / 1000 >= rule.cooldownSec;
      events.push({
        ruleId: rule.id,
        severity: rule.severity,
        state: 'firing',
        at: sample.at,
        since,
        value,
        message: renderMessage(rule, value),
        notify: cooled,
      });
      next[rule.id] = { since, firing: true, lastNotifiedAt: cooled ? sample.at : prev.lastNotifiedAt };
    } else {
      next[rule.id] = { since, firing: prev.firing, lastNotifiedAt: prev.lastNotifiedAt };
    }
  }
  return { states: next, events };
}
