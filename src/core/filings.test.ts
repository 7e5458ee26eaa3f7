import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  FILING_TYPES,
  FILING_TYPE_LABELS,
  FILING_TYPE_WORDS,
  areaCovers,
  checkFilingPeriod,
  compareForBulletin,
  filingPhase,
  isLateFiling,
  isOnBulletin,
  matchScore,
  parseFilingPolygon,
  textMatch,
  withdrawRefusal,
} from './filings';

const H = 3_600_000;
const now = new Date('2026-03-02T02:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * H);

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).details?.field as string;
  }
  return undefined;
}

describe('types', () => {
  it('has labels in both languages and citizens’ words of two characters or more for each type', () => {
    for (const t of FILING_TYPES) {
      expect(FILING_TYPE_LABELS[t].zh.length).toBeGreaterThan(0);
      expect(FILING_TYPE_LABELS[t].en.length).toBeGreaterThan(0);
      for (const w of FILING_TYPE_WORDS[t]) expect(w.length).toBeGreaterThanOrEqual(2);
      if (t !== 'other') expect(FILING_TYPE_WORDS[t].length).toBeGreaterThan(0);
    }
    expect(FILING_TYPE_WORDS.water_outage).toEqual(expect.arrayContaining(['停水', '供水', '水压', '自来水', '没水']));
    expect(FILING_TYPE_WORDS.road_closure).toEqual(expect.arrayContaining(['封路', '封闭', '绕行']));
  });
});

describe('the 3-day rule (S4 annex 4)', () => {
  it('makes a planned filing less than 72 hours ahead late', () => {
    expect(isLateFiling('water_outage', now, at(96))).toBe(false);
    expect(isLateFiling('water_outage', now, at(72))).toBe(false);
    expect(isLateFiling('water_outage', now, at(71.9))).toBe(true);
    expect(isLateFiling('night_construction', now, at(24))).toBe(true);
    // filed after the start: late as well
    expect(isLateFiling('road_closure', now, at(-2))).toBe(true);
  });

  it('never makes an emergency late', () => {
    expect(isLateFiling('emergency', now, now)).toBe(false);
    expect(isLateFiling('emergency', now, at(-1))).toBe(false);
  });
});

describe('the period', () => {
  it('refuses an end before (or at) the start, an end already past, and a start more than a year ahead', () => {
    expect(fieldOf(() => checkFilingPeriod(at(10), at(5), now))).toBe('endsAt');
    expect(fieldOf(() => checkFilingPeriod(at(10), at(10), now))).toBe('endsAt');
    expect(fieldOf(() => checkFilingPeriod(at(-10), at(-1), now))).toBe('endsAt');
    expect(fieldOf(() => checkFilingPeriod(at(366 * 24), at(367 * 24), now))).toBe('startsAt');
    expect(() => checkFilingPeriod(at(365 * 24), at(366 * 24), now)).not.toThrow();
    // an emergency under way
    expect(() => checkFilingPeriod(at(-1), at(5), now)).not.toThrow();
  });

  it('allows withdrawing until the end, once', () => {
    expect(withdrawRefusal({ status: 'active', endsAt: at(1) }, now)).toBeNull();
    expect(withdrawRefusal({ status: 'active', endsAt: now }, now)?.en).toMatch(/ended/);
    expect(withdrawRefusal({ status: 'withdrawn', endsAt: at(1) }, now)?.en).toMatch(/withdrawn/);
  });
});

describe('the bulletin', () => {
  it('shows active filings under way or starting within 24 hours', () => {
    const f = (s: number, e: number, status: 'active' | 'withdrawn' = 'active') => ({ status, startsAt: at(s), endsAt: at(e) });
    expect(isOnBulletin(f(-1, 1), now)).toBe(true);
    expect(isOnBulletin(f(24, 30), now)).toBe(true);
    expect(isOnBulletin(f(25, 30), now)).toBe(false);
    expect(isOnBulletin(f(-5, -1), now)).toBe(false);
    expect(isOnBulletin(f(-1, 1, 'withdrawn'), now)).toBe(false);
    expect(filingPhase(f(1, 2), now)).toBe('upcoming');
    expect(filingPhase(f(-1, 2), now)).toBe('ongoing');
    expect(filingPhase(f(-2, -1), now)).toBe('ended');
    expect(filingPhase(f(-1, 2, 'withdrawn'), now)).toBe('withdrawn');
  });

  it('orders by type, then start', () => {
    const list = [
      { type: 'night_construction', startsAt: at(1), title: 'a' },
      { type: 'water_outage', startsAt: at(5), title: 'b' },
      { type: 'water_outage', startsAt: at(2), title: 'c' },
    ].sort(compareForBulletin);
    expect(list.map((x) => x.title)).toEqual(['c', 'b', 'a']);
  });
});

