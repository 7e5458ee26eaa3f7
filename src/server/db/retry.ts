/**
 * PostgreSQL aborts one of two transactions that wait on each other (deadlock, 40P01) or that a
 * serializable snapshot cannot order (40001). Nothing of the aborted one was written, so running it
 * again is safe; on the second try the version check usually tells the caller what happened
 * meanwhile (409 case.stale_version). Found by test/concurrency.test.ts: two cases merged into each
 * other at once lock the same two rows in opposite orders.
 */
const TRANSIENT = new Set(['40P01', '40001']);

export function isTransientConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && TRANSIENT.has(String((err as { code?: unknown }).code));
}

/** Runs `fn` (a whole transaction) again when PostgreSQL aborted it for a transient conflict. */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isTransientConflict(err)) throw err;
      // a short random pause, so the two do not collide again in step
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}
