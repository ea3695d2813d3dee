/** Reads a rule file (JSON: `{"rules": [...]}` or a bare list) into checked rules. Pure. */
import { z } from 'zod';
import { AppError } from '../../../shared/contract/core';
import { alertRule, type AlertRule } from '../../../shared/contract/monitor';
import { compileRules } from './alert-eval';

const ruleList = z.array(alertRule).min(1).max(200);

/** Parses and validates; BAD_INPUT says which rule and field is wrong. */
export function parseRuleFile(text: string, name = 'rule file'): AlertRule[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('BAD_INPUT', `${name} is not JSON: ${(e as Error).message}`);
  }
  // The shape is chosen first so an error names the rule and field, not "no union member matched".
  const list = Array.isArray(json) ? json : json && typeof json === 'object' && 'rules' in json ? (json as { rules: unknown }).rules : undefined;
  if (list === undefined) throw new AppError('BAD_INPUT', `${name}: write {"rules": [...]} or a list of rules`);
  const parsed = ruleList.safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('BAD_INPUT', `${name}: rules.${issue.path.join('.')}: ${issue.message}`);
  }
  const rules = parsed.data;
  compileRules(rules);
  return rules;
}
