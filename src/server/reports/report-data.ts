/**
 * The figures of the periodic reports (issue #8 §4–5; S1 §2, S4 annex 5): the weekly report to
 * leaders (周报), the monthly consultation statistics (月度会商) and the quarterly and annual reports.
 * Counts come from the rollups; hot issues, important cases, the hour of day and the supervision
 * status from the cases of the period.
 */
import { sql } from 'kysely';
import type { Executor } from '../cases/cases.repo';
import { readBreakdown, readSeries, readTotals } from '../stats/stats.repo';
import { labelRows } from '../stats/labels';
import { segment } from '../text/segment';
import { hotIssues } from '../../core/hot-issues';
import { ratesOf, type Counters, type SatisfactionWeights } from '../../core/metrics';
import { REPORT_KIND_LABELS, REPORT_SERIES_GRANULARITY, type ReportData, type ReportKind } from '../../core/report-data';

export { REPORT_KINDS, REPORT_KIND_LABELS, lastFullPeriod, type Breakdown, type ReportData, type ReportKind } from '../../core/report-data';
import { shanghaiInstant } from '../../core/calendar';
import { CASE_STATE_LABELS, type CaseState } from '../../core/case-lifecycle';

/** How many of the period's newest cases the hot issues are found among. */
const HOT_ISSUE_CASES = 20_000;
const DAY = 86_400_000;

/** Days between two YYYY-MM-DD dates, inclusive. */
function spanDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
}
function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}


