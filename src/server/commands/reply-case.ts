import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CaseRow, DB } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { DomainError } from '../../core/errors';
import { shanghaiDate, shanghaiInstant } from '../../core/calendar';
import { replyChecksFor, refuseIfBlocked } from '../cases/reply-checks';
import { scheduleTimer } from '../jobs/timers.repo';
import type { Policy } from '../policy/policy';
import type { ReplyCheck } from '../../core/reply-quality';

export interface ReplyInput {
  version: number;
  content: string;
  attachmentIds?: string[];
  /** When the unit contacted the citizen (DOMAIN.md §7). */
  contactedAt?: string | null;
  /** What the citizen said of the result. */
  citizenAttitude?: string | null;
  /** 承诺事项: what the unit promises still to do, and by when (S4 §2.6). */
  promises?: { what: string; dueDate?: string | null }[];
  /**
   * 'trusted': a result another platform sent back (issue #11 §3) — it checked the reply with its
   * citizen; the checks are still recorded for the reviewer but do not refuse it.
   */
  checks?: 'trusted';
}

/** Attachments must be uploaded by the replying user and not yet belong to another case. */
async function checkAttachments(trx: Transaction<DB>, caseId: string, ids: string[], unitUserIds: (string | null)[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await trx.selectFrom('attachments').select(['id', 'case_id', 'uploaded_by']).where('id', 'in', ids).execute();
  for (const id of ids) {
    const a = rows.find((r) => r.id === id);
    if (!a || (a.case_id && a.case_id !== caseId) || !unitUserIds.includes(a.uploaded_by)) {
      throw new DomainError('case.invalid_payload', `附件不存在或不可用：${id}`, `attachment not found or not yours: ${id}`, { field: 'attachmentIds' });
    }
  }
}

async function claimAttachments(trx: Transaction<DB>, caseId: string, ids: string[], unitUserIds: (string | null)[]): Promise<void> {
  if (ids.length === 0) return;
  await checkAttachments(trx, caseId, ids, unitUserIds);
  await trx.updateTable('attachments').set({ case_id: caseId }).where('id', 'in', ids).execute();
}

/** When the unit contacted the citizen: after the case was registered and not in the future. */
function contactedAtOf(input: ReplyInput, row: CaseRow, now: Date): Date | null {
  if (!input.contactedAt) return null;
  const t = new Date(input.contactedAt);
  if (Number.isNaN(t.getTime()) || t.getTime() > now.getTime() + 60_000) {
    throw new DomainError('validation.failed', '联系群众时间无效（不能晚于当前时间）', 'contactedAt must be a past instant', { field: 'contactedAt' });
  }
  if (t.getTime() < row.created_at.getTime() - 60_000) {
    throw new DomainError('validation.failed', '联系群众时间不能早于诉求登记时间', 'contactedAt cannot be before the case was registered', { field: 'contactedAt' });
  }
  return t;
}

const DAY = 86_400_000;

/**
 * S4 §2.6: each promise is reminded `promiseReminderDays` before it falls due (09:00 Shanghai) and
 * again when the day has passed without it being kept.
 */
async function armPromiseReminders(trx: Transaction<DB>, caseId: string, promiseId: string, dueDate: string, policy: Policy, now: Date) {
  const dueEnd = new Date(shanghaiInstant(dueDate, '00:00').getTime() + DAY);
  const before = new Date(shanghaiInstant(dueDate, '09:00').getTime() - policy.settings.promiseReminderDays * DAY);
  if (policy.settings.promiseReminderDays > 0) {
    await scheduleTimer(trx, { caseId, kind: 'promise_reminder', dueAt: before < now ? now : before, dedupeKey: `promise_reminder:${promiseId}:before`, payload: { promiseId, phase: 'before' }, now });
  }
  await scheduleTimer(trx, { caseId, kind: 'promise_reminder', dueAt: dueEnd, dedupeKey: `promise_reminder:${promiseId}:due`, payload: { promiseId, phase: 'due' }, now });
}

async function insertReply(ctx: CommandContext, trx: Transaction<DB>, row: CaseRow, kind: 'reply' | 'co_reply', input: ReplyInput, now: Date, policy: Policy, checks: ReplyCheck[] = []) {
  const ids = [...new Set(input.attachmentIds ?? [])];
  await claimAttachments(trx, row.id, ids, [ctx.user.userId]);
  const id = randomUUID();
  await trx
    .insertInto('case_replies')
    .values({
      id,
      case_id: row.id,
      unit_id: ctx.user.unitId,
      kind,
      content: input.content.trim(),
      attachment_ids: JSON.stringify(ids),
      contacted_at: contactedAtOf(input, row, now),
      citizen_attitude: input.citizenAttitude?.trim() || null,
      author_id: ctx.user.userId,
      created_at: now,
      checks: JSON.stringify(checks),
    })
    .execute();
  const today = shanghaiDate(now);
  for (const p of input.promises ?? []) {
    if (p.dueDate && (!/^\d{4}-\d{2}-\d{2}$/.test(p.dueDate) || Number.isNaN(Date.parse(p.dueDate)))) {
      throw new DomainError('validation.failed', '承诺完成日期须为 YYYY-MM-DD', 'promises.dueDate must be YYYY-MM-DD', { field: 'promises.dueDate' });
    }
    if (p.dueDate && p.dueDate < today) {
      throw new DomainError('validation.failed', `承诺完成日期不能早于今天（${today}）`, `promises.dueDate cannot be before today (${today})`, { field: 'promises.dueDate' });
    }
    if (!p.what.trim()) throw new DomainError('validation.failed', '承诺事项内容不能为空', 'promises.what must not be blank', { field: 'promises.what' });
    const promiseId = randomUUID();
    await trx
      .insertInto('promises')
      .values({ id: promiseId, case_id: row.id, reply_id: id, unit_id: ctx.user.unitId, what: p.what.trim(), due_date: p.dueDate ?? null, created_at: now })
      .execute();
    if (p.dueDate) await armPromiseReminders(trx, row.id, promiseId, p.dueDate, policy, now);
  }
  return { id, attachmentIds: ids };
}

/**
 * 反馈: the lead unit's reply, refused (422 `reply.check_failed`) when a blocking reply check fails
 * (DOMAIN.md §7); it goes to the unit principal's sign-off first where required.
 */
export function replyCase(ctx: CommandContext, caseRef: string, input: ReplyInput): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'reply', {}, async ({ trx, row, now, to, policy }) => {
    contactedAtOf(input, row, now);
    await checkAttachments(trx, row.id, [...new Set(input.attachmentIds ?? [])], [ctx.user.userId]);
    const checks = await replyChecksFor(trx, row, input, policy);
    if (input.checks !== 'trusted') refuseIfBlocked(checks);
    const reply = await insertReply(ctx, trx, row, 'reply', input, now, policy, checks);
    const warnings = checks.filter((c) => !c.passed).map((c) => c.code);
    // 按时反馈 (docs/metrics.md): every reply of the case before its stage's due time
    const onTime = (row.reply_on_time ?? true) && (!row.due_at || now.getTime() <= row.due_at.getTime());
    return {
      patch: { replied_at: now, reply_on_time: onTime },
      payload: { replyId: reply.id, attachmentIds: reply.attachmentIds, needsSignOff: to === 'pending_signoff', promises: (input.promises ?? []).length, warnings },
    };
  });
}

/** 协办意见: a co-handling unit's contribution to the lead unit's reply. */
export function coReplyCase(ctx: CommandContext, caseRef: string, input: ReplyInput): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'co_reply', {}, async ({ trx, row, now, policy }) => {
    const reply = await insertReply(ctx, trx, row, 'co_reply', input, now, policy);
    return { payload: { replyId: reply.id, attachmentIds: reply.attachmentIds } };
  });
}

/** The newest reply of the lead unit, which sign-off and review act on. */
export async function latestReply(trx: Transaction<DB>, caseId: string) {
  const r = await trx.selectFrom('case_replies').selectAll().where('case_id', '=', caseId).where('kind', '=', 'reply').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (!r) throw new DomainError('case.invalid_payload', '没有可审核的反馈', 'there is no reply to act on');
  return r;
}
