/**
 * MariaDB Spider export: one CREATE SERVER per shard backend, the tables each backend holds
 * (InnoDB), and on the front a Spider table per table — sharded tables PARTITION BY HASH of the
 * key with partition i on server i, reference tables linked to every backend (Spider writes to
 * every link and reads one), unsharded tables linked to backend 0. A partitioned table needs the
 * partitioning column in every unique key (ERROR 1503), so keys are rewritten and the cost said.
 * https://mariadb.com/kb/en/spider-table-parameters/ · https://mariadb.com/kb/en/partitioning-limitations/
 */
import type { ExportIssue, ShardPlan, ShardTable } from '../../../../shared/contract/shards';
import { quoteIdent, quoteQualified, quoteString } from '../../../../shared/sql-quote';
import { tokenize } from '../../advisor/ddl-tokenizer';

/** A backend as CREATE SERVER names it. */
export interface SpiderBackend {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** What the export runs where: on every backend, then on the front. */
export interface SpiderDdl {
  readonly backend: string[];
  readonly front: string[];
  /** Key rewrites and what they cost. */
  readonly notes: string[];
  readonly text: string;
}

/** The name of backend i's server on the front. */
export const spiderServerName = (database: string, i: number): string => `${database}_s${i}`;

interface Definition {
  readonly text: string;
  readonly kind: 'column' | 'primary' | 'unique' | 'key' | 'other';
  readonly name: string | null;
  readonly columns: string[];
}

/** Splits a CREATE TABLE into its definitions (top-level commas inside the outer parenthesis) and what follows. */
function definitionsOf(ddl: string): { head: string; defs: Definition[] } {
  const open = ddl.indexOf('(');
  if (open < 0) throw new Error('not a CREATE TABLE with a column list');
  const cuts: number[] = [open];
  let depth = 0;
  let end = -1;
  for (const t of tokenize(ddl)) {
    if (t.start < open || t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      depth--;
      if (depth === 0) {
        end = t.start;
        break;
      }
    } else if (t.text === ',' && depth === 1) cuts.push(t.start);
  }
  if (end < 0) throw new Error('unbalanced parenthesis in CREATE TABLE');
  cuts.push(end);
  const defs = cuts.slice(0, -1).map((c, i) => classify(ddl.slice(c + 1, cuts[i + 1]).trim()));
  return { head: ddl.slice(0, open).trim(), defs };
}

const unquote = (s: string): string => s.replace(/^`|`$/g, '').replace(/``/g, '`');

function classify(text: string): Definition {
  const cols = (list: string): string[] =>
    list.split(',').map((c) =>
      unquote(
        c
          .trim()
          .replace(/\s*\(\d+\)\s*$/, '')
          .replace(/\s+(ASC|DESC)$/i, ''),
      ),
    );
  let m = /^PRIMARY\s+KEY\s*(?:USING\s+\w+\s*)?\(([^)]*(?:\(\d+\)[^)]*)*)\)/i.exec(text);
  if (m) return { text, kind: 'primary', name: null, columns: cols(m[1]!) };
  m = /^(?:CONSTRAINT\s+\S+\s+)?UNIQUE\s+(?:KEY|INDEX)?\s*(`[^`]+`|\w+)?\s*\(([^)]*(?:\(\d+\)[^)]*)*)\)/i.exec(text);
  if (m) return { text, kind: 'unique', name: m[1] ? unquote(m[1]) : null, columns: cols(m[2]!) };
  if (/^(KEY|INDEX|FULLTEXT|SPATIAL)\b/i.test(text)) return { text, kind: 'key', name: null, columns: [] };
  if (/^(CONSTRAINT|FOREIGN|CHECK)\b/i.test(text)) return { text, kind: 'other', name: null, columns: [] };
  const name = /^(`(?:[^`]|``)+`|[\w$]+)/.exec(text)?.[1];
  return { text, kind: 'column', name: name ? unquote(name) : null, columns: [] };
}

