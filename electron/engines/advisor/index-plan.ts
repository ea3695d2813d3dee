/**
 * Index plans: new secondary indexes built online (`ALGORITHM=INPLACE, LOCK=NONE`), drops made
 * reversible first (INVISIBLE on MySQL 8+, IGNORED on MariaDB 10.6+) with the real DROP as a
 * later step, and pt-online-schema-change / gh-ost equivalents in the notes for big tables.
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

/** Builds the index plan (pure). */
export function buildIndexPlan(input: IndexPlanInput): Plan {
  const find = tableIndex(input.schema);
  const caps = input.capabilities;
  const steps: Step[] = [];
  const notes: string[] = [];
  const fulltextSeen = new Set<string>();
  for (const r of input.recommendations) {
    const table = find(r.table) ?? null;
    const target = quoteQualified(r.schema ?? table?.schema, r.table);
    const cols = r.columns
      .map(
        (c) =>
          `${quoteIdent(c.name)}${c.subPart !== null && r.kind === 'BTREE' ? `(${c.subPart})` : ''}${c.direction === 'DESC' && caps?.descendingIndexes !== false ? ' DESC' : ''}`,
      )
      .join(', ');
    const firstFulltext = r.kind === 'FULLTEXT' && !fulltextSeen.has(r.table) && !(table?.indexes.some((i) => i.kind === 'FULLTEXT') ?? false);
    if (r.kind === 'FULLTEXT') fulltextSeen.add(r.table);
    // The first FULLTEXT index rebuilds an InnoDB table (FTS_DOC_ID) and cannot allow concurrent DML.
    const online = r.kind === 'FULLTEXT' ? 'ALGORITHM=INPLACE, LOCK=SHARED' : 'ALGORITHM=INPLACE, LOCK=NONE';
    const invisible = input.createInvisible && caps?.invisibleIndexes && r.kind === 'BTREE' ? ' INVISIBLE' : '';
    const add = `${r.kind === 'FULLTEXT' ? 'ADD FULLTEXT INDEX' : 'ADD INDEX'} ${quoteIdent(r.name)} (${cols})${invisible}`;
    const big = isBig(table, input.options);
    steps.push({
      id: `add:${r.table}.${r.name}`,
      kind: 'DDL',
      sql: `ALTER TABLE ${target} ${add}, ${online}`,
      description: `Add ${r.name} on ${r.table} for ${r.queries.slice(0, 3).join(', ')}${r.queries.length > 3 ? ` and ${r.queries.length - 3} more` : ''}.`,
      risk: firstFulltext || big ? 'high' : r.kind === 'FULLTEXT' ? 'medium' : 'low',
      estimate: `${firstFulltext ? 'rebuilds the table; writes blocked while it runs' : r.kind === 'FULLTEXT' ? 'writes blocked while it builds' : 'online build, brief metadata locks at start and end'}; reads ~${fmtRows(table?.rows ?? null)} rows, ~${fmtBytes(r.sizeBytes)} new index`,
      rollback: `ALTER TABLE ${target} DROP INDEX ${quoteIdent(r.name)}`,
    });
    if (big && table) notes.push(...onlineToolCommands(table, add));
  }
  for (const d of input.drops) {
    const table = find(d.table) ?? null;
    const index = table?.indexes.find((i) => i.name === d.index);
    const target = quoteQualified(d.schema ?? table?.schema, d.table);
    const hide = hideStatements(caps, target, d.index, index);
    if (hide)
      steps.push({
        id: `hide:${d.table}.${d.index}`,
        kind: 'DDL',
        sql: hide.sql,
        description: `Hide ${d.index} from the optimizer (reversible) before dropping it: ${d.why}`,
        risk: 'low',
        estimate: 'metadata only; instant',
        rollback: hide.undo,
      });
    const drop = `ALTER TABLE ${target} DROP INDEX ${quoteIdent(d.index)}`;
    if (!hide || input.finalDrops) {
      steps.push({
        id: `drop:${d.table}.${d.index}`,
        kind: 'DDL',
        sql: `${drop}, ALGORITHM=INPLACE, LOCK=NONE`,
        description: `Drop ${d.index}${hide ? ' after it stayed hidden without regressions' : ''}: ${d.why}`,
        risk: hide ? 'low' : 'medium',
        estimate: `metadata change; frees ~${fmtBytes(index?.sizeBytes ?? null)}`,
        rollback: index ? `ALTER TABLE ${target} ADD ${recreate(index)}, ALGORITHM=INPLACE, LOCK=NONE` : null,
      });
    } else notes.push(`Later, once nothing regressed with ${d.index} hidden: ${drop};`);
    if (table && isBig(table, input.options)) notes.push(...onlineToolCommands(table, `DROP INDEX ${quoteIdent(d.index)}`));
  }
  if (!caps) notes.push('Server capabilities unknown (offline advice): DESC keys and invisible/ignored indexes assumed as on MySQL 8+/MariaDB 10.8+.');
  return makePlan({ planner: 'index-advisor', title: `Index changes: ${input.recommendations.length} to add, ${input.drops.length} to remove`, steps, notes });
}

function hideStatements(caps: AdvisorCapabilities | null, target: string, name: string, index: SchemaIndex | undefined): { sql: string; undo: string } | null {
  // A primary key can be neither invisible nor ignored.
  if (index?.primary) return null;
  const q = quoteIdent(name);
  if (caps?.invisibleIndexes) return { sql: `ALTER TABLE ${target} ALTER INDEX ${q} INVISIBLE`, undo: `ALTER TABLE ${target} ALTER INDEX ${q} VISIBLE` };
  if (caps?.ignoredIndexes) return { sql: `ALTER TABLE ${target} ALTER INDEX ${q} IGNORED`, undo: `ALTER TABLE ${target} ALTER INDEX ${q} NOT IGNORED` };
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
