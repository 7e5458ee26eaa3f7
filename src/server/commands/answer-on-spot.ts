import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { shareReplyWithMerged } from './share-reply';
import { recordKnowledgeUse } from '../knowledge/knowledge.repo';

/**
 * 当即答复: the operator answers from the knowledge base and the case closes (DOMAIN.md §5); the
 * article used, if named, counts a use (S2 §4: the knowledge base raises the calls answered directly).
 */
export function answerOnSpot(ctx: CommandContext, caseRef: string, input: { version: number; answer: string; articleId?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'answer_on_spot', {}, async ({ trx, row, now }) => {
    if (input.articleId) await recordKnowledgeUse(trx, { articleId: input.articleId, caseId: row.id, userId: ctx.user.userId, now });
    await shareReplyWithMerged(trx, row.id, input.answer.trim(), `answer:${row.id}`, ctx.smsSignature, now);
    return { patch: { final_reply: input.answer.trim(), closed_at: now }, payload: { answer: input.answer.trim(), articleId: input.articleId ?? null } };
  });
}
