/**
 * SMS from a gateway (S3: 一个短信就是一个信访事项 — one SMS is one case). Idempotent by the gateway's
 * message id: a retry returns the first result and never makes a second case. The parts of a long
 * SMS wait until all have arrived and then make one case. Name, ID number, address and the unit
 * named are pulled out of the text; a receipt SMS carries the case number and query code.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import type { AuthUser } from '../auth/auth.repo';
import { registerCase } from '../commands/register-case';
import { smsCitizen } from '../outbox/outbox.repo';
import { receiptText } from './notices';
import { parseSms, joinSmsParts } from '../../core/sms-parse';
import { isValidCitizenPhone, normalizePhone } from '../../core/citizen';
import { DomainError } from '../../core/errors';

export interface InboundSms {
  messageId: string;
  from: string;
  to?: string;
  text: string;
  receivedAt?: string;
  /** Concatenated SMS: the reference shared by the parts, this part's number and their count. */
  concat?: { ref: string; part: number; total: number };
}

export type SmsIntakeResult =
  | { status: 'registered'; created: boolean; caseId: string; caseNo: string; queryCode: string }
  | { status: 'waiting_for_parts'; received: number; total: number };

async function resultOf(db: Database, caseId: string, created: boolean): Promise<SmsIntakeResult> {
  const c = await db.selectFrom('cases').select(['id', 'case_no', 'query_code']).where('id', '=', caseId).executeTakeFirstOrThrow();
  return { status: 'registered', created, caseId: c.id, caseNo: c.case_no, queryCode: c.query_code };
}

export async function receiveSms(db: Database, user: AuthUser, sms: InboundSms, now: Date, signature: string): Promise<SmsIntakeResult> {
  if (!isValidCitizenPhone(sms.from)) throw new DomainError('validation.failed', '发送号码格式不正确（from）', 'from is not a valid mobile or landline number', { field: 'from' });
  if (sms.text.trim().length === 0) throw new DomainError('validation.failed', '短信内容为空（text）', 'text is empty', { field: 'text' });
  const from = normalizePhone(sms.from);
  const receivedAt = sms.receivedAt ? new Date(sms.receivedAt) : now;
  if (Number.isNaN(receivedAt.getTime())) throw new DomainError('validation.failed', '接收时间无效（receivedAt）', 'receivedAt is not a valid instant', { field: 'receivedAt' });
  if (sms.concat && (sms.concat.part < 1 || sms.concat.part > sms.concat.total)) {
    throw new DomainError('validation.failed', '长短信分段序号无效（concat.part）', 'concat.part must be between 1 and concat.total', { field: 'concat.part' });
  }

  // a retry of a message already seen returns what it produced the first time
  const seen = await db.selectFrom('inbound_messages').select(['case_id']).where('source', '=', 'sms').where('external_id', '=', sms.messageId).executeTakeFirst();
  if (seen?.case_id) return resultOf(db, seen.case_id, false);

  await db
    .insertInto('inbound_messages')
    .values({ id: randomUUID(), source: 'sms', external_id: sms.messageId, received_at: now, payload: JSON.stringify(sms) })
    .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
    .execute();

  // the case keeps the citizen's own words; the parser reads a normalised copy
  let text = sms.text.trim();
  let externalId = sms.messageId;
  let messageIds = [sms.messageId];
  let partsRef: string | null = null;
  if (sms.concat && sms.concat.total > 1) {
    const { ref, part, total } = sms.concat;
    await db
      .insertInto('sms_parts')
      .values({ sender: from, ref, part, total, text: sms.text, message_id: sms.messageId, received_at: receivedAt })
      .onConflict((oc) => oc.columns(['sender', 'ref', 'part']).doNothing())
      .execute();
    const parts = await db.selectFrom('sms_parts').select(['part', 'total', 'text', 'message_id', 'received_at']).where('sender', '=', from).where('ref', '=', ref).execute();
    let joined: string | null;
    try {
      joined = joinSmsParts(parts);
    } catch {
      throw new DomainError('validation.failed', '长短信各分段的总段数不一致（concat.total）', 'the parts disagree on concat.total', { field: 'concat.total' });
    }
    if (joined === null) return { status: 'waiting_for_parts', received: new Set(parts.map((p) => p.part)).size, total };
    text = joined.trim();
    // phones reuse a small set of references: the case's first message id keeps the key unique
    const firstId = parts.slice().sort((a, b) => a.part - b.part)[0]!.message_id;
    externalId = `${from}:${ref}:${firstId}`;
    messageIds = parts.map((p) => p.message_id);
    partsRef = ref;
  }

  const parsed = parseSms(text); // it reads a normalised copy itself
  const { row, created } = await registerCase(
    db,
    user,
    {
      channel: 'sms',
      source: 'sms_gateway',
      externalId,
      kind: parsed.kind,
      title: parsed.title,
      content: text,
      address: parsed.address,
      citizen: { name: parsed.name, phone: from, idNumber: parsed.idNumber, address: parsed.address },
    },
    now,
    {
      intake: true,
      receivedAt,
      eventPayload: { sms: { messageIds, mentionedUnit: parsed.unit, mentionedPhone: parsed.phone } },
      afterInsert: async (trx, c) => {
        await trx.updateTable('inbound_messages').set({ case_id: c.id }).where('source', '=', 'sms').where('external_id', 'in', messageIds).execute();
        // the parts are in the case now; the reference is free for the sender's next long SMS
        if (partsRef) await trx.deleteFrom('sms_parts').where('sender', '=', from).where('ref', '=', partsRef).execute();
        await smsCitizen(trx, from, { body: receiptText(signature, c.case_no, c.query_code), caseId: c.id, purpose: 'receipt', dedupeKey: `receipt:${c.id}`, now });
      },
    },
  );
  if (!created) {
    // the same SMS arrived under another message id (a gateway resend): link it to the first case
    await db.updateTable('inbound_messages').set({ case_id: row.id }).where('source', '=', 'sms').where('external_id', 'in', messageIds).where('case_id', 'is', null).execute();
  }
  return resultOf(db, row.id, created);
}
