import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COUNTERS, contribution, contributionDelta, ratesOf, statsKey, validateSatisfactionWeights, zeroCounters, DEFAULT_SATISFACTION_WEIGHTS, type CaseStatsFacts } from './metrics';

const base: CaseStatsFacts = {
  day: '2026-03-02',
  leadUnitId: null,
  districtId: null,
  category: null,
  channel: 'phone',
  kind: 'complaint',
  state: 'registered',
  dispatchedAt: null,
  mergedInto: null,
  respondedOnTime: null,
  repliedAt: null,
  replyOnTime: null,
  satisfaction: null,
  resolved: null,
  reworkCount: 0,
  returnCount: 0,
  extensionCount: 0,
  supervised: false,
  overdueCount: 0,
};

const factsArb: fc.Arbitrary<CaseStatsFacts> = fc.record({
  day: fc.constantFrom('2026-03-02', '2026-03-03'),
  leadUnitId: fc.constantFrom(null, 'u1', 'u2'),
  districtId: fc.constantFrom(null, 'd1'),
  category: fc.constantFrom(null, 'c1', 'c2'),
  channel: fc.constantFrom('phone', 'sms'),
  kind: fc.constantFrom('complaint', 'help'),
  state: fc.constantFrom('registered', 'dispatched', 'handling', 'replied', 'closed', 'archived', 'dissatisfied'),
  dispatchedAt: fc.constantFrom(null, new Date('2026-03-02T03:00:00Z')),
  mergedInto: fc.constantFrom(null, 'other'),
  respondedOnTime: fc.constantFrom(null, true, false),
  repliedAt: fc.constantFrom(null, new Date('2026-03-02T05:00:00Z')),
  replyOnTime: fc.constantFrom(null, true, false),
  satisfaction: fc.constantFrom(null, 'very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'),
  resolved: fc.constantFrom(null, true, false),
  reworkCount: fc.nat(3),
  returnCount: fc.nat(2),
  extensionCount: fc.nat(2),
  supervised: fc.boolean(),
  overdueCount: fc.nat(3),
});

describe('contributions (docs/metrics.md)', () => {
  it('a case answered on the spot counts as received, first-contact resolved and closed, nothing else', () => {
    const c = contribution({ ...base, state: 'closed' });
    expect(c).toEqual({ ...zeroCounters(), received: 1, on_spot: 1, closed: 1 });
    // merged into another case is closed, but not answered on the spot
    expect(contribution({ ...base, state: 'closed', mergedInto: 'x' }).on_spot).toBe(0);
  });

  it('whatever a case goes through, the sum of its deltas per key is its final contribution', () => {
    fc.assert(
      fc.property(fc.array(factsArb, { minLength: 1, maxLength: 8 }), (path) => {
        const sums = new Map<string, Record<string, number>>();
        let before: CaseStatsFacts | null = null;
        for (const f of path) {
          for (const d of contributionDelta(before, f)) {
            const k = JSON.stringify(d.key);
            const acc = sums.get(k) ?? zeroCounters();
            for (const c of COUNTERS) acc[c]! += d.counters[c];
            sums.set(k, acc);
          }
          before = f;
        }
        const last = path.at(-1)!;
        const expected = new Map([[JSON.stringify(statsKey(last)), contribution(last)]]);
        for (const [k, v] of sums) {
          const want = expected.get(k) ?? zeroCounters();
          expect(v, k).toEqual(want);
        }
      }),
    );
  });

  it('rates: null without a denominator, four decimals otherwise', () => {
    expect(ratesOf(zeroCounters()).completionRate).toBeNull();
    const c = { ...zeroCounters(), received: 3, closed: 1, rated: 3, very_satisfied: 1, basically_satisfied: 1, dissatisfied: 1 };
    expect(ratesOf(c).completionRate).toBe(0.3333);
    expect(ratesOf(c).satisfactionRate).toBe(0.6667);
    expect(ratesOf(c, { ...DEFAULT_SATISFACTION_WEIGHTS, basically_satisfied: 0.5 }).satisfactionRate).toBe(0.5);
  });

  it('checks satisfaction weights', () => {
    expect(validateSatisfactionWeights({ ...DEFAULT_SATISFACTION_WEIGHTS })).toEqual(DEFAULT_SATISFACTION_WEIGHTS);
    expect(validateSatisfactionWeights({ ...DEFAULT_SATISFACTION_WEIGHTS, satisfied: 2 })).toMatch(/satisfied/);
    expect(validateSatisfactionWeights({ ...DEFAULT_SATISFACTION_WEIGHTS, very_dissatisfied: 0.5 })).toMatch(/rise/);
    expect(validateSatisfactionWeights({ very_satisfied: 1 })).toMatch(/satisfied/);
  });
});