describe('the area', () => {
  const street1 = '/gov/district/street1/';
  const street2 = '/gov/district/street2/';
  const district = '/gov/district/';
  const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };

  it('covers the whole city with no area, a street from its district, a point inside a polygon', () => {
    expect(areaCovers({ unitPaths: [], polygon: null }, { regionPath: null, location: null })).toBe('city');
    expect(areaCovers({ unitPaths: [district], polygon: null }, { regionPath: street1, location: null })).toBe('region');
    expect(areaCovers({ unitPaths: [street1], polygon: null }, { regionPath: street1, location: null })).toBe('region');
    expect(areaCovers({ unitPaths: [street1], polygon: null }, { regionPath: street2, location: null })).toBeNull();
    expect(areaCovers({ unitPaths: [street1], polygon: null }, { regionPath: null, location: null })).toBeNull();
    // the case is placed only to the district: a street's filing may concern it
    expect(areaCovers({ unitPaths: [street1], polygon: null }, { regionPath: district, location: null })).toBe('part_of_region');
    expect(areaCovers({ unitPaths: [], polygon: square }, { regionPath: street1, location: { lng: 0.5, lat: 0.5 } })).toBe('polygon');
    expect(areaCovers({ unitPaths: [], polygon: square }, { regionPath: null, location: { lng: 1.5, lat: 0.5 } })).toBeNull();
    expect(areaCovers({ unitPaths: [], polygon: square }, { regionPath: street1, location: null })).toBeNull();
  });

  it('checks a polygon as region uploads are, naming the field', () => {
    expect(parseFilingPolygon(square)).toEqual(square);
    expect(parseFilingPolygon({ type: 'MultiPolygon', coordinates: [square.coordinates] }).type).toBe('MultiPolygon');
    expect(fieldOf(() => parseFilingPolygon({ type: 'Point', coordinates: [0, 0] }))).toBe('areaPolygon.type');
    expect(fieldOf(() => parseFilingPolygon({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] }))).toBe('areaPolygon.coordinates[0]');
    const open = () => parseFilingPolygon({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 2]]] });
    expect(open).toThrow(/areaPolygon\.coordinates\[0\] 未闭合/);
    expect(fieldOf(open)).toBe('areaPolygon.coordinates[0]');
  });
});

describe('the words', () => {
  it('finds the type’s words in the case, however the caller says it', () => {
    const m = textMatch('water_outage', ['东华', '幸福', '小区', '停水'], '幸福小区突然停水了', ['幸福', '小区', '突然', '停水']);
    expect(m?.words).toEqual(['停水']);
    // 小区 is generic; 停水 is already counted as a word
    expect(m?.tokens).toEqual(['幸福']);
    expect(m?.score).toBe(3);
    expect(textMatch('water_outage', [], '家里没水了', ['家里'])?.words).toEqual(['没水']);
    expect(textMatch('night_construction', [], '工地晚上施工噪音太大', ['工地', '晚上', '施工', '噪音'])?.words).toEqual(expect.arrayContaining(['噪音', '施工', '工地']));
    // 交通管制 contains 管制: counted once
    expect(textMatch('traffic_control', [], '这里交通管制了吗', [])?.words).toEqual(['交通管制']);
  });

  it('needs a type word or two shared words, generic words and numbers left out', () => {
    expect(textMatch('water_outage', ['幸福', '小区'], '幸福小区的路灯坏了', ['幸福', '小区', '路灯'])).toBeNull();
    expect(textMatch('other', ['马拉松', '比赛'], '明天马拉松比赛几点开始', ['明天', '马拉松', '比赛', '几点', '开始'])?.tokens).toEqual(['马拉松', '比赛']);
    expect(textMatch('other', ['18', '00', '小区', '通知'], '小区 18 00 通知', ['小区', '18', '00', '通知'])).toBeNull();
  });

  it('ranks an exact place over a citywide notice', () => {
    const m = { words: ['停水'], tokens: [], score: 2 };
    expect(matchScore(m, 'region')).toBeGreaterThan(matchScore(m, 'city'));
    expect(matchScore(m, 'city')).toBeGreaterThan(matchScore(m, 'part_of_region'));
  });
});
