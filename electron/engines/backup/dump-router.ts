/**
 * Reads a mariadb-dump / mysqldump file line by line and says where each line goes, so the dump
 * can be restored on several connections at once instead of one, table by table as myloader
 * restores mydumper's files: the leading session settings (character set, time zone,
 * UNIQUE_CHECKS=0, FOREIGN_KEY_CHECKS=0, SQL_MODE) go to every connection; a table's data section
 * — its INSERTs, then what follows them up to the next section (ENABLE KEYS, the table's
 * triggers) — runs as one unit on one connection, tables side by side; the table structures run in
 * file order on one connection before their data; what comes after the tables (routines, events,
 * final views, closing settings) runs after every table is loaded. LOCK TABLES / UNLOCK TABLES
 * around a table's data are dropped: the scratch database is private to the restore.
 *
 * The dump's own layout is relied on, as the mariadb client relies on it: an INSERT starts a line
 * and ends at the first line ending in `;` (string values never hold a raw line break: the dump
 * escapes it as `\n`); a line `DELIMITER x` changes the statement delimiter (trigger and routine
 * bodies, whose own INSERT lines stay with their CREATE); section comments such as
 * `-- Dumping data for table \`t\`` say which table's data follows.
 * https://mariadb.com/kb/en/mariadb-dump/
 */

/** Where a line of a dump goes. */
export type DumpLineRoute =
  /** Session settings at the top of the dump: run on every connection before anything else. */
  | 'session'
  /** Table structures (section `structure`), or what follows the tables (section `after`): in file order on one connection. */
  | 'control'
  /** A line of a table's data section (an INSERT, or ENABLE KEYS, a trigger after it): with the rest of that section, on one connection. */
  | 'data'
  /** LOCK TABLES / UNLOCK TABLES around a table's data: not run. */
  | 'drop';

/** The part of the dump a line is in: before the first table, a table's structure, a table's data, or after the tables. */
export type DumpSection = 'header' | 'structure' | 'data' | 'after';

/** A line's route and section; for a line of an INSERT, whether it starts or ends it. */
export interface RoutedLine {
  readonly route: DumpLineRoute;
  readonly section: DumpSection;
  /** The table whose data section holds the line (`data` only). */
  readonly table: string | null;
  /** This line starts an INSERT. */
  readonly start: boolean;
  /** This line ends an INSERT. */
  readonly end: boolean;
}

const SECTION = /^-- (Table structure|Temporary table structure|Temporary view structure|Dumping|Final view structure|Current Database)\b/;
const STRUCTURE = /^-- (Table structure|Temporary table structure|Temporary view structure)\b/;
const DATA_SECTION = /^-- Dumping data for table `((?:[^`]|``)+)`/;
/** A client `DELIMITER x` line (the mariadb client's command): x is the new statement delimiter. */
export const DELIMITER_LINE = /^DELIMITER\s+(\S+)\s*$/i;
const LOCK = /^(LOCK TABLES `(?:[^`]|``)+` WRITE|UNLOCK TABLES);\s*$/;
const INSERT = /^INSERT INTO `/;

/**
 * Routes the lines of one dump, in order. Feed it each line without its line break (`head`: the
 * start of the line, a few hundred characters are enough; `tail`: the line's last non-blank
 * characters), and it answers where the line goes.
 */
export class DumpRouter {
  private section: DumpSection = 'header';
  private delimiter = ';';
  private dataTable: string | null = null;
  private inRows = false;
  private atStatementStart = true;

  /** Where the line whose start is `head` and whose trimmed end is `tail` goes. */
  route(head: string, tail: string): RoutedLine {
    if (this.inRows) {
      const end = tail.endsWith(';');
      if (end) this.inRows = false;
      return this.line('data', false, end);
    }
    const comment = this.atStatementStart && (head.startsWith('-- ') || head === '--');
    if (this.section === 'header') {
      // `/*M!999999\- enable the sandbox mode */`: a command to the client, not a statement.
      if (this.atStatementStart && head.startsWith('/*') && tail.endsWith('*/')) return this.line('session', false, false);
      const setting = this.atStatementStart && head.startsWith('/*') && tail.endsWith('*/;');
      if (((tail === '' || comment) && !SECTION.test(head)) || setting) return this.other('session', head, tail);
      this.section = 'after';
    }
    if (this.atStatementStart && this.delimiter === ';') {
      if (head.startsWith('-- ') && SECTION.test(head)) {
        const data = DATA_SECTION.exec(head);
        this.dataTable = data ? data[1]!.replace(/``/g, '`') : null;
        this.section = data ? 'data' : STRUCTURE.test(head) ? 'structure' : 'after';
        return this.line(this.section === 'data' ? 'data' : 'control', false, false);
      }
      if (this.dataTable !== null && LOCK.test(head)) return this.line('drop', false, false);
      if (this.dataTable !== null && INSERT.test(head)) {
        const end = tail.endsWith(';');
        this.inRows = !end;
        return this.line('data', true, end);
      }
    }
    if (this.atStatementStart) {
      const d = DELIMITER_LINE.exec(head);
      if (d) {
        this.delimiter = d[1]!;
        return this.line(this.dataTable !== null ? 'data' : 'control', false, false);
      }
    }
    return this.other(this.dataTable !== null ? 'data' : 'control', head, tail);
  }

  /** Whether the next line continues an INSERT (a row line: it goes where the INSERT's first line went). */
  get inInsert(): boolean {
    return this.inRows;
  }

  /** Whether the dump ended between statements (the last statement was complete). */
  get complete(): boolean {
    return !this.inRows && this.atStatementStart && this.delimiter === ';';
  }

  private line(route: DumpLineRoute, start: boolean, end: boolean): RoutedLine {
    return { route, section: this.section, table: route === 'data' ? this.dataTable : null, start, end };
  }

  private other(route: DumpLineRoute, head: string, tail: string): RoutedLine {
    if (tail !== '' && !(this.atStatementStart && (head.startsWith('-- ') || head === '--'))) this.atStatementStart = tail.endsWith(this.delimiter);
    return this.line(route, false, false);
  }
}
