import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DumpRouter, type RoutedLine } from './dump-router';

// mariadb-dump (10.11 client) of a database with a table named we`ird holding a ';' value and a quoted
// line break that reads like an INSERT, a trigger and a procedure whose bodies INSERT, and a view;
// captured from each development server with the arguments of dumpCommand().
const fixture = (f: string): string[] =>
  readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8')
    .replace(/\n$/, '')
    .split('\n');

function routeAll(lines: readonly string[]): { routed: Array<RoutedLine & { line: string }>; router: DumpRouter } {
  const router = new DumpRouter();
  const routed = lines.map((line) => ({ ...router.route(line.slice(0, 256), line.trimEnd().slice(-16)), line }));
  return { routed, router };
}

/** The INSERT statements, each as its table and text. */
function statements(routed: ReadonlyArray<RoutedLine & { line: string }>): Array<{ table: string; sql: string }> {
  const out: Array<{ table: string; sql: string }> = [];
  let inInsert = false;
  for (const r of routed) {
    if (r.route !== 'data' || !(r.start || inInsert)) continue;
    inInsert = !r.end;
    if (r.start) out.push({ table: r.table!, sql: r.line });
    else out[out.length - 1]!.sql += `\n${r.line}`;
  }
  return out;
}

describe.each(['mariadb-10.11', 'mysql-9.7'])('routing a mariadb-dump of %s for a parallel restore', (server) => {
  const lines = fixture(`mariadb-dump.triggers-routines-views.${server}.sql`);
  const { routed, router } = routeAll(lines);

  it('sends the leading session settings to every connection, and nothing after them', () => {
    const session = routed.filter((r) => r.route === 'session').map((r) => r.line);
    expect(session.filter((l) => l.startsWith('/*!'))).toEqual([
      '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
      '/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;',
      '/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;',
      '/*!40101 SET NAMES utf8mb4 */;',
      '/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;',
      "/*!40103 SET TIME_ZONE='+00:00' */;",
      '/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;',
      '/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;',
      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
      '/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;',
    ]);
    const lastSession = routed.map((r) => r.route).lastIndexOf('session');
    expect(routed.slice(0, lastSession + 1).every((r) => r.route === 'session')).toBe(true);
  });

  it("routes each table's INSERTs whole, the quoted INSERT inside a value staying part of its row", () => {
    const st = statements(routed);
    expect(st.map((s) => s.table)).toEqual(['audit', 'we`ird']);
    expect(st[1]!.sql).toBe(
      ['INSERT INTO `we``ird` VALUES', "(1,'a;b',0x00FF),", "(2,'line1\\nINSERT INTO `x` VALUES (1);',NULL),", '(3,NULL,0x3B);'].join('\n'),
    );
    expect(routed.filter((r) => r.route === 'data' && r.end)).toHaveLength(2);
  });

  it("keeps a trigger with its table's data (after the rows), routines and views after the tables, and drops only the table locks", () => {
    const bodyInserts = routed.filter((r) => r.line.startsWith('INSERT INTO audit'));
    expect(bodyInserts.map((r) => [r.route, r.section, r.table, r.start])).toEqual([
      ['data', 'data', 'we`ird', false],
      ['control', 'after', null, false],
    ]);
    const weird = routed.filter((r) => r.table === 'we`ird').map((r) => r.line);
    expect(weird.indexOf('(3,NULL,0x3B);')).toBeLessThan(weird.findIndex((l) => l.includes('TRIGGER')));
    expect(routed.filter((r) => r.route === 'drop').map((r) => r.line)).toEqual([
      'LOCK TABLES `audit` WRITE;',
      'UNLOCK TABLES;',
      'LOCK TABLES `we``ird` WRITE;',
      'UNLOCK TABLES;',
    ]);
    const at = (prefix: string) => routed.find((r) => r.line.startsWith(prefix))!;
    expect([at('CREATE TABLE `we``ird`').route, at('CREATE TABLE `we``ird`').section]).toEqual(['control', 'structure']);
    expect([at('/*!50001 CREATE VIEW `v_audit` AS SELECT').route, at('/*!50001 CREATE VIEW `v_audit` AS SELECT').section]).toEqual(['control', 'structure']);
    expect(at('/*!50001 VIEW `v_audit` AS select').section).toBe('after');
    expect(at('/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;').section).toBe('after');
    expect(router.complete).toBe(true);
  });

  it('says a dump cut inside an INSERT or a routine is incomplete', () => {
    const inRows = lines.findIndex((l) => l.startsWith("(1,'a;b'"));
    expect(routeAll(lines.slice(0, inRows + 1)).router.complete).toBe(false);
    const inBody = lines.findIndex((l) => l === 'BEGIN' || l.endsWith('FOR EACH ROW BEGIN'));
    expect(routeAll(lines.slice(0, inBody + 1)).router.complete).toBe(false);
  });
});

it('routes the one-line INSERTs of older dump clients', () => {
  const { routed, router } = routeAll([
    '/*!40101 SET NAMES utf8mb4 */;',
    '--',
    '-- Dumping data for table `t`',
    '--',
    'LOCK TABLES `t` WRITE;',
    "INSERT INTO `t` VALUES (1,'x'),(2,'y;');",
    "INSERT INTO `t` VALUES (3,'z');",
    'UNLOCK TABLES;',
  ]);
  expect(routed.map((r) => [r.route, r.table, r.start, r.end])).toEqual([
    ['session', null, false, false],
    ['session', null, false, false],
    ['data', 't', false, false],
    ['data', 't', false, false],
    ['drop', null, false, false],
    ['data', 't', true, true],
    ['data', 't', true, true],
    ['drop', null, false, false],
  ]);
  expect(router.complete).toBe(true);
});
