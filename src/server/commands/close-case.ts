import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';

/** 说明后办结: the centre closes a case the citizen remains dissatisfied with, or cannot be reached on, with an explanation. */
export function closeCase(ctx: CommandContext, caseRef: string, input: { version: number; explanation: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'close', {}, ({ now }) => ({
    patch: { closing_note: input.explanation.trim(), closed_at: now },
    payload: { explanation: input.explanation.trim() },
  }));
}

/** 归档: a closed case is archived; its history stays readable and unchanged. */
export function archiveCase(ctx: CommandContext, caseRef: string, input: { version: number }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'archive', {}, ({ now }) => ({ patch: { archived_at: now } }));
}
