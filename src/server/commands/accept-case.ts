import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';

/** 签收: the lead unit takes the case on; its time limit keeps running from dispatch. */
export function acceptCase(ctx: CommandContext, caseRef: string, input: { version: number; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'accept', {}, async ({ trx, row, units, now, policy }) => {
    await trx.updateTable('case_units').set({ accepted_at: now }).where('case_id', '=', row.id).where('unit_id', '=', ctx.user.unitId).where('active', '=', true).execute();
    // 响应率 (docs/metrics.md): accepted within the response limit of this unit's dispatch
    const dispatchedAt = units.find((u) => u.role === 'lead' && u.active)?.dispatchedAt ?? row.dispatched_at ?? now;
    const inTime = now.getTime() - dispatchedAt.getTime() <= policy.settings.responseHours * 3600_000;
    return { patch: { accepted_at: now, responded_on_time: inTime }, payload: { note: input.note ?? null } };
  });
}
