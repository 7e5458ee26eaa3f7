/**
 * Generating and sending the periodic reports (issue #8 §4–5): on demand, and on schedule — the
 * weekly report every Monday, the monthly, quarterly and annual ones on the first day of their
 * period — by whichever instance gets there first (a unique index makes it one report).
 * A scheduled report is sent to the leaders: a notification, and an email to those with an address.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import type { Executor } from '../cases/cases.repo';
import { buildReportData, lastFullPeriod, reportTitle, REPORT_KINDS, type ReportKind } from './report-data';
import { notifyUnit } from '../jobs/timers.repo';
import { enqueueMessage } from '../outbox/outbox.repo';
import { shanghaiDate, shanghaiMinutesOfDay } from '../../core/calendar';
import type { SatisfactionWeights } from '../../core/metrics';

export interface GenerateInput {
  kind: ReportKind;
  from: string;
  to: string;
  createdBy: string | null;
  now: Date;
  weights: SatisfactionWeights;
}

/** Computes and stores a report; a scheduled one (createdBy null) is stored once per period. Returns its id, or null if it existed. */
export async function generateReport(db: Executor, g: GenerateInput): Promise<string | null> {
  const data = await buildReportData(db, g.kind, g.from, g.to, g.weights);
  const id = randomUUID();
  const row = await db
    .insertInto('reports')
    .values({ id, kind: g.kind, period_from: g.from, period_to: g.to, title: reportTitle(g.kind, g.from, g.to), data: JSON.stringify(data), created_by: g.createdBy, created_at: g.now })
    .onConflict((oc) => oc.columns(['kind', 'period_from']).where('created_by', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Tells the leaders a report is ready: a notification to their units and an email to each leader with an address. */
export async function sendReportToLeaders(db: Executor, reportId: string, now: Date, publicUrl: string | undefined): Promise<number> {
  const report = await db.selectFrom('reports').select(['id', 'title']).where('id', '=', reportId).executeTakeFirstOrThrow();
  const leaders = await db.selectFrom('users').select(['id', 'unit_id', 'email', 'display_name']).where('role', '=', 'leader').where('active', '=', true).execute();
  for (const unitId of new Set(leaders.map((l) => l.unit_id))) {
    await notifyUnit(db, { unitId, caseId: null, kind: 'report', message: `${report.title}已生成，请阅。`, now });
  }
  const link = publicUrl ? `${publicUrl}/api/reports/${report.id}/docx` : `/api/reports/${report.id}/docx`;
  let mailed = 0;
  for (const l of leaders.filter((x) => x.email)) {
    await enqueueMessage(db, {
      channel: 'email',
      to: l.email!,
      subject: report.title,
      body: `${l.display_name}：\n\n${report.title}已生成。下载（Word）：${link}\nPDF：${link.replace(/docx$/, 'pdf')}\n\n——12345政务服务便民热线`,
      purpose: 'report',
      dedupeKey: `report:${report.id}:${l.id}`,
      now,
    });
    mailed++;
  }
  await db.updateTable('reports').set({ sent_at: now }).where('id', '=', report.id).execute();
  return mailed;
}

/** From 08:00 Shanghai on the first day of a period, the last full period's scheduled report exists. */
export async function generateScheduledReports(db: Database, now: Date, weights: SatisfactionWeights, publicUrl?: string): Promise<string[]> {
  if (shanghaiMinutesOfDay(now) < 8 * 60) return [];
  const today = shanghaiDate(now);
  const made: string[] = [];
  for (const kind of REPORT_KINDS) {
    const { from, to } = lastFullPeriod(kind, today);
    const exists = await db.selectFrom('reports').select('id').where('kind', '=', kind).where('period_from', '=', from).where('created_by', 'is', null).executeTakeFirst();
    if (exists) continue;
    const id = await db.transaction().execute(async (trx) => {
      const created = await generateReport(trx, { kind, from, to, createdBy: null, now, weights });
      if (created) await sendReportToLeaders(trx, created, now, publicUrl);
      return created;
    });
    if (id) made.push(id);
  }
  return made;
}
