import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors';
import { CHANNELS, KINDS, URGENCIES } from './enums';
import { WorkCalendar, shanghaiDate, shanghaiMinutesOfDay } from './calendar';
import {
  DEFAULT_TIME_LIMIT_RULES,
  LIMIT_UNITS,
  S1_TIME_LIMIT_RULES,
  STAGES,
  computeDue,
  deadlineStatus,
  describeLimit,
  extendDue,
  formatLimit,
  parseLimit,
  resolveMaxExtension,
  selectRule,
  validateRule,
  type LimitContext,
  type TimeLimit,
  type TimeLimitRule,
} from './time-limits';

const cal = new WorkCalendar();
const due = (from: string, limit: string, closeOfBusiness?: string) =>
  computeDue(new Date(from), parseLimit(limit), cal, closeOfBusiness ? { closeOfBusiness } : undefined).toISOString();

// Expected values are worked out by hand from the State Council notices (see calendar.test.ts);
// 18:00 in Shanghai is 10:00Z.
describe('working days', () => {
  it.each([
    // 2026 国庆: 10-01..10-07 off, 09-20 (Sun) and 10-10 (Sat) worked
    ['2026-09-30T10:00+08:00', '1wd', '2026-10-08T10:00:00.000Z', 'Wed before 国庆 → Thu 10-08'],
    ['2026-09-30T10:00+08:00', '5wd', '2026-10-13T10:00:00.000Z', '10-08, 10-09, Sat 10-10, 10-12, 10-13'],
    ['2026-09-30T00:30+08:00', '1wd', '2026-10-08T10:00:00.000Z', 'just after midnight: still 09-30 in Shanghai'],
    ['2026-10-09T07:00+08:00', '1wd', '2026-10-10T10:00:00.000Z', '07:00 Fri is 10-08 in UTC; Shanghai date counts'],
    ['2026-10-09T17:59+08:00', '1wd', '2026-10-10T10:00:00.000Z', 'Fri 17:59 → the make-up Saturday'],
    ['2026-10-09T18:01+08:00', '1wd', '2026-10-10T10:00:00.000Z', 'Fri 18:01 → the same: own date never counts'],
    ['2026-09-18T17:59+08:00', '1wd', '2026-09-20T10:00:00.000Z', 'Fri → the make-up Sunday 09-20'],
    ['2026-09-18T18:01+08:00', '1wd', '2026-09-20T10:00:00.000Z', 'Fri after close → the make-up Sunday'],
    ['2026-09-20T10:00+08:00', '1wd', '2026-09-21T10:00:00.000Z', 'dispatched on the make-up Sunday'],
    ['2026-03-08T10:00+08:00', '1wd', '2026-03-09T10:00:00.000Z', 'ordinary Sunday → Monday'],
    ['2026-03-08T10:00+08:00', '5wd', '2026-03-13T10:00:00.000Z', 'ordinary Sunday → Friday'],
    // 2026 春节: 02-15..02-23 off, 02-14 and 02-28 (Saturdays) worked
    ['2026-02-13T17:59+08:00', '1wd', '2026-02-14T10:00:00.000Z', 'Fri → make-up Saturday'],
    ['2026-02-13T17:59+08:00', '3wd', '2026-02-25T10:00:00.000Z', '02-14, 02-24, 02-25'],
    ['2026-02-13T18:01+08:00', '5wd', '2026-02-27T10:00:00.000Z', '02-14, 02-24..02-27'],
    ['2026-02-13T18:01+08:00', '6wd', '2026-02-28T10:00:00.000Z', 'the second make-up Saturday'],
    // 2026 劳动节 05-01..05-05, 05-09 (Sat) worked; 元旦 01-01..01-03, 01-04 (Sun) worked
    ['2026-04-30T09:00+08:00', '5wd', '2026-05-11T10:00:00.000Z', '05-06, 05-07, 05-08, Sat 05-09, 05-11'],
    ['2025-12-31T12:00+08:00', '1wd', '2026-01-04T10:00:00.000Z', 'across the year into the make-up Sunday'],
    // 2025 春节 01-28..02-04, 01-26 (Sun) and 02-08 (Sat) worked; 国庆+中秋 10-01..10-08, 09-28 and 10-11 worked
    ['2025-01-24T17:59+08:00', '2wd', '2025-01-27T10:00:00.000Z', 'Fri → Sun 01-26, Mon 01-27'],
    ['2025-01-24T17:59+08:00', '3wd', '2025-02-05T10:00:00.000Z', 'then the whole holiday'],
    ['2025-09-26T18:01+08:00', '1wd', '2025-09-28T10:00:00.000Z', 'Fri after close → make-up Sunday'],
    ['2025-09-30T15:00+08:00', '5wd', '2025-10-14T10:00:00.000Z', '10-09, 10-10, Sat 10-11, 10-13, 10-14'],
    ['2025-04-30T10:00+08:00', '1wd', '2025-05-06T10:00:00.000Z', '劳动节 2025'],
    // 2024 春节 02-10..02-17, 02-04 and 02-18 (Sundays) worked; 国庆 10-01..10-07, 09-29 and 10-12 worked
    ['2024-02-03T10:00+08:00', '1wd', '2024-02-04T10:00:00.000Z', 'Sat → make-up Sunday'],
    ['2024-02-08T10:00+08:00', '2wd', '2024-02-18T10:00:00.000Z', 'Fri 02-09, then Sun 02-18'],
    ['2024-09-27T18:01+08:00', '1wd', '2024-09-29T10:00:00.000Z', 'Fri after close → make-up Sunday'],
    ['2024-09-30T10:00+08:00', '5wd', '2024-10-12T10:00:00.000Z', '10-08..10-11, Sat 10-12'],
  ])('%s + %s → %s (%s)', (from, limit, expected) => {
    expect(due(from, limit)).toBe(expected);
  });

  it('ends at a configurable close of business', () => {
    expect(due('2026-09-30T10:00+08:00', '1wd', '17:30')).toBe('2026-10-08T09:30:00.000Z');
    expect(() => due('2026-09-30T10:00+08:00', '1wd', '5pm')).toThrow(DomainError);
  });
});

