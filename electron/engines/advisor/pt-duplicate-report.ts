/** Reads pt-duplicate-key-checker's text report into index pairs (to compare with ours, or to import a DBA's existing report). */

/** One pair pt-duplicate-key-checker reported. */
export interface PtDuplicate {
  readonly table: string;
  readonly index: string;
  readonly duplicateOf: string;
  readonly type: 'exact' | 'prefix' | 'clustered' | 'fk';
}

/** Parses the report (pure). Tables come from the `# db.table` banners. */
export function parsePtDuplicateReport(text: string): PtDuplicate[] {
  const out: PtDuplicate[] = [];
  let table = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (lines[i - 1]?.startsWith('# ####') && lines[i + 1]?.startsWith('# ####')) {
      table = line.replace(/^#\s*/, '').trim();
      continue;
    }
    const pair = /^# (\S+) is a (duplicate|left-prefix) of (\S+)$/.exec(line);
    if (pair) out.push({ table, index: pair[1]!, duplicateOf: pair[3]!, type: pair[2] === 'duplicate' ? 'exact' : 'prefix' });
    const clustered = /^# Key (\S+) ends with a prefix of the clustered index$/.exec(line);
    if (clustered) out.push({ table, index: clustered[1]!, duplicateOf: 'PRIMARY', type: 'clustered' });
    const fk = /^# FOREIGN KEY (\S+) .* is a duplicate of FOREIGN KEY (\S+) /.exec(line);
    if (fk) out.push({ table, index: fk[1]!, duplicateOf: fk[2]!, type: 'fk' });
  }
  return out;
}
