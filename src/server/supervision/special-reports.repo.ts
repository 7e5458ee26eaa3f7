/** 专报 as rows: compiling chosen cases, and submitting the report to the leaders (used by the routes and the demo). */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../cases/cases.repo';
import type { AuthUser } from '../auth/auth.repo';
import { DomainError } from '../../core/errors';
import { loadCaseSummaries } from './case-summary';
import { nextDocumentNo } from './document-no';
import { notifyUnit } from '../jobs/timers.repo';
import { publishCaseChanges } from '../realtime/case-events';

/** Replaces the report's cases and returns their summaries as compiled now (JSON for the row). */
export async function compileReportCases(db: Executor, reportId: string, caseIds: string[]): Promise<string> {
  await db.deleteFrom('special_report_cases').where('report_id', '=', reportId).execute();
  await db.insertInto('special_report_cases').values(caseIds.map((case_id, position) => ({ report_id: reportId, case_id, position }))).execute();
  return JSON.stringify(await loadCaseSummaries(db, caseIds));
}

export async function createSpecialReport(db: Executor, r: { title: string; summary: string; caseIds: string[]; author: AuthUser; now: Date }): Promise<string> {
  const id = randomUUID();
  const reportNo = await nextDocumentNo(db, 'special_report', r.now);
  await db
    .insertInto('special_reports')
    .values({ id, report_no: reportNo, title: r.title.trim(), summary: r.summary.trim(), cases: '[]', created_by: r.author.userId, created_at: r.now, updated_at: r.now })
    .execute();
  const cases = await compileReportCases(db, id, r.caseIds);
  await db.updateTable('special_reports').set({ cases }).where('id', '=', id).execute();
  return id;
}

/**
 * Sends a draft to the leaders: the cases are compiled once more as they stand, each case's history
 * records the report (DOMAIN.md §5: "a case may be escalated to a special report"), and every
 * leader's unit is notified. Call inside a transaction.
 */
export async function submitSpecialReport(trx: Executor, id: string, user: AuthUser, now: Date): Promise<void> {
  const r = await trx.selectFrom('special_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw new DomainError('not_found', '专报不存在', 'no such special report');
  if (r.status !== 'draft') throw new DomainError('case.illegal_transition', '专报已报送', 'the report was already submitted');
  const caseIds = (await trx.selectFrom('special_report_cases').select('case_id').where('report_id', '=', id).orderBy('position').execute()).map((x) => x.case_id);
  const cases = JSON.stringify(await loadCaseSummaries(trx, caseIds));
  await trx.updateTable('special_reports').set({ status: 'submitted', submitted_by: user.userId, submitted_at: now, updated_at: now, cases }).where('id', '=', id).execute();
  for (const caseId of caseIds) {
    const c = await trx.selectFrom('cases').select(['id', 'version', 'state', 'case_no', 'lead_unit_id', 'district_id']).where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
    await trx.updateTable('cases').set({ version: c.version + 1, updated_at: now }).where('id', '=', c.id).execute();
    await trx
      .insertInto('case_events')
      .values({
        case_id: c.id,
        seq: c.version + 1,
        action: 'special_report',
        from_state: c.state,
        to_state: c.state,
        actor_id: user.userId,
        actor_role: user.role,
        actor_unit_id: user.unitId,
        at: now,
        payload: JSON.stringify({ reportId: id, reportNo: r.report_no, title: r.title }),
      })
      .execute();
    await publishCaseChanges(trx, [{ row: { ...c, version: c.version + 1 }, action: 'special_report', at: now }]);
  }
  const leaderUnits = await trx.selectFrom('users').select('unit_id').distinct().where('role', '=', 'leader').where('active', '=', true).execute();
  for (const l of leaderUnits) {
    await notifyUnit(trx, { unitId: l.unit_id, caseId: null, kind: 'special_report', message: `收到专报 ${r.report_no}《${r.title}》，共 ${caseIds.length} 件诉求，请阅示。`, now });
  }
}
