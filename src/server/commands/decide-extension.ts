import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { extendDue, parseLimit } from '../../core/time-limits';
import { rearm } from './stage-deadline';
import { smsCitizen } from '../outbox/outbox.repo';
import { extensionText } from '../intake/notices';

/**
 * 延期审批: an approved extension moves the due time by its own rule from the current due time;
 * the citizen is told the new deadline and why (S4 §2.1 — the public timeline shows both).
 */
export function decideExtension(ctx: CommandContext, caseRef: string, input: { version: number; approve: boolean; note?: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'decide_extension', { approve: input.approve }, async ({ trx, row, now, policy }) => {
    const req = await trx
      .selectFrom('extension_requests')
      .selectAll()
      .where('case_id', '=', row.id)
      .where('status', '=', 'pending')
      .orderBy('requested_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const newDue = input.approve && row.due_at ? extendDue(row.due_at, parseLimit(req.requested_limit), policy.calendar, { closeOfBusiness: policy.closeOfBusiness }) : null;
    await trx
      .updateTable('extension_requests')
      .set({ status: input.approve ? 'approved' : 'rejected', decided_by: ctx.user.userId, decided_at: now, decision_note: input.note?.trim() || null, new_due_at: newDue })
      .where('id', '=', req.id)
      .execute();
    if (newDue && !row.anonymous) {
      // S4 §2.1: the citizen is told the new deadline and why
      await smsCitizen(trx, row.citizen_phone, { body: extensionText(ctx.smsSignature ?? '【12345热线】', row.case_no, newDue, req.reason), caseId: row.id, purpose: 'extension_notice', dedupeKey: `extension:${req.id}`, now });
    }
    return {
      patch: { extension_pending: false, extension_count: row.extension_count + (input.approve ? 1 : 0), ...(newDue ? { due_at: newDue, ...rearm(policy, row.stage_started_at ?? now, newDue) } : {}) },
      payload: { requestId: req.id, approved: input.approve, reason: req.reason, limit: req.requested_limit, oldDueAt: row.due_at, newDueAt: newDue, note: input.note ?? null },
    };
  });
}
