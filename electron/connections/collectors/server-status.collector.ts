/**
 * Collects what the tuner rules read: variables, global status sampled twice (so rates are
 * current behaviour, not lifetime averages), schema sizes, replication state and whether
 * performance_schema / sys are usable. Read-only; missing privileges become warnings.
 */
import { AppError } from '../../../shared/contract/core';
import type { SqlReader } from '../sql-reader';
import type { SchemaSize, ReplicaChannel, TunerSnapshot } from '../../../shared/contract/tuner';
import { capabilitiesOf } from '../../engines/tuner/capabilities';

/** What the caller provides besides the connection. */
export interface ServerStatusOptions {
  /** Milliseconds between the two status samples (0 allowed: rates then read as unknown). */
  intervalMs: number;
  /** Injectable so tests do not wait; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable clock (ms since epoch). */
  clock?: () => number;
  /** Host RAM in bytes and cores: from os.totalmem()/os.cpus() when local, else typed by the user. */
  host?: { ramBytes: number | null; cores: number | null; source: 'os' | 'user' | 'unknown' };
  /** Bytes of a server file by its path, null when this machine cannot see it; given only for local servers. */
  fileSize?: (path: string) => Promise<number | null>;
}

interface NameValueRow {
  Variable_name?: unknown;
  Value?: unknown;
}

/** SHOW GLOBAL … rows → lower-cased name → string value. */
export function toMap(rows: NameValueRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) {
    if (typeof r.Variable_name !== 'string') continue;
    out[r.Variable_name.toLowerCase()] = r.Value === null || r.Value === undefined ? '' : String(r.Value);
  }
  return out;
}

/** A row value as a number (mysql2 returns BIGINT/DECIMAL sums as strings). */
function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** A row value as a nullable string. */
function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An optional part that failed becomes a warning, unless the connection itself is gone (then the snapshot is). */
function optionalFailed(e: unknown, warnings: string[], what: string): void {
  if (e instanceof AppError && e.code === 'CONNECTION_LOST') throw e;
  warnings.push(`${what}: ${(e as Error).message}`);
}

/** Schema sizes grouped by engine; system schemas are left out of "data size". */
async function readSchemaSizes(reader: SqlReader): Promise<SchemaSize[]> {
  const rows = await reader.query<Record<string, unknown>>(
    `SELECT TABLE_SCHEMA AS s, ENGINE AS e, COUNT(*) AS n,
            COALESCE(SUM(DATA_LENGTH), 0) AS d, COALESCE(SUM(INDEX_LENGTH), 0) AS i
       FROM information_schema.TABLES
      WHERE TABLE_TYPE = 'BASE TABLE'
        AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
      GROUP BY TABLE_SCHEMA, ENGINE
      ORDER BY TABLE_SCHEMA, ENGINE`,
  );
  return rows.map((r) => ({ schema: String(r.s), engine: str(r.e) ?? 'unknown', tables: num(r.n), dataBytes: num(r.d), indexBytes: num(r.i) }));
}

/** "file:position" of a source binlog coordinate, or null when the replica reports none. */
function logPosition(file: unknown, pos: unknown): string | null {
  const f = str(file);
  return f ? `${f}:${String(pos ?? '')}` : null;
}

/** Maps one replica status row, whichever column naming (Source_/Master_) the server uses. */
export function toChannel(r: Record<string, unknown>): ReplicaChannel {
  const behind = r.Seconds_Behind_Source ?? r.Seconds_Behind_Master;
  return {
    channel: str(r.Channel_Name ?? r.Connection_name) ?? '',
    sourceHost: str(r.Source_Host ?? r.Master_Host),
    ioRunning: str(r.Replica_IO_Running ?? r.Slave_IO_Running),
    sqlRunning: str(r.Replica_SQL_Running ?? r.Slave_SQL_Running),
    secondsBehind: behind === null || behind === undefined ? null : num(behind),
    lastError: str(r.Last_Error) || str(r.Last_IO_Error) || str(r.Last_SQL_Error) || null,
    readPosition: logPosition(r.Source_Log_File ?? r.Master_Log_File, r.Read_Source_Log_Pos ?? r.Read_Master_Log_Pos),
    executedPosition: logPosition(r.Relay_Source_Log_File ?? r.Relay_Master_Log_File, r.Exec_Source_Log_Pos ?? r.Exec_Master_Log_Pos),
    receivedGtid: str(r.Gtid_IO_Pos ?? r.Retrieved_Gtid_Set) ?? null,
  };
}

