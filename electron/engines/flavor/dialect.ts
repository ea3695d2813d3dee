/**
 * The one dialect object: what a MySQL-family server of a given product and version speaks and
 * can do, in one place. The capability map (`featuresFor`) plus what the other engines used to
 * decide each in their own words: which parser grammar reads its SQL (sql-parse), how to ask it
 * for a plan (explain, advisor verify), which option catalog lints its my.cnf (config-lint), and
 * where its manual is. Tuner, advisor, config-lint, explain and sql-parse read this object; none
 * of them compares version strings or spells "MySQL or MariaDB" again.
 * https://dev.mysql.com/doc/refman/8.4/en/explain.html  https://mariadb.com/kb/en/explain/
 */
import type { Flavor } from '../../../shared/contract/connections';
import { compareVersion, contractCapabilities, detectProduct, featuresFor, parseTriple, type Family, type ServerFeatures, type SqlProduct } from './flavor';

/** The server releases whose option-file catalog the linter carries. */
export type LintTarget = 'mysql-8.4' | 'mysql-9.7' | 'mariadb-10.11';

/** What a server speaks and can do (capabilities inherited from the feature map). */
export interface Dialect extends ServerFeatures {
  readonly product: SqlProduct;
  readonly version: readonly [number, number, number];
  /** "10.11", "9.7": the release series. */
  readonly series: string;
  /** "MariaDB 10.11", "MySQL 9.7". */
  readonly label: string;
  /** The manual of this release. */
  readonly docsUrl: string;
  /** The node-sql-parser grammar that reads this server's SQL. */
  readonly parserGrammar: Family;
  /**
   * EXPLAIN prefixes: the tabular one (MySQL 8.3+ may default explain_format to TREE), JSON, the
   * iterator tree (MySQL only), the measuring one, and the tabular one with the partitions column
   * (null where the server has none).
   */
  readonly explain: {
    readonly traditional: string;
    readonly json: string;
    readonly tree: string | null;
    readonly analyze: string | null;
    readonly partitions: string;
  };
  /** The option-file catalog closest to this release (MariaDB → 10.11, MySQL 9.x → 9.7, earlier → 8.4). */
  readonly lintTarget: LintTarget;
}

/** The dialect of a server of a given product and version triple. */
export function dialectFor(product: SqlProduct, v: readonly number[]): Dialect {
  const f = featuresFor(product, v);
  const [major, minor, patch] = [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0];
  const name = product === 'mariadb' ? 'MariaDB' : product === 'percona' ? 'Percona Server' : 'MySQL';
  const docsUrl =
    product === 'mariadb'
      ? 'https://mariadb.com/kb/en/documentation/'
      : product === 'percona'
        ? `https://docs.percona.com/percona-server/${major}.${minor}/`
        : `https://dev.mysql.com/doc/refman/${major}.${minor}/en/`;
  const analyze = analyzePrefix(f.explainAnalyze);
  const traditional = f.family === 'mariadb' ? 'EXPLAIN' : 'EXPLAIN FORMAT=TRADITIONAL';
  return {
    ...f,
    product,
    version: [major, minor, patch],
    series: `${major}.${minor}`,
    label: `${name} ${major}.${minor}`,
    docsUrl,
    parserGrammar: f.family,
    // MariaDB's EXPLAIN is tabular already; MySQL 8.3+ may default to TREE (explain_format).
    // MySQL 5.7+ always shows the partitions column; MariaDB asks for it with EXPLAIN PARTITIONS.
    explain: {
      traditional,
      json: 'EXPLAIN FORMAT=JSON',
      // The iterator tree arrived in MySQL 8.0.16.
      tree: f.family === 'mysql' && compareVersion(v, [8, 0, 16]) >= 0 ? 'EXPLAIN FORMAT=TREE' : null,
      analyze,
      partitions: f.family === 'mariadb' ? 'EXPLAIN PARTITIONS' : traditional,
    },
    lintTarget: f.family === 'mariadb' ? 'mariadb-10.11' : major >= 9 ? 'mysql-9.7' : 'mysql-8.4',
  };
}

/** The statement prefix that runs and measures a query: MySQL's tree, MariaDB's ANALYZE, or none. */
export function analyzePrefix(kind: ServerFeatures['explainAnalyze']): string | null {
  return kind === 'mysql-tree' ? 'EXPLAIN ANALYZE' : kind === 'mariadb-analyze' ? 'ANALYZE FORMAT=JSON' : null;
}

/** The dialect of a connected server, from the flavor its session detected. */
export function dialectOfFlavor(flavor: Pick<Flavor, 'version' | 'versionComment'>): Dialect {
  return dialectOf(flavor.version, flavor.versionComment);
}

/** The dialect straight from `VERSION()` and `@@version_comment`. */
export function dialectOf(version: string, versionComment = ''): Dialect {
  return dialectFor(detectProduct(version, versionComment), parseTriple(version.trim()));
}

/** The dialect of a release named as the CLI's `--flavor` names it (`mariadb-10.11`, `mysql-8.4`, `mysql-9.7`). */
export function dialectForTarget(target: string): Dialect {
  const m = /^(mysql|mariadb|percona)-(\d+)\.(\d+)$/.exec(target);
  if (!m) throw new Error(`Unknown flavor ${target}: use mariadb-10.11, mysql-8.4 or mysql-9.7`);
  return dialectFor(m[1] as SqlProduct, [Number(m[2]), Number(m[3]), 0]);
}

/** The connection's flavor (what the contract sends the renderer) from `SELECT VERSION(), @@version_comment`. */
export function detectSqlFlavor(version: string, versionComment: string): Flavor {
  const d = dialectOf(version, versionComment);
  const [major, minor, patch] = d.version;
  return { product: d.product, version, versionComment, major, minor, patch, label: d.label, docsUrl: d.docsUrl, capabilities: contractCapabilities(d) };
}
