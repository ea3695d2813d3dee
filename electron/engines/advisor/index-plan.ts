/**
 * Index plans: one ALTER TABLE per table with its new secondary indexes built online
 * (`ALGORITHM=INPLACE, LOCK=NONE`), drops made reversible first (INVISIBLE on MySQL 8+, IGNORED on
 * MariaDB 10.6+) with the real DROP as a later step, and pt-online-schema-change / gh-ost
 * equivalents in the notes for big tables whose change is not online.
 * https://dev.mysql.com/doc/refman/8.4/en/innodb-online-ddl-operations.html#online-ddl-index-operations
 */
import type { IndexRecommendation, SchemaIndex, SchemaSnapshot, SchemaTable } from '../../../shared/contract/advisor';
import type { Plan } from '../../../shared/contract/plan';
import { ptDsn, shellCommand } from '../../../shared/shell-quote';
import { quoteIdent, quoteQualified } from '../../../shared/sql-quote';
import { makePlan, type PlanDraft } from '../plan/make-plan';
import { tableIndex } from './analyze-workload';
import type { AdvisorCapabilities } from './capabilities';
import type { AdvisorOptions } from './options';

/** An existing index the user chose to remove. */
export interface IndexDrop {
  readonly schema: string | null;
  readonly table: string;
  readonly index: string;
  readonly why: string;
  /** Already invisible/ignored: dropped directly, with no hide clause. */
  readonly alreadyHidden?: boolean;
}

/** What to plan. */
export interface IndexPlanInput {
  readonly recommendations: readonly IndexRecommendation[];
  readonly drops: readonly IndexDrop[];
  readonly schema: SchemaSnapshot;
  readonly capabilities: AdvisorCapabilities | null;
  readonly options: AdvisorOptions;
  /** Also emit the final DROP INDEX steps (normally run after watching the hidden index for a while). */
  readonly finalDrops: boolean;
  /** Create new B-tree indexes INVISIBLE (trial for verification on MySQL 8+). */
  readonly createInvisible?: boolean;
}

type Step = PlanDraft['steps'][number];

/** One table's changes, gathered so the table is altered in one statement (one pass over it). */
interface TableChanges {
  readonly table: SchemaTable | null;
  readonly name: string;
  readonly target: string;
  /** Clauses of the one ALTER: adds, hides, direct drops. */
  readonly clauses: string[];
  /** Their undo, in reverse order at the end; null when one cannot be undone (an unknown index dropped). */
  readonly undo: (string | null)[];
  readonly what: string[];
  readonly queries: string[];
  /** A FULLTEXT index is built in this statement; `firstFulltext`: the table had none (rebuild). */
  fulltext: boolean;
  firstFulltext: boolean;
  btreeAdds: number;
  drops: number;
  newBytes: number;
  freedBytes: number;
  /** Further FULLTEXT adds: InnoDB builds one FULLTEXT index per statement (error 1795/1846). */
  readonly extraFulltext: { rec: IndexRecommendation; clause: string }[];
  /** Hidden now, dropped later (the final DROP). */
  readonly later: { name: string; index: SchemaIndex | undefined }[];
}

/**
 * Builds the index plan (pure): every change of a table goes into one ALTER TABLE, so the table
 * is read once however many indexes it gains (`ADD INDEX a (..), ADD INDEX b (..), ALTER INDEX c
 * INVISIBLE, ALGORITHM=INPLACE, LOCK=NONE`); only a second FULLTEXT index needs its own statement.
 * pt-online-schema-change / gh-ost commands are offered only for a big table whose statement is
 * not online on this server (a FULLTEXT build blocks writes); ADD INDEX in place and the
 * metadata-only DROP INDEX need no copy of the table.
 */
