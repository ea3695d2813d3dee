import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatementSplitter, type SplitItem } from './statement-splitter';

// The same mariadb-dump fixtures as dump-router.test.ts: a table named we`ird holding a ';' value and a
// quoted line break that reads like an INSERT, a trigger and a procedure whose bodies INSERT, a view.
const fixture = (f: string): Buffer => readFileSync(new URL(`./fixtures/${f}`, import.meta.url));
const FIXTURES = ['mariadb-dump.triggers-routines-views.mariadb-10.11.sql', 'mariadb-dump.triggers-routines-views.mysql-9.7.sql'];

/** Splits `data` pushed in chunks of `size` bytes (each chunk its own buffer); the items as text. */
function split(data: Buffer, size: number): { items: string[]; splitter: StatementSplitter } {
  const splitter = new StatementSplitter();
  const items: SplitItem[] = [];
  for (let at = 0; at < data.length; at += size) items.push(...splitter.push(Buffer.from(data.subarray(at, at + size))));
  items.push(...splitter.end());
  return {
    splitter,
    items: items.map((i) => {
      if (i.kind === 'source') return `source ${i.file}`;
      expect(i.parts.reduce((n, p) => n + p.length, 0)).toBe(i.bytes);
      return Buffer.concat(i.parts).toString('utf8');
    }),
  };
}

describe('StatementSplitter on real mariadb-dump output', () => {
  for (const f of FIXTURES)
    it(`${f}: the statements the client sends, the same however the bytes are chunked`, () => {
      const data = fixture(f);
      const { items, splitter } = split(data, data.length);
      expect(splitter.complete).toBe(true);
      // Client commands and comments are not statements.
      expect(items.some((s) => /^(DELIMITER|--)|enable the sandbox mode/m.test(s.trimStart()))).toBe(false);
      // No statement carries its delimiter.
      expect(items.every((s) => !/;\s*$/.test(s))).toBe(true);
      // The trigger is one statement, its body's own `;` inside it, `;;` left out.
      const trigger = items.filter((s) => /TRIGGER `?trg_ai`? /.test(s));
      expect(trigger).toHaveLength(1);
      expect(trigger[0]).toMatch(/NEW\.id\)\);\nEND \n\*\/$/);
      // Every row INSERT of the dump is one statement, the ';' inside its value kept (the trigger's
      // and the procedure's own INSERT lines stay inside their CREATE).
      const inserts = data.toString('utf8').match(/^INSERT INTO `/gm)!.length;
      expect(items.filter((s) => s.startsWith('INSERT INTO ')).length).toBe(inserts);
      expect(items.some((s) => s.startsWith('INSERT INTO `we``ird`') && s.includes(';'))).toBe(true);
      // The session settings come first, one statement each.
      expect(items[0]).toBe('/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */');
      for (const size of [1, 3, 64, 4096]) expect(split(data, size).items).toEqual(items);
    });

  it('passes `source FILE` on as a client command, and knows a statement left open', () => {
    const { items, splitter } = split(
      Buffer.from('SET autocommit=0;\nsource spool/0.sql\nINSERT INTO `t` VALUES\n(1),\n(2);\nCOMMIT;\nINSERT INTO `t` VALUES\n(3),'),
      5,
    );
    expect(items).toEqual(['SET autocommit=0', 'source spool/0.sql', 'INSERT INTO `t` VALUES\n(1),\n(2)', 'COMMIT']);
    expect(splitter.complete).toBe(false);
  });

  it('skips blank statements and keeps a custom delimiter until the next DELIMITER line', () => {
    const { items } = split(Buffer.from(';\n\n  \nDELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END $$\nDELIMITER ;\nSELECT 2 ;  \n'), 7);
    expect(items).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1; END', 'SELECT 2']);
  });
});
