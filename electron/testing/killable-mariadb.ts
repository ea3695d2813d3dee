/**
 * A throw-away MariaDB that a test may SIGKILL: started by scripts/sandbox/mariadb.sh on its own
 * port in its own temporary folder (never the shared sandbox servers), killed through its pid file
 * the way a crash or an OOM kill ends a server, restarted on the same data, purged at the end.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths';
import type { TestServer } from './servers';

const run = promisify(execFile);
const script = join(repoRoot, 'scripts', 'sandbox', 'mariadb.sh');

/** A MariaDB the test owns. */
export interface KillableMariadb {
  readonly server: TestServer;
  /** SIGKILLs mysqld (no shutdown, no goodbye packet: sockets close as the kernel reaps it); resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same data folder (after a kill, InnoDB recovers first). */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  purge(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Starts a MariaDB on 127.0.0.1:`port` in a fresh folder under `DBW_SANDBOX_DIR` (or the system temp dir). */
export async function startKillableMariadb(port: number): Promise<KillableMariadb> {
  const parent = process.env.DBW_SANDBOX_DIR ?? tmpdir();
  const dir = mkdtempSync(join(parent, `dbw-killable-${port}-`));
  const env = { ...process.env, DBW_MARIADB_PORT: String(port), DBW_SANDBOX_DIR: dir };
  const start = () => run('bash', [script, 'start'], { env, timeout: 120_000 });
  await start();
  const pidFile = join(dir, `mariadb-${port}`, 'mysqld.pid');
  return {
    server: { label: `MariaDB (killable, :${port})`, host: '127.0.0.1', port, user: 'root', password: '' },
    async kill() {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      // Gone, or a zombie nobody reaped yet: either way its sockets are closed. The pid file goes
      // too, so the start script does not take a zombie for a running server.
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
      rmSync(pidFile, { force: true });
    },
    async restart() {
      await start();
    },
    async purge() {
      await run('bash', [script, 'stop'], { env, timeout: 60_000 }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
