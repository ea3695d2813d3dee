import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tunerRules, runTunerRules } from './registry';
import { fixtureInput, fixtureNames } from './fixtures/snapshots';
import { tunerFinding } from '../../../shared/contract/tuner';

const rulesDir = join(__dirname, 'rules');

describe('tuner rule registry', () => {
  it('has unique ids', () => {
    const ids = tunerRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(tunerRules.map((r) => [r.id, r] as const))('%s has a rationale, a doc link and a test with a fixture', (id, rule) => {
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.title.length).toBeGreaterThan(5);
    expect(rule.docUrl).toMatch(/^https:\/\/(dev\.mysql\.com|mariadb\.com|mariadb\.org)\//);
    const testFile = join(rulesDir, `${id}.rule.test.ts`);
    expect(existsSync(testFile), `${id}.rule.test.ts`).toBe(true);
    expect(readFileSync(testFile, 'utf8')).toMatch(/fixtureInput\(/);
  });

  it('registers every rule file', () => {
    const files = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.rule.ts'))
      .map((f) => f.replace(/\.rule\.ts$/, ''));
    expect(files.sort()).toEqual(tunerRules.map((r) => r.id).sort());
  });

  it.each(fixtureNames)('runs every rule on the captured %s snapshot without errors, findings valid', (name) => {
    const { findings, errors } = runTunerRules(fixtureInput(name));
    expect(errors).toEqual([]);
    for (const f of findings) expect(() => tunerFinding.parse(f)).not.toThrow();
  });
});
