/**
 * The metrics of DOMAIN.md §9 and §13 (issue #8), defined once: what each case contributes to the
 * counters, and how the rates follow from the counters. docs/metrics.md gives each formula with
 * the notice or standard it comes from.
 *
 * Counting is by cohort: a case counts on the Shanghai day it was registered, under its current
 * lead unit, district, category, channel and kind, with its current outcome. When a case changes,
 * its old contribution is taken away and the new one added, so the rollups always equal a
 * recount of the cases (see `contributionDelta`).
 */
import type { Satisfaction } from './enums';
import { SATISFACTION_LEVELS } from './enums';

/** The counters every rollup row holds. All are counts of cases, except `overdue` (overdue stages). */
export const COUNTERS = [
  'received', // 受理量: registered
  'on_spot', // 当即答复 (first-contact resolution): closed on the spot, never dispatched
  'dispatched', // 交办量 / 承办数: dispatched to a lead unit
  'responded', // 及时响应: the lead unit accepted within the response limit after dispatch
  'replied', // 已反馈
  'replied_on_time', // 按时反馈: every reply before its stage's due time
  'closed', // 办结
  'rated', // 有满意度评价 (result callback or the citizen's own rating)
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
  'resolved', // 已解决 (the citizen said so at the callback)
  'resolution_asked', // the callback asked whether it was resolved
  'reworked', // 被退回重办 at least once
  'returned', // 回单 at least once (misrouted)
  'extended', // 延期 approved at least once
  'supervised', // 督办件
  'overdue', // overdue stages (超期次数)
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;

export const DIMENSIONS = ['unit', 'district', 'category', 'channel', 'kind'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** What a case's contribution depends on. */
export interface CaseStatsFacts {
  /** Shanghai date of registration, YYYY-MM-DD. */
  day: string;
  leadUnitId: string | null;
  districtId: string | null;
  /** The top-level category code (the rollups count by first level). */
  category: string | null;
  channel: string;
  kind: string;
  state: string;
  dispatchedAt: Date | null;
  mergedInto: string | null;
  respondedOnTime: boolean | null;
  repliedAt: Date | null;
  replyOnTime: boolean | null;
  satisfaction: string | null;
  resolved: boolean | null;
  reworkCount: number;
  returnCount: number;
  extensionCount: number;
  supervised: boolean;
  overdueCount: number;
}

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
}

const FINISHED = new Set(['closed', 'archived']);

/** What one case adds to the counters of its rollup rows. */
export function contribution(f: CaseStatsFacts): Counters {
  const c = zeroCounters();
  c.received = 1;
  const finished = FINISHED.has(f.state);
  c.on_spot = finished && !f.dispatchedAt && !f.mergedInto ? 1 : 0;
  c.dispatched = f.dispatchedAt ? 1 : 0;
  c.responded = f.dispatchedAt && f.respondedOnTime ? 1 : 0;
  c.replied = f.repliedAt ? 1 : 0;
  c.replied_on_time = f.repliedAt && f.replyOnTime ? 1 : 0;
  c.closed = finished ? 1 : 0;
  if (f.satisfaction && (SATISFACTION_LEVELS as readonly string[]).includes(f.satisfaction)) {
    c.rated = 1;
    c[f.satisfaction as Satisfaction] = 1;
  }
  c.resolution_asked = f.resolved === null ? 0 : 1;
  c.resolved = f.resolved ? 1 : 0;
  c.reworked = f.reworkCount > 0 ? 1 : 0;
  c.returned = f.returnCount > 0 ? 1 : 0;
  c.extended = f.extensionCount > 0 ? 1 : 0;
  c.supervised = f.supervised ? 1 : 0;
  c.overdue = f.overdueCount;
  return c;
}

export interface StatsKey {
  day: string;
  unit: string; // '' when none
  district: string;
  category: string;
  channel: string;
  kind: string;
}

export function statsKey(f: CaseStatsFacts): StatsKey {
  return { day: f.day, unit: f.leadUnitId ?? '', district: f.districtId ?? '', category: f.category ?? '', channel: f.channel, kind: f.kind };
}

/**
 * The rows to add to the rollups when a case goes from `before` (null: newly registered) to
 * `after`: one row with the difference when the key is the same, else the old contribution taken
 * away and the new one added. Rows that change nothing are left out.
 */
export function contributionDelta(before: CaseStatsFacts | null, after: CaseStatsFacts): { key: StatsKey; counters: Counters }[] {
  const add = { key: statsKey(after), counters: contribution(after) };
  if (!before) return [add];
  const old = { key: statsKey(before), counters: contribution(before) };
  if (sameKey(old.key, add.key)) {
    const diff = zeroCounters();
    let any = false;
    for (const k of COUNTERS) {
      diff[k] = add.counters[k] - old.counters[k];
      if (diff[k] !== 0) any = true;
    }
    return any ? [{ key: add.key, counters: diff }] : [];
  }
  const negated = zeroCounters();
  for (const k of COUNTERS) negated[k] = -old.counters[k];
  return [{ key: old.key, counters: negated }, add];
}

function sameKey(a: StatsKey, b: StatsKey): boolean {
  return a.day === b.day && a.unit === b.unit && a.district === b.district && a.category === b.category && a.channel === b.channel && a.kind === b.kind;
}

export function addCounters(into: Counters, from: Partial<Counters>): Counters {
  for (const k of COUNTERS) into[k] += Number(from[k] ?? 0);
  return into;
}

/** Weights of the five satisfaction levels in the satisfaction rate; configurable (settings). */
export type SatisfactionWeights = Record<Satisfaction, number>;
/**
 * Default: 非常满意 and 满意 count fully, 基本满意 counts fully too (S2 §5 and S4 annex 3 name three
 * outcomes: satisfied, basically satisfied, dissatisfied, and count the first two as satisfied);
 * a centre that wants 基本满意 to count less sets e.g. 0.8.
 */
export const DEFAULT_SATISFACTION_WEIGHTS: SatisfactionWeights = {
  very_satisfied: 1,
  satisfied: 1,
  basically_satisfied: 1,
  dissatisfied: 0,
  very_dissatisfied: 0,
};

export function validateSatisfactionWeights(w: Record<string, unknown>): SatisfactionWeights | string {
  const out = {} as SatisfactionWeights;
  for (const level of SATISFACTION_LEVELS) {
    const v = w[level];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) return `${level} must be a number from 0 to 1`;
    out[level] = v;
  }
  if (!(out.very_satisfied >= out.satisfied && out.satisfied >= out.basically_satisfied && out.basically_satisfied >= out.dissatisfied && out.dissatisfied >= out.very_dissatisfied)) {
    return 'weights must not rise as satisfaction falls';
  }
  return out;
}

