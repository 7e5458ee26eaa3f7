/**
 * The time-limit engine's worker (issue #3 §5). Every instance runs it; each timer fires exactly
 * once because it is claimed with FOR UPDATE SKIP LOCKED and marked fired in the transaction that
 * acts on it. A timer that fell due while no server ran fires on the first pass after start.
 *
 * - deadline warning: `cases.warn_at` passed → a notification to the lead unit (warned_at set);
 * - overdue: `cases.due_at` passed → an `overdue` history event, an overdue record counted against
 *   the lead unit, an automatic urge, a notification (overdue_at set);
 * - timers rows: process callback tasks, weekly look-backs on unkept promises, escalation of a
 *   much-urged case to a supervision order, promise reminders (before and on the due date), a
 *   portal rating not given in time turning into a phone callback, and a supervision order
 *   falling due unanswered (counted as missing written feedback, DOMAIN.md §9).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database';
import type { CaseRow, DB } from '../db/schema';
import type { PolicyStore, Policy } from '../policy/policy';
import { armLookBack, armTimersAfterStep } from './case-timers';
import { notifyUnit } from './timers.repo';
import { UNIT_CLOCK_STATES } from '../../core/case-lifecycle';
import { shanghaiDate } from '../../core/calendar';
import { retrainIfDue } from '../routing/routing.service';
import { issueOrder } from '../supervision/orders.repo';
import { recordCriticism } from '../assessment/criticism.repo';
import { compactAll, recordStatsChange, recordStatsChanges } from '../stats/stats.repo';
import { generateScheduledReports } from '../reports/reports.service';
import { expireArticles } from '../knowledge/knowledge.repo';
import { offerToWebhooks } from '../integration/webhooks';
import { retentionIfDue } from '../privacy/retention';
import { publishCaseChanges } from '../realtime/case-events';
import { computeDue, parseLimit } from '../../core/time-limits';

export interface TimerDeps {
  db: Database;
  policy: PolicyStore;
  clock: () => Date;
  /** Where citizens and leaders reach the server (links in the reports' emails). */
  publicUrl?: string;
}

/** The states in which a unit's clock runs; the sweeps' SQL names them too. */
const CLOCK = [...UNIT_CLOCK_STATES];
const SUPERVISABLE = ['dispatched', 'handling', 'pending_signoff', 'replied', 'dissatisfied'];
const CALLBACK_OPEN = ['dispatched', 'handling', 'pending_signoff', 'replied'];

