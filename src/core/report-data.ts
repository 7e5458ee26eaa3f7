/**
 * What a periodic report holds (issue #8 §4–5): the shape the server computes and stores
 * (server/reports/report-data.ts) and the web app draws, written once.
 */
import type { Counters, Rates } from './metrics';

export const REPORT_KINDS = ['weekly', 'monthly', 'quarterly', 'annual'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Record<ReportKind, { zh: string; en: string }> = {
  weekly: { zh: '周报', en: 'Weekly report' },
  monthly: { zh: '月度会商统计', en: 'Monthly consultation statistics' },
  quarterly: { zh: '季度报告', en: 'Quarterly report' },
  annual: { zh: '年度报告', en: 'Annual report' },
};

/** The steps of a report's series: days for a week or a month, weeks for a quarter, months for a year. */
export const REPORT_SERIES_GRANULARITY: Record<ReportKind, 'day' | 'week' | 'month'> = { weekly: 'day', monthly: 'day', quarterly: 'week', annual: 'month' };

export interface Breakdown {
  key: string;
  label: string;
  counters: Counters;
  rates: Rates;
}

export interface ReportData {
  kind: ReportKind;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  totals: { counters: Counters; rates: Rates };
  previous: { counters: Counters; rates: Rates };
  /** Change in cases received against the previous period of the same length, e.g. 0.125 = +12.5 %. */
  receivedChange: number | null;
  series: { key: string; received: number; closed: number }[];
  byChannel: Breakdown[];
  byKind: Breakdown[];
  byCategory: Breakdown[];
  byDistrict: Breakdown[];
  units: Breakdown[];
  /** Cases registered in each hour of the day (Shanghai), 0–23. */
  hourOfDay: number[];
  hotIssues: { keywords: string[]; count: number; cases: { caseNo: string; title: string }[] }[];
  importantCases: { caseNo: string; title: string; reasons: string[]; state: string; unit: string | null }[];
  supervision: { urges: number; ordersIssued: number; ordersResponded: number; ordersOpen: number; ordersOverdue: number; instructions: number; specialReports: number };
  overdue: { stages: number; openOverdue: number };
  consultations: { received: number; answeredOnSpot: number };
  mediaLinked: number;
}

const DAY = 86_400_000;
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The period a report of `kind` covers when generated at `today` (Shanghai date): the last full one. */
export function lastFullPeriod(kind: ReportKind, today: string): { from: string; to: string } {
  const d = new Date(`${today}T00:00:00Z`);
  if (kind === 'weekly') {
    const dow = (d.getUTCDay() + 6) % 7; // 0 = Monday
    const monday = shiftDay(today, -dow);
    return { from: shiftDay(monday, -7), to: shiftDay(monday, -1) };
  }
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (kind === 'monthly') {
    const first = new Date(Date.UTC(y, m - 1, 1));
    const last = new Date(Date.UTC(y, m, 0));
    return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
  }
  if (kind === 'quarterly') {
    const q = Math.floor(m / 3);
    const first = new Date(Date.UTC(y, (q - 1) * 3, 1));
    const last = new Date(Date.UTC(y, q * 3, 0));
    return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
  }
  return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
}
