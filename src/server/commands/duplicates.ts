import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { isUuid } from '../cases/cases.repo';
import { DomainError } from '../../core/errors';
import { OPEN_STATES } from '../../core/case-lifecycle';
import { publishCaseChanges } from '../realtime/case-events';

async function loadTarget(ctx: CommandContext, trx: Parameters<Parameters<typeof runStep>[5]>[0]['trx'], ref: string, selfId: string) {
  const target = await trx.selectFrom('cases').selectAll().where(isUuid(ref) ? 'id' : 'case_no', '=', ref).forUpdate().executeTakeFirst();
  if (!target) throw new DomainError('validation.failed', `目标诉求不存在：${ref}`, `no such case: ${ref}`, { field: 'of' });
  if (target.id === selfId) throw new DomainError('validation.failed', '不能关联到自身', 'a case cannot repeat itself', { field: 'of' });
  return target;
}

/** 重复件: the case repeats an earlier one about the same matter; both stay, linked. */
export function linkRepeat(ctx: CommandContext, caseRef: string, input: { version: number; of: string; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'link_repeat', {}, async ({ trx, row }) => {
    const target = await loadTarget(ctx, trx, input.of, row.id);
    return { patch: { repeat_of: target.id }, payload: { of: { id: target.id, caseNo: target.case_no }, note: input.note ?? null } };
  });
}

/**
 * 合并: the case is folded into an open one about the same matter. Its citizen becomes a
 * co-requester there and gets the same reply (approve_reply copies it); this case closes.
 */
export function mergeCase(ctx: CommandContext, caseRef: string, input: { version: number; into: string; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'merge', {}, async ({ trx, row, now }) => {
    const target = await loadTarget(ctx, trx, input.into, row.id);
    if (!(OPEN_STATES as readonly string[]).includes(target.state) || target.merged_into) {
      throw new DomainError('validation.failed', `只能合并到未办结的诉求：${target.case_no}`, `can only merge into an open case: ${target.case_no}`, { field: 'into' });
    }
    await trx
      .insertInto('case_corequesters')
      .values({ case_id: target.id, from_case_id: row.id, name: row.anonymous ? null : row.citizen_name, phone: row.anonymous ? null : row.citizen_phone, added_at: now })
      .onConflict((oc) => oc.columns(['case_id', 'from_case_id']).doNothing())
      .execute();
    // the target's history records its new co-requester, as a system event
    const v = target.version + 1;
    await trx.updateTable('cases').set({ version: v, updated_at: now }).where('id', '=', target.id).execute();
    await trx
      .insertInto('case_events')
      .values({ case_id: target.id, seq: v, action: 'corequester_added', from_state: target.state, to_state: target.state, actor_id: ctx.user.userId, actor_role: ctx.user.role, actor_unit_id: ctx.user.unitId, at: now, payload: JSON.stringify({ from: { id: row.id, caseNo: row.case_no } }) })
      .execute();
    await publishCaseChanges(trx, [{ row: { ...target, version: v }, action: 'corequester_added', at: now }]);
    return {
      patch: { merged_into: target.id, closed_at: now, closing_note: `已合并至诉求 ${target.case_no} 一并办理，办理结果将同步告知。`, final_reply: target.final_reply },
      payload: { into: { id: target.id, caseNo: target.case_no }, note: input.note ?? null },
    };
  });
}
