/**
 * The reply checks of DOMAIN.md §7 as the server runs them: on the draft a unit is writing
 * (`POST /api/cases/:id/reply-check`) and on the reply itself, which they refuse when a blocking
 * check fails. The results are stored with the reply for the reviewer.
 */
import type { CaseRow } from '../db/schema';
import type { Executor } from './cases.repo';
import type { Policy } from '../policy/policy';
import { blockingFailures, checkReply, type ReplyCheck } from '../../core/reply-quality';
import { DomainError } from '../../core/errors';

export interface ReplyDraftInput {
  content: string;
  attachmentIds?: string[];
  contactedAt?: string | null;
  citizenAttitude?: string | null;
}

function instantOrNull(v: string | null | undefined): Date | null {
  if (!v) return null;
  const t = new Date(v);
  return Number.isNaN(t.getTime()) ? null : t;
}

export async function replyChecksFor(db: Executor, row: CaseRow, input: ReplyDraftInput, policy: Policy): Promise<ReplyCheck[]> {
  const ids = [...new Set(input.attachmentIds ?? [])];
  const photos = ids.length
    ? await db.selectFrom('attachments').select('id').where('id', 'in', ids).where('mime', 'like', 'image/%').execute()
    : [];
  return checkReply(
    { content: input.content, contactedAt: instantOrNull(input.contactedAt), citizenAttitude: input.citizenAttitude ?? null, photoCount: photos.length },
    { anonymous: row.anonymous, siteCheck: row.site_check },
    policy.phrases,
    policy.settings.replyMinChars,
  );
}

/** Throws `reply.check_failed` (422) naming every blocking check that failed. */
export function refuseIfBlocked(checks: ReplyCheck[]): void {
  const failed = blockingFailures(checks);
  if (failed.length === 0) return;
  throw new DomainError(
    'reply.check_failed',
    `反馈未通过检查：${failed.map((c) => c.zh).join('；')}`,
    `the reply failed its checks: ${failed.map((c) => c.en).join('; ')}`,
    { checks: failed },
  );
}
