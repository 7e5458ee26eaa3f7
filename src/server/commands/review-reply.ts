import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { latestReply } from './reply-case';
import { startStage } from './stage-deadline';
import { shareReplyWithMerged } from './share-reply';
import { recordCriticism } from '../assessment/criticism.repo';
import { CONSECUTIVE_REWORKS_CRITICISED } from '../../core/criticism';
import { openResultCallback } from '../callbacks/result-callback';

/** 审核通过: the reply becomes the case's answer; the citizen is called back (or, if anonymous, it closes). */
export function approveReply(ctx: CommandContext, caseRef: string, input: { version: number; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'approve_reply', {}, async ({ trx, row, now, to, policy }) => {
    const reply = await latestReply(trx, row.id);
    await trx.updateTable('case_replies').set({ status: 'approved', review_note: input.note?.trim() || null }).where('id', '=', reply.id).execute();
    await shareReplyWithMerged(trx, row.id, reply.content, reply.id, ctx.smsSignature, now);
    const callback = to === 'pending_callback' ? await openResultCallback(trx, row, policy, now, ctx.portalUrl, ctx.smsSignature) : null;
    return {
      patch: { final_reply: reply.content, consecutive_reworks: 0, ...(to === 'closed' ? { closed_at: now } : {}) },
      payload: { replyId: reply.id, note: input.note ?? null, callbackMethod: callback?.method ?? null },
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
    const consecutive = row.consecutive_reworks + 1;
    // S1 §3: returned for rework twice in a row puts the lead unit on the criticism list
    const criticised =
      consecutive >= CONSECUTIVE_REWORKS_CRITICISED && row.lead_unit_id
        ? await recordCriticism(trx, {
            unitId: row.lead_unit_id,
            caseId: row.id,
            reason: 'consecutive_rework',
            detail: `诉求 ${row.case_no} 连续 ${consecutive} 次被退回重办：${input.reason.trim()}`,
            source: 'auto',
            createdBy: ctx.user.userId,
            now,
          })
        : null;
    // a dissatisfied citizen's case leaves the callback queue while the unit works on it again
    await trx.updateTable('callback_tasks').set({ done_at: now, done_by: ctx.user.userId }).where('case_id', '=', row.id).where('type', '=', 'result').where('done_at', 'is', null).execute();
    return {
      patch: {
        rework_count: row.rework_count + 1,
        consecutive_reworks: row.consecutive_reworks + 1,
        closed_at: null,
        ...startStage(policy, row, 'rework', now, input.limit),
      },
      payload: { reason: input.reason.trim(), consecutiveReworks: consecutive, replyId: reply?.id ?? null, criticismId: criticised },
    };
  });
}
