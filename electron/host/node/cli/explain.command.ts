/**
 * `dbw explain`: analyze a saved EXPLAIN output (any supported format) or a statement (EXPLAINed
 * on --connection), print the findings and the plan tree, or JSON. A statement is also linted.
 */
import { readFileSync } from 'node:fs';
import type { ExplainReport, LintStatement, PlanFinding, LintFinding } from '../../../../shared/contract/explain';
import { collectExplain, collectExplainSchema } from '../../../connections/collectors/explain.collector';
import { MysqlSession } from '../../../connections/mysql-session';
import { buildExplainReport } from '../../../engines/explain/explain-report';
import { binaryReason } from '../../../engines/input/input-kind';
import { detectFormat, MAX_EXPLAIN_CHARS } from '../../../engines/explain/parse-explain';
import { fmtBytes } from '../../../engines/tuner/units';
import { regularFile } from '../../../services/input-file';
import { tablesOf } from '../../../engines/explain/plan-node';
import { renderPlanText } from '../../../engines/explain/render-plan';
import { lintQuery } from '../../../engines/query-lint/lint-query';
import { aliasesOfSql, fromTables, parseSql } from '../../../engines/query-lint/sql-ast';
import type { CliCommand, CliIO } from './command';
import { parseFlags, UsageError, parseConnectionUrl } from './flags';

const usage = `Usage: dbw explain [--connection URL] [--analyze [--confirm-write]] [--param VALUE]... [--json] (FILE | -)

Reads FILE (or stdin with -). If it is EXPLAIN output (MySQL JSON v1/v2, TREE, EXPLAIN ANALYZE,
MariaDB JSON / ANALYZE FORMAT=JSON, tabular grid/tab/\\G, or slow-log "# explain:" lines) it is
analyzed as is. Otherwise it is a statement: it is linted, and with --connection it is EXPLAINed.

  --connection URL   mysql://user:pass@host:port/db: EXPLAIN the statement there, and read the schema
                     (row counts, indexes) of the tables the plan touches
  --analyze          also EXPLAIN ANALYZE / ANALYZE FORMAT=JSON (executes the statement: reads only)
  --confirm-write    allow ANALYZE of a statement that is not a read (the read session still refuses writes)
  --param VALUE      value for the next ? placeholder (repeat in order; digits are sent as numbers)
  --json             print the report (and lint) as JSON

Inputs over 32 MiB, binary files, FIFOs and devices are refused.

Exit codes: 0 analyzed (findings or not), 1 the input could not be parsed or read (binary, too large,
not a file) or EXPLAIN failed, 2 bad usage or connection failure.`;

/** An input refused before it is analyzed: binary, too large, not a regular file (exit code 1). */
class InputRefused extends Error {}

/**
 * Reads a file or all of stdin, up to MAX_EXPLAIN_CHARS bytes (a larger input is refused before
 * it is read, or as soon as stdin passes the limit), and refuses binary data instead of linting it as SQL.
 */
async function readInput(path: string, io: CliIO): Promise<string> {
  const name = path === '-' ? 'standard input' : path;
  const tooLarge = (): InputRefused =>
    new InputRefused(`${name} is larger than ${fmtBytes(MAX_EXPLAIN_CHARS)}: EXPLAIN output and statements are read up to that size`);
  let bytes: Buffer;
  if (path !== '-') {
    let st;
    try {
      st = regularFile(path);
    } catch (e) {
      throw new InputRefused((e as Error).message);
    }
    if (st.size > MAX_EXPLAIN_CHARS) throw tooLarge();
    bytes = readFileSync(path);
  } else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of io.stdin) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += b.length;
      if (size > MAX_EXPLAIN_CHARS) throw tooLarge();
      chunks.push(b);
    }
    bytes = Buffer.concat(chunks);
  }
  const binary = binaryReason(bytes, true);
  if (binary) throw new InputRefused(`${name} looks like ${binary}; give EXPLAIN output or a SQL statement`);
  return bytes.toString('utf8');
}

function findingText(f: PlanFinding | LintFinding): string {
  const where = 'table' in f && f.table ? ` — ${f.table}${f.nodeId ? ` (node ${f.nodeId})` : ''}` : '';
  const lines = [`  [${f.severity}] ${f.title}${where}`, `      ${f.message}`, `      fix: ${f.suggestion}`];
  if ('rewrite' in f && f.rewrite) lines.push('      rewrite:', ...f.rewrite.diff.split('\n').map((l) => `        ${l}`));
  return lines.join('\n');
}

