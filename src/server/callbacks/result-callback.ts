/**
 * Result callbacks matched to the channel (DOMAIN.md §8, issue #7 §3): a phone task for an operator,
 * or — for SMS, online and mailbox cases with a mobile number — an SMS with a link where the citizen
 * rates the result on the portal with the query code. If they have not rated within
 * `evaluationDays`, the task turns into a phone callback.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CaseRow, DB } from '../db/schema';
import type { Policy } from '../policy/policy';
import { smsCitizen } from '../outbox/outbox.repo';
import { scheduleTimer } from '../jobs/timers.repo';
import { isMobile } from '../../core/citizen';
import type { Channel } from '../../core/enums';

/** Channels whose citizens are asked to rate the result themselves. */
export const LINK_CHANNELS: readonly Channel[] = ['sms', 'online', 'mailbox'];
const DAY = 86_400_000;

export function ratingUrl(portalUrl: string, caseNo: string, queryCode: string): string {
  return `${portalUrl}/portal/rate?no=${encodeURIComponent(caseNo)}&code=${encodeURIComponent(queryCode)}`;
}

export function ratingText(signature: string, caseNo: string, url: string): string {
  return `${signature}您反映的诉求（编号${caseNo}）已办理答复。请点击链接查看答复并评价办理结果：${url}`;
}

export async function openResultCallback(
  trx: Transaction<DB>,
  row: CaseRow,
  policy: Policy,
  now: Date,
  portalUrl: string | undefined,
  signature = '【12345热线】',
): Promise<{ method: 'phone' | 'link' }> {
  // a result task left from an earlier round is superseded by this one
  await trx.updateTable('callback_tasks').set({ done_at: now }).where('case_id', '=', row.id).where('type', '=', 'result').where('done_at', 'is', null).execute();
  const link = !!portalUrl && LINK_CHANNELS.includes(row.channel as Channel) && !!row.citizen_phone && isMobile(row.citizen_phone);
  const id = randomUUID();
  const dueAt = new Date(now.getTime() + (link ? policy.settings.evaluationDays : 1) * DAY);
  await trx.insertInto('callback_tasks').values({ id, case_id: row.id, type: 'result', method: link ? 'link' : 'phone', created_at: now, due_at: dueAt, timer_id: null }).execute();
  if (link) {
    const url = ratingUrl(portalUrl!, row.case_no, row.query_code);
    await smsCitizen(trx, row.citizen_phone, { body: ratingText(signature, row.case_no, url), caseId: row.id, purpose: 'rating_invitation', dedupeKey: `rating:${id}`, now });
    await scheduleTimer(trx, { caseId: row.id, kind: 'evaluation_fallback', dueAt, dedupeKey: `evaluation_fallback:${id}`, payload: { taskId: id }, now });
  }
  return { method: link ? 'link' : 'phone' };
}