describe('same day', () => {
  it.each([
    ['2026-10-09T17:59+08:00', '2026-10-09T10:00:00.000Z', 'before close: today'],
    ['2026-10-09T02:00+08:00', '2026-10-09T10:00:00.000Z', 'at night before opening: today'],
    ['2026-10-09T18:00+08:00', '2026-10-10T10:00:00.000Z', 'exactly at close: next working day'],
    ['2026-10-09T18:01+08:00', '2026-10-10T10:00:00.000Z', 'after close: the make-up Saturday'],
    ['2026-10-10T09:00+08:00', '2026-10-10T10:00:00.000Z', 'on the make-up Saturday itself'],
    ['2026-10-11T09:00+08:00', '2026-10-12T10:00:00.000Z', 'ordinary Sunday: Monday'],
    ['2026-10-03T09:00+08:00', '2026-10-08T10:00:00.000Z', 'during 国庆: first day back'],
    ['2026-03-08T10:00+08:00', '2026-03-09T10:00:00.000Z', 'ordinary Sunday in March'],
    ['2026-02-13T18:30+08:00', '2026-02-14T10:00:00.000Z', 'Friday evening before 春节: make-up Saturday'],
  ])('%s → %s (%s)', (from, expected) => {
    expect(due(from, 'sameday')).toBe(expected);
  });

  it('moves with close of business', () => {
    expect(due('2026-10-09T17:45+08:00', 'sameday', '17:30')).toBe('2026-10-10T09:30:00.000Z');
    expect(due('2026-10-09T17:15+08:00', 'sameday', '17:30')).toBe('2026-10-09T09:30:00.000Z');
  });
});

