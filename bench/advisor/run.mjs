// Index advisor speed: advice for 1,000 generated digest classes over a generated 100-table
// schema (target < 1 s). Prints the total and the parse stage separately, since node-sql-parser
// dominates.
//   node bench/advisor/run.mjs [--classes 1000] [--tables 100] [--repeat 3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const nClasses = arg('classes', 1000);
const nTables = arg('tables', 100);
const repeat = arg('repeat', 3);

const dir = mkdtempSync(join(tmpdir(), 'dbw-bench-advisor-'));
const entry = join(dir, 'entry.ts');
writeFileSync(
  entry,
  `export { advise } from ${JSON.stringify(join(root, 'electron/engines/advisor/advise.ts'))};
   export { analyzeWorkload } from ${JSON.stringify(join(root, 'electron/engines/advisor/analyze-workload.ts'))};
   export { schemaFromDdl } from ${JSON.stringify(join(root, 'electron/engines/advisor/schema-ddl.ts'))};`,
);
const out = join(dir, 'advisor.mjs');
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
const { advise, analyzeWorkload, schemaFromDdl } = await import(pathToFileURL(out).href);

// Deterministic generator (mulberry32).
let seed = 20261126;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const cols = ['owner_id', 'parent_id', 'status', 'kind', 'created_at', 'updated_at', 'score', 'name', 'email', 'amount'];
const types = {
  owner_id: 'BIGINT',
  parent_id: 'BIGINT',
  status: 'VARCHAR(20)',
  kind: 'VARCHAR(20)',
  created_at: 'DATETIME',
  updated_at: 'DATETIME',
  score: 'INT',
  name: 'VARCHAR(100)',
  email: 'VARCHAR(255)',
  amount: 'DECIMAL(12,2)',
};
const ddl = [];
for (let t = 0; t < nTables; t++) {
  const defs = ['id BIGINT NOT NULL AUTO_INCREMENT', ...cols.map((c) => `${c} ${types[c]} NULL`), 'PRIMARY KEY (id)'];
  if (t % 3 === 0) defs.push(`KEY k_${t}_owner (owner_id)`);
  if (t % 5 === 0) defs.push(`KEY k_${t}_owner_status (owner_id, status)`);
  ddl.push(`CREATE TABLE t${t} (${defs.join(', ')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`);
}
const workload = [];
for (let i = 0; i < nClasses; i++) {
  const t = Math.floor(rnd() * nTables);
  const eq = pick(cols.slice(0, 4));
  const shape = i % 5;
  let sql;
  if (shape === 0)
    sql = `SELECT id, ${pick(cols)} FROM t${t} WHERE ${eq} = ? AND ${pick(['created_at', 'score', 'amount'])} > ? ORDER BY ${pick(['updated_at', 'created_at'])} DESC LIMIT 20`;
  else if (shape === 1) sql = `SELECT a.id, b.name FROM t${t} a JOIN t${(t + 1) % nTables} b ON b.parent_id = a.id WHERE a.${eq} = ? AND b.status IN (?, ?)`;
  else if (shape === 2) sql = `SELECT ${eq}, COUNT(*) FROM t${t} WHERE created_at >= ? GROUP BY ${eq}`;
  else if (shape === 3) sql = `SELECT * FROM t${t} WHERE ${eq} = ? AND (SELECT COUNT(*) FROM t${(t + 7) % nTables} WHERE parent_id = t${t}.id) > ${i % 10}`;
  else sql = `UPDATE t${t} SET score = score + 1 WHERE ${eq} = ? AND kind = 'k${i % 13}'`;
  workload.push({ sql, name: `class ${i}`, weight: { count: 1 + Math.floor(rnd() * 100), totalTimeSec: rnd() * 10 } });
}
const schema = schemaFromDdl(ddl.join('\n'));
schema.tables.forEach((tb, k) => (tb.rows = 10_000 + k * 1000));

const runs = [];
for (let r = 0; r < repeat; r++) {
  const t0 = performance.now();
  analyzeWorkload(workload, schema);
  const t1 = performance.now();
  const report = advise({ schema, workload });
  const t2 = performance.now();
  const cache = new Map();
  advise({ schema, workload, parseCache: cache });
  const t3 = performance.now();
  advise({ schema, workload, parseCache: cache, options: { maxIndexesPerTable: 5 } });
  const t4 = performance.now();
  runs.push({
    parse: t1 - t0,
    total: t2 - t1,
    warm: t4 - t3,
    recs: report.recommendations.length,
    findings: report.findings.length,
    unparsed: report.unparsed.length,
    steps: report.plan.steps.length,
  });
}
rmSync(dir, { recursive: true, force: true });
const best = runs.reduce((a, b) => (b.total < a.total ? b : a));
console.log(`index advisor: ${nClasses} digest classes over ${nTables} tables (best of ${repeat})`);
console.log(`  advise() total            ${best.total.toFixed(0)} ms   (target < 1000 ms)`);
console.log(`  of which parse + roles    ~${best.parse.toFixed(0)} ms (node-sql-parser, measured separately)`);
console.log(`  re-advise, parses cached  ${best.warm.toFixed(0)} ms (same workload, other options)`);
console.log(`  recommendations ${best.recs}, findings ${best.findings}, plan steps ${best.steps}, unparsed ${best.unparsed}`);
console.log(`  all runs (ms): ${runs.map((r) => r.total.toFixed(0)).join(', ')}`);
