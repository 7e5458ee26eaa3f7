import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { latestReply } from './reply-case';

/** 审签: the unit principal signs the written reply off before it counts (DOMAIN.md §7). */
export function signOffReply(ctx: CommandContext, caseRef: string, input: { version: number; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'sign_off', {}, async ({ trx, row, now }) => {
    const reply = await latestReply(trx, row.id);
    await trx.updateTable('case_replies').set({ status: 'signed_off', signed_off_by: ctx.user.userId, signed_off_at: now }).where('id', '=', reply.id).execute();
    return { payload: { replyId: reply.id, note: input.note ?? null } };
  });
}

/** 审签不通过: the principal sends the reply back to the handler. */
export function refuseSignOff(ctx: CommandContext, caseRef: string, input: { version: number; reason: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'reject_sign_off', {}, async ({ trx, row }) => {
    const reply = await latestReply(trx, row.id);
    await trx.updateTable('case_replies').set({ status: 'sign_off_refused', review_note: input.reason.trim() }).where('id', '=', reply.id).execute();
    return { payload: { replyId: reply.id, reason: input.reason.trim() } };
  });
}
