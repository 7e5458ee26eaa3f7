import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { DomainError } from '../../core/errors';
import { rearm } from './stage-deadline';

/** 催办: the centre urges the unit (S2, S4 annex 3). */
export function urgeCase(ctx: CommandContext, caseRef: string, input: { version: number; note: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'urge', {}, ({ row }) => ({
    patch: { urge_count: row.urge_count + 1 },
    payload: { note: input.note.trim(), urgeNo: row.urge_count + 1 },
  }));
}

/** 督办单: a supervision order; the written reply then needs the principal's sign-off (DOMAIN.md §7). */
export function superviseCase(ctx: CommandContext, caseRef: string, input: { version: number; note: string; dueAt?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'supervise', {}, ({ now }) => {
    const due = input.dueAt ? new Date(input.dueAt) : null;
    if (due && (Number.isNaN(due.getTime()) || due.getTime() <= now.getTime())) {
      throw new DomainError('validation.failed', '督办期限须晚于当前时间', 'dueAt must be in the future', { field: 'dueAt' });
    }
    return { patch: { supervised: true, requires_signoff: true }, payload: { note: input.note.trim(), dueAt: due } };
  });
}

/**
 * 领导批示: a leader's instruction on a case raises it to a leader-instructed case (S1); where the
 * instruction sets a time, that is the unit's new deadline (S1 §2).
 */
export function instructCase(ctx: CommandContext, caseRef: string, input: { version: number; instruction: string; dueAt?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'instruct', {}, ({ row, now, policy }) => {
    const due = input.dueAt ? new Date(input.dueAt) : null;
    if (due && (Number.isNaN(due.getTime()) || due.getTime() <= now.getTime())) {
      throw new DomainError('validation.failed', '批示办理期限须晚于当前时间', 'dueAt must be in the future', { field: 'dueAt' });
    }
    const clockRuns = ['dispatched', 'handling', 'pending_signoff'].includes(row.state);
    return {
      patch: { urgency: 'leader_instructed', ...(due && clockRuns ? { due_at: due, stage: 'instruction', stage_started_at: now, stage_limit: null, ...rearm(policy, now, due) } : {}) },
      payload: { instruction: input.instruction.trim(), dueAt: due },
    };
  });
}
