/**
 * The quarterly notice (季度通报, S1 §3; issue #8 §3): a draft naming each unit to be criticised with
 * its reasons and case numbers, and the units to be praised. The reasons are the quarter's
 * criticism entries (found by the platform or recorded by supervisors) plus one the notice
 * finds itself: three or more overdue stages in the quarter on cases with no extension asked for
 * (S1 §3 (三): 没有按规定时限反馈，又没有说明原因，季度累计达3次以上).
 */
import { sql } from 'kysely';
import type { Executor } from '../cases/cases.repo';
import { readBreakdown, readTotals } from '../stats/stats.repo';
import { CRITICISM_REASON_LABELS, quarterDays, type CriticismReason } from '../../core/criticism';
import { ratesOf, type Counters, type Rates, type SatisfactionWeights } from '../../core/metrics';
import { shanghaiInstant } from '../../core/calendar';
import { lateReport } from '../filings/filings.repo';

/** S1 §3 (三): this many unexplained overdue stages in a quarter. */
export const OVERDUE_UNEXPLAINED_LIMIT = 3;
/** A unit is considered for praise with at least this many cases in the quarter. */
export const PRAISE_MIN_CASES = 5;

export interface NoticeReason {
  reason: CriticismReason;
  label: string;
  count: number;
  cases: string[];
  details: string[];
}

export interface CriticismNotice {
  quarter: string;
  from: string;
  to: string;
  totals: { counters: Counters; rates: Rates };
  criticised: { unit: { id: string; code: string; name: string }; reasons: NoticeReason[] }[];
  praised: { unit: { id: string; code: string; name: string }; counters: Counters; rates: Rates; score: number }[];
  /** S4 annex 4: filing is part of the assessment — units whose planned filings came less than 3 days ahead. */
  lateFilings: { unit: { id: string; code: string; name: string }; planned: number; late: number; lateRate: number | null; titles: string[] }[];
}

export async function buildCriticismNotice(db: Executor, quarter: string, weights: SatisfactionWeights): Promise<CriticismNotice> {
  const { from, to } = quarterDays(quarter);
  const start = shanghaiInstant(from, '00:00');
  const end = new Date(shanghaiInstant(to, '00:00').getTime() + 86_400_000);
  const entries = await db
    .selectFrom('criticism_entries as e')
    .leftJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.unit_id', 'e.reason', 'e.detail', 'c.case_no'])
    .where('e.quarter', '=', quarter)
    .where('e.revoked_at', 'is', null)
    .orderBy('e.created_at')
    .execute();
  const overdue = await sql<{ unit_id: string; case_no: string }>`
    SELECT o.unit_id, c.case_no FROM overdue_records o JOIN cases c ON c.id = o.case_id
    WHERE o.overdue_at >= ${start} AND o.overdue_at < ${end} AND o.unit_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM extension_requests x WHERE x.case_id = o.case_id AND x.unit_id = o.unit_id)
    ORDER BY o.overdue_at, c.case_no`.execute(db);

  const byUnit = new Map<string, Map<CriticismReason, NoticeReason>>();
  const add = (unitId: string, reason: CriticismReason, caseNo: string | null, detail: string | null) => {
    const reasons = byUnit.get(unitId) ?? new Map<CriticismReason, NoticeReason>();
    const r = reasons.get(reason) ?? { reason, label: CRITICISM_REASON_LABELS[reason].zh, count: 0, cases: [], details: [] };
    r.count++;
    if (caseNo && !r.cases.includes(caseNo)) r.cases.push(caseNo);
    if (detail) r.details.push(detail);
    reasons.set(reason, r);
    byUnit.set(unitId, reasons);
  };
  for (const e of entries) add(e.unit_id, e.reason as CriticismReason, e.case_no, e.detail);
  const overdueByUnit = new Map<string, string[]>();
  for (const o of overdue.rows) overdueByUnit.set(o.unit_id, [...(overdueByUnit.get(o.unit_id) ?? []), o.case_no]);
  for (const [unitId, cases] of overdueByUnit) {
    if (cases.length < OVERDUE_UNEXPLAINED_LIMIT) continue;
    const already = byUnit.get(unitId)?.get('overdue_unexplained');
    for (const caseNo of cases) if (!already?.cases.includes(caseNo)) add(unitId, 'overdue_unexplained', caseNo, null);
  }

  const unitRows = await readBreakdown(db, 'unit', from, to);
  const ids = [...new Set([...byUnit.keys(), ...unitRows.map((r) => r.key).filter((k) => k !== '')])];
  const units = new Map(
    ids.length ? (await db.selectFrom('units').select(['id', 'code', 'name']).where('id', 'in', ids).execute()).map((u) => [u.id, u]) : [],
  );
  const criticised = [...byUnit.entries()]
    .filter(([id]) => units.has(id))
    .map(([id, reasons]) => ({ unit: units.get(id)!, reasons: [...reasons.values()].map((r) => ({ ...r, cases: [...r.cases].sort() })) }))
    .sort((a, b) => b.reasons.reduce((s, r) => s + r.count, 0) - a.reasons.reduce((s, r) => s + r.count, 0) || a.unit.code.localeCompare(b.unit.code));

  // praise: enough cases, nothing to criticise, the best mean of completion, on-time and satisfaction
  const praised = unitRows
    .filter((r) => r.key !== '' && units.has(r.key) && !byUnit.has(r.key) && r.counters.dispatched >= PRAISE_MIN_CASES)
    .map((r) => {
      const rates = ratesOf(r.counters, weights);
      const parts = [rates.completionRate, rates.onTimeRate, rates.satisfactionRate].map((x) => x ?? 0);
      return { unit: units.get(r.key)!, counters: r.counters, rates, score: Math.round((parts.reduce((s, x) => s + x, 0) / parts.length) * 10000) / 10000 };
    })
    .sort((a, b) => b.score - a.score || b.counters.dispatched - a.counters.dispatched)
    .slice(0, 5);

  const totals = await readTotals(db, from, to);
  const filings = await lateReport(db, start, end, 'zh');
  const lateFilings = filings.units
    .filter((u) => u.late > 0)
    .map((u) => ({ unit: u.unit, planned: u.planned, late: u.late, lateRate: u.lateRate, titles: u.lateFilings.map((f) => f.title) }));
  return { quarter, from, to, totals: { counters: totals, rates: ratesOf(totals, weights) }, criticised, praised, lateFilings };
}