function printText(io: CliIO, report: ExplainReport | null, lint: LintStatement | null, notes: string[]): void {
  const out: string[] = [];
  if (report) {
    const plan = report.primary != null ? report.plans[report.primary] : undefined;
    if (plan) out.push(renderPlanText(plan).trimEnd());
    for (const e of report.errors) out.push(`error: ${e.message}`);
    out.push('', report.findings.length ? `Findings (${report.findings.length}):` : 'No plan findings.');
    out.push(...report.findings.map(findingText));
  }
  if (lint) {
    out.push(
      '',
      lint.parseError
        ? `Lint: statement not parsed: ${lint.parseError}`
        : lint.findings.length
          ? `Lint (${lint.findings.length}):`
          : 'Lint: nothing to report.',
    );
    out.push(...lint.findings.map(findingText));
  }
  for (const n of notes) out.push(`note: ${n}`);
  io.stdout.write(out.join('\n') + '\n');
}

async function main(args: readonly string[], io: CliIO): Promise<number> {
  const f = parseFlags(args, { connection: 'string', analyze: 'boolean', 'confirm-write': 'boolean', param: 'list', json: 'boolean', help: 'boolean' });
  if (f.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (f._.length !== 1) throw new UsageError('Give one FILE, or - for stdin');
  const input = await readInput(f._[0]!, io);
  if (!input.trim()) throw new UsageError('The input is empty');
  const notes: string[] = [];

  if (detectFormat(input) !== null || /^\s*[{[]/.test(input)) {
    let schema = null;
    let report = buildExplainReport([{ text: input }]);
    if (f.connection && report.primary != null) {
      const cfg = parseConnectionUrl(f.connection);
      const session = await openSession(cfg);
      try {
        const names = tablesOf(report.plans[report.primary]!.root).map((t) => t.table!);
        schema = await collectExplainSchema(session, names);
        report = buildExplainReport([{ text: input }], { schema });
      } finally {
        await session.close();
      }
    }
    if (f.json) io.stdout.write(JSON.stringify({ report }, null, 2) + '\n');
    else printText(io, report, null, notes);
    return report.plans.length ? 0 : 1;
  }

  const sql = input.trim().replace(/;\s*$/, '');
  if (!f.connection) {
    const lint = lintQuery(sql);
    notes.push('No --connection: the statement was linted only (give --connection URL to EXPLAIN it).');
    if (f.json) io.stdout.write(JSON.stringify({ report: null, lint }, null, 2) + '\n');
    else printText(io, null, lint, notes);
    return 0;
  }
  const cfg = parseConnectionUrl(f.connection);
  if (!cfg.database) throw new UsageError('--connection needs a database in the URL path (mysql://host/db)');
  const session = await openSession(cfg);
  try {
    const product = session.flavor.product === 'mariadb' ? 'mariadb' : session.flavor.product === 'percona' ? 'percona' : 'mysql';
    const snap = await collectExplain(
      session,
      sql,
      { product, capabilities: session.flavor.capabilities },
      { analyze: f.analyze, confirmWrite: f['confirm-write'], params: (f.param ?? []).map(paramValue) },
    );
    const ast = parseSql(sql, product === 'mariadb' ? 'MariaDB' : 'MySQL').ast;
    const schema = ast
      ? await collectExplainSchema(
          session,
          fromTables(ast).map((t) => t.table),
        )
      : null;
    const report = buildExplainReport(snap.outputs, { schema, aliases: aliasesOfSql(sql) });
    const lint = lintQuery(sql, { schema, dialect: product === 'mariadb' ? 'MariaDB' : 'MySQL' });
    for (const e of snap.errors) notes.push(`${e.statement.slice(0, 40)}…: ${e.message}`);
    if (snap.analyzeSkipped) notes.push(snap.analyzeSkipped);
    if (f.json) io.stdout.write(JSON.stringify({ report, lint, errors: snap.errors, analyzeSkipped: snap.analyzeSkipped }, null, 2) + '\n');
    else printText(io, report, lint, notes);
    return report.plans.length ? 0 : 1;
  } finally {
    await session.close();
  }
}

/** A --param value: digits are sent as a number (LIMIT ? rejects a quoted '20'), anything else as a string. */
function paramValue(v: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

async function openSession(cfg: ReturnType<typeof parseConnectionUrl>): Promise<MysqlSession> {
  try {
    return await MysqlSession.open(cfg);
  } catch (e) {
    throw new ConnectionFailure(`Cannot connect to ${cfg.host}:${cfg.port}: ${(e as Error).message}`);
  }
}

/** A connection that could not be opened (exit code 2, no usage text). */
class ConnectionFailure extends Error {}

/** `dbw explain`. */
export const explainCommand: CliCommand = {
  name: 'explain',
  usage,
  async run(args, io) {
    try {
      return await main(args, io);
    } catch (e) {
      io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      if (e instanceof UsageError) io.stderr.write(`\n${usage}\n`);
      return e instanceof InputRefused ? 1 : 2;
    }
  },
};
