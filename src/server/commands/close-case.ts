import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';

/** 说明后办结: the centre closes a case the citizen remains dissatisfied with, or cannot be reached on, with an explanation. */
export function closeCase(ctx: CommandContext, caseRef: string, input: { version: number; explanation: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'close', {}, async ({ trx, row, now }) => {
    // the case leaves the result-callback queue
    await trx.updateTable('callback_tasks').set({ done_at: now, done_by: ctx.user.userId }).where('case_id', '=', row.id).where('type', '=', 'result').where('done_at', 'is', null).execute();
    return { patch: { closing_note: input.explanation.trim(), closed_at: now }, payload: { explanation: input.explanation.trim() } };
  });
}

/** 归档: a closed case is archived; its history stays readable and unchanged. */
export function archiveCase(ctx: CommandContext, caseRef: string, input: { version: number }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'archive', {}, ({ now }) => ({ patch: { archived_at: now } }));
}