/** The body of a table for a given placement: key rewrites, the added key column, FOREIGN KEYs dropped (they cannot cross shards). */
function rewriteDefinitions(t: ShardTable, ddl: string, keyType: string, notes: string[]): string[] {
  const { defs } = definitionsOf(ddl);
  const partitioned = t.role === 'root' || t.role === 'carries-key' || t.role === 'needs-key';
  const key = t.keyColumn;
  const out: string[] = [];
  const columns = defs.filter((d) => d.kind === 'column');
  for (const d of columns) out.push(d.text);
  if (t.role === 'needs-key' && key && !columns.some((c) => c.name === key)) {
    out.push(`${quoteIdent(key)} ${keyType} NOT NULL`);
    notes.push(
      `${t.table}: adds ${key} ${keyType}, filled from ${t.path.map((h) => `${h.table}.${h.column}`).join(' → ')} by the migration, so its rows live with their owner.`,
    );
  }
  for (const d of defs) {
    if (d.kind === 'column') continue;
    if (d.kind === 'other') {
      notes.push(`${t.table}: drops \`${d.text.slice(0, 60)}\`: foreign keys and checks across shards are not enforced by Spider.`);
      continue;
    }
    if (!partitioned || !key || d.kind === 'key' || d.columns.includes(key)) {
      out.push(d.text);
      continue;
    }
    if (d.kind === 'primary') {
      out.push(`PRIMARY KEY (${[...d.columns, key].map(quoteIdent).join(', ')})`);
      notes.push(
        `${t.table}: PRIMARY KEY (${d.columns.join(', ')}) becomes (${[...d.columns, key].join(', ')}) — the partitioning column must be in every unique key (ERROR 1503); ${d.columns.join(', ')} stays unique only per ${key}.`,
      );
    } else {
      out.push(`KEY ${quoteIdent(d.name ?? d.columns.join('_'))} (${d.columns.map(quoteIdent).join(', ')})`);
      notes.push(
        `${t.table}: UNIQUE (${d.columns.join(', ')}) becomes a plain KEY (ERROR 1503 otherwise): uniqueness of ${d.columns.join(', ')} across shards must come from a lookup table (Vitess' consistent_lookup_unique) or the application.`,
      );
    }
  }
  return out;
}

