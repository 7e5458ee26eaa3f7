/**
 * The timers a step arms, written in the step's own transaction so that a committed step never
 * lacks its timer and a rolled-back one never leaves one behind (issue #3 §5).
 */
import type { Transaction } from 'kysely';
import type { CaseRow, DB } from '../db/schema';
import type { Policy } from '../policy/policy';
import type { CaseAction } from '../../core/case-lifecycle';
import { scheduleTimer } from './timers.repo';

const DAY = 86_400_000;
const SUPERVISABLE = ['dispatched', 'handling', 'pending_signoff', 'replied', 'dissatisfied'];

export async function armTimersAfterStep(trx: Transaction<DB>, action: CaseAction, before: CaseRow, after: CaseRow, policy: Policy, now: Date): Promise<void> {
  const s = policy.settings;
  // S4 annex 3: a process callback within 2 days of each dispatch, unless nobody can be called
  if (action === 'dispatch' && !after.anonymous) {
    await scheduleTimer(trx, { caseId: after.id, kind: 'process_callback', dueAt: new Date(now.getTime() + s.processCallbackDays * DAY), dedupeKey: `process_callback:${after.id}:${after.version}`, now });
  }
  // a case that closes with promises not yet kept is looked back on weekly (S4 annex 3: 回头看)
  if (after.state === 'closed' && before.state !== 'closed') await armLookBack(trx, after.id, 1, policy, now);
  // enough urges escalate the case to a supervision order
  if (after.urge_count >= s.escalationUrges && before.urge_count < s.escalationUrges && !after.supervised && SUPERVISABLE.includes(after.state)) {
    await scheduleTimer(trx, { caseId: after.id, kind: 'escalation', dueAt: now, dedupeKey: `escalation:${after.id}`, payload: { urges: after.urge_count }, now });
  }
}

export async function armLookBack(trx: Transaction<DB>, caseId: string, round: number, policy: Policy, now: Date): Promise<boolean> {
  const open = await trx.selectFrom('promises').select('id').where('case_id', '=', caseId).where('done_at', 'is', null).limit(1).execute();
  if (open.length === 0) return false;
  await scheduleTimer(trx, {
    caseId,
    kind: 'look_back',
    dueAt: new Date(now.getTime() + policy.settings.lookBackDays * DAY),
    dedupeKey: `look_back:${caseId}:${now.toISOString()}:${round}`,
    payload: { round },
    now,
  });
  return true;
}
