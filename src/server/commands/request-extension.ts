import { randomUUID } from 'node:crypto';
import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { DomainError } from '../../core/errors';
import { extendDue, parseLimit, resolveMaxExtension, describeLimit, type Stage, type TimeLimit } from '../../core/time-limits';
import type { Channel, Kind, Urgency } from '../../core/enums';

function parseExtension(text: string): TimeLimit {
  try {
    return parseLimit(text);
  } catch {
    throw new DomainError('validation.failed', '延期时限格式不正确（例：2wd、1d、15m）', 'limit must look like 2wd, 1d or 15m', { field: 'limit' });
  }
}

/**
 * 申请延期: before the deadline (S4 §2.1), for no longer than the policy's longest extension
 * for the case's stage; the centre decides.
 */
export function requestExtension(ctx: CommandContext, caseRef: string, input: { version: number; reason: string; limit: string }): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'request_extension', {}, async ({ trx, row, now, policy }) => {
    const asked = parseExtension(input.limit);
    const max = resolveMaxExtension(policy.rules, {
      stage: (row.stage ?? 'first_dispatch') as Stage,
      kind: row.kind as Kind,
      channel: row.channel as Channel,
      urgency: row.urgency as Urgency,
      category: row.category_code,
    });
    if (!max) throw new DomainError('case.invalid_payload', '该类诉求的时限规则不允许延期', 'the policy allows no extension for this case');
    const base = row.due_at ?? now;
    const opts = { closeOfBusiness: policy.closeOfBusiness };
    if (extendDue(base, asked, policy.calendar, opts).getTime() > extendDue(base, max, policy.calendar, opts).getTime()) {
      throw new DomainError('validation.failed', `延期不能超过${describeLimit(max, 'zh')}`, `an extension may be at most ${describeLimit(max, 'en')}`, { field: 'limit' });
    }
    const id = randomUUID();
    await trx
      .insertInto('extension_requests')
      .values({ id, case_id: row.id, unit_id: ctx.user.unitId, requested_by: ctx.user.userId, requested_at: now, reason: input.reason.trim(), requested_limit: input.limit, old_due_at: row.due_at })
      .execute();
    return { patch: { extension_pending: true }, payload: { requestId: id, reason: input.reason.trim(), limit: input.limit } };
  });
}
