/**
 * Time limits (办理时限): how long a unit has for a case, the deadline that follows from it, and
 * the time-limit policy as data (DOMAIN.md §6, §13). Semantics are in docs/time-limits.md.
 */
import { DomainError } from './errors';
import type { Channel, Kind, Urgency } from './enums';
import { parseClockTime, shanghaiEpochDay, shanghaiInstantOf, type WorkCalendar } from './calendar';

// ---------------------------------------------------------------------------------------------
// Limits

export const LIMIT_UNITS = ['working_days', 'calendar_days', 'hours', 'minutes', 'same_day'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/** `same_day` always has amount 1. */
export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

const SUFFIX: Record<Exclude<LimitUnit, 'same_day'>, string> = {
  working_days: 'wd',
  calendar_days: 'd',
  hours: 'h',
  minutes: 'm',
};
const UNIT_OF_SUFFIX: Record<string, LimitUnit> = { wd: 'working_days', d: 'calendar_days', h: 'hours', m: 'minutes' };

/** Large enough for any real policy, small enough that a typo can't stall the deadline loop. */
export const MAX_LIMIT_AMOUNT = 100_000;

function badLimit(zh: string, en: string): DomainError {
  return new DomainError('validation.failed', zh, en);
}

function checkLimit(l: TimeLimit): void {
  if (!(LIMIT_UNITS as readonly string[]).includes(l.unit)) {
    throw badLimit(`未知的时限单位：${String(l.unit)}`, `unknown time-limit unit ${String(l.unit)}`);
  }
  const ok = l.unit === 'same_day' ? l.amount === 1 : Number.isInteger(l.amount) && l.amount >= 1 && l.amount <= MAX_LIMIT_AMOUNT;
  if (!ok) throw badLimit(`时限数值无效：${l.amount}`, `bad time-limit amount ${l.amount} for ${l.unit}`);
}

/**
 * Parses the policy notation: `5wd` working days, `3d` calendar days, `2h` hours, `15m` minutes,
 * `sameday` the same day. Amounts are whole numbers from 1 to 100000.
 */
export function parseLimit(s: string): TimeLimit {
  const text = s.trim().toLowerCase();
  if (text === 'sameday') return { amount: 1, unit: 'same_day' };
  const m = /^(\d{1,6})(wd|d|h|m)$/.exec(text);
  const unit = m ? UNIT_OF_SUFFIX[m[2] ?? ''] : undefined;
  if (!m || !unit) {
    throw badLimit(`时限格式错误：${s}（如 5wd、3d、2h、15m、sameday）`, `bad time limit "${s}" (e.g. 5wd, 3d, 2h, 15m, sameday)`);
  }
  const limit = { amount: Number(m[1]), unit };
  checkLimit(limit);
  return limit;
}

/** The inverse of `parseLimit`. */
export function formatLimit(l: TimeLimit): string {
  checkLimit(l);
  return l.unit === 'same_day' ? 'sameday' : `${l.amount}${SUFFIX[l.unit]}`;
}

/** For people: `5个工作日`, `15分钟`, `当日`; `5 working days`, `same day`. */
export function describeLimit(l: TimeLimit, lang: 'zh' | 'en'): string {
  checkLimit(l);
  const n = l.amount;
  if (lang === 'zh') {
    switch (l.unit) {
      case 'working_days':
        return `${n}个工作日`;
      case 'calendar_days':
        return `${n}个自然日`;
      case 'hours':
        return `${n}小时`;
      case 'minutes':
        return `${n}分钟`;
      case 'same_day':
        return '当日';
    }
  }
  const plural = (word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  switch (l.unit) {
    case 'working_days':
      return plural('working day');
    case 'calendar_days':
      return plural('calendar day');
    case 'hours':
      return plural('hour');
    case 'minutes':
      return plural('minute');
    case 'same_day':
      return 'same day';
  }
}

// ---------------------------------------------------------------------------------------------
// Deadlines

export interface DeadlineOptions {
  /** `HH:MM` Asia/Shanghai, when day-based limits end; default `18:00`. */
  closeOfBusiness?: string;
}

export const DEFAULT_CLOSE_OF_BUSINESS = '18:00';
const DEFAULT_CLOSE_MINUTES = 18 * 60;
const MINUTE_MS = 60_000;
const closeMinutesMemo = new Map<string, number>();

function closeMinutes(opts: DeadlineOptions | undefined): number {
  const text = opts?.closeOfBusiness;
  if (text === undefined) return DEFAULT_CLOSE_MINUTES;
  let minutes = closeMinutesMemo.get(text);
  if (minutes === undefined) {
    minutes = parseClockTime(text);
    closeMinutesMemo.set(text, minutes);
  }
  return minutes;
}

/**
 * When a limit that starts at `from` runs out (DOMAIN.md §6, docs/time-limits.md):
 * - N working days: close of business of the N-th working day after `from`'s Shanghai date;
 *   that date itself never counts, whatever the hour (S4 §2.1: 5 working days; S1 §2: 3 or 7).
 * - N calendar days: close of business of the N-th calendar day after that date, holiday or not.
 * - same day: close of business of that date; of the next working day when `from` is at or after
 *   close of business or on a rest day (S4 §2.1: consultations answered the same day).
 * - hours, minutes: the wall clock, around the clock (S4 §2.1: emergencies, 15 and 10 minutes).
 */
export function computeDue(from: Date, limit: TimeLimit, cal: WorkCalendar, opts?: DeadlineOptions): Date {
  const t = from.getTime();
  const { amount, unit } = limit;
  if (Number.isNaN(t)) throw badLimit('起算时间无效', 'invalid start time');
  // The cheap test first: this runs a million times a second in batch recomputations.
  if (!(Number.isInteger(amount) && amount >= 1 && amount <= MAX_LIMIT_AMOUNT)) checkLimit(limit);
  switch (unit) {
    case 'minutes':
      return new Date(t + amount * MINUTE_MS);
    case 'hours':
      return new Date(t + amount * 60 * MINUTE_MS);
    case 'working_days':
      return shanghaiInstantOf(cal.addWorkdaysEpochDay(shanghaiEpochDay(from), amount), closeMinutes(opts));
    case 'calendar_days':
      return shanghaiInstantOf(shanghaiEpochDay(from) + amount, closeMinutes(opts));
    case 'same_day': {
      const close = closeMinutes(opts);
      const day = shanghaiEpochDay(from);
      const todayClose = shanghaiInstantOf(day, close);
      if (t < todayClose.getTime() && cal.isWorkdayEpochDay(day)) return todayClose;
      return shanghaiInstantOf(cal.addWorkdaysEpochDay(day, 1), close);
    }
    default:
      throw badLimit(`未知的时限单位：${String(unit)}`, `unknown time-limit unit ${String(unit)}`);
  }
}

/**
 * An approved extension moves the due time by the extension's own rule, counted from the current
 * due time: working days from the current due's date, minutes on the clock (S4 §2.1: 15 minutes
 * extendable to 30). To check a request against a rule's `maxExtension`, compare
 * `extendDue(due, requested)` with `extendDue(due, max)`; that works across units.
 */
export function extendDue(currentDue: Date, extension: TimeLimit, cal: WorkCalendar, opts?: DeadlineOptions): Date {
  return computeDue(currentDue, extension, cal, opts);
}

export const DEADLINE_STATUSES = ['normal', 'warning', 'overdue'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/**
 * `overdue` once `now` is past `dueAt`; `warning` when less than `warningRatio` of the whole span
 * (`dueAt - startedAt`) is left; otherwise, and for cases without a deadline, `normal`.
 */
export function deadlineStatus(now: Date, startedAt: Date, dueAt: Date | null, warningRatio = 0.2): DeadlineStatus {
  if (dueAt === null) return 'normal';
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  const span = dueAt.getTime() - startedAt.getTime();
  return left < span * warningRatio ? 'warning' : 'normal';
}

// ---------------------------------------------------------------------------------------------
// Policy

/**
 * What the clock is running for: the first dispatch to a unit; a re-dispatch after the unit
 * returned the case (回单); rework after the centre rejected the reply (退回重办); answering a
 * consultation; an extension (延期) the centre is granting.
 */
export const STAGES = ['first_dispatch', 'redispatch', 'rework', 'consultation', 'extension'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * One row of the time-limit policy. Empty (null/undefined) conditions match anything. `category`
 * matches that category code and every code below it: `urban` matches `urban` and `urban.road`.
 * `maxExtension` is the longest extension allowed on a case under this rule; when absent, the
 * best `extension`-stage rule for the case decides (see `resolveMaxExtension`).
 */
export interface TimeLimitRule {
  id?: string;
  name: string;
  stage: Stage;
  kind?: Kind | null;
  channel?: Channel | null;
  urgency?: Urgency | null;
  category?: string | null;
  /** `5wd`, `3d`, `2h`, `15m`, `sameday`. */
  limit: string;
  maxExtension?: string | null;
  /** Breaks ties between equally specific rules; higher wins. Default 0. */
  priority?: number;
}

export interface LimitContext {
  stage: Stage;
  kind: Kind;
  channel: Channel;
  urgency: Urgency;
  category?: string | null;
}

function categoryMatches(ruleCategory: string, category: string | null | undefined): boolean {
  if (!category) return false;
  return category === ruleCategory || category.startsWith(`${ruleCategory}.`);
}

/** How specific a matching rule is, or -1 when it does not match. */
function specificity(rule: TimeLimitRule, ctx: LimitContext): number {
  if (rule.stage !== ctx.stage) return -1;
  let fields = 0;
  if (rule.kind != null) {
    if (rule.kind !== ctx.kind) return -1;
    fields++;
  }
  if (rule.channel != null) {
    if (rule.channel !== ctx.channel) return -1;
    fields++;
  }
  if (rule.urgency != null) {
    if (rule.urgency !== ctx.urgency) return -1;
    fields++;
  }
  let depth = 0;
  if (rule.category != null && rule.category !== '') {
    if (!categoryMatches(rule.category, ctx.category)) return -1;
    fields++;
    depth = rule.category.split('.').length;
  }
  // Fields first; among equal fields the deeper category (urban.road beats urban).
  return fields * 1000 + depth;
}

/**
 * The rule that applies to a case: the most specific match (number of conditions it sets, and
 * a longer category prefix beats a shorter one), then the higher `priority`, then the earlier
 * row. Null when nothing matches; callers should treat that as a policy gap, not "no limit".
 */
export function selectRule(rules: readonly TimeLimitRule[], ctx: LimitContext): TimeLimitRule | null {
  let best: TimeLimitRule | null = null;
  let bestScore = -1;
  let bestPriority = 0;
  for (const rule of rules) {
    const score = specificity(rule, ctx);
    if (score < 0) continue;
    const priority = rule.priority ?? 0;
    if (best === null || score > bestScore || (score === bestScore && priority > bestPriority)) {
      best = rule;
      bestScore = score;
      bestPriority = priority;
    }
  }
  return best;
}

/**
 * The longest extension allowed for a case: the `maxExtension` of its own rule, else of the best
 * `extension`-stage rule for it, else null (no extension without a policy).
 */
export function resolveMaxExtension(rules: readonly TimeLimitRule[], ctx: LimitContext): TimeLimit | null {
  const own = selectRule(rules, ctx);
  if (own?.maxExtension) return parseLimit(own.maxExtension);
  const ext = selectRule(rules, { ...ctx, stage: 'extension' });
  const text = ext?.maxExtension ?? ext?.limit;
  return text ? parseLimit(text) : null;
}

/** Checks a rule before it is saved; throws `validation.failed` naming the rule. */
export function validateRule(rule: TimeLimitRule): void {
  const label = rule.id ?? rule.name;
  if (!(STAGES as readonly string[]).includes(rule.stage)) {
    throw new DomainError('validation.failed', `时限规则 ${label}：未知的阶段 ${rule.stage}`, `time-limit rule ${label}: unknown stage ${rule.stage}`);
  }
  for (const [field, text] of [['limit', rule.limit], ['maxExtension', rule.maxExtension]] as const) {
    if (text == null) continue;
    try {
      parseLimit(text);
    } catch {
      throw new DomainError('validation.failed', `时限规则 ${label}：${field} 格式错误：${text}`, `time-limit rule ${label}: bad ${field} "${text}"`);
    }
  }
}

/** Emergencies keep their minutes when a case comes back: a misrouted gas leak is still a gas leak. */
const EMERGENCY_STAGES = ['first_dispatch', 'redispatch', 'rework'] as const;

function emergencyRules(): TimeLimitRule[] {
  return EMERGENCY_STAGES.flatMap((stage): TimeLimitRule[] => [
    // S4 §2.1: 一般应急 (water, power, gas, heating, fuel, transport), 15 minutes, extendable to 30.
    { id: `s4.general_emergency.${stage}`, name: '一般应急', stage, urgency: 'general_emergency', limit: '15m', maxExtension: '15m', priority: 100 },
    // S4 §2.1: 重大应急 (casualties, people trapped in a lift, gas leak, food poisoning), 10 minutes, extendable to 20.
    { id: `s4.major_emergency.${stage}`, name: '重大应急', stage, urgency: 'major_emergency', limit: '10m', maxExtension: '10m', priority: 100 },
  ]);
}

/**
 * The default policy, from S4 §2.1 (with S1 §2 for instructed cases). Priorities only break ties
 * between equally specific rules: emergencies 100; dispatched consultations 60 (answered today is
 * already quicker than the 1 working day of an urgent case); urgent or instructed 50; the rest 0.
 */
export const DEFAULT_TIME_LIMIT_RULES: TimeLimitRule[] = [
  // S4 §2.1: 职责范围内一般诉求, 5 working days to finish and reply. The extension ceiling is ours:
  // S4 only requires the centre's approval and telling the citizen (DOMAIN.md §13: 5wd + up to 10 elsewhere).
  { id: 's4.general', name: '一般诉求', stage: 'first_dispatch', limit: '5wd', maxExtension: '5wd' },
  // S4 §2.1: 一般咨询 the same day, extendable by 1–2 days.
  { id: 's4.consultation', name: '一般咨询', stage: 'consultation', limit: 'sameday', maxExtension: '2wd' },
  { id: 's4.consultation.dispatched', name: '一般咨询（交办）', stage: 'first_dispatch', kind: 'consultation', limit: 'sameday', maxExtension: '2wd', priority: 60 },
  // S4 §2.1: 再次转办或发回重办, 1–2 working days; we take the upper bound.
  { id: 's4.redispatch', name: '再次转办', stage: 'redispatch', limit: '2wd' },
  { id: 's4.rework', name: '发回重办', stage: 'rework', limit: '2wd' },
  ...emergencyRules(),
  // S1 §2: 急办件和领导批示件 within the time the instruction sets. 1 working day is only the default
  // when the instruction names none; the dispatcher enters the instruction's own limit on the case.
  { id: 's1.urgent', name: '急办件', stage: 'first_dispatch', urgency: 'urgent', limit: '1wd', priority: 50 },
  { id: 's1.leader_instructed', name: '领导批示件', stage: 'first_dispatch', urgency: 'leader_instructed', limit: '1wd', priority: 50 },
  // S4 §2.1: extensions need the centre's approval before the deadline. Default length and ceiling
  // of one extension when the case's own rule names none.
  { id: 'default.extension', name: '延期', stage: 'extension', limit: '5wd', maxExtension: '5wd' },
];

/**
 * The S1 local variant: 一般书面交办件 7 working days, 电话、短信交办件 3 working days (S1 §2).
 * Written cases are those from the mailbox and online messages. S1 sets nothing for emergencies,
 * consultations, returns or extensions, so those rows come from the defaults; S1's consultations
 * are answered on the spot (当即答复) or dispatched like any other case, so the S4 same-day rule
 * for dispatched consultations is left out.
 */
export const S1_TIME_LIMIT_RULES: TimeLimitRule[] = [
  { id: 's1.written', name: '书面交办件', stage: 'first_dispatch', limit: '7wd', maxExtension: '5wd' },
  { id: 's1.mailbox', name: '书面交办件（信箱）', stage: 'first_dispatch', channel: 'mailbox', limit: '7wd', maxExtension: '5wd' },
  { id: 's1.online', name: '书面交办件（网上留言）', stage: 'first_dispatch', channel: 'online', limit: '7wd', maxExtension: '5wd' },
  { id: 's1.phone', name: '电话交办件', stage: 'first_dispatch', channel: 'phone', limit: '3wd', maxExtension: '5wd' },
  { id: 's1.sms', name: '短信交办件', stage: 'first_dispatch', channel: 'sms', limit: '3wd', maxExtension: '5wd' },
  ...DEFAULT_TIME_LIMIT_RULES.filter((r) => r.id !== 's4.general' && r.id !== 's4.consultation.dispatched'),
];