describe('calendar days, hours and minutes', () => {
  it.each([
    ['2026-09-30T10:00+08:00', '3d', '2026-10-03T10:00:00.000Z', 'a holiday still counts'],
    ['2026-09-30T20:00+08:00', '1d', '2026-10-01T10:00:00.000Z', 'after close: still tomorrow'],
    ['2026-10-01T23:50+08:00', '15m', '2026-10-01T16:05:00.000Z', 'across midnight into 10-02 00:05'],
    ['2026-10-01T23:30+08:00', '2h', '2026-10-01T17:30:00.000Z', 'across midnight into 10-02 01:30'],
    ['2026-12-31T23:55+08:00', '10m', '2026-12-31T16:05:00.000Z', 'across the year'],
    ['2024-02-28T12:00+08:00', '24h', '2024-02-29T04:00:00.000Z', 'leap day'],
    ['2026-10-03T03:00+08:00', '10m', '2026-10-02T19:10:00.000Z', 'holidays do not stop the clock'],
  ])('%s + %s → %s (%s)', (from, limit, expected) => {
    expect(due(from, limit)).toBe(expected);
  });
});

describe('extendDue', () => {
  it('counts working days from the current due date', () => {
    const current = new Date('2026-09-30T10:00:00.000Z'); // Wed 18:00
    expect(extendDue(current, parseLimit('2wd'), cal).toISOString()).toBe('2026-10-09T10:00:00.000Z');
  });

  it('extends a same-day consultation by up to 2 working days (S4 §2.1)', () => {
    const current = new Date(due('2026-10-09T10:00+08:00', 'sameday'));
    expect(current.toISOString()).toBe('2026-10-09T10:00:00.000Z');
    expect(extendDue(current, parseLimit('2wd'), cal).toISOString()).toBe('2026-10-12T10:00:00.000Z');
  });

  it('takes a general emergency from 15 to 30 minutes (S4 §2.1)', () => {
    const start = new Date('2026-10-01T23:50+08:00');
    const first = computeDue(start, parseLimit('15m'), cal);
    const extended = extendDue(first, parseLimit('15m'), cal);
    expect(extended.toISOString()).toBe('2026-10-01T16:20:00.000Z');
    expect(extended.getTime() - start.getTime()).toBe(30 * 60_000);
  });
});

describe('deadlineStatus', () => {
  const start = new Date('2026-10-09T00:00:00.000Z');
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  const dueAt = at(100);
  it.each([
    [0, 'normal'],
    [80, 'normal'],
    [81, 'warning'],
    [100, 'warning'],
  ])('at minute %i of 100 → %s', (minute, expected) => {
    expect(deadlineStatus(at(minute), start, dueAt)).toBe(expected);
  });

  it('is overdue the moment after the due time, normal without one, and honours the ratio', () => {
    expect(deadlineStatus(new Date(dueAt.getTime() + 1), start, dueAt)).toBe('overdue');
    expect(deadlineStatus(at(10_000), start, null)).toBe('normal');
    expect(deadlineStatus(at(51), start, dueAt, 0.5)).toBe('warning');
    expect(deadlineStatus(at(49), start, dueAt, 0.5)).toBe('normal');
  });
});

describe('limit notation', () => {
  it.each([
    ['5wd', { amount: 5, unit: 'working_days' }, '5个工作日', '5 working days'],
    ['1wd', { amount: 1, unit: 'working_days' }, '1个工作日', '1 working day'],
    ['3d', { amount: 3, unit: 'calendar_days' }, '3个自然日', '3 calendar days'],
    ['2h', { amount: 2, unit: 'hours' }, '2小时', '2 hours'],
    ['15m', { amount: 15, unit: 'minutes' }, '15分钟', '15 minutes'],
    ['sameday', { amount: 1, unit: 'same_day' }, '当日', 'same day'],
  ] as const)('%s', (text, limit, zh, en) => {
    expect(parseLimit(text)).toEqual(limit);
    expect(formatLimit(limit)).toBe(text);
    expect(describeLimit(limit, 'zh')).toBe(zh);
    expect(describeLimit(limit, 'en')).toBe(en);
  });

  it('tolerates case and surrounding spaces', () => {
    expect(parseLimit(' 5WD ')).toEqual({ amount: 5, unit: 'working_days' });
    expect(parseLimit('SameDay')).toEqual({ amount: 1, unit: 'same_day' });
  });

  it.each(['', '5', 'wd', '0wd', '-1d', '1.5h', '5 wd', '5w', '5days', '100001m', '1000000m', 'same day', '2sameday'])(
    'rejects %j',
    (text) => {
      expect(() => parseLimit(text)).toThrow(DomainError);
    },
  );

  it('rejects impossible limits when formatting or computing', () => {
    expect(() => formatLimit({ amount: 0, unit: 'working_days' })).toThrow(DomainError);
    expect(() => formatLimit({ amount: 2, unit: 'same_day' })).toThrow(DomainError);
    expect(() => computeDue(new Date(), { amount: 2.5, unit: 'hours' }, cal)).toThrow(DomainError);
    expect(() => computeDue(new Date(Number.NaN), parseLimit('1h'), cal)).toThrow(DomainError);
  });

  it('round-trips (property)', () => {
    const limit = fc.oneof(
      fc.record({ amount: fc.integer({ min: 1, max: 100_000 }), unit: fc.constantFrom(...LIMIT_UNITS.filter((u) => u !== 'same_day')) }),
      fc.constant<TimeLimit>({ amount: 1, unit: 'same_day' }),
    );
    fc.assert(
      fc.property(limit, (l) => {
        expect(parseLimit(formatLimit(l))).toEqual(l);
      }),
    );
  });
});

