import { describe, expect, it } from 'vitest';
import { buildLockTree, type WaitEdge } from './lock-tree';

const edge = (waiting: number, blocking: number, waitSec = 3): WaitEdge => ({
  waitingThread: waiting,
  waitingQuery: `UPDATE t SET v = ${waiting}`,
  waitSec,
  blockingThread: blocking,
  blockingQuery: null,
  lockedTable: 'db.t',
});

describe('buildLockTree', () => {
  it('roots the tree at the blocker that waits on nobody, with chained waiters below', () => {
    // 12 waits on 11, which waits on 10; 13 waits on 10 directly; 10 holds the locks.
    const tree = buildLockTree([edge(11, 10), edge(12, 11), edge(13, 10)]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.thread).toBe(10);
    expect(tree[0]!.waitSec).toBeNull();
    expect(tree[0]!.waiters.map((w) => w.thread)).toEqual([11, 13]);
    expect(tree[0]!.waiters[0]!.waiters.map((w) => w.thread)).toEqual([12]);
  });

  it('puts the root with most sessions behind it first and shows a waiter once per blocker', () => {
    const tree = buildLockTree([edge(2, 1), edge(4, 3), edge(5, 3), edge(5, 3)]);
    expect(tree.map((n) => n.thread)).toEqual([3, 1]);
    expect(tree[0]!.waiters.map((w) => w.thread)).toEqual([4, 5]);
  });

  it('terminates on a cycle InnoDB has not broken yet', () => {
    const tree = buildLockTree([edge(1, 2), edge(2, 1)]);
    expect(tree[0]!.thread).toBe(1);
    expect(tree[0]!.waiters[0]!.thread).toBe(2);
    expect(tree[0]!.waiters[0]!.waiters[0]!.waiters).toEqual([]);
  });

  it('is empty without waits', () => {
    expect(buildLockTree([])).toEqual([]);
  });
});
