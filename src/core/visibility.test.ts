import { describe, it, expect } from 'vitest';
import type { Role } from './enums';
import { canRegister, canView, mayRevealForContact, seesPersonalData, type CaseAudience, type Viewer } from './visibility';

/*
 * The unit tree used below (materialised paths):
 *   /c/                 12345 centre
 *   /c/gov/             city government (leaders)
 *   /c/d1/              district 1
 *   /c/d1/s1/           street 1 of district 1
 *   /c/d1/s2/           street 2 of district 1
 *   /c/d10/             district 10 (its path starts with "/c/d1" but it is not below district 1)
 *   /c/water/           water company
 */
const UNITS = {
  centre: { unitId: 'centre', unitPath: '/c/', atCentre: true },
  gov: { unitId: 'gov', unitPath: '/c/gov/', atCentre: false },
  d1: { unitId: 'd1', unitPath: '/c/d1/', atCentre: false },
  s1: { unitId: 's1', unitPath: '/c/d1/s1/', atCentre: false },
  s2: { unitId: 's2', unitPath: '/c/d1/s2/', atCentre: false },
  d10: { unitId: 'd10', unitPath: '/c/d10/', atCentre: false },
  water: { unitId: 'water', unitPath: '/c/water/', atCentre: false },
} as const;
type UnitKey = keyof typeof UNITS;

function viewer(role: Role, unit: UnitKey, userId = `u-${role}-${unit}`): Viewer {
  return { userId, role, ...UNITS[unit] };
}

function audience(over: Partial<CaseAudience> = {}): CaseAudience {
  return { registeredBy: 'u-operator-centre', unitPaths: [], confidential: false, ...over };
}

describe('canView', () => {
  const ledByS1 = audience({ unitPaths: ['/c/d1/s1/'] });
  const ledByD1 = audience({ unitPaths: ['/c/d1/'] });
  const ledByWaterWithS1 = audience({ unitPaths: ['/c/water/', '/c/d1/s1/'] });
  const ledByD10 = audience({ unitPaths: ['/c/d10/'] });
  const undispatched = audience({ unitPaths: [] });

  it.each(['operator', 'dispatcher', 'supervisor', 'admin'] as const)('a centre %s sees every case', (role) => {
    const v = viewer(role, 'centre');
    expect(canView(v, ledByS1)).toBe(true);
    expect(canView(v, ledByD10)).toBe(true);
    expect(canView(v, undispatched)).toBe(true);
    expect(canView(v, audience({ confidential: true, unitPaths: ['/c/water/'] }))).toBe(true);
  });

  it.each([
    ['s1', 'the lead unit', ledByS1, true],
    ['s1', 'a co-handling unit', ledByWaterWithS1, true],
    ['d1', "the district, for its street's case", ledByS1, true],
    ['d1', 'the district, for a case co-handled by its street', ledByWaterWithS1, true],
    ['d1', 'the district, for its own case', ledByD1, true],
    ['s2', 'a sibling street', ledByS1, false],
    ['s1', "a street, for its district's case", ledByD1, false],
    ['d1', 'district 1, for district 10 (path prefix without the slash)', ledByD10, false],
    ['d10', 'district 10, for district 1', ledByD1, false],
    ['water', 'the water company, for a street case', ledByS1, false],
    ['water', 'the water company, as lead', ledByWaterWithS1, true],
    ['s1', 'a unit, for a case not dispatched yet', undispatched, false],
    ['gov', 'the government, for a district case', ledByD1, false],
  ] as const)('a handler of %s (%s) sees it: %s', (unit, _why, c, expected) => {
    expect(canView(viewer('unit_handler', unit), c)).toBe(expected);
  });

  it('a unit leader follows the same rule as the unit handler', () => {
    expect(canView(viewer('unit_leader', 'd1'), ledByS1)).toBe(true);
    expect(canView(viewer('unit_leader', 's2'), ledByS1)).toBe(false);
  });

  it.each(['citizen', 'reporter'] as const)('a %s sees only the cases they filed', (role) => {
    const v = viewer(role, 'centre', 'u-own');
    expect(canView(v, audience({ registeredBy: 'u-own', unitPaths: ['/c/d1/s1/'] }))).toBe(true);
    expect(canView(v, audience({ registeredBy: 'u-someone-else', unitPaths: ['/c/d1/s1/'] }))).toBe(false);
    expect(canView(v, audience({ registeredBy: null }))).toBe(false);
  });

  it("a citizen standing in a unit does not see that unit's cases", () => {
    expect(canView(viewer('citizen', 's1', 'u-own'), audience({ registeredBy: 'u-other', unitPaths: ['/c/d1/s1/'] }))).toBe(false);
  });
});

