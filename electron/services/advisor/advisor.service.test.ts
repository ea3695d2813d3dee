import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { advisorExample } from '../../../shared/contract/advisor.calls';
import { invoke, testRuntime } from '../../testing/harness';
import { corpusPath } from '../../testing/paths';

const corpus = (f: string): string => readFileSync(corpusPath('cowrite', f), 'utf8');

describe('advisor.example', () => {
  const rt = testRuntime();
  afterAll(() => rt.close());

  it('serves the one bundled copy of the co-writing example, the same text as the corpus', async () => {
    const ex = advisorExample.parse(await invoke(rt, 'advisor.example', {}));
    expect(ex.schemaSql).toBe(corpus('schema.sql'));
    expect(ex.workloadSql).toBe(corpus('workload.sql'));
    expect(ex.seedIndexesSql).toBe(corpus('seed-indexes.sql'));
    // The slow-log demo shows the same schema file.
    const demo = await invoke<{ schemaSql: string }>(rt, 'slowLog.demo', {});
    expect(demo.schemaSql).toBe(ex.schemaSql);
  });
});
