/**
 * The transactional outbox: a message is written in the same transaction as the change it reports,
 * so a committed change never lacks its message and a rolled-back one never sends one.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../cases/cases.repo';
import { isMobile, normalizePhone } from '../../core/citizen';

export interface NewMessage {
  channel: 'sms' | 'email' | 'http';
  /** A mobile number, an email address, or (http) the URL to POST to. */
  to: string;
  subject?: string | null;
  body: string;
  caseId?: string | null;
  /** What the message is for: 'receipt', 'extension_notice' … */
  purpose: string;
  /** A message with the same key is enqueued only once. */
  dedupeKey?: string | null;
  now: Date;
  /** http: whose credentials sign or authorise the request. */
  target?: { kind: 'webhook' | 'platform'; id: string };
  /** The row id, when the body must name it (a webhook delivery's id). */
  id?: string;
}

/** The outbox row of a message. */
export function outboxRow(m: NewMessage) {
  return {
    id: m.id ?? randomUUID(),
    channel: m.channel,
    recipient: m.to,
    subject: m.subject ?? null,
    body: m.body,
    case_id: m.caseId ?? null,
    purpose: m.purpose,
    dedupe_key: m.dedupeKey ?? null,
    next_attempt_at: m.now,
    created_at: m.now,
    target_kind: m.target?.kind ?? null,
    target_id: m.target?.id ?? null,
  };
}

export async function enqueueMessage(db: Executor, m: NewMessage): Promise<void> {
  await enqueueMessages(db, [m]);
}

/** Several messages in one statement; one whose dedupe key was used before is skipped. */
export async function enqueueMessages(db: Executor, messages: readonly NewMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('outbox')
    .values(messages.map(outboxRow))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/** An SMS to a citizen's mobile, when there is one to send to. */
export async function smsCitizen(db: Executor, phone: string | null, m: Omit<NewMessage, 'channel' | 'to'>): Promise<boolean> {
  if (!phone || !isMobile(phone)) return false;
  await enqueueMessage(db, { ...m, channel: 'sms', to: normalizePhone(phone) });
  return true;
}