describe('seesPersonalData', () => {
  it.each([
    ['operator', 'centre', false, true],
    ['dispatcher', 'centre', false, true],
    ['supervisor', 'centre', false, true],
    ['admin', 'centre', false, true],
    ['unit_handler', 's1', false, false],
    ['unit_leader', 's1', false, false],
    ['leader', 'gov', false, false],
    ['citizen', 'centre', false, false],
    ['reporter', 'centre', false, false],
    // A centre role outside the centre (e.g. a district dispatcher) gets masked data.
    ['dispatcher', 'd1', false, false],
    ['supervisor', 'd1', false, false],
    // Confidential cases (保密件): supervisors and admins only.
    ['supervisor', 'centre', true, true],
    ['admin', 'centre', true, true],
    ['operator', 'centre', true, false],
    ['dispatcher', 'centre', true, false],
    ['unit_handler', 's1', true, false],
    ['leader', 'gov', true, false],
  ] as const)('%s at %s, confidential %s → %s', (role, unit, confidential, expected) => {
    expect(seesPersonalData(viewer(role, unit), { confidential })).toBe(expected);
  });

  it('a leader does not see personal data even when placed at the centre', () => {
    expect(seesPersonalData(viewer('leader', 'centre'), { confidential: false })).toBe(false);
  });
});

describe('mayRevealForContact', () => {
  type Facts = { confidential: boolean; anonymous: boolean; leadUnitId: string | null };
  const plain: Facts = { confidential: false, anonymous: false, leadUnitId: 's1' };
  const rows: [Role, UnitKey, Facts, boolean, string][] = [
    ['unit_handler', 's1', plain, true, 'the lead unit handler'],
    ['unit_leader', 's1', plain, true, 'the lead unit leader'],
    ['unit_handler', 's1', { ...plain, confidential: true }, false, 'the lead unit handler, confidential case'],
    ['unit_handler', 's1', { ...plain, anonymous: true }, false, 'the lead unit handler, anonymous case'],
    ['unit_handler', 'water', plain, false, 'a co-handling unit handler'],
    ['unit_handler', 's2', plain, false, 'a sibling unit handler'],
    ['unit_handler', 'd1', plain, false, "the lead unit's district"],
    ['unit_handler', 's1', { ...plain, leadUnitId: null }, false, 'a case with no lead unit'],
    ['leader', 'gov', plain, false, 'a leader'],
    ['citizen', 's1', plain, false, 'a citizen'],
    ['operator', 'centre', plain, true, 'a centre operator'],
    ['operator', 'centre', { ...plain, anonymous: true }, false, 'a centre operator, anonymous case'],
    ['operator', 'centre', { ...plain, confidential: true }, false, 'a centre operator, confidential case'],
    ['supervisor', 'centre', { ...plain, confidential: true }, true, 'a centre supervisor, confidential case'],
    ['supervisor', 'centre', { ...plain, confidential: true, anonymous: true }, false, 'a centre supervisor, anonymous case'],
  ];

  it.each(rows)('%s of %s, %o → %s (%s)', (role, unit, c, expected) => {
    expect(mayRevealForContact(viewer(role, unit), c)).toBe(expected);
  });
});

describe('canRegister', () => {
  const EXPECTED: Record<Role, boolean> = {
    citizen: false,
    operator: true,
    dispatcher: true,
    supervisor: false,
    unit_handler: false,
    unit_leader: false,
    leader: false,
    admin: false,
    reporter: true,
  };

  it.each(Object.entries(EXPECTED) as [Role, boolean][])('%s → %s', (role, expected) => {
    expect(canRegister(role)).toBe(expected);
  });
});
