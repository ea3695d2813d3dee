/**
 * Builds the lock-wait tree from pairwise waits: who waits on whom, rooted at the sessions that
 * block others without waiting themselves (the root blockers, the ones worth killing). Pure.
 */
import type { LockNode } from '../../../shared/contract/monitor';

/** The fields of a lock wait the tree needs. */
export interface WaitEdge {
  waitingThread: number;
  waitingQuery: string | null;
  waitSec: number;
  blockingThread: number;
  blockingQuery: string | null;
  lockedTable: string | null;
}

/** Roots first by how many sessions wait behind them, then by thread id. */
export function buildLockTree(waits: readonly WaitEdge[]): LockNode[] {
  const waitersOf = new Map<number, WaitEdge[]>();
  const waiting = new Set<number>();
  const queryOf = new Map<number, string | null>();
  for (const w of waits) {
    if (!waitersOf.has(w.blockingThread)) waitersOf.set(w.blockingThread, []);
    const list = waitersOf.get(w.blockingThread)!;
    // One waiter can wait on the same blocker for several locks; show it once.
    if (!list.some((x) => x.waitingThread === w.waitingThread)) list.push(w);
    waiting.add(w.waitingThread);
    queryOf.set(w.waitingThread, w.waitingQuery);
    if (!queryOf.has(w.blockingThread) || queryOf.get(w.blockingThread) === null) queryOf.set(w.blockingThread, w.blockingQuery);
  }
  const build = (thread: number, edge: WaitEdge | null, path: Set<number>): LockNode => {
    const children = path.has(thread) ? [] : (waitersOf.get(thread) ?? []);
    const nextPath = new Set(path).add(thread);
    return {
      thread,
      query: queryOf.get(thread) ?? null,
      waitSec: edge ? edge.waitSec : null,
      lockedTable: edge ? edge.lockedTable : null,
      waiters: children.map((c) => build(c.waitingThread, c, nextPath)).sort((a, b) => a.thread - b.thread),
    };
  };
  let roots = [...waitersOf.keys()].filter((t) => !waiting.has(t));
  // Every blocker also waits (a cycle InnoDB has not broken yet): start from the lowest thread.
  if (roots.length === 0 && waitersOf.size > 0) roots = [Math.min(...waitersOf.keys())];
  const count = (n: LockNode): number => n.waiters.reduce((a, c) => a + 1 + count(c), 0);
  return roots.map((t) => build(t, null, new Set())).sort((a, b) => count(b) - count(a) || a.thread - b.thread);
}