describe('deadline properties', () => {
  const instant = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms));
  const limit: fc.Arbitrary<TimeLimit> = fc.oneof(
    fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit: fc.constantFrom('working_days', 'calendar_days', 'hours', 'minutes' as const) }),
    fc.constant<TimeLimit>({ amount: 1, unit: 'same_day' }),
  );
  const close = fc.constantFrom(undefined, '17:00', '18:00', '17:30');

  it('a later start never gives an earlier due time', () => {
    fc.assert(
      fc.property(instant, instant, limit, close, (a, b, l, closeOfBusiness) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const opts = { closeOfBusiness };
        expect(computeDue(late, l, cal, opts).getTime()).toBeGreaterThanOrEqual(computeDue(early, l, cal, opts).getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('the due time is always after the start', () => {
    fc.assert(
      fc.property(instant, limit, close, (from, l, closeOfBusiness) => {
        expect(computeDue(from, l, cal, { closeOfBusiness }).getTime()).toBeGreaterThan(from.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('N+1 working days end after N working days, on a working day at close of business', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 30 }), (from, n) => {
        const a = computeDue(from, { amount: n, unit: 'working_days' }, cal);
        const b = computeDue(from, { amount: n + 1, unit: 'working_days' }, cal);
        expect(b.getTime()).toBeGreaterThan(a.getTime());
        for (const d of [a, b]) {
          expect(shanghaiMinutesOfDay(d)).toBe(18 * 60);
          expect(cal.isWorkday(shanghaiDate(d))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('same day ends on a working day at close of business, no later than one working day', () => {
    fc.assert(
      fc.property(instant, (from) => {
        const d = computeDue(from, { amount: 1, unit: 'same_day' }, cal);
        expect(shanghaiMinutesOfDay(d)).toBe(18 * 60);
        expect(cal.isWorkday(shanghaiDate(d))).toBe(true);
        expect(d.getTime()).toBeLessThanOrEqual(computeDue(from, { amount: 1, unit: 'working_days' }, cal).getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('an extension never shortens the deadline', () => {
    fc.assert(
      fc.property(instant, limit, limit, (from, l, ext) => {
        const first = computeDue(from, l, cal);
        expect(extendDue(first, ext, cal).getTime()).toBeGreaterThan(first.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('runs well over a million computations a second', () => {
    const limits = ['5wd', '3wd', '1wd', 'sameday', '3d', '2h', '15m'].map(parseLimit);
    const froms = Array.from({ length: 2_000 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 47_351_117));
    for (const f of froms) for (const l of limits) computeDue(f, l, cal); // fill the caches
    let n = 0;
    const started = performance.now();
    for (let round = 0; round < 20; round++) for (const f of froms) for (const l of limits) {
      computeDue(f, l, cal);
      n++;
    }
    const perSecond = (n / (performance.now() - started)) * 1000;
    // Target 1,000,000/s; about 10,000,000/s measured on the 2-core dev machine. The floor leaves
    // room for coverage instrumentation and a busy CI runner.
    expect(perSecond).toBeGreaterThan(500_000);
  });
});

describe('selectRule', () => {
  const ctx = (over: Partial<LimitContext> = {}): LimitContext => ({
    stage: 'first_dispatch',
    kind: 'complaint',
    channel: 'phone',
    urgency: 'normal',
    ...over,
  });
  const pick = (rules: readonly TimeLimitRule[], over: Partial<LimitContext> = {}) => selectRule(rules, ctx(over))?.id;

  it('applies the S4 defaults', () => {
    expect(pick(DEFAULT_TIME_LIMIT_RULES)).toBe('s4.general');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { kind: 'consultation' })).toBe('s4.consultation.dispatched');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { stage: 'consultation' })).toBe('s4.consultation');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { stage: 'redispatch' })).toBe('s4.redispatch');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { stage: 'rework' })).toBe('s4.rework');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { urgency: 'general_emergency', channel: 'emergency' })).toBe('s4.general_emergency.first_dispatch');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { urgency: 'major_emergency', kind: 'help' })).toBe('s4.major_emergency.first_dispatch');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { urgency: 'major_emergency', stage: 'redispatch' })).toBe('s4.major_emergency.redispatch');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { urgency: 'urgent' })).toBe('s1.urgent');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { urgency: 'leader_instructed' })).toBe('s1.leader_instructed');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { urgency: 'urgent', kind: 'consultation' })).toBe('s4.consultation.dispatched');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { urgency: 'major_emergency', kind: 'consultation' })).toBe('s4.major_emergency.first_dispatch');
    expect(pick(DEFAULT_TIME_LIMIT_RULES, { stage: 'extension' })).toBe('default.extension');
  });

  it('expresses the S1 local variant', () => {
    expect(pick(S1_TIME_LIMIT_RULES, { channel: 'phone' })).toBe('s1.phone');
    expect(pick(S1_TIME_LIMIT_RULES, { channel: 'sms' })).toBe('s1.sms');
    expect(pick(S1_TIME_LIMIT_RULES, { channel: 'mailbox' })).toBe('s1.mailbox');
    expect(pick(S1_TIME_LIMIT_RULES, { channel: 'online' })).toBe('s1.online');
    expect(pick(S1_TIME_LIMIT_RULES, { channel: 'media' })).toBe('s1.written');
    expect(pick(S1_TIME_LIMIT_RULES, { channel: 'phone', kind: 'consultation' })).toBe('s1.phone');
    expect(pick(S1_TIME_LIMIT_RULES, { channel: 'phone', urgency: 'urgent' })).toBe('s1.urgent');
    expect(pick(S1_TIME_LIMIT_RULES, { channel: 'phone', urgency: 'major_emergency' })).toBe('s4.major_emergency.first_dispatch');
    expect(pick(S1_TIME_LIMIT_RULES, { stage: 'rework' })).toBe('s4.rework');
    const phone = selectRule(S1_TIME_LIMIT_RULES, ctx({ channel: 'phone' }));
    const mail = selectRule(S1_TIME_LIMIT_RULES, ctx({ channel: 'mailbox' }));
    expect(phone?.limit).toBe('3wd');
    expect(mail?.limit).toBe('7wd');
  });

  const categoryRules: TimeLimitRule[] = [
    { id: 'any', name: 'any', stage: 'first_dispatch', limit: '5wd' },
    { id: 'urban', name: 'urban', stage: 'first_dispatch', category: 'urban', limit: '4wd' },
    { id: 'urban.road', name: 'urban.road', stage: 'first_dispatch', category: 'urban.road', limit: '3wd' },
    { id: 'phone+urgent', name: 'phone+urgent', stage: 'first_dispatch', channel: 'phone', urgency: 'urgent', limit: '2h' },
  ];

  it('matches categories by dotted prefix, the longer prefix winning', () => {
    expect(pick(categoryRules, { category: 'urban.road.lights' })).toBe('urban.road');
    expect(pick(categoryRules, { category: 'urban.road' })).toBe('urban.road');
    expect(pick(categoryRules, { category: 'urban.water' })).toBe('urban');
    expect(pick(categoryRules, { category: 'urban' })).toBe('urban');
    expect(pick(categoryRules, { category: 'urbanization' })).toBe('any');
    expect(pick(categoryRules, { category: null })).toBe('any');
    expect(pick(categoryRules)).toBe('any');
  });

  it('counts matched conditions before category depth', () => {
    expect(pick(categoryRules, { category: 'urban.road.lights', urgency: 'urgent' })).toBe('phone+urgent');
  });

  it('breaks ties by priority, then by order', () => {
    const rules: TimeLimitRule[] = [
      { id: 'first', name: 'a', stage: 'first_dispatch', channel: 'phone', limit: '3wd' },
      { id: 'second', name: 'b', stage: 'first_dispatch', kind: 'complaint', limit: '4wd' },
      { id: 'third', name: 'c', stage: 'first_dispatch', urgency: 'normal', limit: '6wd', priority: 5 },
    ];
    expect(pick(rules)).toBe('third');
    expect(pick(rules.slice(0, 2))).toBe('first');
    expect(pick(rules.slice(0, 2).reverse())).toBe('second');
  });

  it('returns null when nothing matches', () => {
    expect(pick(categoryRules, { stage: 'rework' })).toBeUndefined();
    expect(selectRule([], ctx())).toBeNull();
  });

  it('finds a rule for every context under both policies', () => {
    for (const rules of [DEFAULT_TIME_LIMIT_RULES, S1_TIME_LIMIT_RULES]) {
      for (const stage of STAGES) for (const kind of KINDS) for (const channel of CHANNELS) for (const urgency of URGENCIES) {
        expect(selectRule(rules, { stage, kind, channel, urgency })).not.toBeNull();
      }
    }
  });
});

describe('maximum extensions', () => {
  const ctx = (over: Partial<LimitContext>): LimitContext => ({ stage: 'first_dispatch', kind: 'complaint', channel: 'phone', urgency: 'normal', ...over });

  it('come from the case rule, else from the extension-stage rule', () => {
    expect(resolveMaxExtension(DEFAULT_TIME_LIMIT_RULES, ctx({}))).toEqual({ amount: 5, unit: 'working_days' });
    expect(resolveMaxExtension(DEFAULT_TIME_LIMIT_RULES, ctx({ stage: 'consultation' }))).toEqual({ amount: 2, unit: 'working_days' });
    expect(resolveMaxExtension(DEFAULT_TIME_LIMIT_RULES, ctx({ urgency: 'general_emergency' }))).toEqual({ amount: 15, unit: 'minutes' });
    expect(resolveMaxExtension(DEFAULT_TIME_LIMIT_RULES, ctx({ urgency: 'major_emergency' }))).toEqual({ amount: 10, unit: 'minutes' });
    expect(resolveMaxExtension(DEFAULT_TIME_LIMIT_RULES, ctx({ stage: 'rework' }))).toEqual({ amount: 5, unit: 'working_days' });
    expect(resolveMaxExtension([], ctx({}))).toBeNull();
  });

  it('major emergencies end at 20 minutes at most (S4 §2.1)', () => {
    const rule = selectRule(DEFAULT_TIME_LIMIT_RULES, ctx({ urgency: 'major_emergency' }));
    const start = new Date('2026-10-03T03:00+08:00');
    const first = computeDue(start, parseLimit(rule?.limit ?? ''), cal);
    const max = resolveMaxExtension(DEFAULT_TIME_LIMIT_RULES, ctx({ urgency: 'major_emergency' }));
    expect(max).not.toBeNull();
    const latest = extendDue(first, max as TimeLimit, cal);
    expect(latest.getTime() - start.getTime()).toBe(20 * 60_000);
  });
});

describe('validateRule', () => {
  it('accepts every shipped rule', () => {
    for (const rule of [...DEFAULT_TIME_LIMIT_RULES, ...S1_TIME_LIMIT_RULES]) expect(() => validateRule(rule)).not.toThrow();
  });

  it('names the bad rule', () => {
    expect(() => validateRule({ id: 'x', name: 'x', stage: 'first_dispatch', limit: '5 days' })).toThrow(/时限规则 x：limit 格式错误/);
    expect(() => validateRule({ id: 'y', name: 'y', stage: 'first_dispatch', limit: '5wd', maxExtension: '0m' })).toThrow(DomainError);
    expect(() => validateRule({ id: 'z', name: 'z', stage: 'closing' as never, limit: '5wd' })).toThrow(/未知的阶段/);
  });
});
