import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';

/** 回单: the lead unit says the case is not its responsibility; the centre reviews and re-dispatches. */
export function returnCase(ctx: CommandContext, caseRef: string, input: { version: number; reason: string; suggestedUnit?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'return', {}, ({ row }) => ({
    patch: { return_count: row.return_count + 1, responded_on_time: null },
    payload: { reason: input.reason.trim(), suggestedUnit: input.suggestedUnit ?? null, unitId: ctx.user.unitId },
  }));
}

/** 退单审核不通过: the centre rejects the return; the case goes back to the same lead unit. */
export function rejectReturn(ctx: CommandContext, caseRef: string, input: { version: number; reason: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'reject_return', {}, () => ({ payload: { reason: input.reason.trim() } }));
}
