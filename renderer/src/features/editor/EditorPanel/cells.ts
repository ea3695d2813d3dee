/** How cells read as text (grid, copy, CSV) and the export that streams a result page by page from the host. */
import type { SqlCell, SqlColumn } from '../../../../../shared/contract/sql.calls';
import { api } from '../../../lib/api';

/** Text of a cell; NULL and binary are spelled so they cannot be mistaken for text. */
export function cellText(c: SqlCell | undefined): string {
  if (c === null) return 'NULL';
  if (c === undefined) return '';
  if (typeof c === 'object') return `0x${c.hex}${c.bytes > c.hex.length / 2 ? '…' : ''} (${c.bytes} B)`;
  return String(c);
}

/** CSS class of a cell by its kind: NULL, binary, number, or text (''). */
export function cellClass(c: SqlCell | undefined): string {
  if (c === null) return 'null';
  if (typeof c === 'number') return 'num';
  return c && typeof c === 'object' ? 'binary' : '';
}

const csvField = (c: SqlCell): string => {
  if (c === null) return '';
  const s = cellText(c);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const EXPORT_PAGE = 5000;

/** Downloads a result as CSV or JSON, fetching it from the host in pages (never one big array in state). */
export async function exportResult(resultId: string, columns: SqlColumn[], format: 'csv' | 'json', name: string): Promise<number> {
  const parts: string[] = [format === 'csv' ? `${columns.map((c) => csvField(c.name)).join(',')}\n` : '['];
  let offset = 0;
  for (;;) {
    const page = await api().sql.page({ resultId, offset, limit: EXPORT_PAGE });
    page.rows.forEach((row, i) => {
      if (format === 'csv') parts.push(`${row.map(csvField).join(',')}\n`);
      else parts.push(`${page.offset + i ? ',' : ''}\n${JSON.stringify(Object.fromEntries(columns.map((c, j) => [c.name, row[j] ?? null])))}`);
    });
    offset = page.offset + page.rows.length;
    if (page.complete && offset >= page.totalRows) break;
    if (!page.rows.length) break;
  }
  if (format === 'json') parts.push('\n]\n');
  const url = URL.createObjectURL(new Blob(parts, { type: format === 'csv' ? 'text/csv' : 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.${format}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return offset;
}

/** What the cell viewer shows for one cell: JSON pretty-printed, long text whole, binary as a hex dump. */
export interface CellView {
  kind: 'null' | 'json' | 'text' | 'number' | 'binary';
  text: string;
  /** A line about the value (its length, how much of a binary value the host kept). */
  note: string;
}

/** The cell viewer's reading of a cell (pure). */
export function cellView(c: SqlCell | undefined): CellView {
  if (c === null || c === undefined) return { kind: 'null', text: 'NULL', note: 'SQL NULL (no value)' };
  if (typeof c === 'number') return { kind: 'number', text: String(c), note: 'number' };
  if (typeof c === 'object') {
    const kept = c.hex.length / 2;
    const lines: string[] = [];
    for (let i = 0; i < c.hex.length; i += 32)
      lines.push(
        `${(i / 2).toString(16).padStart(8, '0')}  ${c.hex
          .slice(i, i + 32)
          .replace(/(..)/g, '$1 ')
          .trim()}`,
      );
    return {
      kind: 'binary',
      text: lines.join('\n'),
      note:
        kept < c.bytes
          ? `binary, ${c.bytes.toLocaleString('en-US')} bytes; the first ${kept.toLocaleString('en-US')} are shown`
          : `binary, ${c.bytes.toLocaleString('en-US')} bytes`,
    };
  }
  const trimmed = c.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return { kind: 'json', text: JSON.stringify(JSON.parse(trimmed), null, 2), note: `JSON, ${c.length.toLocaleString('en-US')} characters` };
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return { kind: 'text', text: c, note: `text, ${c.length.toLocaleString('en-US')} characters` };
}
