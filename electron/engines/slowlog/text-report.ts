/**
 * The digest as text in pt-query-digest's layout (header, profile, one block per class with
 * its attribute table and query-time histogram), so a DBA used to pt reads it at a glance.
 * Unit formatting follows pt's Transformers::micro_t / shorten in spirit, not to the byte.
 */
import type { DigestReport, MetricStats, QueryClass } from '../../../shared/contract/slow-log';

const TIME_ATTRS: readonly [string, string][] = [
  ['Query_time', 'Exec time'],
  ['Lock_time', 'Lock time'],
];

/** Formats seconds like pt: 12us, 345ms, 2s. */
export function microT(t: number): string {
  if (t <= 0) return '0';
  if (t < 0.001) return `${Math.round(t * 1e6)}us`;
  if (t < 1) return `${Math.round(t * 1e3)}ms`;
  return t < 10 ? `${t.toFixed(2).replace(/\.?0+$/, '')}s` : `${Math.round(t)}s`;
}

/** Formats a count or size like pt's shorten: 1.23k, 45.67M. */
export function shorten(n: number, bytes = false): string {
  const base = bytes ? 1024 : 1000;
  const units = bytes ? ['', 'k', 'M', 'G', 'T'] : ['', 'k', 'M', 'G', 'T'];
  let i = 0;
  while (Math.abs(n) >= base && i < units.length - 1) {
    n /= base;
    i++;
  }
  return i === 0 ? String(Math.round(n * 100) / 100) : `${n.toFixed(2)}${units[i]}`;
}

function fmt(name: string, v: number): string {
  if (/(?:time|wait)$/i.test(name)) return microT(v);
  return shorten(v, /bytes|length/i.test(name));
}

function row(label: string, cells: string[], pct?: string): string {
  return `# ${label.padEnd(14).slice(0, 14)}${pct !== undefined ? pct.padStart(4) : ''}${cells.map((c) => c.padStart(8)).join('')}`;
}

function metricRow(name: string, label: string, m: MetricStats, pct?: string): string {
  return row(label, [fmt(name, m.sum), fmt(name, m.min), fmt(name, m.max), fmt(name, m.avg), fmt(name, m.p95), fmt(name, m.stddev), fmt(name, m.median)], pct);
}

function attrRows(metrics: Record<string, MetricStats>, bools: Record<string, { pctYes: number }>, pctOf?: (name: string, m: MetricStats) => string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [name, label] of TIME_ATTRS) {
    const m = metrics[name];
    if (m) out.push(metricRow(name, label, m, pctOf?.(name, m)));
    seen.add(name);
  }
  for (const name of Object.keys(metrics).sort()) {
    if (seen.has(name)) continue;
    const label = name === 'Query_length' ? 'Query size' : name.replace(/_/g, ' ');
    out.push(metricRow(name, label, metrics[name]!, pctOf?.(name, metrics[name]!)));
  }
  for (const name of Object.keys(bools).sort()) {
    const b = bools[name]!;
    if (b.pctYes > 0) out.push(row(name.replace(/_/g, ' '), [`${Math.round(b.pctYes * 100)}% yes,`, `${Math.round((1 - b.pctYes) * 100)}% no`]));
  }
  return out;
}

const HEAD = '# Attribute          total     min     max     avg     95%  stddev  median';
const RULE = '# ============     ======= ======= ======= ======= ======= ======= =======';

/** Renders the whole report. */
export function formatTextReport(r: DigestReport): string {
  const h = r.header;
  const lines: string[] = [];
  lines.push(`# Files: ${h.files.map((f) => f.name).join(', ')}`);
  lines.push(
    `# Overall: ${shorten(h.events)} total, ${shorten(h.uniqueClasses)} unique, ${h.qps.toFixed(2)} QPS, ${h.concurrency.toFixed(2)}x concurrency `.padEnd(
      78,
      '_',
    ),
  );
  if (h.tsMin) lines.push(h.tsMin === h.tsMax ? `# Time range: all events occurred at ${h.tsMin}` : `# Time range: ${h.tsMin} to ${h.tsMax}`);
  lines.push(HEAD, RULE, ...attrRows(h.metrics, h.bools));
  for (const w of r.warnings) lines.push(`# Warning at byte ${w.offset}: ${w.message}`);
  lines.push('', ...profileLines(r));
  for (const c of r.classes) lines.push('', ...classBlock(c));
  return lines.join('\n') + '\n';
}