export function buildIndexPlan(input: IndexPlanInput): Plan {
  const find = tableIndex(input.schema);
  const caps = input.capabilities;
  // Offline (no server) the hide syntax follows the schema's flavor, as the note below says.
  const hiding = caps ?? { invisibleIndexes: input.schema.flavor !== 'mariadb', ignoredIndexes: input.schema.flavor === 'mariadb' };
  const byTable = new Map<string, TableChanges>();
  const changesOf = (schema: string | null, name: string): TableChanges => {
    const table = find(name) ?? null;
    const target = quoteQualified(schema ?? table?.schema, name);
    const key = target.toLowerCase();
    let c = byTable.get(key);
    if (!c) {
      const fulltextBefore = table?.indexes.some((i) => i.kind === 'FULLTEXT') ?? false;
      c = {
        table,
        name,
        target,
        clauses: [],
        undo: [],
        what: [],
        queries: [],
        fulltext: false,
        firstFulltext: !fulltextBefore,
        btreeAdds: 0,
        drops: 0,
        newBytes: 0,
        freedBytes: 0,
        extraFulltext: [],
        later: [],
      };
      byTable.set(key, c);
    }
    return c;
  };
  for (const r of input.recommendations) {
    const c = changesOf(r.schema, r.table);
    const cols = r.columns
      .map(
        (col) =>
          `${quoteIdent(col.name)}${col.subPart !== null && r.kind === 'BTREE' ? `(${col.subPart})` : ''}${col.direction === 'DESC' && caps?.descendingIndexes !== false ? ' DESC' : ''}`,
      )
      .join(', ');
    const invisible = input.createInvisible && caps?.invisibleIndexes && r.kind === 'BTREE' ? ' INVISIBLE' : '';
    const clause = `${r.kind === 'FULLTEXT' ? 'ADD FULLTEXT INDEX' : 'ADD INDEX'} ${quoteIdent(r.name)} (${cols})${invisible}`;
    if (r.kind === 'FULLTEXT' && c.fulltext) {
      c.extraFulltext.push({ rec: r, clause });
      continue;
    }
    if (r.kind === 'FULLTEXT') c.fulltext = true;
    else c.btreeAdds++;
    c.clauses.push(clause);
    c.undo.push(`DROP INDEX ${quoteIdent(r.name)}`);
    c.what.push(`add ${r.name}`);
    c.queries.push(...r.queries);
    c.newBytes += r.sizeBytes ?? 0;
  }
  for (const d of input.drops) {
    const c = changesOf(d.schema, d.table);
    const index = c.table?.indexes.find((i) => i.name === d.index);
    const hide = d.alreadyHidden ? null : hideClauses(hiding, d.index, index);
    if (hide) {
      c.clauses.push(hide.clause);
      c.undo.push(hide.undo);
      c.what.push(`hide ${d.index} (${d.why})`);
      c.later.push({ name: d.index, index });
    } else {
      c.clauses.push(`DROP INDEX ${quoteIdent(d.index)}`);
      c.undo.push(index ? `ADD ${recreate(index)}` : null);
      c.what.push(`drop ${d.index} (${d.why})`);
      c.drops++;
      c.freedBytes += index?.sizeBytes ?? 0;
    }
  }
  const steps: Step[] = [];
  const notes: string[] = [];
  const finals: Step[] = [];
  for (const c of byTable.values()) {
    if (c.clauses.length > 0) {
      const builds = c.btreeAdds > 0 || c.fulltext || c.drops > 0;
      // A FULLTEXT build cannot allow concurrent DML; the first one also rebuilds the table (FTS_DOC_ID).
      const algorithm = c.fulltext ? ', ALGORITHM=INPLACE, LOCK=SHARED' : builds && caps?.onlineAddIndex !== false ? ', ALGORITHM=INPLACE, LOCK=NONE' : '';
      const undoable = c.undo.every((u) => u !== null);
      const undoAlgorithm = (c.drops > 0 || c.btreeAdds > 0 || c.fulltext) && caps?.onlineAddIndex !== false ? ', ALGORITHM=INPLACE, LOCK=NONE' : '';
      const big = isBig(c.table, input.options);
      const online = !c.fulltext && (c.btreeAdds === 0 || caps?.onlineAddIndex !== false) && (c.drops === 0 || caps?.metadataOnlyDropIndex !== false);
      const queries = [...new Set(c.queries)];
      steps.push({
        id: `alter:${c.name}`,
        kind: 'DDL',
        sql: `ALTER TABLE ${c.target} ${c.clauses.join(', ')}${algorithm}`,
        description: `${capitalize(c.what.join('; '))} on ${c.name}${c.clauses.length > 1 ? ', in one pass over the table' : ''}${queries.length > 0 ? ` for ${queries.slice(0, 3).join(', ')}${queries.length > 3 ? ` and ${queries.length - 3} more` : ''}` : ''}.`,
        risk: c.fulltext && c.firstFulltext ? 'high' : c.fulltext || (big && builds) ? 'medium' : 'low',
        estimate: estimateOf(c),
        rollback: undoable ? `ALTER TABLE ${c.target} ${[...c.undo].reverse().join(', ')}${undoAlgorithm}` : null,
      });
      if (big && !online && c.table) notes.push(...onlineToolCommands(c.table, c.clauses.join(', ')));
      else if (big && builds)
        notes.push(
          `${c.name} is large: its ALTER runs online on ${caps?.label ?? 'MySQL 5.6+ and MariaDB 10.0+'} (ALGORITHM=INPLACE, LOCK=NONE; reads and writes go on), so no table copy is needed; a replica applies it after it ends, so expect lag of about the build time.`,
        );
    }
    for (const x of c.extraFulltext) {
      steps.push({
        id: `fulltext:${c.name}.${x.rec.name}`,
        kind: 'DDL',
        sql: `ALTER TABLE ${c.target} ${x.clause}, ALGORITHM=INPLACE, LOCK=SHARED`,
        description: `Add ${x.rec.name} on ${c.name} (a second FULLTEXT index: InnoDB builds one per statement).`,
        risk: 'medium',
        estimate: `writes blocked while it builds; ~${fmtBytes(x.rec.sizeBytes)} new index`,
        rollback: `ALTER TABLE ${c.target} DROP INDEX ${quoteIdent(x.rec.name)}`,
      });
      if (isBig(c.table, input.options) && c.table) notes.push(...onlineToolCommands(c.table, x.clause));
    }
    if (c.later.length > 0) {
      const drop = `ALTER TABLE ${c.target} ${c.later.map((l) => `DROP INDEX ${quoteIdent(l.name)}`).join(', ')}`;
      const names = c.later.map((l) => l.name).join(', ');
      if (input.finalDrops) {
        const known = c.later.every((l) => l.index);
        finals.push({
          id: `drop:${c.name}`,
          kind: 'DDL',
          sql: `${drop}, ALGORITHM=INPLACE, LOCK=NONE`,
          description: `Drop ${names} on ${c.name} after ${c.later.length > 1 ? 'they' : 'it'} stayed hidden without regressions.`,
          risk: 'low',
          estimate: `metadata change; frees ~${fmtBytes(c.later.reduce((s, l) => s + (l.index?.sizeBytes ?? 0), 0) || null)}`,
          rollback: known ? `ALTER TABLE ${c.target} ${c.later.map((l) => `ADD ${recreate(l.index!)}`).join(', ')}, ALGORITHM=INPLACE, LOCK=NONE` : null,
        });
      } else notes.push(`Later, once nothing regressed with ${names} hidden: ${drop};`);
    }
  }
  steps.push(...finals);
  if (!caps) notes.push('Server capabilities unknown (offline advice): DESC keys and invisible/ignored indexes assumed as on MySQL 8+/MariaDB 10.8+.');
  return makePlan({ planner: 'index-advisor', title: `Index changes: ${input.recommendations.length} to add, ${input.drops.length} to remove`, steps, notes });
}

