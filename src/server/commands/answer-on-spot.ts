import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { shareReplyWithMerged } from './share-reply';

/** 当即答复: the operator answers from the knowledge base and the case closes (DOMAIN.md §5). */
export function answerOnSpot(ctx: CommandContext, caseRef: string, input: { version: number; answer: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'answer_on_spot', {}, async ({ trx, row, now }) => {
    await shareReplyWithMerged(trx, row.id, input.answer.trim(), `answer:${row.id}`, ctx.smsSignature, now);
    return { patch: { final_reply: input.answer.trim(), closed_at: now }, payload: { answer: input.answer.trim() } };
  });
}