export interface Rates {
  /** 反馈率 = replied / dispatched */
  feedbackRate: number | null;
  /** 按时反馈率 = replied on time / replied */
  onTimeRate: number | null;
  /** 办结率 = closed / received */
  completionRate: number | null;
  /** 满意率 = Σ weight(level) × rated at that level / rated */
  satisfactionRate: number | null;
  /** 响应率 (三率) = accepted within the response limit / dispatched */
  responseRate: number | null;
  /** 解决率 (三率) = resolved / callbacks that asked */
  resolutionRate: number | null;
  /** 当即答复率 (first-contact resolution) = answered on the spot / received */
  firstContactRate: number | null;
  /** 退回重办率 = reworked / replied */
  reworkRate: number | null;
  /** 回单率 (misroute) = returned / dispatched */
  misrouteRate: number | null;
  /** 延期率 = extended / dispatched */
  extensionRate: number | null;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10000) / 10000 : null);

export function ratesOf(c: Counters, weights: SatisfactionWeights = DEFAULT_SATISFACTION_WEIGHTS): Rates {
  const weighted = SATISFACTION_LEVELS.reduce((s, level) => s + weights[level] * c[level], 0);
  return {
    feedbackRate: ratio(c.replied, c.dispatched),
    onTimeRate: ratio(c.replied_on_time, c.replied),
    completionRate: ratio(c.closed, c.received),
    satisfactionRate: ratio(weighted, c.rated),
    responseRate: ratio(c.responded, c.dispatched),
    resolutionRate: ratio(c.resolved, c.resolution_asked),
    firstContactRate: ratio(c.on_spot, c.received),
    reworkRate: ratio(c.reworked, c.replied),
    misrouteRate: ratio(c.returned, c.dispatched),
    extensionRate: ratio(c.extended, c.dispatched),
  };
}
