import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CaseRow, DB } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { DomainError } from '../../core/errors';

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
}

/** Attachments must be uploaded by someone of the replying unit and not yet belong to another case. */
async function claimAttachments(trx: Transaction<DB>, caseId: string, ids: string[], unitUserIds: (string | null)[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await trx.selectFrom('attachments').select(['id', 'case_id', 'uploaded_by']).where('id', 'in', ids).execute();
  for (const id of ids) {
    const a = rows.find((r) => r.id === id);
    if (!a || (a.case_id && a.case_id !== caseId) || !unitUserIds.includes(a.uploaded_by)) {
      throw new DomainError('case.invalid_payload', `附件不存在或不可用：${id}`, `attachment not found or not yours: ${id}`, { field: 'attachmentIds' });
    }
  }
  await trx.updateTable('attachments').set({ case_id: caseId }).where('id', 'in', ids).execute();
}

function contactedAtOf(input: ReplyInput, now: Date): Date | null {
  if (!input.contactedAt) return null;
  const t = new Date(input.contactedAt);
  if (Number.isNaN(t.getTime()) || t.getTime() > now.getTime() + 60_000) {
    throw new DomainError('validation.failed', '联系群众时间无效（不能晚于当前时间）', 'contactedAt must be a past instant', { field: 'contactedAt' });
  }
  return t;
}

async function insertReply(ctx: CommandContext, trx: Transaction<DB>, row: CaseRow, kind: 'reply' | 'co_reply', input: ReplyInput, now: Date) {
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
      contacted_at: contactedAtOf(input, now),
      citizen_attitude: input.citizenAttitude?.trim() || null,
      author_id: ctx.user.userId,
      created_at: now,
    })
    .execute();
  for (const p of input.promises ?? []) {
    if (p.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(p.dueDate)) {
      throw new DomainError('validation.failed', '承诺完成日期须为 YYYY-MM-DD', 'promises.dueDate must be YYYY-MM-DD', { field: 'promises.dueDate' });
    }
    await trx
      .insertInto('promises')
      .values({ id: randomUUID(), case_id: row.id, reply_id: id, unit_id: ctx.user.unitId, what: p.what.trim(), due_date: p.dueDate ?? null, created_at: now })
      .execute();
  }
  return { id, attachmentIds: ids };
}

/** 反馈: the lead unit's reply; it goes to the unit principal's sign-off first where required (DOMAIN.md §7). */
export function replyCase(ctx: CommandContext, caseRef: string, input: ReplyInput): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'reply', {}, async ({ trx, row, now, to }) => {
    const reply = await insertReply(ctx, trx, row, 'reply', input, now);
    return {
      patch: { replied_at: now },
      payload: { replyId: reply.id, attachmentIds: reply.attachmentIds, needsSignOff: to === 'pending_signoff' },
    };
  });
}

/** 协办意见: a co-handling unit's contribution to the lead unit's reply. */
export function coReplyCase(ctx: CommandContext, caseRef: string, input: ReplyInput): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'co_reply', {}, async ({ trx, row, now }) => {
    const reply = await insertReply(ctx, trx, row, 'co_reply', input, now);
    return { payload: { replyId: reply.id, attachmentIds: reply.attachmentIds } };
  });
}

/** The newest reply of the lead unit, which sign-off and review act on. */
export async function latestReply(trx: Transaction<DB>, caseId: string) {
  const r = await trx.selectFrom('case_replies').selectAll().where('case_id', '=', caseId).where('kind', '=', 'reply').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (!r) throw new DomainError('case.invalid_payload', '没有可审核的反馈', 'there is no reply to act on');
  return r;
}