/** One SHOW GLOBAL STATUS read (the monitor samples with this, one read per tick). */
export async function readGlobalStatus(reader: SqlReader): Promise<Record<string, string>> {
  return toMap(await reader.query<NameValueRow>('SHOW GLOBAL STATUS'));
}

/** The replica channels of a server (empty when it is no replica). */
export async function readReplicaChannels(reader: SqlReader, statement: string): Promise<ReplicaChannel[]> {
  return (await reader.query<Record<string, unknown>>(statement)).map(toChannel);
}

/** Collects a TunerSnapshot: variables, two status samples `intervalMs` apart, sizes, replication. */
export async function collectServerStatus(reader: SqlReader, options: ServerStatusOptions): Promise<TunerSnapshot> {
  const sleep = options.sleep ?? defaultSleep;
  const clock = options.clock ?? Date.now;
  const warnings: string[] = [];

  const [ver] = await reader.query<Record<string, unknown>>('SELECT VERSION() AS v, @@version_comment AS c');
  const version = str(ver?.v) ?? '';
  const versionComment = str(ver?.c) ?? '';
  const caps = capabilitiesOf(version, versionComment);

  const variables = toMap(await reader.query<NameValueRow>('SHOW GLOBAL VARIABLES'));

  // The slow log's size beside each status sample, when the file is visible from here.
  const slowLogPath =
    /^(on|1)$/i.test(variables.slow_query_log ?? '') && /file/i.test(variables.log_output ?? 'FILE') ? variables.slow_query_log_file : undefined;
  const logSize = async (): Promise<number | null> => (slowLogPath && options.fileSize ? options.fileSize(slowLogPath) : null);

  const t0 = clock();
  const statusBefore = await readGlobalStatus(reader);
  const logBefore = await logSize();
  if (options.intervalMs > 0) await sleep(options.intervalMs);
  const status = await readGlobalStatus(reader);
  const logAfter = await logSize();
  const t1 = clock();
  // The interval is what actually elapsed between the samples, not what was requested.
  const intervalSeconds = (t1 - t0) / 1000;

  let schemas: SchemaSize[] = [];
  try {
    schemas = await readSchemaSizes(reader);
  } catch (e) {
    optionalFailed(e, warnings, 'schema sizes unavailable');
  }

  const channels: ReplicaChannel[] = [];
  try {
    channels.push(...(await readReplicaChannels(reader, caps.replicaStatusSyntax)));
  } catch (e) {
    optionalFailed(e, warnings, `${caps.replicaStatusSyntax} failed`);
  }

  let sysSchema = false;
  try {
    const rows = await reader.query<Record<string, unknown>>("SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'sys'");
    sysSchema = num(rows[0]?.n) > 0;
  } catch (e) {
    optionalFailed(e, warnings, 'sys schema check failed');
  }
  const performanceSchema = /^(on|1)$/i.test(variables.performance_schema ?? '');

  return {
    capturedAt: new Date(t1).toISOString(),
    server: { version, versionComment },
    host: options.host ?? { ramBytes: null, cores: null, source: 'unknown' },
    variables,
    statusBefore,
    status,
    intervalSeconds,
    uptimeSeconds: num(status.uptime),
    schemas,
    replication: { statement: caps.replicaStatusSyntax, channels },
    features: { performanceSchema, sysSchema },
    slowLogBytes: logBefore !== null && logAfter !== null ? { before: logBefore, after: logAfter } : null,
    warnings,
  };
}
