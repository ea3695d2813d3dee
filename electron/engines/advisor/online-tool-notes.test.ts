import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCommandNote, ptDsn, ptDsnValue, shellCommand, shellQuote } from '../../../shared/shell-quote';
import { quoteIdent } from '../../../shared/sql-quote';
import { advise } from './advise';
import { advisorCapabilities } from './capabilities';
import { schemaFromDdl } from './schema-ddl';
import { workloadFromScript } from './workload';

// MySQL 5.5 builds an index with writes blocked: the one B-tree case where a copy tool helps.
const mysql55 = advisorCapabilities('5.5.62', 'MySQL Community Server (GPL)');
const hostile = ['big$(touch pwned)', 'o\'brien `x` and "y"', 'with space; rm -rf pwned', 'a,b=c', 'semi;colon|pipe&amp>out<in', '$HOME*?[x]{a,b}~!#'];
const sandbox = mkdtempSync(join(tmpdir(), 'dbw-shell-notes-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** The notes an advice gives for one big table named `name` in the schema `db`, and the name as the schema holds it. */
function notesFor(db: string, name: string): { notes: string[]; table: string } {
  const ddl = `CREATE TABLE ${quoteIdent(db)}.${quoteIdent(name)} (id INT PRIMARY KEY, owner_id INT, created_at DATETIME);`;
  const schema = schemaFromDdl(ddl);
  const big = { ...schema, tables: schema.tables.map((t) => ({ ...t, rows: 5_000_000, dataBytes: 2 * 1024 ** 3, indexBytes: 0 })) };
  const workload = workloadFromScript(`SELECT * FROM ${quoteIdent(db)}.${quoteIdent(name)} WHERE owner_id = 7 ORDER BY created_at DESC LIMIT 10;`);
  return { notes: advise({ schema: big, workload, capabilities: mysql55 }).plan.notes, table: big.tables[0]!.name };
}

/**
 * Runs a pasted command line in bash with the tool replaced by a function that prints its
 * arguments NUL-separated: what the real tool would have received, without running it.
 */
function argvOf(command: string): string[] {
  execFileSync('bash', ['-n', '-c', command]);
  const tool = command.split(' ')[0]!;
  const out = execFileSync('bash', ['-c', `${tool}() { printf '%s\\0' "$@"; }\n${command}`], {
    cwd: sandbox,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin' },
  });
  return out.split('\0').slice(0, -1);
}

/** Splits a pt DSN the way Percona Toolkit's DSNParser does. */
function ptDsnParts(dsn: string): Record<string, string> {
  return Object.fromEntries(
    dsn.split(/(?<!\\),/).map(
      (p) =>
        p
          .replace(/\\,/g, ',')
          .match(/^(.)=(.*)$/s)!
          .slice(1, 3) as [string, string],
    ),
  );
}

describe('pt-online-schema-change and gh-ost notes', () => {
  for (const name of hostile) {
    it(`pass ${JSON.stringify(name)} as one literal argument and run nothing`, () => {
      const db = 'shop db,1';
      const { notes, table } = notesFor(db, name);
      if (!name.includes('`')) expect(table).toBe(name);
      const pt = notes.find((n) => n.startsWith('pt-online-schema-change '));
      const gh = notes.find((n) => n.startsWith('gh-ost '));
      expect(pt, notes.join('\n')).toBeDefined();
      expect(gh, notes.join('\n')).toBeDefined();
      // Exactly the command lines are offered to copy.
      expect(notes.filter(isCommandNote)).toEqual([pt, gh]);

      const ptArgs = argvOf(pt!);
      expect(ptArgs).toHaveLength(4);
      expect(ptArgs[0]).toBe('--alter');
      expect(ptArgs[1]).toMatch(/^ADD INDEX `idx_.*` \(`owner_id`, `created_at`\)$/);
      expect(ptDsnParts(ptArgs[2]!)).toEqual({ D: db, t: table });
      expect(ptArgs[3]).toBe('--dry-run');

      const ghArgs = argvOf(gh!);
      expect(ghArgs).toEqual([`--database=${db}`, `--table=${table}`, `--alter=${ptArgs[1]}`, '--execute']);

      expect(existsSync(join(sandbox, 'pwned'))).toBe(false);
      expect(existsSync(join(sandbox, 'out'))).toBe(false);
    });
  }

  it('leaves plain names readable', () => {
    const { notes } = notesFor('cowrite', 'documents');
    expect(notes).toContain(
      "pt-online-schema-change --alter 'ADD INDEX `idx_documents_owner_id_created_at` (`owner_id`, `created_at`)' D=cowrite,t=documents --dry-run",
    );
  });
});

describe('shellQuote', () => {
  it('leaves plain words bare and single-quotes everything else', () => {
    expect(shellQuote('documents')).toBe('documents');
    expect(shellQuote('--table=a.b')).toBe('--table=a.b');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('big$(touch pwned)')).toBe("'big$(touch pwned)'");
    expect(shellQuote("o'brien")).toBe("'o'\\''brien'");
    expect(shellQuote('=ls')).toBe("'=ls'");
    expect(shellQuote('~root')).toBe("'~root'");
  });

  it('refuses a NUL, which no program can receive', () => {
    expect(() => shellQuote('a\u0000b')).toThrow(/NUL/);
    expect(() => shellCommand([])).toThrow(/Empty/);
  });
});

describe('ptDsn', () => {
  it('escapes commas in values and refuses what the tools cannot read back', () => {
    expect(ptDsn({ D: 'shop', t: 'a,b=c' })).toBe('D=shop,t=a\\,b=c');
    expect(ptDsnValue('x\\y')).toBe('x\\y');
    expect(() => ptDsnValue('x\\,y')).toThrow(/cannot be written/);
    expect(() => ptDsnValue('x\\')).toThrow(/cannot be written/);
    expect(() => ptDsn({ DB: 'x' })).toThrow(/one letter/);
  });
});
