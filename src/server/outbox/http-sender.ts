/**
 * The 'http' channel of the outbox: webhook deliveries and transfers to other platforms (issue #11),
 * POSTed as JSON. A webhook delivery is signed with the subscription's secret:
 * `X-Huiyin-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with
 * `X-Huiyin-Timestamp` (Unix seconds), `X-Huiyin-Event` and `X-Huiyin-Delivery` (the outbox id, the
 * same on every retry). A transfer carries the platform's token as `Authorization: Bearer` and the
 * outbox id as `Idempotency-Key`. 2xx is delivered; 408, 425, 429 and 5xx are retried with backoff;
 * any other answer is final.
 */
import { createHmac } from 'node:crypto';
import type { Database } from '../db/database';
import { PermanentSendError, type MessageSender, type OutgoingMessage, type SendResult } from './senders';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const RETRYABLE = new Set([408, 425, 429]);

export class HttpPostSender implements MessageSender {
  readonly name = 'http';
  readonly channel = 'http' as const;

  constructor(
    private readonly db: Database,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(msg: OutgoingMessage): Promise<SendResult> {
    if (!msg.target) throw new PermanentSendError(`http message ${msg.id} names no target`);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Huiyin-outbox/1' };
    if (msg.target.kind === 'webhook') {
      const hook = await this.db.selectFrom('webhooks').select(['secret', 'active']).where('id', '=', msg.target.id).executeTakeFirst();
      if (!hook || !hook.active) throw new PermanentSendError(`webhook ${msg.target.id} is gone or inactive`);
      const ts = String(Math.floor(Date.now() / 1000));
      Object.assign(headers, { 'x-huiyin-event': msg.subject ?? '', 'x-huiyin-delivery': msg.id, 'x-huiyin-timestamp': ts, 'x-huiyin-signature': signWebhook(hook.secret, ts, msg.body) });
    } else {
      const p = await this.db.selectFrom('platforms').select(['token', 'active']).where('id', '=', msg.target.id).executeTakeFirst();
      if (!p || !p.active) throw new PermanentSendError(`platform ${msg.target.id} is gone or inactive`);
      Object.assign(headers, { authorization: `Bearer ${p.token}`, 'idempotency-key': msg.id });
    }
    let res: Response;
    try {
      res = await fetch(msg.to, { method: 'POST', headers, body: msg.body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new Error(`POST ${msg.to}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      let providerId: string | null = null;
      try {
        const j = JSON.parse(text) as { caseNo?: string; id?: string };
        providerId = j.caseNo ?? j.id ?? null;
      } catch {
        /* a webhook receiver need not answer JSON */
      }
      return { providerId };
    }
    const why = `POST ${msg.to}: HTTP ${res.status} ${text.slice(0, 300)}`;
    if (res.status >= 500 || RETRYABLE.has(res.status)) throw new Error(why);
    throw new PermanentSendError(why);
  }
}
