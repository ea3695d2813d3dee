/** Exports of a digest: the whole report as JSON, the profile as CSV, a readable Markdown summary. */
import type { DigestReport } from '../../../../shared/contract/slow-log';
import { fmtPct, fmtSeconds } from './slow-log.format';

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The profile as CSV, one row per class, times in seconds. */
export function profileCsv(r: DigestReport): string {
  const head = [
    'rank',
    'query_id',
    'calls',
    'total_time_s',
    'pct_of_total',
    'avg_s',
    'p95_s',
    'max_s',
    'rows_examined_avg',
    'rows_sent_avg',
    'tables',
    'findings',
    'fingerprint',
  ];
  const rows = r.classes.map((c) => {
    const qt = c.metrics.Query_time;
    return [
      c.rank,
      c.queryId,
      c.count,
      qt?.sum ?? 0,
      Number(c.pctOfOrderBy.toFixed(6)),
      qt?.avg ?? 0,
      qt?.p95 ?? 0,
      qt?.max ?? 0,
      c.metrics.Rows_examined?.avg ?? '',
      c.metrics.Rows_sent?.avg ?? '',
      c.tables.join(' '),
      c.findings.map((f) => f.id).join(' '),
      c.fingerprint,
    ].map(csvField);
  });
  return [head.join(','), ...rows.map((r1) => r1.join(','))].join('\r\n') + '\r\n';
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** A Markdown summary: totals, findings, the profile, and the top classes' samples. */
export function reportMarkdown(r: DigestReport, title: string, top = 5): string {
  const h = r.header;
  const qt = h.metrics.Query_time;
  const out = [
    `# Slow-log digest: ${mdCell(title)}`,
    '',
    `${h.events.toLocaleString('en-US')} events, ${h.uniqueClasses} classes, total query time ${fmtSeconds(qt?.sum ?? 0)}${h.tsMin ? `, ${h.tsMin} – ${h.tsMax}` : ''}.`,
    '',
    '## Findings',
    '',
    ...(r.findings.length ? r.findings.map((f) => `- **${f.severity}** ${mdCell(f.title)} (${classLabel(r, f.checksum)}): ${mdCell(f.evidence)}`) : ['None.']),
    '',
    '## Profile',
    '',
    '| Rank | Query ID | Total | Share | Calls | Avg | Item |',
    '|---:|---|---:|---:|---:|---:|---|',
    ...r.classes.map(
      (c) =>
        `| ${c.rank} | ${c.queryId} | ${fmtSeconds(c.metrics.Query_time?.sum ?? 0)} | ${fmtPct(c.pctOfOrderBy)} | ${c.count} | ${fmtSeconds(c.metrics.Query_time?.avg ?? 0)} | ${mdCell(c.distillate)} |`,
    ),
    '',
  ];
  for (const c of r.classes.slice(0, top)) {
    // A sample holding a fence of its own gets a longer one (CommonMark fenced code blocks).
    const fence = '`'.repeat(Math.max(3, ...[...c.sample.text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    out.push(`## #${c.rank} ${c.queryId}`, '', `Tables: ${c.tables.join(', ') || '—'}`, '', `${fence}sql`, c.sample.text.trim(), fence, '');
  }
  return out.join('\n');
}

function classLabel(r: DigestReport, checksum: string): string {
  const c = r.classes.find((x) => x.checksum === checksum);
  return c ? `#${c.rank} ${c.queryId}` : checksum;
}
