/**
 * Support end dates per release series, with the page each date comes from. Update when a
 * vendor publishes a new series; the version rule compares against a `now` it is given.
 * MySQL: https://www.oracle.com/us/support/library/lifetime-support-technology-069183.pdf and
 * https://dev.mysql.com/doc/refman/9.7/en/mysql-releases.html (LTS: 5 years premier + 3 extended).
 * MariaDB: https://mariadb.org/about/#maintenance-policy
 */
import type { Family as Flavor } from '../flavor/flavor';

/** One release series. */
export interface ReleaseSeries {
  readonly flavor: Flavor;
  readonly series: string;
  readonly kind: 'lts' | 'innovation' | 'short-term' | 'legacy';
  /** ISO date after which the vendor ships no more fixes. */
  readonly endOfLife: string;
  readonly docUrl: string;
}

const MYSQL_POLICY = 'https://dev.mysql.com/doc/refman/9.7/en/mysql-releases.html';
const MARIADB_POLICY = 'https://mariadb.org/about/#maintenance-policy';

/** The release table. */
export const releaseSeries: readonly ReleaseSeries[] = [
  { flavor: 'mysql', series: '5.7', kind: 'legacy', endOfLife: '2023-10-31', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '8.0', kind: 'legacy', endOfLife: '2026-04-30', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '8.4', kind: 'lts', endOfLife: '2032-04-30', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '9.0', kind: 'innovation', endOfLife: '2024-10-15', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '9.1', kind: 'innovation', endOfLife: '2025-01-21', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '9.2', kind: 'innovation', endOfLife: '2025-04-15', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '9.3', kind: 'innovation', endOfLife: '2025-07-22', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '9.4', kind: 'innovation', endOfLife: '2025-10-21', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '9.5', kind: 'innovation', endOfLife: '2026-01-20', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '9.6', kind: 'innovation', endOfLife: '2026-04-21', docUrl: MYSQL_POLICY },
  { flavor: 'mysql', series: '9.7', kind: 'lts', endOfLife: '2034-04-21', docUrl: MYSQL_POLICY },
  { flavor: 'mariadb', series: '10.4', kind: 'legacy', endOfLife: '2024-06-18', docUrl: MARIADB_POLICY },
  { flavor: 'mariadb', series: '10.5', kind: 'legacy', endOfLife: '2025-06-24', docUrl: MARIADB_POLICY },
  { flavor: 'mariadb', series: '10.6', kind: 'lts', endOfLife: '2026-07-06', docUrl: MARIADB_POLICY },
  { flavor: 'mariadb', series: '10.11', kind: 'lts', endOfLife: '2028-02-16', docUrl: MARIADB_POLICY },
  { flavor: 'mariadb', series: '11.4', kind: 'lts', endOfLife: '2029-05-29', docUrl: MARIADB_POLICY },
];

/** The series entry for a flavor and "major.minor", if known. */
export function findSeries(flavor: Flavor, series: string): ReleaseSeries | undefined {
  return releaseSeries.find((r) => r.flavor === flavor && r.series === series);
}
