import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';

/** 签收: the lead unit takes the case on; its time limit keeps running from dispatch. */
export function acceptCase(ctx: CommandContext, caseRef: string, input: { version: number; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'accept', {}, async ({ trx, row, now }) => {
    await trx.updateTable('case_units').set({ accepted_at: now }).where('case_id', '=', row.id).where('unit_id', '=', ctx.user.unitId).where('active', '=', true).execute();
    return { patch: { accepted_at: now }, payload: { note: input.note ?? null } };
  });
}
