/**
 * Connection-pool advice from what the server saw: the document's sizing (pool_size = cores × 2 +
 * effective disks across the fleet of app instances, max_overflow = pool_size × 1.5, a recycle
 * time under the server's wait_timeout, pre-ping when the server drops idle connections) checked
 * against Max_used_connections, the connected/running history and the aborted counters. Pure;
 * every line carries the formula with the numbers filled in.
 */
import type { DeclaredPool } from '../../../shared/contract/monitor';

/** What the advice reads. */
export interface PoolInput {
  pool: DeclaredPool;
  /** Database host cores (the sizing is about what the server can run at once). */
  cores: number;
  /** Effective disks (spindles; 1 for an SSD volume). */
  disks: number;
  maxConnections: number;
  maxUsedConnections: number;
  waitTimeoutSec: number;
  /** Peaks over the history window (null when no history yet). */
  connectedPeak: number | null;
  runningPeak: number | null;
  abortedClientsPerMin: number | null;
  abortedConnectsPerMin: number | null;
}

/** One advice line. */
export interface PoolAdvice {
  setting: string;
  current: string;
  recommended: string;
  formula: string;
  why: string;
  severity: 'ok' | 'info' | 'warning';
}

/** The advice, pool settings first, then server settings. */
export function advisePool(input: PoolInput): PoolAdvice[] {
  const { pool, cores, disks } = input;
  const out: PoolAdvice[] = [];
  const total = cores * 2 + disks;
  const perInstance = Math.max(1, Math.ceil(total / pool.instances));
  out.push({
    setting: 'pool_size',
    current: String(pool.poolSize),
    recommended: String(perInstance),
    formula: `ceil((cores × 2 + disks) / instances) = ceil((${cores} × 2 + ${disks}) / ${pool.instances}) = ${perInstance}`,
    why:
      input.runningPeak !== null && input.runningPeak > total
        ? `Threads_running peaked at ${input.runningPeak}, above the ${total} the server can run at once: more connections queue inside the server instead of in the pool.`
        : 'Connections beyond what the cores and disks can serve at once only queue inside the server; the pool is the better queue.',
    severity: pool.poolSize > perInstance * 2 ? 'warning' : pool.poolSize === perInstance ? 'ok' : 'info',
  });
  const overflow = Math.ceil(perInstance * 1.5);
  out.push({
    setting: 'max_overflow',
    current: String(pool.maxOverflow),
    recommended: String(overflow),
    formula: `ceil(pool_size × 1.5) = ceil(${perInstance} × 1.5) = ${overflow}`,
    why: 'Burst headroom on top of the steady pool, closed again when idle.',
    severity: pool.maxOverflow > overflow * 2 ? 'warning' : 'ok',
  });
  const recycle = Math.max(60, Math.min(3600, input.waitTimeoutSec - 60));
  const recycleBad = pool.poolRecycleSec < 0 || pool.poolRecycleSec >= input.waitTimeoutSec;
  out.push({
    setting: 'pool_recycle',
    current: pool.poolRecycleSec < 0 ? 'never' : `${pool.poolRecycleSec} s`,
    recommended: `${recycle} s`,
    formula: `min(3600, wait_timeout − 60) = min(3600, ${input.waitTimeoutSec} − 60) = ${recycle}`,
    why: recycleBad
      ? `The server closes connections idle for wait_timeout = ${input.waitTimeoutSec} s; a pool that keeps them longer hands out dead connections ("MySQL server has gone away").`
      : 'Connections are replaced before the server would drop them.',
    severity: recycleBad ? 'warning' : 'ok',
  });
  const aborted = input.abortedClientsPerMin ?? 0;
  out.push({
    setting: 'pool_pre_ping',
    current: pool.prePing ? 'true' : 'false',
    recommended: 'true',
    formula: `Aborted_clients = ${input.abortedClientsPerMin === null ? 'unknown' : `${round(aborted)}/min`}; pool_recycle ${recycleBad ? '≥' : '<'} wait_timeout`,
    why:
      aborted > 0
        ? 'The server is dropping client connections (Aborted_clients rises): a ping before use replaces a dead one instead of failing the request.'
        : 'A cheap check that turns a dropped connection into a reconnect rather than an error.',
    severity: pool.prePing ? 'ok' : aborted > 0 || recycleBad ? 'warning' : 'info',
  });
  const fleet = pool.instances * (pool.poolSize + pool.maxOverflow);
  const needed = Math.ceil(pool.instances * (perInstance + overflow) * 1.1) + 10;
  const neededDeclared = Math.ceil(fleet * 1.1) + 10;
  const tooSmall = fleet > input.maxConnections;
  out.push({
    setting: 'max_connections (server)',
    current: String(input.maxConnections),
    recommended: tooSmall
      ? `${Math.max(needed, input.maxUsedConnections + 10)} with the recommended pools, or ${neededDeclared} to keep the declared ones`
      : String(Math.max(needed, input.maxUsedConnections + 10)),
    formula: `instances × (pool_size + max_overflow) × 1.1 + 10 admin = ${pool.instances} × (${perInstance} + ${overflow}) × 1.1 + 10 = ${needed}; declared: ${pool.instances} × (${pool.poolSize} + ${pool.maxOverflow}) × 1.1 + 10 = ${neededDeclared}; Max_used_connections = ${input.maxUsedConnections}`,
    why: tooSmall
      ? `The declared pools can open ${fleet} connections, more than max_connections = ${input.maxConnections}: at a burst new connections fail with "Too many connections".`
      : 'Room for every pool at full overflow plus administrators.',
    severity: tooSmall ? 'warning' : 'ok',
  });
  if (input.abortedConnectsPerMin !== null && input.abortedConnectsPerMin > 0) {
    out.push({
      setting: 'Aborted_connects (server)',
      current: `${round(input.abortedConnectsPerMin)}/min`,
      recommended: '0',
      formula: 'Δ Aborted_connects per minute over the history window',
      why: 'Failed connection attempts: wrong credentials, max_connections reached or connect_timeout; the pool retries each one.',
      severity: 'warning',
    });
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
