/**
 * What converting a table to partitions costs: `ALTER TABLE … PARTITION BY` copies every row into
 * a new table (ALGORITHM=COPY; writes are blocked for the whole copy on MySQL, and on MariaDB
 * unless it can run with LOCK=NONE), so the estimate comes from the table's size and the rate the
 * server read it at; past a size the DBA runs pt-online-schema-change (both) or gh-ost (MySQL)
 * instead. https://docs.percona.com/percona-toolkit/pt-online-schema-change.html,
 * https://github.com/github/gh-ost/blob/master/doc/command-line-flags.md
 */
import type { Family } from '../flavor/flavor';

/** Tables above this many bytes get an online schema change tool instead of a locking ALTER. */
export const ONLINE_CHANGE_BYTES = 1024 ** 3;

/**
 * A copy writes what it reads plus every index. bench/partitions (RESULTS.md) timed the ALTER of a
 * 23 MB, 64 000-row table against the planner's timed sample read: 2.8× on MySQL 9.7, 12.6× on
 * MariaDB 10.11. The estimate is that range, not one number.
 */
export const COPY_OVER_READ: readonly [number, number] = [3, 13];

/** A plain-words estimate of the copy. */
export function conversionEstimate(input: { bytes: number; rows: number; readBytesPerMs: number | null; family: Family }): {
  text: string;
  seconds: readonly [number, number] | null;
  big: boolean;
} {
  const big = input.bytes > ONLINE_CHANGE_BYTES;
  const read = input.readBytesPerMs && input.readBytesPerMs > 0 ? input.bytes / input.readBytesPerMs / 1000 : null;
  const seconds = read === null ? null : ([read * COPY_OVER_READ[0], read * COPY_OVER_READ[1]] as const);
  const size = `${(input.bytes / 1024 ** 2).toFixed(1)} MB, ~${input.rows.toLocaleString('en-US')} rows`;
  const sec = (x: number): string => (x < 1 ? '<1' : String(Math.ceil(x)));
  const time =
    seconds === null
      ? 'copy time unknown (the table could not be read)'
      : `copy ~${sec(seconds[0])}-${sec(seconds[1])} s (${COPY_OVER_READ[0]}-${COPY_OVER_READ[1]}x the read rate just measured)`;
  const lock = input.family === 'mysql' ? 'writes blocked for the whole copy (ALGORITHM=COPY, shared lock)' : 'writes blocked for the copy (ALGORITHM=COPY)';
  return { text: `full table copy: ${size}; ${time}; ${lock}${big ? '; use the online schema change command in the notes instead' : ''}`, seconds, big };
}

/** The exact command lines that run the same change online, for the DBA to run. */
export function onlineSchemaChangeCommands(input: { host: string; port: number; schema: string; table: string; alter: string; family: Family }): string[] {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const alter = input.alter.replace(/\s+/g, ' ').trim();
  const out = [
    `Online alternative (pt-online-schema-change): pt-online-schema-change --alter ${q(alter)} D=${input.schema},t=${input.table},h=${input.host},P=${input.port} --dry-run  # then --execute`,
  ];
  if (input.family === 'mysql')
    out.push(
      `Online alternative (gh-ost, row-based binlog): gh-ost --host=${input.host} --port=${input.port} --database=${q(input.schema)} --table=${q(input.table)} --alter=${q(alter)} --allow-on-master  # add --execute to run`,
    );
  return out;
}