function fmt(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${shanghaiDate(d)} ${local.slice(11, 16)}`;
}

async function appendEvent(trx: Transaction<DB>, caseId: string, seq: number, action: string, state: string, now: Date, payload: Record<string, unknown>) {
  await trx.insertInto('case_events').values(systemEvent(caseId, seq, action, state, now, payload)).execute();
}

/** Deadline warnings: at most `batch` cases per transaction. */
export async function sweepWarnings(deps: TimerDeps, now: Date, batch = 500): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('cases')
      .select(['id', 'case_no', 'lead_unit_id', 'due_at', 'title'])
      .where('state', 'in', CLOCK)
      .where('warned_at', 'is', null)
      .where('warn_at', '<=', now)
      .orderBy('warn_at')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const r of rows) {
      await trx.updateTable('cases').set({ warned_at: now }).where('id', '=', r.id).execute();
      if (r.lead_unit_id && r.due_at && r.due_at.getTime() > now.getTime()) {
        await notifyUnit(trx, { unitId: r.lead_unit_id, caseId: r.id, kind: 'deadline_warning', message: `诉求 ${r.case_no}「${r.title}」即将到期（${fmt(r.due_at)}），请抓紧办理。`, now });
      }
    }
    return rows.length;
  });
}

/**
 * Overdue: at most `batch` cases per transaction, set-based (one claim-and-update, then one insert
 * per table) so that a pass stays cheap however many cases fall due at once.
 */
export async function sweepOverdue(deps: TimerDeps, policy: Policy, now: Date, batch = 500): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const claimed = await sql<CaseRow>`
      WITH due AS (
        SELECT id FROM cases
        WHERE state IN ('dispatched', 'handling', 'pending_signoff') AND overdue_at IS NULL AND due_at <= ${now}
        ORDER BY due_at LIMIT ${batch}
        FOR UPDATE SKIP LOCKED)
      UPDATE cases c
      SET overdue_at = ${now}, warned_at = COALESCE(c.warned_at, ${now}), urge_count = c.urge_count + 1, overdue_count = c.overdue_count + 1,
          version = c.version + 2, updated_at = ${now}
      FROM due WHERE c.id = due.id
      RETURNING c.*`.execute(trx);
    const rows = claimed.rows;
    if (rows.length === 0) return 0;
    await recordStatsChanges(trx, rows.map((r) => [{ ...r, overdue_count: r.overdue_count - 1 }, r]));
    await offerToWebhooks(trx, rows.map((r) => ({ row: r, seq: r.version - 1, action: 'overdue', fromState: r.state, toState: r.state, at: now, actorRole: 'system' })));
    await publishCaseChanges(trx, rows.map((r) => ({ row: r, action: 'overdue', at: now })));
    await trx
      .insertInto('case_events')
      .values(
        rows.flatMap((r) => [
          systemEvent(r.id, r.version - 1, 'overdue', r.state, now, { dueAt: r.due_at, stage: r.stage, unitId: r.lead_unit_id }),
          systemEvent(r.id, r.version, 'auto_urge', r.state, now, { urgeNo: r.urge_count, automatic: true }),
        ]),
      )
      .execute();
    await trx
      .insertInto('overdue_records')
      .values(rows.map((r) => ({ case_id: r.id, unit_id: r.lead_unit_id, stage: r.stage, due_at: r.due_at!, overdue_at: now })))
      .onConflict((oc) => oc.columns(['case_id', 'due_at']).doNothing())
      .execute();
    const toNotify = rows.filter((r) => r.lead_unit_id);
    if (toNotify.length) {
      await trx
        .insertInto('notifications')
        .values(
          toNotify.map((r) => ({
            id: randomUUID(),
            unit_id: r.lead_unit_id!,
            case_id: r.id,
            kind: 'overdue',
            message: `诉求 ${r.case_no}「${r.title}」已超过办理期限（${fmt(r.due_at!)}），系统已自动催办。`,
            created_at: now,
          })),
        )
        .execute();
    }
    for (const after of rows) {
      if (after.urge_count === policy.settings.escalationUrges) {
        await armTimersAfterStep(trx, 'urge', { ...after, urge_count: after.urge_count - 1 }, after, policy, now);
      }
    }
    return rows.length;
  });
}

function systemEvent(caseId: string, seq: number, action: string, state: string, at: Date, payload: Record<string, unknown>) {
  return { case_id: caseId, seq, action, from_state: state, to_state: state, actor_id: null, actor_role: 'system', actor_unit_id: null, at, payload: JSON.stringify(payload) };
}

/** Timers rows that are due: at most `batch` per transaction. */
export async function fireTimers(deps: TimerDeps, policy: Policy, now: Date, batch = 100): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const timers = await trx.selectFrom('timers').selectAll().where('fired_at', 'is', null).where('due_at', '<=', now).orderBy('due_at').limit(batch).forUpdate().skipLocked().execute();
    for (const t of timers) {
      const row = await trx.selectFrom('cases').selectAll().where('id', '=', t.case_id).forUpdate().executeTakeFirstOrThrow();
      let outcome = 'skipped';
      if (t.kind === 'process_callback') {
        if (CALLBACK_OPEN.includes(row.state) && !row.anonymous) {
          await trx.insertInto('callback_tasks').values({ id: randomUUID(), case_id: row.id, type: 'process', created_at: now, due_at: new Date(now.getTime() + 86_400_000), timer_id: t.id }).execute();
          outcome = 'task_created';
        } else outcome = `skipped:${row.state}`;
      } else if (t.kind === 'look_back') {
        const open = await trx.selectFrom('promises').select('id').where('case_id', '=', row.id).where('done_at', 'is', null).execute();
        if (open.length > 0 && (row.state === 'closed' || row.state === 'archived')) {
          await trx.insertInto('callback_tasks').values({ id: randomUUID(), case_id: row.id, type: 'look_back', created_at: now, due_at: null, timer_id: t.id }).execute();
          const round = Number((t.payload as { round?: number }).round ?? 1) + 1;
          await armLookBack(trx, row.id, round, policy, now);
          outcome = 'task_created';
        } else outcome = 'skipped:all_kept';
      } else if (t.kind === 'escalation') {
        if (!row.supervised && SUPERVISABLE.includes(row.state) && row.lead_unit_id) {
          const reason = `催办 ${row.urge_count} 次仍未办结，自动升级为督办件`;
          const due = computeDue(now, parseLimit(policy.settings.orderLimit), policy.calendar, { closeOfBusiness: policy.closeOfBusiness });
          const order = await issueOrder(trx, { caseId: row.id, caseNo: row.case_no, title: row.title, unitId: row.lead_unit_id, kind: 'supervision', requirement: `${reason}，请书面说明未办结原因、已采取的措施和办结时间。`, dueAt: due, issuedBy: null, now });
          const after = await trx
            .updateTable('cases')
            .set({ supervised: true, requires_signoff: true, open_orders: row.open_orders + 1, version: row.version + 1, updated_at: now })
            .where('id', '=', row.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordStatsChange(trx, row, after);
          await offerToWebhooks(trx, [{ row: after, seq: after.version, action: 'escalate', fromState: row.state, toState: row.state, at: now, actorRole: 'system' }]);
          await publishCaseChanges(trx, [{ row: after, action: 'escalate', at: now }]);
          await appendEvent(trx, row.id, row.version + 1, 'escalate', row.state, now, { urges: row.urge_count, reason, orderId: order.id, orderNo: order.orderNo, dueAt: due });
          outcome = 'escalated';
        } else outcome = `skipped:${row.supervised ? 'already_supervised' : row.state}`;
      } else if (t.kind === 'promise_reminder') {
        outcome = await remindPromise(trx, row, t.payload as { promiseId?: string; phase?: string }, now);
      } else if (t.kind === 'evaluation_fallback') {
        // the citizen did not rate on the portal in time: an operator calls instead
        const res = await trx
          .updateTable('callback_tasks')
          .set({ method: 'phone', due_at: new Date(now.getTime() + 86_400_000) })
          .where('id', '=', String((t.payload as { taskId?: string }).taskId ?? ''))
          .where('done_at', 'is', null)
          .executeTakeFirst();
        outcome = res.numUpdatedRows > 0n && row.state === 'pending_callback' ? 'to_phone' : 'skipped:rated';
      } else if (t.kind === 'order_due') {
        outcome = await orderFallsDue(trx, row, String((t.payload as { orderId?: string }).orderId ?? ''), now);
      }
      await trx.updateTable('timers').set({ fired_at: now, outcome }).where('id', '=', t.id).execute();
    }
    return timers.length;
  });
}

async function remindPromise(trx: Transaction<DB>, row: CaseRow, p: { promiseId?: string; phase?: string }, now: Date): Promise<string> {
  const promise = await trx.selectFrom('promises').selectAll().where('id', '=', String(p.promiseId ?? '')).executeTakeFirst();
  if (!promise || promise.done_at) return 'skipped:kept';
  const due = promise.due_date ? shanghaiDate(promise.due_date) : '';
  const message =
    p.phase === 'due'
      ? `承诺事项已到期未兑现：诉求 ${row.case_no}「${promise.what}」（承诺 ${due} 前完成），请尽快兑现并在系统中登记。`
      : `承诺事项即将到期：诉求 ${row.case_no}「${promise.what}」须于 ${due} 前完成。`;
  await notifyUnit(trx, { unitId: promise.unit_id, caseId: row.id, kind: p.phase === 'due' ? 'promise_overdue' : 'promise_reminder', message, now });
  await trx.updateTable('promises').set({ reminded_at: now }).where('id', '=', promise.id).execute();
  return p.phase === 'due' ? 'overdue_notice' : 'reminded';
}

/** DOMAIN.md §9 (S1 §3): an order left unanswered past its deadline is written feedback missing. */
async function orderFallsDue(trx: Transaction<DB>, row: CaseRow, orderId: string, now: Date): Promise<string> {
  const order = await trx.selectFrom('supervision_orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!order || order.status !== 'open') return 'skipped:answered';
  await trx.updateTable('supervision_orders').set({ overdue_at: now }).where('id', '=', order.id).execute();
  await notifyUnit(trx, { unitId: order.unit_id, caseId: row.id, kind: 'order_overdue', message: `${order.order_no} 已超过反馈期限（${fmt(order.due_at)}），请立即书面反馈。`, now });
  await recordCriticism(trx, { unitId: order.unit_id, caseId: row.id, reason: 'missing_written_feedback', detail: `${order.order_no}（诉求 ${row.case_no}）逾期未书面反馈`, source: 'auto', createdBy: null, now });
  return 'overdue';
}

export interface PassResult {
  warned: number;
  overdue: number;
  fired: number;
}

/** One full pass: repeats each sweep until it finds less than a batch. */
export async function runTimersOnce(deps: TimerDeps): Promise<PassResult> {
  const now = deps.clock();
  const policy = await deps.policy.get();
  const out: PassResult = { warned: 0, overdue: 0, fired: 0 };
  for (let n = 500; n === 500; ) out.overdue += n = await sweepOverdue(deps, policy, now, 500);
  for (let n = 500; n === 500; ) out.warned += n = await sweepWarnings(deps, now, 500);
  for (let n = 100; n === 100; ) out.fired += n = await fireTimers(deps, policy, now, 100);
  return out;
}

/** Runs a pass every `intervalMs` until stopped; a failed pass is logged and retried next time. */
export function startTimerLoop(deps: TimerDeps, intervalMs: number, log: { error: (o: unknown, msg: string) => void }): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = runTimersOnce(deps)
      // the statistics rows of the last steps are folded into the rollups
      .then(() => compactAll(deps.db))
      // knowledge articles past their validity expire
      .then(() => expireArticles(deps.db, deps.clock()))
      // the weekly (monthly, quarterly, annual) report, once its period is over
      .then(async () => generateScheduledReports(deps.db, deps.clock(), (await deps.policy.get()).settings.satisfactionWeights, deps.publicUrl))
      // the routing models are retrained nightly, by whichever instance claims it first
      .then(() => retrainIfDue(deps.db, deps.clock()))
      // citizens of cases archived longer ago than the retention setting are anonymised, once a day
      .then(async () => retentionIfDue(deps.db, (await deps.policy.get()).settings.retentionYears, deps.clock()))
      .catch((err) => log.error({ err }, 'timer pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
