/** Reads a rule file (JSON: `{"rules": [...]}` or a bare list) into checked rules. Pure. */
import { z } from 'zod';
import { AppError } from '../../../shared/contract/core';
import { alertRule, type AlertRule } from '../../../shared/contract/monitor';
import { compileRules } from './alert-eval';

const ruleFile = z.union([z.object({ rules: z.array(alertRule).min(1).max(200) }), z.array(alertRule).min(1).max(200)]);

/** Parses and validates; BAD_INPUT says which rule and field is wrong. */
export function parseRuleFile(text: string, name = 'rule file'): AlertRule[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('BAD_INPUT', `${name} is not JSON: ${(e as Error).message}`);
  }
  const parsed = ruleFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('BAD_INPUT', `${name}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const rules = Array.isArray(parsed.data) ? parsed.data : parsed.data.rules;
  compileRules(rules);
  return rules;
}
