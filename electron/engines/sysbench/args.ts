/**
 * sysbench's command lines and option file, and the size a prepare will take. Pure. The scratch
 * account's password goes in a `--config-file` (sysbench reads `option=value` lines from it), so
 * it never appears on the command line other users of the machine can read.
 */
import { AppError } from '../../../shared/contract/core';
import type { SysbenchSpec } from '../../../shared/contract/sysbench';
import type { ToolCommand } from '../backup/tool-args';

/** Where sysbench connects, as whom, and the file holding the password. */
export interface SysbenchEndpoint {
  readonly host: string;
  readonly port: number;
  /** The connection's Unix socket, when it uses one (empty otherwise). */
  readonly socket?: string;
  readonly user: string;
  readonly database: string;
  readonly configFile: string;
}

/** The `--config-file` text: only the password, which is all that must stay off the command line. */
export function sysbenchConfigText(password: string): string {
  if (/[\r\n]/.test(password)) throw new AppError('BAD_INPUT', 'A password with a line break cannot be written to an option file');
  return `mysql-password=${password}\n`;
}

/** `sysbench <workload> … prepare|run|cleanup`. */
export function sysbenchCommand(e: SysbenchEndpoint, spec: SysbenchSpec, phase: 'prepare' | 'run' | 'cleanup'): ToolCommand {
  const args = [
    spec.workload,
    `--config-file=${e.configFile}`,
    '--db-driver=mysql',
    // libmariadb takes "localhost" as its default Unix socket, which may be another server than the
    // connection's port: sysbench goes where the app's own sessions go (the socket given, or TCP).
    ...(e.socket
      ? ['--mysql-host=localhost', `--mysql-socket=${e.socket}`]
      : [`--mysql-host=${e.host === 'localhost' ? '127.0.0.1' : e.host}`, `--mysql-port=${e.port}`]),
    `--mysql-user=${e.user}`,
    `--mysql-db=${e.database}`,
    `--tables=${spec.tables}`,
    `--table-size=${spec.tableSize}`,
  ];
  if (phase === 'run') {
    args.push(
      `--threads=${spec.threads}`,
      `--time=${spec.timeSec}`,
      `--rate=${spec.rate}`,
      '--events=0',
      '--report-interval=1',
      '--histogram=on',
      '--percentile=95',
    );
  }
  args.push(phase);
  return { program: 'sysbench', args };
}

/**
 * Bytes sysbench's prepare writes, estimated at 280 bytes a row (an INT id, an INT k, CHAR(120) c
 * and CHAR(60) pad with InnoDB's row header and page fill, plus the index on k): measured on both
 * servers for a 10,000-row table (2.64 MB data + 0.16 MB index), and at least two pages a table.
 */
export function estimatePreparedBytes(spec: Pick<SysbenchSpec, 'tables' | 'tableSize'>): number {
  return spec.tables * Math.max(16_384 * 2, spec.tableSize * 280);
}

/** The first lines sysbench marks FATAL (it prints its errors on standard output), for a typed error. */
export function sysbenchFailure(stdout: string): string | null {
  const fatal = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^FATAL:/.test(l))
    .map((l) => l.replace(/^FATAL:\s*/, ''));
  return fatal.length ? fatal.slice(0, 4).join(' | ') : null;
}