export async function buildReportData(db: Executor, kind: ReportKind, from: string, to: string, weights: SatisfactionWeights): Promise<ReportData> {
  const len = spanDays(from, to);
  const previousTo = shiftDay(from, -1);
  const previousFrom = shiftDay(from, -len);
  const start = shanghaiInstant(from, '00:00');
  const end = new Date(shanghaiInstant(to, '00:00').getTime() + DAY);
  const withRates = (rows: { key: string; label: string; counters: Counters }[]) => rows.map((r) => ({ ...r, rates: ratesOf(r.counters, weights) }));
  const breakdown = async (by: 'unit' | 'district' | 'category' | 'channel' | 'kind') =>
    withRates((await labelRows(db, by, await readBreakdown(db, by, from, to), 'zh')).sort((a, b) => b.counters.received - a.counters.received));

  const totals = await readTotals(db, from, to);
  const previous = await readTotals(db, previousFrom, previousTo);
  const series = (await readSeries(db, REPORT_SERIES_GRANULARITY[kind], from, to)).map((r) => ({ key: r.key, received: r.counters.received, closed: r.counters.closed }));

  const hours = await sql<{ h: number; n: number }>`
    SELECT extract(hour FROM (created_at AT TIME ZONE 'UTC') + interval '8 hours')::int AS h, count(*)::int AS n
    FROM cases WHERE created_at >= ${start} AND created_at < ${end} GROUP BY 1`.execute(db);
  const hourOfDay = Array.from({ length: 24 }, (_, h) => hours.rows.find((r) => r.h === h)?.n ?? 0);

  const recent = await db
    .selectFrom('cases')
    .select(['id', 'case_no', 'title', 'content'])
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .orderBy('created_at', 'desc')
    .orderBy('case_no', 'desc')
    .limit(HOT_ISSUE_CASES)
    .execute();
  const byId = new Map(recent.map((r) => [r.id, r]));
  const issues = hotIssues(recent.map((r) => ({ id: r.id, tokens: segment(`${r.title} ${r.content.slice(0, 300)}`) })), { top: 10, minCount: 2 }).map((g) => ({
    keywords: g.keywords,
    count: g.count,
    cases: g.ids.slice(0, 3).map((id) => ({ caseNo: byId.get(id)!.case_no, title: byId.get(id)!.title })),
  }));

  const important = await sql<{ case_no: string; title: string; state: string; unit: string | null; urgency: string; supervised: boolean; instructed: boolean; reported: boolean }>`
    SELECT c.case_no, c.title, c.state, u.name AS unit, c.urgency, c.supervised,
           EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'instruct' AND e.at >= ${start} AND e.at < ${end}) AS instructed,
           EXISTS (SELECT 1 FROM special_report_cases rc JOIN special_reports r ON r.id = rc.report_id WHERE rc.case_id = c.id AND r.submitted_at >= ${start} AND r.submitted_at < ${end}) AS reported
    FROM cases c LEFT JOIN units u ON u.id = c.lead_unit_id
    -- the two reasons as a union, each from its index (an OR of them read every case: BENCHMARKS.md)
    WHERE c.id IN (
      SELECT id FROM cases
       WHERE created_at >= ${start} AND created_at < ${end} AND (urgency IN ('major_emergency', 'general_emergency', 'leader_instructed') OR supervised)
      UNION
      SELECT case_id FROM case_events WHERE action IN ('instruct', 'supervise', 'escalate', 'special_report') AND at >= ${start} AND at < ${end})
    ORDER BY c.created_at DESC LIMIT 30`.execute(db);
  const importantCases = important.rows.map((r) => ({
    caseNo: r.case_no,
    title: r.title,
    state: CASE_STATE_LABELS[r.state as CaseState]?.zh ?? r.state,
    unit: r.unit,
    reasons: [
      r.urgency === 'major_emergency' ? '重大紧急' : r.urgency === 'general_emergency' ? '一般紧急' : null,
      r.urgency === 'leader_instructed' || r.instructed ? '领导批示' : null,
      r.supervised ? '督办' : null,
      r.reported ? '专报' : null,
    ].filter((x): x is string => x !== null),
  }));

  const eventCount = async (action: string) =>
    Number((await db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).where('at', '>=', start).where('at', '<', end).executeTakeFirstOrThrow()).n);
  const orders = await db
    .selectFrom('supervision_orders')
    .select(['status', 'due_at', 'responded_at'])
    .where('issued_at', '>=', start)
    .where('issued_at', '<', end)
    .execute();
  const specialReports = Number((await db.selectFrom('special_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('submitted_at', '>=', start).where('submitted_at', '<', end).executeTakeFirstOrThrow()).n);
  const openOverdue = Number(
    (await db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', ['dispatched', 'handling', 'pending_signoff']).where('overdue_at', 'is not', null).executeTakeFirstOrThrow()).n,
  );
  const byChannel = await breakdown('channel');
  const byKind = await breakdown('kind');
  const consult = byKind.find((r) => r.key === 'consultation')?.counters;
  // the channel breakdown's keys are 'channel/kind' once labelled
  const media = byChannel.filter((r) => r.key.startsWith('media/')).reduce((s, r) => s + r.counters.received, 0);

  return {
    kind,
    from,
    to,
    previousFrom,
    previousTo,
    totals: { counters: totals, rates: ratesOf(totals, weights) },
    previous: { counters: previous, rates: ratesOf(previous, weights) },
    receivedChange: previous.received > 0 ? Math.round(((totals.received - previous.received) / previous.received) * 10000) / 10000 : null,
    series,
    byChannel,
    byKind,
    byCategory: (await breakdown('category')).slice(0, 15),
    byDistrict: await breakdown('district'),
    units: (await breakdown('unit')).filter((u) => u.key !== '' && u.counters.dispatched > 0),
    hourOfDay,
    hotIssues: issues,
    importantCases,
    supervision: {
      urges: (await eventCount('urge')) + (await eventCount('auto_urge')),
      ordersIssued: orders.length,
      ordersResponded: orders.filter((o) => o.status !== 'open').length,
      ordersOpen: orders.filter((o) => o.status === 'open').length,
      ordersOverdue: orders.filter((o) => (o.status === 'open' && o.due_at < end) || (o.responded_at && o.responded_at > o.due_at)).length,
      instructions: await eventCount('instruct'),
      specialReports,
    },
    overdue: { stages: totals.overdue, openOverdue },
    consultations: { received: consult?.received ?? 0, answeredOnSpot: consult?.on_spot ?? 0 },
    mediaLinked: media,
  };
}

/** The report's title, e.g. 周报（2026年11月16日—11月22日）. */
export function reportTitle(kind: ReportKind, from: string, to: string): string {
  const [y1, m1, d1] = from.split('-').map(Number);
  const [y2, m2, d2] = to.split('-').map(Number);
  if (kind === 'monthly') return `${y1}年${m1}月${REPORT_KIND_LABELS.monthly.zh}`;
  if (kind === 'quarterly') return `${y1}年第${Math.floor((m1! - 1) / 3) + 1}季度${REPORT_KIND_LABELS.quarterly.zh}`;
  if (kind === 'annual') return `${y1}年${REPORT_KIND_LABELS.annual.zh}`;
  return `${REPORT_KIND_LABELS.weekly.zh}（${y1}年${m1}月${d1}日—${y2 !== y1 ? `${y2}年` : ''}${m2}月${d2}日）`;
}
