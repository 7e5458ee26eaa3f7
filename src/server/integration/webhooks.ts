/**
 * Webhooks (issue #11 §2): every history event of a case is offered to the active subscriptions
 * whose event list names it (or '*'), as an outbox row of channel 'http' written in the step's own
 * transaction — so an event is delivered if and only if its step committed — signed and retried
 * by the outbox worker (outbox/http-sender.ts). No personal data leaves in a webhook.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../cases/cases.repo';
import type { Database } from '../db/database';
import type { CaseRow } from '../db/schema';
import { enqueueMessages, type NewMessage } from '../outbox/outbox.repo';

export interface CaseEventOut {
  row: CaseRow;
  seq: number;
  action: string;
  fromState: string | null;
  toState: string;
  at: Date;
  actorRole: string | null;
}

/** The body of a delivery: the event and the case as an integration may see it. */
export function webhookPayload(deliveryId: string, ev: CaseEventOut, leadUnitCode: string | null) {
  const c = ev.row;
  return {
    id: deliveryId,
    event: ev.action,
    occurredAt: ev.at.toISOString(),
    case: {
      id: c.id,
      caseNo: c.case_no,
      state: c.state,
      version: c.version,
      channel: c.channel,
      source: c.source,
      kind: c.kind,
      urgency: c.urgency,
      title: c.confidential ? null : c.title,
      categoryCode: c.category_code,
      leadUnit: leadUnitCode,
      dueAt: c.due_at?.toISOString() ?? null,
      closedAt: c.closed_at?.toISOString() ?? null,
    },
    step: { seq: ev.seq, fromState: ev.fromState, toState: ev.toState, actorRole: ev.actorRole },
  };
}

export interface ActiveWebhook {
  id: string;
  url: string;
  events: string[];
}

const hookCache = new WeakMap<object, { at: number; hooks: Promise<ActiveWebhook[]> }>();

/**
 * The active subscriptions, kept for `ttlMs` per database handle: every registration and step offers
 * its event to them, and they change only when an admin edits them (which clears this instance's
 * copy at once; other instances see the change within `ttlMs`).
 */
export function activeWebhooks(db: Database, ttlMs = 5_000): Promise<ActiveWebhook[]> {
  const hit = hookCache.get(db);
  if (hit && Date.now() - hit.at < ttlMs) return hit.hooks;
  const hooks = readActiveWebhooks(db);
  hookCache.set(db, { at: Date.now(), hooks });
  hooks.catch(() => hookCache.delete(db));
  return hooks;
}

async function readActiveWebhooks(ex: Executor): Promise<ActiveWebhook[]> {
  const rows = await ex.selectFrom('webhooks').select(['id', 'url', 'events']).where('active', '=', true).execute();
  return rows.map((r) => ({ id: r.id, url: r.url, events: r.events as string[] }));
}

export function invalidateWebhooks(db: Database): void {
  hookCache.delete(db);
}

/** One delivery per event and matching subscription, as outbox messages. */
export function webhookMessages(hooks: readonly ActiveWebhook[], events: readonly CaseEventOut[], unitCodes: ReadonlyMap<string, string>): NewMessage[] {
  const out: NewMessage[] = [];
  for (const ev of events) {
    for (const h of hooks) {
      if (!h.events.includes('*') && !h.events.includes(ev.action)) continue;
      const id = randomUUID();
      out.push({
        id,
        channel: 'http',
        to: h.url,
        subject: ev.action,
        body: JSON.stringify(webhookPayload(id, ev, ev.row.lead_unit_id ? (unitCodes.get(ev.row.lead_unit_id) ?? null) : null)),
        caseId: ev.row.id,
        purpose: 'webhook',
        dedupeKey: `webhook:${h.id}:${ev.row.id}:${ev.seq}`,
        target: { kind: 'webhook', id: h.id },
        now: ev.at,
      });
    }
  }
  return out;
}

/** Enqueues one delivery per matching subscription. Returns how many. */
export async function offerToWebhooks(trx: Executor, events: CaseEventOut[]): Promise<number> {
  if (events.length === 0) return 0;
  const hooks = await readActiveWebhooks(trx);
  if (hooks.length === 0) return 0;
  const leadIds = [...new Set(events.map((e) => e.row.lead_unit_id).filter((x): x is string => !!x))];
  const codes = new Map(leadIds.length ? (await trx.selectFrom('units').select(['id', 'code']).where('id', 'in', leadIds).execute()).map((u) => [u.id, u.code]) : []);
  const messages = webhookMessages(hooks, events, codes);
  await enqueueMessages(trx, messages);
  return messages.length;
}