function estimateOf(c: TableChanges): string {
  const lock = c.fulltext
    ? c.firstFulltext
      ? 'rebuilds the table; writes blocked while it runs'
      : 'writes blocked while it builds'
    : c.btreeAdds > 0
      ? 'online build, brief metadata locks at start and end'
      : 'metadata only; instant';
  const parts = [lock];
  if (c.btreeAdds > 0 || c.fulltext) {
    parts.push(`reads ~${fmtRows(c.table?.rows ?? null)} rows once`);
    // The planner re-derives ticked indexes without a size estimate: say nothing rather than "?".
    if (c.newBytes > 0) parts.push(`~${fmtBytes(c.newBytes)} new index`);
  }
  if (c.drops > 0) parts.push(`frees ~${fmtBytes(c.freedBytes || null)}`);
  return parts.join('; ');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The clause hiding an index from the optimizer (reversible), or null where the server cannot (or it is the primary key). */
function hideClauses(
  caps: Pick<AdvisorCapabilities, 'invisibleIndexes' | 'ignoredIndexes'>,
  name: string,
  index: SchemaIndex | undefined,
): { clause: string; undo: string } | null {
  // A primary key can be neither invisible nor ignored.
  if (index?.primary) return null;
  const q = quoteIdent(name);
  if (caps.invisibleIndexes) return { clause: `ALTER INDEX ${q} INVISIBLE`, undo: `ALTER INDEX ${q} VISIBLE` };
  if (caps.ignoredIndexes) return { clause: `ALTER INDEX ${q} IGNORED`, undo: `ALTER INDEX ${q} NOT IGNORED` };
  return null;
}

function recreate(index: SchemaIndex): string {
  const kind = index.kind === 'FULLTEXT' ? 'FULLTEXT INDEX' : index.unique ? 'UNIQUE INDEX' : 'INDEX';
  const cols = index.columns.map((c) => `${quoteIdent(c.name)}${c.subPart ? `(${c.subPart})` : ''}${c.direction === 'DESC' ? ' DESC' : ''}`).join(', ');
  return `${kind} ${quoteIdent(index.name)} (${cols})`;
}

function isBig(table: SchemaTable | null, options: AdvisorOptions): boolean {
  return (table?.dataBytes ?? 0) + (table?.indexBytes ?? 0) >= options.largeTableBytes;
}

/**
 * The same change through pt-online-schema-change and gh-ost (copy-and-swap tools for big tables):
 * a line of advice, then each command alone on its line, shell-quoted to be pasted as is.
 */
function onlineToolCommands(table: SchemaTable, alter: string): string[] {
  const db = table.schema ?? 'DATABASE';
  const lines = [
    `${table.name} is large: consider copying it with pt-online-schema-change (run with --dry-run first, then --execute) or gh-ost (needs binlog_format=ROW):`,
  ];
  try {
    lines.push(shellCommand(['pt-online-schema-change', '--alter', alter, ptDsn({ D: db, t: table.name }), '--dry-run']));
  } catch (err) {
    lines.push(`(no pt-online-schema-change command: ${(err as Error).message})`);
  }
  lines.push(shellCommand(['gh-ost', `--database=${db}`, `--table=${table.name}`, `--alter=${alter}`, '--execute']));
  return lines;
}

function fmtRows(rows: number | null): string {
  return rows === null ? '?' : rows >= 1e6 ? `${(rows / 1e6).toFixed(1)}M` : rows >= 1e3 ? `${(rows / 1e3).toFixed(0)}k` : String(rows);
}

function fmtBytes(b: number | null): string {
  if (b === null) return '? bytes';
  return b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(1)} GiB` : b >= 1024 ** 2 ? `${(b / 1024 ** 2).toFixed(1)} MiB` : `${Math.round(b / 1024)} KiB`;
}
