/**
 * Sends what the outbox holds (issue #4 §5). Each pass reclaims messages whose sending lease ran out
 * (a process that died mid-send), claims due messages with FOR UPDATE SKIP LOCKED, sends them
 * outside any transaction, and records the result: sent; failed for good; or pending again with
 * exponential backoff. The outbox id travels to the provider as an idempotency key, so the one
 * case that can repeat a send — a crash after the provider accepted but before `sent` was written —
 * is recognisable there.
 */
import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { MessageSender } from './senders';
import { PermanentSendError } from './senders';

export interface OutboxDeps {
  db: Database;
  /** `http` (webhooks, transfers) needs the database for its credentials; without it those messages fail. */
  senders: { sms: MessageSender; email: MessageSender; http?: MessageSender };
  clock: () => Date;
}

export const MAX_ATTEMPTS = 8;
/** Longer than a whole batch of slow sends (20 × a 30 s SMTP timeout), so no other instance reclaims a message mid-batch. */
const LEASE_MS = 15 * 60_000;

/** 30 s, 1 min, 2 min … at most 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

function missingSender(channel: string): MessageSender {
  return {
    name: 'none',
    channel: 'http',
    send: async () => {
      throw new PermanentSendError(`no sender for ${channel} messages on this instance`);
    },
  };
}

export async function deliverOutbox(deps: OutboxDeps, batch = 20): Promise<DeliveryResult> {
  const now = deps.clock();
  const out: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  await deps.db.updateTable('outbox').set({ status: 'pending', lease_until: null }).where('status', '=', 'sending').where('lease_until', '<', now).execute();
  const claimed = await sql<{ id: string; channel: 'sms' | 'email' | 'http'; recipient: string; subject: string | null; body: string; attempts: number; target_kind: 'webhook' | 'platform' | null; target_id: string | null }>`
    WITH due AS (
      SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)
    UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1, lease_until = ${new Date(now.getTime() + LEASE_MS)}
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.channel, o.recipient, o.subject, o.body, o.attempts, o.target_kind, o.target_id`.execute(deps.db);
  for (const m of claimed.rows) {
    const sender = deps.senders[m.channel] ?? missingSender(m.channel);
    try {
      const target = m.target_kind && m.target_id ? { kind: m.target_kind, id: m.target_id } : null;
      const r = await sender.send({ id: m.id, channel: m.channel, to: m.recipient, subject: m.subject, body: m.body, target });
      await deps.db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: deps.clock(), sender: sender.name, provider_id: r.providerId, lease_until: null, last_error: null })
        .where('id', '=', m.id)
        .execute();
      out.sent++;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof PermanentSendError || m.attempts >= MAX_ATTEMPTS;
      await deps.db
        .updateTable('outbox')
        .set(
          permanent
            ? { status: 'failed', last_error: message.slice(0, 1000), sender: sender.name, lease_until: null }
            : { status: 'pending', last_error: message.slice(0, 1000), sender: sender.name, lease_until: null, next_attempt_at: new Date(deps.clock().getTime() + backoffMs(m.attempts)) },
        )
        .where('id', '=', m.id)
        .execute();
      if (permanent) out.failed++;
      else out.retried++;
    }
  }
  return out;
}

/** Delivers every `intervalMs`, and at once when `kick()` says something was enqueued. */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: OutboxDeps,
    private readonly intervalMs: number,
    private readonly log: { error: (o: unknown, msg: string) => void },
  ) {}

  start(): void {
    this.schedule(0);
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = (async () => {
      try {
        // keep going while full batches come back
        while (!this.stopped) {
          const r = await deliverOutbox(this.deps);
          if (r.sent + r.retried + r.failed < 20) break;
        }
      } catch (err) {
        this.log.error({ err }, 'outbox pass failed');
      }
    })();
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      this.schedule(0);
    } else this.schedule(this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
