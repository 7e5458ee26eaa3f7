import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { latestReply } from './reply-case';
import { startStage } from './stage-deadline';
import { smsCitizen } from '../outbox/outbox.repo';

/** 审核通过: the reply becomes the case's answer; the citizen is called back (or, if anonymous, it closes). */
export function approveReply(ctx: CommandContext, caseRef: string, input: { version: number; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'approve_reply', {}, async ({ trx, row, now, to }) => {
    const reply = await latestReply(trx, row.id);
    await trx.updateTable('case_replies').set({ status: 'approved', review_note: input.note?.trim() || null }).where('id', '=', reply.id).execute();
    // cases merged into this one share its reply, and their citizens are told (issue #5 §6)
    await trx.updateTable('cases').set({ final_reply: reply.content, updated_at: now }).where('merged_into', '=', row.id).execute();
    const coRequesters = await trx.selectFrom('case_corequesters as q').innerJoin('cases as m', 'm.id', 'q.from_case_id').select(['q.phone', 'm.id', 'm.case_no']).where('q.case_id', '=', row.id).execute();
    for (const q of coRequesters) {
      await smsCitizen(trx, q.phone, { body: `${ctx.smsSignature ?? '【12345热线】'}您反映的诉求（编号${q.case_no}）已与同类诉求合并办理，办理结果：${reply.content.slice(0, 180)}`, caseId: q.id, purpose: 'merged_reply', dedupeKey: `merged_reply:${q.id}:${reply.id}`, now });
    }
    return {
      patch: { final_reply: reply.content, consecutive_reworks: 0, ...(to === 'closed' ? { closed_at: now } : {}) },
      payload: { replyId: reply.id, note: input.note ?? null },
    };
  });
}

/**
 * 退回重办: a perfunctory or wrong reply, or a dissatisfied citizen, sends the case back to the
 * lead unit; the clock restarts with the rework limit (S4 §2.1: 1–2 working days).
 */
export function reworkCase(ctx: CommandContext, caseRef: string, input: { version: number; reason: string; limit?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'rework', {}, async ({ trx, row, now, policy }) => {
    const reply = await trx.selectFrom('case_replies').select('id').where('case_id', '=', row.id).where('kind', '=', 'reply').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    if (reply && row.state === 'replied') {
      await trx.updateTable('case_replies').set({ status: 'reworked', review_note: input.reason.trim() }).where('id', '=', reply.id).execute();
    }
    return {
      patch: {
        rework_count: row.rework_count + 1,
        consecutive_reworks: row.consecutive_reworks + 1,
        closed_at: null,
        ...startStage(policy, row, 'rework', now, input.limit),
      },
      payload: { reason: input.reason.trim(), consecutiveReworks: row.consecutive_reworks + 1, replyId: reply?.id ?? null },
    };
  });
}
