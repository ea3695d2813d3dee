/**
 * The `db` and `ts` an entry inherits from earlier entries (pt's --inherit-attributes db,ts),
 * recovered from the text just before a worker's range so each range starts where a single
 * pass would be. Looks at the last `# Time:` line and the last `use db;` / `Schema: db`.
 */

const TS = /^# Time: ((?:[0-9: ]{15})|(?:[-0-9: T]{19}))/;

/** Scans `tail` (the bytes before a range, latin1) for the inherited values. */
export function inheritedFrom(tail: string): { db?: string; ts?: string } {
  const out: { db?: string; ts?: string } = {};
  const t = tail.lastIndexOf('\n# Time: ');
  if (t >= 0) {
    const m = TS.exec(tail.slice(t + 1, t + 80));
    if (m) out.ts = m[1];
  }
  const u = tail.lastIndexOf('\nuse ');
  const s = tail.lastIndexOf(' Schema: ');
  if (u > s && u >= 0) {
    const m = /^use ([^;\n]+)/.exec(tail.slice(u + 1, u + 300));
    if (m) out.db = m[1];
  } else if (s >= 0) {
    const m = /^ Schema: (\w+)(?=\s)/.exec(tail.slice(s, s + 300));
    if (m && !/^ Schema: \w+: /.test(tail.slice(s, s + 300))) out.db = m[1];
  }
  return out;
}