/**
 * pt's profile table (lib/QueryReportFormatter.pm `profile`): Rank, Query ID, Response time
 * (`%10.4f %4.1f%%`), Calls, R/Call (`%8.4f`), V/M (`%4.2f`) and Item, pt's distillate of the
 * worst sample. Columns are as wide as their widest value, as pt's ReportFormatter sizes them;
 * the Item column is never cut.
 */
export function profileLines(r: DigestReport): string[] {
  const total = r.profile.reduce((n, p) => n + p.orderByTotal, 0) || 1;
  const rows = r.profile.map((p) => [
    String(p.rank),
    `0x${p.queryId}`,
    `${p.orderByTotal.toFixed(4)} ${((p.orderByTotal / total) * 100).toFixed(1).padStart(4)}%`,
    String(p.calls),
    p.perCall.toFixed(4),
    p.vToM.toFixed(2),
    p.item,
  ]);
  const head = ['Rank', 'Query ID', 'Response time', 'Calls', 'R/Call', 'V/M', 'Item'];
  const right = [true, false, true, true, true, true, false];
  // pt fixes V/M at 5 characters.
  const widths = head.map((h, i) => (i === head.length - 1 ? 0 : Math.max(h === 'V/M' ? 5 : h.length, ...rows.map((row) => row[i]!.length))));
  const line = (cells: string[]): string =>
    `# ${cells.map((c, i) => (i === cells.length - 1 ? c : right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' ')}`.trimEnd();
  const rule = head.map((h, i) => '='.repeat(i === head.length - 1 ? Math.max(h.length, ...rows.map((row) => row[i]!.length), 0) : widths[i]!));
  return ['# Profile', line(head.map((h, i) => (i === head.length - 1 ? h : h.padEnd(widths[i]!)))), line(rule), ...rows.map(line)];
}

function classBlock(c: QueryClass): string[] {
  const out: string[] = [];
  out.push(
    `# Query ${c.rank}: ${c.qps.toFixed(2)} QPS, ${c.concurrency.toFixed(2)}x concurrency, ID 0x${c.queryId} at byte ${c.sample.posInLog} `.padEnd(78, '_'),
  );
  const vm = c.metrics.Query_time && c.metrics.Query_time.avg ? c.metrics.Query_time.stddev ** 2 / c.metrics.Query_time.avg : 0;
  out.push(`# Scores: V/M = ${vm.toFixed(2)}`);
  if (c.tsMin) out.push(c.tsMin === c.tsMax ? `# Time range: all events occurred at ${c.tsMin}` : `# Time range: ${c.tsMin} to ${c.tsMax}`);
  out.push(HEAD.replace('# Attribute         ', '# Attribute    pct  '), RULE.replace('# ============     ', '# ============ === '));
  out.push(row('Count', [String(c.count)], String(Math.round(c.pctOfCount * 100))));
  out.push(...attrRows(c.metrics, c.bools, (name) => (name === 'Query_time' ? String(Math.round(c.pctOfOrderBy * 100)) : '')));
  for (const [label, vals] of [
    ['Databases', c.dbs],
    ['Hosts', c.hosts],
    ['Users', c.users],
  ] as const) {
    if (vals.length > 0)
      out.push(
        `# ${label.padEnd(14)}${vals
          .slice(0, 3)
          .map((v) => `${v.value} (${v.count})`)
          .join(', ')}`,
      );
  }
  out.push('# Query_time distribution');
  const max = Math.max(1, ...c.histogram);
  ['  1us', ' 10us', '100us', '  1ms', ' 10ms', '100ms', '    1s', '  10s+'].forEach((label, i) => {
    const n = c.histogram[i]!;
    out.push(`# ${label.padStart(6)}  ${'#'.repeat(n ? Math.max(1, Math.round((n / max) * 64)) : 0)}`);
  });
  for (const f of c.findings) out.push(`# Finding (${f.severity}): ${f.title}. ${f.evidence}`);
  if (c.tables.length > 0) out.push('# Tables', ...c.tables.map((t) => `#    ${t}`));
  out.push(`${c.sample.text.length > 10_000 ? c.sample.text.slice(0, 10_000) + ' /* ... */' : c.sample.text}\\G`);
  return out;
}
