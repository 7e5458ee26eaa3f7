/**
 * The shape every step on a case takes (STYLE.md §2): in one transaction, load and lock the case,
 * check it is visible and the caller's version is current, ask core whether the step is allowed,
 * write the new state with `version + 1`, and append one immutable history event.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/database';
import type { CaseRow, CaseUpdate, DB } from '../db/schema';
import { decide, type ActionInput, type CaseAction, type CaseState } from '../../core/case-lifecycle';
import { DomainError } from '../../core/errors';
import type { AuthUser } from '../auth/auth.repo';
import type { Policy, PolicyStore } from '../policy/policy';
import { caseNotFound, loadCaseForUpdate, loadCaseUnits, mayView, type CaseUnitRow } from '../cases/cases.repo';
import { actorOf, toFacts } from '../cases/case-view';
import { armTimersAfterStep } from '../jobs/case-timers';
import { districtOf, recordStatsChange } from '../stats/stats.repo';
import { offerToWebhooks } from '../integration/webhooks';
import { transferAfterStep } from '../integration/transfers';
import { retryOnConflict } from '../db/retry';
import { publishCaseChanges } from '../realtime/case-events';

export interface CommandContext {
  db: Database;
  policy: PolicyStore;
  user: AuthUser;
  now: Date;
  /** Opens the SMS a step sends a citizen (extension notices). */
  smsSignature?: string;
  /** The portal's public address, for links sent to citizens (result rating). */
  portalUrl?: string;
  /**
   * The step is the citizen's own, proven by the case's query code on the portal (`evaluate`):
   * no staff visibility applies and the history records no staff member.
   */
  requester?: boolean;
}

/** The acting user of a citizen's own step on the portal. */
export const PORTAL_CITIZEN: AuthUser = { userId: '', username: 'portal', displayName: '诉求人', role: 'citizen', unitId: '', unitName: '', unitCode: '', unitPath: '', atCentre: false };

export interface StepState {
  trx: Transaction<DB>;
  row: CaseRow;
  units: CaseUnitRow[];
  to: CaseState;
  now: Date;
  /** The time-limit policy and calendar, read before the transaction (PGlite has one connection). */
  policy: Policy;
}

export interface StepResult {
  patch?: CaseUpdate;
  /** What the history event records of this step (reason, units, reply id …). */
  payload?: Record<string, unknown>;
}

export async function runStep(
  ctx: CommandContext,
  caseRef: string,
  expectedVersion: number,
  action: CaseAction,
  input: ActionInput,
  apply: (s: StepState) => Promise<StepResult> | StepResult,
): Promise<CaseRow> {
  const policy = await ctx.policy.get();
  // a deadlock with a step on a second case (merge, link) is run again, not answered with a 500
  return retryOnConflict(() => ctx.db.transaction().execute(async (trx) => {
    const row = await loadCaseForUpdate(trx, caseRef);
    const units = (await loadCaseUnits(trx, [row.id])).get(row.id) ?? [];
    const actor = { ...actorOf(ctx.user), requester: ctx.requester === true };
    if (!ctx.requester && !(await mayView(trx, actor, row, units))) {
      throw caseNotFound();
    }
    if (row.version !== expectedVersion) {
      throw new DomainError(
        'case.stale_version',
        `诉求已被他人更新（当前版本 ${row.version}，提交版本 ${expectedVersion}），请刷新后重试`,
        `the case has changed (current version ${row.version}, yours ${expectedVersion}); reload and retry`,
        { currentVersion: row.version, state: row.state },
      );
    }
    const open = await trx.selectFrom('promises').select(trx.fn.countAll<number>().as('n')).where('case_id', '=', row.id).where('done_at', 'is', null).executeTakeFirstOrThrow();
    const lead = units.find((u) => u.role === 'lead' && u.active);
    const below = lead ? await trx.selectFrom('units').select('id').where('parent_id', '=', lead.unitId).where('active', '=', true).limit(1).execute() : [];
    const { to } = decide(actor, action, { ...toFacts(row, units, Number(open.n)), leadHasSubUnits: below.length > 0 }, input, ctx.now);
    const staff = ctx.requester ? null : ctx.user;
    const { patch = {}, payload = {} } = await apply({ trx, row, units, to, now: ctx.now, policy });
    const version = row.version + 1;
    const updated = await trx
      .updateTable('cases')
      // the centre's first step on a case that arrived by itself acknowledges it (GB/T 33358)
      .set({ ...patch, ...(row.acknowledged_at === null && staff?.atCentre ? { acknowledged_at: ctx.now } : {}), state: to, version, updated_at: ctx.now })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new DomainError('case.stale_version', '诉求已被他人更新，请刷新后重试', 'the case has changed; reload and retry');
    // a case placed nowhere yet counts under its lead unit's district (docs/metrics.md)
    if (!updated.district_id && updated.lead_unit_id) {
      updated.district_id = await districtOf(trx, updated.lead_unit_id, ctx.now.getTime());
      if (updated.district_id) await trx.updateTable('cases').set({ district_id: updated.district_id }).where('id', '=', row.id).execute();
    }
    await recordStatsChange(trx, row, updated);
    await trx
      .insertInto('case_events')
      .values({
        case_id: row.id,
        seq: version,
        action,
        from_state: row.state,
        to_state: to,
        actor_id: staff?.userId ?? null,
        actor_role: ctx.user.role,
        actor_unit_id: staff?.unitId ?? null,
        at: ctx.now,
        payload: JSON.stringify(payload),
      })
      .execute();
    await armTimersAfterStep(trx, action, row, updated, policy, ctx.now);
    // integrations: the event to webhook subscribers, a case to or a result from another platform
    await offerToWebhooks(trx, [{ row: updated, seq: version, action, fromState: row.state, toState: to, at: ctx.now, actorRole: ctx.user.role }]);
    await transferAfterStep(trx, row, updated, action, ctx.now);
    // real-time: delivered to every instance's listeners when (and only if) this transaction commits
    await publishCaseChanges(trx, [{ row: updated, action, at: ctx.now, unitIds: units.map((u) => u.unitId) }]);
    return updated;
  }));
}
