import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { DomainError } from '../../core/errors';
import { rearm } from './stage-deadline';
import { issueOrder } from '../supervision/orders.repo';
import { notifyUnit } from '../jobs/timers.repo';
import { computeDue, parseLimit } from '../../core/time-limits';

/** 催办: the centre urges the unit (S2, S4 annex 3). */
export function urgeCase(ctx: CommandContext, caseRef: string, input: { version: number; note: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'urge', {}, async ({ trx, row, now }) => {
    if (row.lead_unit_id) await notifyUnit(trx, { unitId: row.lead_unit_id, caseId: row.id, kind: 'urge', message: `诉求 ${row.case_no}「${row.title}」被催办（第 ${row.urge_count + 1} 次）：${input.note.trim()}`, now });
    return { patch: { urge_count: row.urge_count + 1 }, payload: { note: input.note.trim(), urgeNo: row.urge_count + 1 } };
  });
}

export interface SuperviseInput {
  version: number;
  /** 督办要求: what the unit must do and report. */
  note: string;
  /** 督办单 (default) or 重点事项交办单. */
  kind?: 'supervision' | 'key_item';
  /** The order's own deadline; the policy's `orderLimit` from now when omitted. */
  dueAt?: string;
}

function future(v: string, now: Date, zh: string, en: string): Date {
  const due = new Date(v);
  if (Number.isNaN(due.getTime()) || due.getTime() <= now.getTime()) throw new DomainError('validation.failed', zh, en, { field: 'dueAt' });
  return due;
}

/**
 * 督办单 / 重点事项交办单 (issue #7 §5): a numbered order with its own deadline that the lead unit
 * must answer in writing; the case's written reply then needs the principal's sign-off (DOMAIN.md §7).
 */
export function superviseCase(ctx: CommandContext, caseRef: string, input: SuperviseInput): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'supervise', {}, async ({ trx, row, now, policy }) => {
    const kind = input.kind ?? 'supervision';
    const due = input.dueAt
      ? future(input.dueAt, now, '督办期限须晚于当前时间', 'dueAt must be in the future')
      : computeDue(now, parseLimit(policy.settings.orderLimit), policy.calendar, { closeOfBusiness: policy.closeOfBusiness });
    if (!row.lead_unit_id) throw new DomainError('case.illegal_transition', '诉求尚无主办单位，不能督办', 'the case has no lead unit to supervise');
    const { id, orderNo } = await issueOrder(trx, { caseId: row.id, caseNo: row.case_no, title: row.title, unitId: row.lead_unit_id, kind, requirement: input.note.trim(), dueAt: due, issuedBy: ctx.user.userId, now });
    return {
      patch: { supervised: true, requires_signoff: true, open_orders: row.open_orders + 1 },
      payload: { orderId: id, orderNo, kind, note: input.note.trim(), dueAt: due },
    };
  });
}

/** 督办反馈: the lead unit answers an open order in writing. */
export function respondOrder(ctx: CommandContext, caseRef: string, input: { version: number; orderId?: string; response: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'respond_order', {}, async ({ trx, row, now }) => {
    let q = trx.selectFrom('supervision_orders').select(['id', 'order_no']).where('case_id', '=', row.id).where('status', '=', 'open');
    if (input.orderId) q = q.where('id', '=', input.orderId);
    const order = await q.orderBy('issued_at').limit(1).executeTakeFirst();
    if (!order) throw new DomainError('case.invalid_payload', '督办单不存在或已反馈', 'no such open order on this case', { field: 'orderId' });
    await trx
      .updateTable('supervision_orders')
      .set({ status: 'responded', response: input.response.trim(), responded_by: ctx.user.userId, responded_at: now })
      .where('id', '=', order.id)
      .execute();
    return { patch: { open_orders: Math.max(0, row.open_orders - 1) }, payload: { orderId: order.id, orderNo: order.order_no, response: input.response.trim() } };
  });
}

/**
 * 领导批示: a leader's instruction on a case raises it to a leader-instructed case (S1); where the
 * instruction sets a time, that is the unit's new deadline (S1 §2). The lead unit is told at once.
 */
export function instructCase(ctx: CommandContext, caseRef: string, input: { version: number; instruction: string; dueAt?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'instruct', {}, async ({ trx, row, now, policy }) => {
    const due = input.dueAt ? future(input.dueAt, now, '批示办理期限须晚于当前时间', 'dueAt must be in the future') : null;
    const clockRuns = ['dispatched', 'handling', 'pending_signoff'].includes(row.state);
    if (row.lead_unit_id) {
      await notifyUnit(trx, { unitId: row.lead_unit_id, caseId: row.id, kind: 'instruction', message: `领导批示：诉求 ${row.case_no}「${row.title}」——${input.instruction.trim()}`, now });
    }
    return {
      patch: { urgency: 'leader_instructed', ...(due && clockRuns ? { due_at: due, stage: 'instruction', stage_started_at: now, stage_limit: null, ...rearm(policy, now, due) } : {}) },
      payload: { instruction: input.instruction.trim(), dueAt: due, by: ctx.user.displayName },
    };
  });
}
