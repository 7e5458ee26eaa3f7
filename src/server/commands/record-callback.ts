import { randomUUID } from 'node:crypto';
import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { DomainError } from '../../core/errors';
import type { CallbackType, Satisfaction } from '../../core/enums';
import { notifyUnit } from '../jobs/timers.repo';

export interface CallbackInput {
  version: number;
  type: CallbackType;
  method?: 'phone' | 'sms' | 'web' | 'wechat' | 'onsite';
  /** Whether the citizen was reached at all. */
  reached: boolean;
  /** Process and result callbacks: has a unit been in touch with you? */
  contacted?: boolean | null;
  /** Result callback: five levels (DOMAIN.md §13). */
  satisfaction?: Satisfaction | null;
  resolved?: boolean | null;
  comment?: string | null;
}

/**
 * 回访 (DOMAIN.md §8): process callbacks during handling, the result callback that closes the case
 * or marks it dissatisfied, and look-backs on closed cases with promises outstanding.
 */
export function recordCallback(ctx: CommandContext, caseRef: string, input: CallbackInput): Promise<CaseRow> {
  if (input.type === 'result' && input.reached && !input.satisfaction) {
    throw new DomainError('validation.failed', '结果回访须记录满意度', 'a result callback that reached the citizen needs a satisfaction level', { field: 'satisfaction' });
  }
  const actionInput = { callbackType: input.type, satisfaction: input.satisfaction ?? null, reached: input.reached, contacted: input.contacted ?? null };
  return runStep(ctx, caseRef, input.version, 'callback', actionInput, async ({ trx, row, now, to }) => {
    const id = randomUUID();
    await trx
      .insertInto('callbacks')
      .values({
        id,
        case_id: row.id,
        type: input.type,
        method: input.method ?? 'phone',
        reached: input.reached,
        contacted: input.contacted ?? null,
        satisfaction: input.reached ? (input.satisfaction ?? null) : null,
        resolved: input.resolved ?? null,
        comment: input.comment?.trim() || null,
        actor_id: ctx.user.userId,
        at: now,
      })
      .execute();
    // the callback answers the open task of its type, if the queue had one
    await trx.updateTable('callback_tasks').set({ done_at: now, done_by: ctx.user.userId }).where('case_id', '=', row.id).where('type', '=', input.type).where('done_at', 'is', null).execute();
    const isResult = input.type === 'result' && input.reached;
    // S4 annex 3: a process callback that finds no unit has been in touch urges the unit
    const urge = input.type === 'process' && input.reached && input.contacted === false && row.lead_unit_id !== null;
    if (urge) {
      await notifyUnit(trx, {
        unitId: row.lead_unit_id!,
        caseId: row.id,
        kind: 'urge',
        message: `过程回访：诉求 ${row.case_no}「${row.title}」的诉求人反映尚无单位与其联系，请立即联系诉求人并抓紧办理。`,
        now,
      });
    }
    return {
      patch: isResult ? { satisfaction: input.satisfaction ?? null, resolved: input.resolved ?? null, ...(to === 'closed' ? { closed_at: now } : {}) } : urge ? { urge_count: row.urge_count + 1 } : {},
      payload: { callbackId: id, type: input.type, method: input.method ?? 'phone', reached: input.reached, contacted: input.contacted ?? null, satisfaction: input.satisfaction ?? null, resolved: input.resolved ?? null, comment: input.comment ?? null, urged: urge },
    };
  });
}
