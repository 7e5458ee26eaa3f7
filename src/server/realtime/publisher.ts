/**
 * Moves committed real-time notices from `case_notices` to NOTIFY (016_case_notices.sql).
 *
 * A step only inserts its notice; NOTIFY inside every step would serialise all commits on
 * PostgreSQL's notify lock. The publisher takes up to BATCH rows at a time (FOR UPDATE SKIP LOCKED,
 * so instances never send the same row twice) and notifies them in one short transaction. It runs
 * shortly after a step on this instance asks (`kickPublishers`) and every POLL_MS in any case, for
 * notices of steps whose commit came after the kick, and of other instances that stopped.
 * Delivery is a hint to reload (docs/scale-out.md), at most a second late.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database';
import { CASE_CHANNEL } from './case-events';

const BATCH = 500;
const POLL_MS = 1_000;
/** After a kick: soon, and once more for a commit that came a little later. */
const KICK_DELAYS_MS = [15, 150];

const publishers = new Set<NoticePublisher>();

/** Called by a step that wrote notices: every publisher of this process looks soon. */
export function kickPublishers(): void {
  for (const p of publishers) p.kick();
}

export class NoticePublisher {
  private poll: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly log: { warn(o: unknown, msg: string): void } = { warn: () => undefined },
  ) {}

  start(): void {
    publishers.add(this);
    this.poll = setInterval(() => void this.flush(), POLL_MS);
    this.poll.unref();
  }

  kick(): void {
    if (this.stopped) return;
    for (const ms of KICK_DELAYS_MS) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        void this.flush();
      }, ms);
      t.unref();
      this.timers.add(t);
    }
  }

  /** Sends what is waiting; a call while one runs makes it go round once more. */
  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.sendBatch()) === BATCH);
        } while (this.again && !this.stopped);
      } catch (err) {
        if (!this.stopped) this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'real-time notices not sent; retrying');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async sendBatch(): Promise<number> {
    const res = await sql<{ n: number }>`
      WITH taken AS (
        DELETE FROM case_notices WHERE id IN (SELECT id FROM case_notices ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING id, payload
      ), sent AS (SELECT pg_notify(${CASE_CHANNEL}, payload) FROM (SELECT id, payload FROM taken ORDER BY id) o)
      SELECT count(*)::int AS n FROM sent`.execute(this.handle.db);
    return Number(res.rows[0]?.n ?? 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    publishers.delete(this);
    if (this.poll) clearInterval(this.poll);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.running;
  }
}
