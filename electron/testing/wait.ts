/** Bounded waits for integration tests: nothing in a test waits without a deadline. */

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` every `everyMs` until it returns a value (not null/undefined), or throws
 * "timed out waiting for <what>" after `ms`: a server that never reaches the state fails the test
 * with a reason instead of hanging it.
 */
export async function until<T>(what: string, check: () => Promise<T | null | undefined>, ms = 30_000, everyMs = 300): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
