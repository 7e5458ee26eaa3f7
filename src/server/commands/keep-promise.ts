import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { DomainError } from '../../core/errors';

/** 承诺兑现: the lead unit reports a promise of its reply kept; look-backs stop when none is open. */
export function keepPromise(ctx: CommandContext, caseRef: string, input: { version: number; promiseId: string; note: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'keep_promise', {}, async ({ trx, row, now }) => {
    const res = await trx
      .updateTable('promises')
      .set({ done_at: now, done_note: input.note.trim() })
      .where('id', '=', input.promiseId)
      .where('case_id', '=', row.id)
      .where('done_at', 'is', null)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw new DomainError('case.invalid_payload', '承诺事项不存在或已兑现', 'no such open promise on this case', { field: 'promiseId' });
    return { payload: { promiseId: input.promiseId, note: input.note.trim() } };
  });
}
