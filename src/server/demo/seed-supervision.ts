/**
 * The demo city's supervision work (issue #7), laid over the cases seed-demo made: most orders
 * answered by their units and some closed by the supervisor, a criticism entry only a supervisor
 * could record, and two special reports — one submitted to the leaders, one still a draft.
 * Everything goes through the same commands and routes' repositories as real use.
 */
import type { DatabaseHandle } from '../db/database';
import type { AuthUser } from '../auth/auth.repo';
import { PolicyStore } from '../policy/policy';
import { respondOrder } from '../commands/supervise-case';
import { recordCriticism } from '../assessment/criticism.repo';
import { createSpecialReport, submitSpecialReport } from '../supervision/special-reports.repo';

const HOUR = 3600_000;

export async function seedSupervision(
  handle: DatabaseHandle,
  opts: { now: Date; rand: () => number; user: (username: string) => AuthUser; handlerOf: (unitCode: string) => string },
): Promise<void> {
  const { db } = handle;
  const policy = new PolicyStore(db, 60_000);
  const orders = await db
    .selectFrom('supervision_orders as o')
    .innerJoin('units as u', 'u.id', 'o.unit_id')
    .innerJoin('cases as c', 'c.id', 'o.case_id')
    .select(['o.id', 'o.case_id', 'o.issued_at', 'o.due_at', 'u.code', 'c.state'])
    .where('o.status', '=', 'open')
    .orderBy('o.issued_at')
    .execute();
  const supervisor = opts.user('supervisor');
  for (const o of orders) {
    // two in three orders are answered, a day or so after they were issued
    if (opts.rand() < 0.34) continue;
    const at = new Date(Math.min(o.issued_at.getTime() + (6 + opts.rand() * 30) * HOUR, opts.now.getTime() - HOUR));
    const row = await db.selectFrom('cases').select(['version', 'state']).where('id', '=', o.case_id).executeTakeFirstOrThrow();
    if (row.state === 'archived') continue;
    await respondOrder({ db, policy, user: opts.user(opts.handlerOf(o.code)), now: at }, o.case_id, {
      version: row.version,
      orderId: o.id,
      response: '我单位已召开专题会研究部署，主要负责人带队现场督导，明确责任科室和整改时限，目前已完成主要整改，后续将持续跟踪并及时报告办理进展。',
    });
    if (opts.rand() < 0.5) {
      await db.updateTable('supervision_orders').set({ status: 'closed', closed_by: supervisor.userId, closed_at: new Date(at.getTime() + 4 * HOUR), close_note: '反馈内容具体，同意办结督办。' }).where('id', '=', o.id).execute();
    }
  }

  // a reason only a person can find: the reply said one thing, the callback found another
  const contradicted = await db
    .selectFrom('cases')
    .select(['id', 'case_no', 'lead_unit_id', 'closed_at'])
    .where('state', '=', 'closed')
    .where('satisfaction', 'in', ['dissatisfied', 'very_dissatisfied'])
    .where('lead_unit_id', 'is not', null)
    .orderBy('closed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (contradicted) {
    await recordCriticism(db, {
      unitId: contradicted.lead_unit_id!,
      caseId: contradicted.id,
      reason: 'contradicts_reality',
      detail: `诉求 ${contradicted.case_no} 答复称问题已解决，回访时群众反映现场情况未改变，经核实答复与事实不符。`,
      source: 'manual',
      createdBy: supervisor.userId,
      now: new Date(opts.now.getTime() - 2 * HOUR),
    });
  }

  // special reports: cases under leaders' instructions or supervision, newest first
  const picked = await db
    .selectFrom('cases')
    .select(['id'])
    .where((eb) => eb.or([eb('urgency', '=', 'leader_instructed'), eb('supervised', '=', true)]))
    .orderBy('created_at', 'desc')
    .limit(5)
    .execute();
  if (picked.length < 2) return;
  const reports = [
    { title: '近期群众反映强烈的重点问题专报', summary: '本期汇总近期领导批示和列入督办的群众诉求，涉及城市管理、生态环境等方面，请领导阅示。', ids: picked.slice(0, 3).map((p) => p.id), submit: true },
    { title: '民生领域突出问题专报（草稿）', summary: '拟汇总近两周民生领域反复投诉问题，待补充办理情况后报送。', ids: picked.slice(3).map((p) => p.id), submit: false },
  ];
  for (const [i, r] of reports.entries()) {
    if (r.ids.length === 0) continue;
    const at = new Date(opts.now.getTime() - (3 - i) * 24 * HOUR);
    await db.transaction().execute(async (trx) => {
      const id = await createSpecialReport(trx, { title: r.title, summary: r.summary, caseIds: r.ids, author: supervisor, now: at });
      if (r.submit) await submitSpecialReport(trx, id, supervisor, new Date(at.getTime() + HOUR));
    });
  }
}
