import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { smsCitizen } from '../outbox/outbox.repo';

/**
 * Cases merged into this one share its answer, and their citizens are told by SMS (issue #5 §6:
 * "the citizen becomes a co-requester and gets the same reply").
 */
export async function shareReplyWithMerged(trx: Transaction<DB>, caseId: string, reply: string, replyKey: string, signature: string | undefined, now: Date): Promise<void> {
  await trx.updateTable('cases').set({ final_reply: reply, updated_at: now }).where('merged_into', '=', caseId).execute();
  const coRequesters = await trx.selectFrom('case_corequesters as q').innerJoin('cases as m', 'm.id', 'q.from_case_id').select(['q.phone', 'm.id', 'm.case_no']).where('q.case_id', '=', caseId).execute();
  for (const q of coRequesters) {
    await smsCitizen(trx, q.phone, {
      body: `${signature ?? '【12345热线】'}您反映的诉求（编号${q.case_no}）已与同类诉求合并办理，办理结果：${reply.slice(0, 180)}`,
      caseId: q.id,
      purpose: 'merged_reply',
      dedupeKey: `merged_reply:${q.id}:${replyKey}`,
      now,
    });
  }
}
