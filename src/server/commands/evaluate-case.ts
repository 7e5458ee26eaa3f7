import { randomUUID } from 'node:crypto';
import type { CaseRow } from '../db/schema';
import { runStep, PORTAL_CITIZEN, type CommandContext } from './run-step';
import type { Satisfaction } from '../../core/enums';

export interface EvaluationInput {
  satisfaction: Satisfaction;
  resolved?: boolean | null;
  comment?: string | null;
}

/**
 * 市民评价: the citizen rates the result on the portal (DOMAIN.md §8, issue #7 §3). It is the result
 * callback: satisfied closes the case, dissatisfied sends it to the supervisor to decide.
 * The caller has checked the query code.
 */
export function evaluateCase(ctx: Omit<CommandContext, 'user' | 'requester'>, caseId: string, version: number, input: EvaluationInput): Promise<CaseRow> {
  const citizenCtx: CommandContext = { ...ctx, user: PORTAL_CITIZEN, requester: true };
  return runStep(citizenCtx, caseId, version, 'evaluate', { satisfaction: input.satisfaction }, async ({ trx, row, now, to }) => {
    const id = randomUUID();
    await trx
      .insertInto('callbacks')
      .values({ id, case_id: row.id, type: 'result', method: 'web', reached: true, contacted: null, satisfaction: input.satisfaction, resolved: input.resolved ?? null, comment: input.comment?.trim() || null, actor_id: null, at: now })
      .execute();
    await trx.updateTable('callback_tasks').set({ done_at: now }).where('case_id', '=', row.id).where('type', '=', 'result').where('done_at', 'is', null).execute();
    return {
      patch: { satisfaction: input.satisfaction, resolved: input.resolved ?? null, ...(to === 'closed' ? { closed_at: now } : {}) },
      payload: { callbackId: id, satisfaction: input.satisfaction, resolved: input.resolved ?? null, comment: input.comment?.trim() || null, method: 'web' },
    };
  });
}