/** Builds the Spider export from the plan and each table's CREATE TABLE (lower-case name → statement). */
export function spiderExport(
  plan: ShardPlan,
  ddlByTable: ReadonlyMap<string, string>,
  database: string,
  backends: readonly SpiderBackend[],
  keyType: string,
): SpiderDdl {
  if (backends.length !== plan.shards) throw new Error(`The plan has ${plan.shards} shards but ${backends.length} backends were given`);
  const notes: string[] = [];
  const backend: string[] = [`CREATE DATABASE IF NOT EXISTS ${quoteIdent(database)}`];
  const front: string[] = [`CREATE DATABASE IF NOT EXISTS ${quoteIdent(database)}`];
  backends.forEach((b, i) => {
    front.push(
      `CREATE OR REPLACE SERVER ${quoteIdent(spiderServerName(database, i))} FOREIGN DATA WRAPPER mysql OPTIONS (HOST ${quoteString(b.host)}, PORT ${b.port}, USER ${quoteString(b.user)}, PASSWORD ${quoteString(b.password)}, DATABASE ${quoteString(database)})`,
    );
  });
  const all = backends.map((_, i) => spiderServerName(database, i)).join(' ');
  for (const t of plan.tables) {
    const ddl = ddlByTable.get(t.table.toLowerCase());
    if (!ddl) throw new Error(`No CREATE TABLE for ${t.table}`);
    const body = rewriteDefinitions(t, ddl, keyType, notes).join(',\n  ');
    backend.push(`CREATE TABLE ${quoteQualified(database, t.table)} (\n  ${body}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    const link = (srv: string): string => `wrapper "mysql", srv "${srv}", table "${t.table}"`;
    let tail: string;
    if (t.role === 'reference') tail = `COMMENT=${quoteString(link(all))}`;
    else if (t.role === 'unsharded') tail = `COMMENT=${quoteString(link(spiderServerName(database, 0)))}`;
    else
      tail = `COMMENT=${quoteString(`wrapper "mysql", table "${t.table}"`)}\nPARTITION BY HASH (${quoteIdent(t.keyColumn!)}) (\n  ${backends
        .map((_, i) => `PARTITION ${quoteIdent(`p${i}`)} COMMENT = ${quoteString(`srv "${spiderServerName(database, i)}"`)}`)
        .join(',\n  ')}\n)`;
    front.push(`CREATE TABLE ${quoteQualified(database, t.table)} (\n  ${body}\n) ENGINE=SPIDER DEFAULT CHARSET=utf8mb4 ${tail}`);
  }
  const text = [
    `-- MariaDB Spider: ${plan.shards} shards by ${plan.root}.${plan.key} (${plan.keyName}), ${plan.func.name}: partition i = MOD(${plan.keyName}, ${plan.shards}) on server ${spiderServerName(database, 0).replace(/0$/, 'i')}.`,
    ...notes.map((n) => `-- ${n}`),
    '',
    '-- 1. On every shard backend:',
    ...backend.map((s) => `${s};`),
    '',
    '-- 2. On the Spider front:',
    ...front.map((s) => `${s};`),
    '',
  ].join('\n');
  return { backend, front, notes, text };
}

/**
 * Checks a Spider export the way the server would: every partitioned front table has each of its
 * unique keys covering the partitioning column (ERROR 1503), every srv names a declared server,
 * every partition has a srv, and the backends declare the same tables as the front.
 */
export function checkSpider(ddl: Pick<SpiderDdl, 'backend' | 'front'>): ExportIssue[] {
  const issues: ExportIssue[] = [];
  const servers = new Set<string>();
  for (const s of ddl.front) {
    const m = /^CREATE\s+(?:OR\s+REPLACE\s+)?SERVER\s+(`(?:[^`]|``)+`|\w+)/i.exec(s);
    if (m) servers.add(unquote(m[1]!));
  }
  const tableName = (s: string): string | null => {
    const m = /^CREATE\s+TABLE\s+(?:`(?:[^`]|``)+`\.)?(`(?:[^`]|``)+`|\w+)/i.exec(s);
    return m ? unquote(m[1]!) : null;
  };
  const backendTables = new Set(ddl.backend.map(tableName).filter((n): n is string => n !== null));
  for (const s of ddl.front) {
    const table = tableName(s);
    if (!table) continue;
    if (!/ENGINE\s*=\s*SPIDER/i.test(s)) issues.push({ path: table, message: 'front table is not ENGINE=SPIDER' });
    if (!backendTables.has(table)) issues.push({ path: table, message: 'no backend table of that name' });
    for (const srv of [...s.matchAll(/srv\s+"([^"]+)"/g)].flatMap((m) => m[1]!.split(/\s+/)))
      if (!servers.has(srv)) issues.push({ path: table, message: `srv "${srv}" is not a declared server` });
    const part = /PARTITION\s+BY\s+HASH\s*\(\s*`?([^`)\s]+)`?\s*\)\s*\(([\s\S]*)\)\s*$/i.exec(s);
    if (!part) {
      if (/PARTITION\s+BY/i.test(s)) issues.push({ path: table, message: 'partitioning other than HASH(column) is not checked' });
      else if (!/srv\s+"/.test(s)) issues.push({ path: table, message: 'an unpartitioned Spider table needs a srv in its COMMENT' });
      continue;
    }
    const col = part[1]!;
    const partitions = part[2]!.split(/,\s*(?=PARTITION\b)/i);
    partitions.forEach((p, i) => {
      if (!/srv\s+"/.test(p)) issues.push({ path: `${table}.p${i}`, message: 'partition without a srv' });
    });
    const { defs } = definitionsOf(s.slice(0, s.search(/\)\s*ENGINE\s*=/i) + 1));
    for (const d of defs)
      if ((d.kind === 'primary' || d.kind === 'unique') && !d.columns.includes(col))
        issues.push({
          path: `${table}.${d.name ?? 'PRIMARY'}`,
          message: `ERROR 1503: a ${d.kind === 'primary' ? 'PRIMARY KEY' : 'UNIQUE INDEX'} must include ${col}, the partitioning column`,
        });
  }
  return issues;
}

/** The CREATE TABLE statements of a DDL script, by lower-case table name (the Spider export rewrites them). */
export function createTablesOf(statements: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of statements) {
    const m = /^\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:(?:`(?:[^`]|``)+`|\w+)\s*\.\s*)?(`(?:[^`]|``)+`|\w+)/i.exec(s);
    if (m) out.set(unquote(m[1]!).toLowerCase(), s.trim().replace(/;\s*$/, ''));
  }
  return out;
}
