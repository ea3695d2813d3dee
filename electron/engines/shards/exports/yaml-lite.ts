/**
 * The block-style YAML subset sharding configurations are written in (ShardingSphere's
 * `rules: - !SHARDING` files): nested mappings, `- ` sequences, local tags on sequence items,
 * plain and quoted scalars, comments. Enough to write our export and to read the documentation's
 * examples back with the same checker; flow style and anchors are refused, never guessed.
 */

/** A YAML value of the subset. A tagged mapping carries its tag under `TAG`. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [k: string]: YamlValue };

/** Key under which a tagged mapping keeps its tag (`!SHARDING` → 'SHARDING'). */
export const TAG = '$tag';

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly no: number;
}

function scalar(raw: string): YamlValue {
  const s = raw.trim();
  if (s === '' || s === '~' || s === 'null') return null;
  if (s === 'true' || s === 'false') return s === 'true';
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  if (s.startsWith('"') && s.endsWith('"')) return JSON.parse(s) as string;
  if (/^[[{&*|>]/.test(s)) throw new Error(`unsupported YAML construct: ${s}`);
  return s;
}

function stripComment(text: string): string {
  let q: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === q) q = null;
    } else if (c === "'" || c === '"') q = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i);
  }
  return text;
}

/** Parses the subset (throws with the line number on anything else). */
export function parseYaml(text: string): YamlValue {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const body = stripComment(l).replace(/\s+$/, '');
    if (body.trim() === '' || body.trim() === '---') return;
    lines.push({ indent: body.length - body.trimStart().length, text: body.trim(), no: i + 1 });
  });
  let pos = 0;
  const keyValue = (t: string, no: number): [string, string] => {
    const m = /^("[^"]*"|'[^']*'|[^:]+?):(?:\s+(.*))?$/.exec(t);
    if (!m) throw new Error(`line ${no}: expected "key: value"`);
    return [String(scalar(m[1]!)), m[2] ?? ''];
  };
  const block = (indent: number): YamlValue => {
    if (pos >= lines.length || lines[pos]!.indent < indent) return null;
    const at = lines[pos]!.indent;
    if (lines[pos]!.text.startsWith('- ') || lines[pos]!.text === '-') {
      const out: YamlValue[] = [];
      while (pos < lines.length && lines[pos]!.indent === at && (lines[pos]!.text.startsWith('- ') || lines[pos]!.text === '-')) {
        const line = lines[pos]!;
        const rest = line.text.slice(1).trim();
        pos++;
        if (rest.startsWith('!')) {
          const tagged = block(at + 1);
          out.push({ [TAG]: rest.slice(1), ...(tagged && typeof tagged === 'object' && !Array.isArray(tagged) ? tagged : {}) });
        } else if (/^[^'"].*?:(\s|$)/.test(rest)) {
          const [k, v] = keyValue(rest, line.no);
          const item: { [k: string]: YamlValue } = { [k]: v === '' ? block(at + 1) : scalar(v) };
          const more = block(at + 1);
          if (more && typeof more === 'object' && !Array.isArray(more)) Object.assign(item, more);
          out.push(item);
        } else out.push(rest === '' ? block(at + 1) : scalar(rest));
      }
      return out;
    }
    const out: { [k: string]: YamlValue } = {};
    while (pos < lines.length && lines[pos]!.indent === at && !lines[pos]!.text.startsWith('- ')) {
      const line = lines[pos]!;
      const [k, v] = keyValue(line.text, line.no);
      pos++;
      if (v !== '') out[k] = scalar(v);
      else if (pos < lines.length && (lines[pos]!.indent > at || (lines[pos]!.indent === at && lines[pos]!.text.startsWith('- '))))
        out[k] = block(lines[pos]!.indent);
      else out[k] = null;
    }
    return out;
  };
  const value = block(0);
  if (pos < lines.length) throw new Error(`line ${lines[pos]!.no}: unexpected indentation`);
  return value;
}

function emitScalar(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  return v === '' || /^[\s!&*[\]{}|>'"%@`#,-]|:\s|\s#|:$|^(true|false|null|~|-?\d+(\.\d+)?)$/.test(v) ? `'${v.replace(/'/g, "''")}'` : v;
}

/** Writes a value in the subset (two-space indentation, sequences indented under their key). */
export function emitYaml(value: YamlValue, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value))
    return value
      .map((item) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          const { [TAG]: tag, ...rest } = item;
          const body = emitYaml(rest, indent + 2);
          return tag ? `${pad}- !${String(tag)}\n${body}` : `${pad}- ${body.trimStart()}`;
        }
        return `${pad}- ${emitScalar(item as string | number | boolean | null)}\n`;
      })
      .join('');
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => {
        if (v && typeof v === 'object') return `${pad}${emitScalar(k)}:\n${emitYaml(v, indent + 2)}`;
        return `${pad}${emitScalar(k)}:${v === null ? '' : ` ${emitScalar(v)}`}\n`;
      })
      .join('');
  return `${pad}${emitScalar(value)}\n`;
}
