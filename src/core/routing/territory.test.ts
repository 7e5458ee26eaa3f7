import { describe, it, expect } from 'vitest';
import { mulberry32 as seeded } from '../random';
import fc from 'fast-check';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { DomainError } from '../errors';
import { parseRegionUpload, regionAt, regionFromAddress, resolveRegion, type Region, type RegionGeometry } from './territory';
import { DEMO_REGIONS, randomPointIn } from '../../server/demo/demo-regions';
import { DEMO_UNITS, STREET_ADDRESSES } from '../../server/demo/demo-data';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Axis-aligned rectangle as a closed counter-clockwise ring. */
function rect(x0: number, y0: number, x1: number, y1: number): number[][] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

function region(
  unitId: string,
  name: string,
  geometry: RegionGeometry,
  opts: { level?: Region['level']; parent?: string | null; aliases?: string[] } = {},
): Region {
  return {
    unitId,
    unitCode: unitId,
    name,
    level: opts.level ?? (opts.parent ? 'street' : 'district'),
    parentUnitId: opts.parent ?? null,
    aliases: opts.aliases ?? [],
    geometry,
  };
}

const poly = (ring: number[][], ...holes: number[][][]): RegionGeometry => ({ type: 'Polygon', coordinates: [ring, ...holes] });


function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

// A small city: district A (0..10 × 0..10) split into streets A1 (x < 5) and A2 (x > 5);
// district B (10..20 × 0..10) without streets.
const A = region('A', '东城区', poly(rect(0, 0, 10, 10)));
const A1 = region('A1', '新华街道', poly(rect(0, 0, 5, 10)), { parent: 'A' });
const A2 = region('A2', '和平街道', poly(rect(5, 0, 10, 10)), { parent: 'A' });
const B = region('B', '西城区', poly(rect(10, 0, 20, 10)));
const B1 = region('B1', '新华街道', poly(rect(10, 0, 15, 10)), { parent: 'B' });
const CITY: Region[] = [A, B, A1, A2];

// ---------------------------------------------------------------------------
// regionAt
// ---------------------------------------------------------------------------

describe('regionAt', () => {
  it('finds a point inside a square and nothing outside it', () => {
    const sq = region('sq', '方块区', poly(rect(0, 0, 2, 2)));
    expect(regionAt([sq], { lng: 1, lat: 1 })).toBe(sq);
    expect(regionAt([sq], { lng: 3, lat: 1 })).toBeNull();
    expect(regionAt([sq], { lng: 1, lat: -0.5 })).toBeNull();
  });

  it('follows an L-shape and leaves its hole and its notch out', () => {
    // L: the 0..4 square without its top-right 2..4 × 2..4 quarter; a hole at 0.5..1.5 × 0.5..1.5.
    const ring = [
      [0, 0],
      [4, 0],
      [4, 2],
      [2, 2],
      [2, 4],
      [0, 4],
      [0, 0],
    ];
    const hole = [
      [0.5, 0.5],
      [0.5, 1.5],
      [1.5, 1.5],
      [1.5, 0.5],
      [0.5, 0.5],
    ];
    const L = region('L', 'L区', poly(ring, hole));
    expect(regionAt([L], { lng: 3, lat: 1 })).toBe(L); // lower arm
    expect(regionAt([L], { lng: 1, lat: 3 })).toBe(L); // left arm
    expect(regionAt([L], { lng: 1.8, lat: 1.8 })).toBe(L); // beside the hole
    expect(regionAt([L], { lng: 3, lat: 3 })).toBeNull(); // the notch, inside the bounding box
    expect(regionAt([L], { lng: 1, lat: 1 })).toBeNull(); // the hole
  });

  it('handles a MultiPolygon: both pieces count, the gap does not', () => {
    const islands = region('M', '群岛县', { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 6, 6), rect(5.2, 5.2, 5.4, 5.4)]] });
    expect(regionAt([islands], { lng: 0.5, lat: 0.5 })).toBe(islands);
    expect(regionAt([islands], { lng: 5.7, lat: 5.7 })).toBe(islands);
    expect(regionAt([islands], { lng: 3, lat: 3 })).toBeNull();
    expect(regionAt([islands], { lng: 5.3, lat: 5.3 })).toBeNull(); // the hole of the second piece
  });

  it('prefers the street over its district, whatever the order', () => {
    expect(regionAt(CITY, { lng: 2, lat: 5 })).toBe(A1);
    expect(regionAt(CITY, { lng: 7, lat: 5 })).toBe(A2);
    expect(regionAt([A2, A1, A, B].reverse(), { lng: 7, lat: 5 })).toBe(A2);
  });

  it('answers with the district where it has no street', () => {
    expect(regionAt(CITY, { lng: 15, lat: 5 })).toBe(B);
  });

  it('returns null outside every region and for a non-finite point', () => {
    expect(regionAt(CITY, { lng: 25, lat: 5 })).toBeNull();
    expect(regionAt(CITY, { lng: 5, lat: -1 })).toBeNull();
    expect(regionAt(CITY, { lng: Number.NaN, lat: 5 })).toBeNull();
    expect(regionAt([], { lng: 1, lat: 1 })).toBeNull();
  });

  it('gives a point on the border of two streets to the one listed first', () => {
    expect(regionAt([A, A1, A2], { lng: 5, lat: 5 })).toBe(A1);
    expect(regionAt([A, A2, A1], { lng: 5, lat: 5 })).toBe(A2);
  });

  it('sees a region pushed onto an array it has already cached', () => {
    const list: Region[] = [A];
    expect(regionAt(list, { lng: 15, lat: 5 })).toBeNull();
    list.push(B);
    expect(regionAt(list, { lng: 15, lat: 5 })).toBe(B);
  });

  it('answers right and fast among 1,000 regions', () => {
    // A 40 × 25 grid of 0.01° cells.
    const grid: Region[] = [];
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 25; j++) {
        grid.push(region(`g${i}-${j}`, `格${i}-${j}`, poly(rect(100 + i * 0.01, 30 + j * 0.01, 100 + (i + 1) * 0.01, 30 + (j + 1) * 0.01))));
      }
    }
    expect(grid).toHaveLength(1000);
    expect(regionAt(grid, { lng: 100.005, lat: 30.005 })?.unitId).toBe('g0-0');
    expect(regionAt(grid, { lng: 100.395, lat: 30.245 })?.unitId).toBe('g39-24');
    expect(regionAt(grid, { lng: 100.235, lat: 30.125 })?.unitId).toBe('g23-12');
    expect(regionAt(grid, { lng: 100.5, lat: 30.1 })).toBeNull();
    const rand = seeded(7);
    const started = performance.now();
    for (let k = 0; k < 10_000; k++) regionAt(grid, { lng: 100 + rand() * 0.4, lat: 30 + rand() * 0.25 });
    // About 50 ms on a laptop; the bound only catches a lost bounding-box filter (~10× slower).
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

// ---------------------------------------------------------------------------
// regionFromAddress
// ---------------------------------------------------------------------------

describe('regionFromAddress', () => {
  const jb = region('jb', '江北区', poly(rect(0, 0, 1, 1)));
  const jn = region('jn', '江南区', poly(rect(1, 0, 2, 1)));
  const bj = region('bj', '滨江街道', poly(rect(0, 0, 0.5, 1)), { parent: 'jb', aliases: ['沿江大道'] });
  const wh = region('wh', '望湖街道', poly(rect(0.5, 0, 1, 1)), { parent: 'jb' });
  const nh = region('nh', '南湖街道', poly(rect(1, 0, 2, 1)), { parent: 'jn' });
  const regions = [jb, jn, bj, wh, nh];

  it('matches full names', () => {
    expect(regionFromAddress(regions, '江南区某路1号')).toBe(jn);
    expect(regionFromAddress(regions, '望湖街道杨柳小区')).toBe(wh);
  });

  it('matches short names without their suffix', () => {
    expect(regionFromAddress(regions, '江北某路1号')).toBe(jb);
    expect(regionFromAddress(regions, '滨江路18号锦江花园')).toBe(bj);
    expect(regionFromAddress(regions, '住在南湖边上')).toBe(nh);
  });

  it('matches aliases', () => {
    expect(regionFromAddress(regions, '沿江大道266号')).toBe(bj);
  });

  it('prefers the street when both the district and the street are named', () => {
    expect(regionFromAddress(regions, '江北区滨江路18号')).toBe(bj);
    expect(regionFromAddress(regions, '江北区望湖街道杨柳安置小区')).toBe(wh);
    expect(regionFromAddress(regions, '江南区南湖大道299号')).toBe(nh);
  });

  it('keeps the named district when the street lies in another district', () => {
    expect(regionFromAddress(regions, '江南区滨江路5号')).toBe(jn);
  });

  it('ignores spaces in the address', () => {
    expect(regionFromAddress(regions, '江北区 望 湖路 66号')).toBe(wh);
  });

  it('takes the longest name found', () => {
    // 江北区 (3) beats 江南 (2) inside an estate's name.
    expect(regionFromAddress([jb, jn], '江北区某路江南春小区')).toBe(jb);
  });

  it('returns null when two districts tie', () => {
    expect(regionFromAddress(regions, '江北区与江南区交界处')).toBeNull();
    // …unless a street of one of them settles it
    expect(regionFromAddress(regions, '江北区与江南区交界的滨江路口')).toBe(bj);
  });

  it('returns null when two streets tie with no district named', () => {
    expect(regionFromAddress(regions, '滨江路与望湖路交叉口')).toBeNull();
  });

  it('returns the district when two of its own streets tie', () => {
    expect(regionFromAddress(regions, '江北区滨江路与望湖路交叉口')).toBe(jb);
  });

  it('returns null when nothing matches or the address is empty', () => {
    expect(regionFromAddress(regions, '河西新区人民路1号')).toBeNull();
    expect(regionFromAddress(regions, '')).toBeNull();
    expect(regionFromAddress(regions, '   ')).toBeNull();
    expect(regionFromAddress([], '江北区滨江路')).toBeNull();
  });

  it('tells same-named streets apart by their district, and gives up without one', () => {
    const both = [A, B, A1, A2, B1];
    expect(regionFromAddress(both, '东城区新华街道幸福里3号')).toBe(A1);
    expect(regionFromAddress(both, '西城区新华街道幸福里3号')).toBe(B1);
    expect(regionFromAddress(both, '新华街道幸福里3号')).toBeNull();
    // the shared short name 新华 is not used at all: the district alone answers
    expect(regionFromAddress(both, '东城区新华路3号')).toBe(A);
    // the unique short name 和平 is
    expect(regionFromAddress(both, '和平路3号')).toBe(A2);
  });

  it('does not shorten a name to a single character', () => {
    const sz = region('sz', '沙镇', poly(rect(0, 0, 1, 1)));
    expect(regionFromAddress([sz], '沙镇中心街')).toBe(sz);
    expect(regionFromAddress([sz], '沙河边')).toBeNull();
  });

  it('reads unit names: 人民政府 / 办事处 and the district in front are dropped', () => {
    const d = region('d', '江北区人民政府', poly(rect(0, 0, 1, 1)));
    const s = region('s', '江北区滨江街道办事处', poly(rect(0, 0, 1, 1)), { parent: 'd' });
    expect(regionFromAddress([d, s], '江北区建设路1号')).toBe(d);
    expect(regionFromAddress([d, s], '滨江街道翠柳巷12号')).toBe(s);
    expect(regionFromAddress([d, s], '江北滨江路18号')).toBe(s);
  });
});

// ---------------------------------------------------------------------------
// resolveRegion
// ---------------------------------------------------------------------------

describe('resolveRegion', () => {
  it('uses the coordinates first, even when the address names another region', () => {
    expect(resolveRegion(CITY, { location: { lng: 7, lat: 5 }, address: '新华街道1号' })).toEqual({ region: A2, by: 'coordinates' });
  });

  it('falls back to the address when the coordinates are missing or outside every region', () => {
    expect(resolveRegion(CITY, { location: null, address: '新华街道1号' })).toEqual({ region: A1, by: 'address' });
    expect(resolveRegion(CITY, { address: '和平街道1号' })).toEqual({ region: A2, by: 'address' });
    expect(resolveRegion(CITY, { location: { lng: 50, lat: 50 }, address: '西城区1号' })).toEqual({ region: B, by: 'address' });
  });

  it('returns null when neither resolves', () => {
    expect(resolveRegion(CITY, { location: { lng: 50, lat: 50 }, address: '外省某地' })).toBeNull();
    expect(resolveRegion(CITY, { location: null, address: null })).toBeNull();
    expect(resolveRegion(CITY, {})).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// parseRegionUpload
// ---------------------------------------------------------------------------

describe('parseRegionUpload', () => {
  const feature = (properties: unknown, geometry: unknown) => ({ type: 'Feature', properties, geometry });
  const square = { type: 'Polygon', coordinates: [rect(113, 27, 114, 28)] };
  const upload = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

  function fieldOf(input: unknown): unknown {
    const e = catchError(() => parseRegionUpload(input));
    expect(e.code).toBe('validation.failed');
    return e.details?.field;
  }

  it('accepts polygons and multipolygons with names and aliases', () => {
    const out = parseRegionUpload(
      upload(
        feature({ unitCode: ' st-1 ', name: '滨江街道', aliases: ['滨江', ' 沿江大道 ', '滨江', ''] }, square),
        feature(
          { unitCode: 'dist-1' },
          {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [0, 0, 12],
                  [1, 0, 12],
                  [1, 1, 12],
                  [0, 0, 12],
                ],
              ],
            ],
          },
        ),
      ),
    );
    expect(out).toEqual([
      { unitCode: 'st-1', name: '滨江街道', aliases: ['滨江', '沿江大道'], geometry: { type: 'Polygon', coordinates: [rect(113, 27, 114, 28)] } },
      {
        unitCode: 'dist-1',
        name: null,
        aliases: [],
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          ],
        },
      },
    ]);
  });

  it('accepts an empty collection', () => {
    expect(parseRegionUpload(upload())).toEqual([]);
  });

  it('rejects what is not a FeatureCollection', () => {
    expect(fieldOf(null)).toBe('type');
    expect(fieldOf([])).toBe('type');
    expect(fieldOf('{"type":"FeatureCollection"}')).toBe('type');
    expect(fieldOf(feature({ unitCode: 'x' }, square))).toBe('type');
    expect(fieldOf({ type: 'FeatureCollection' })).toBe('features');
  });

  it('rejects more than 10,000 features', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => feature({ unitCode: `u${i}` }, square));
    const e = catchError(() => parseRegionUpload(upload(...many)));
    expect(e.details).toEqual({ field: 'features' });
    expect(e.messageEn).toBe('too many features: 10001, at most 10000');
    expect(parseRegionUpload(upload(...many.slice(1)))).toHaveLength(10_000);
  });

  it('rejects an entry that is not a Feature', () => {
    expect(fieldOf(upload(feature({ unitCode: 'a' }, square), square))).toBe('features[1]');
  });

  it('rejects a missing or blank unitCode', () => {
    expect(fieldOf(upload(feature({ name: '滨江街道' }, square)))).toBe('features[0].properties.unitCode');
    expect(fieldOf(upload(feature(null, square)))).toBe('features[0].properties.unitCode');
    expect(fieldOf(upload(feature({ unitCode: '  ' }, square)))).toBe('features[0].properties.unitCode');
    expect(fieldOf(upload(feature({ unitCode: 7 }, square)))).toBe('features[0].properties.unitCode');
  });

  it('rejects a unitCode given twice', () => {
    const e = catchError(() => parseRegionUpload(upload(feature({ unitCode: 'a' }, square), feature({ unitCode: 'a' }, square))));
    expect(e.details).toEqual({ field: 'features[1].properties.unitCode' });
    expect(e.messageEn).toBe('features[1] repeats unitCode a of features[0]');
  });

  it('rejects a name or aliases of the wrong type', () => {
    expect(fieldOf(upload(feature({ unitCode: 'a', name: 3 }, square)))).toBe('features[0].properties.name');
    expect(fieldOf(upload(feature({ unitCode: 'a', aliases: '滨江' }, square)))).toBe('features[0].properties.aliases');
    expect(fieldOf(upload(feature({ unitCode: 'a', aliases: ['滨江', 1] }, square)))).toBe('features[0].properties.aliases');
  });

  it('rejects a geometry that is not a Polygon or MultiPolygon', () => {
    const e = catchError(() => parseRegionUpload(upload(feature({ unitCode: 'a' }, { type: 'Point', coordinates: [113, 27] }))));
    expect(e.details).toEqual({ field: 'features[0].geometry.type' });
    expect(e.messageEn).toBe('features[0].geometry must be a Polygon or MultiPolygon (got Point)');
    expect(fieldOf(upload(feature({ unitCode: 'a' }, null)))).toBe('features[0].geometry.type');
  });

  it('rejects a ring that is not closed', () => {
    const open = { type: 'Polygon', coordinates: [rect(0, 0, 1, 1).slice(0, 4).concat([[0, 0.5]])] };
    const e = catchError(() => parseRegionUpload(upload(feature({ unitCode: 'a' }, open))));
    expect(e.details).toEqual({ field: 'features[0].geometry.coordinates[0]' });
    expect(e.messageEn).toBe('features[0].geometry.coordinates[0] is not closed: the first and last positions must be equal');
  });

  it('rejects a ring with fewer than 4 positions', () => {
    const tiny = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    expect(fieldOf(upload(feature({ unitCode: 'a' }, tiny)))).toBe('features[0].geometry.coordinates[0]');
  });

  it('names the hole and the piece of a MultiPolygon that is wrong', () => {
    const badHole = { type: 'MultiPolygon', coordinates: [[rect(0, 0, 4, 4)], [rect(5, 5, 9, 9), rect(6, 6, 7, 7).slice(0, 3)]] };
    expect(fieldOf(upload(feature({ unitCode: 'a' }, badHole)))).toBe('features[0].geometry.coordinates[1][1]');
    expect(fieldOf(upload(feature({ unitCode: 'a' }, { type: 'Polygon', coordinates: [] })))).toBe('features[0].geometry.coordinates');
    expect(fieldOf(upload(feature({ unitCode: 'a' }, { type: 'MultiPolygon', coordinates: 'x' })))).toBe('features[0].geometry.coordinates');
  });

  it('rejects coordinates out of range', () => {
    expect(fieldOf(upload(feature({ unitCode: 'a' }, { type: 'Polygon', coordinates: [rect(179, 0, 181, 1)] })))).toBe(
      'features[0].geometry.coordinates[0][1]',
    );
    const e = catchError(() => parseRegionUpload(upload(feature({ unitCode: 'a' }, { type: 'Polygon', coordinates: [rect(0, 89, 1, 91)] }))));
    expect(e.details).toEqual({ field: 'features[0].geometry.coordinates[0][2]' });
    expect(e.messageEn).toBe('features[0].geometry.coordinates[0][2] is out of range (lng −180..180, lat −90..90)');
  });

  it('rejects a position that is not a pair of numbers', () => {
    const ring = rect(0, 0, 1, 1);
    ring[2] = [1, Number.NaN];
    expect(fieldOf(upload(feature({ unitCode: 'a' }, { type: 'Polygon', coordinates: [ring] })))).toBe('features[0].geometry.coordinates[0][2]');
    ring[2] = ['1', '1'] as unknown as number[];
    expect(fieldOf(upload(feature({ unitCode: 'a' }, { type: 'Polygon', coordinates: [ring] })))).toBe('features[0].geometry.coordinates[0][2]');
  });

  it('names the later feature, not the first, when only that one is bad', () => {
    expect(fieldOf(upload(feature({ unitCode: 'a' }, square), feature({ unitCode: 'b' }, square), feature({}, square)))).toBe(
      'features[2].properties.unitCode',
    );
  });
});

// ---------------------------------------------------------------------------
// The demo city's regions
// ---------------------------------------------------------------------------

describe('DEMO_REGIONS', () => {
  const units = new Map(DEMO_UNITS.map((u) => [u.code, u]));
  const demo: Region[] = DEMO_REGIONS.map((r) => {
    const unit = units.get(r.unitCode)!;
    return {
      unitId: r.unitCode,
      unitCode: r.unitCode,
      name: r.name,
      level: unit.type === 'street' ? 'street' : 'district',
      parentUnitId: unit.type === 'street' ? unit.parent : null,
      aliases: r.aliases,
      geometry: r.geometry,
    };
  });
  const districts = demo.filter((r) => r.level === 'district');
  const streets = demo.filter((r) => r.level === 'street');
  const ring = (r: Region) => (r.geometry.coordinates as number[][][])[0]!;
  const inside = (r: Region, p: { lng: number; lat: number }) => booleanPointInPolygon([p.lng, p.lat], r.geometry);
  const demoGeometry = (r: Region) => DEMO_REGIONS.find((x) => x.unitCode === r.unitCode)!.geometry;
  const all = demo.flatMap((r) => ring(r));
  const [minLng, maxLng] = [Math.min(...all.map((v) => v[0]!)), Math.max(...all.map((v) => v[0]!))];
  const [minLat, maxLat] = [Math.min(...all.map((v) => v[1]!)), Math.max(...all.map((v) => v[1]!))];
  /** Uniform points over the city's bounding box. */
  const sampleCity = (n: number, seed: number) => {
    const rand = seeded(seed);
    return Array.from({ length: n }, () => ({ lng: minLng + rand() * (maxLng - minLng), lat: minLat + rand() * (maxLat - minLat) }));
  };

  it('has one region per demo district and street, with the districts as parents', () => {
    const codes = DEMO_UNITS.filter((u) => u.type === 'district' || u.type === 'street').map((u) => u.code);
    expect(DEMO_REGIONS.map((r) => r.unitCode).sort()).toEqual([...codes].sort());
    expect(districts.map((d) => d.unitCode)).toEqual(['dist-jb', 'dist-jn', 'dist-lh']);
    expect(streets.map((s) => [s.unitCode, s.parentUnitId])).toEqual([
      ['st-jb-1', 'dist-jb'],
      ['st-jb-2', 'dist-jb'],
      ['st-jn-1', 'dist-jn'],
      ['st-jn-2', 'dist-jn'],
      ['st-lh-1', 'dist-lh'],
      ['st-lh-2', 'dist-lh'],
    ]);
  });

  it('uploads cleanly: closed rings of 6 to 10 vertices, around 113.85°E 27.62°N', () => {
    const parsed = parseRegionUpload({
      type: 'FeatureCollection',
      features: DEMO_REGIONS.map((r) => ({ type: 'Feature', properties: { unitCode: r.unitCode, name: r.name, aliases: r.aliases }, geometry: r.geometry })),
    });
    expect(parsed).toHaveLength(9);
    for (const r of demo) {
      const vertices = ring(r).length - 1;
      expect(vertices, r.unitCode).toBeGreaterThanOrEqual(6);
      expect(vertices, r.unitCode).toBeLessThanOrEqual(10);
      for (const [lng, lat] of ring(r)) {
        expect(Math.abs(lng! - 113.85)).toBeLessThan(0.25);
        expect(Math.abs(lat! - 27.62)).toBeLessThan(0.15);
      }
    }
  });

  it('has no two districts overlapping, and together they cover most of the city', () => {
    let covered = 0;
    for (const p of sampleCity(5_000, 1)) {
      const n = districts.filter((d) => inside(d, p)).length;
      expect(n).toBeLessThanOrEqual(1);
      covered += n;
    }
    expect(covered).toBeGreaterThan(4_000);
    const rand = seeded(4);
    for (const d of districts) {
      for (let k = 0; k < 500; k++) {
        const p = randomPointIn(demoGeometry(d), rand);
        expect(districts.filter((x) => inside(x, p)).map((x) => x.unitCode)).toEqual([d.unitCode]);
      }
    }
  });

  it('covers each district exactly with its two streets', () => {
    for (const p of sampleCity(5_000, 2)) {
      for (const d of districts) {
        const own = streets.filter((s) => s.parentUnitId === d.unitId && inside(s, p)).length;
        expect(own).toBe(inside(d, p) ? 1 : 0);
      }
    }
  });

  it('keeps each street within its district: its vertices, their centroid and random points', () => {
    const rand = seeded(3);
    for (const s of streets) {
      const d = demo.find((x) => x.unitId === s.parentUnitId)!;
      const vs = ring(s).slice(1);
      for (const [lng, lat] of vs) expect(inside(d, { lng: lng!, lat: lat! }), s.unitCode).toBe(true);
      const centroid = { lng: vs.reduce((t, v) => t + v[0]!, 0) / vs.length, lat: vs.reduce((t, v) => t + v[1]!, 0) / vs.length };
      expect(regionAt(demo, centroid)).toBe(s);
      for (let k = 0; k < 200; k++) expect(inside(d, randomPointIn(demoGeometry(s), rand))).toBe(true);
    }
  });

  it('resolves every demo address to its own street', () => {
    const resolved = Object.entries(STREET_ADDRESSES).flatMap(([code, list]) =>
      list.map((address) => [address, regionFromAddress(demo, address)?.unitCode ?? null, code]),
    );
    expect(resolved.length).toBeGreaterThan(30);
    for (const [address, got, want] of resolved) expect(got, address!).toBe(want);
  });

  it('resolves the short names to their regions', () => {
    expect(regionFromAddress(demo, '江北某小区')?.unitCode).toBe('dist-jb');
    expect(regionFromAddress(demo, '临河某村')?.unitCode).toBe('dist-lh');
    expect(regionFromAddress(demo, '白沙中学')?.unitCode).toBe('st-lh-2');
    expect(regionFromAddress(demo, '城关菜市场')?.unitCode).toBe('st-lh-1');
  });

  it('puts randomPointIn inside the region (200 points each), off every border', () => {
    const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    for (const r of demo) {
      fc.assert(
        fc.property(fc.tuple(draw, draw, draw), (draws) => {
          let k = 0;
          const p = randomPointIn(demoGeometry(r), () => draws[k++ % 3]!);
          expect(inside(r, p)).toBe(true);
          const at = regionAt(demo, p)!;
          // a street's point resolves to that street; a district's to one of its streets
          expect(r.level === 'street' ? at.unitId : at.parentUnitId).toBe(r.unitId);
        }),
        { numRuns: 200, seed: 42 },
      );
    }
  });

  it('randomPointIn reaches the corners of a polygon with edge draws and stays inside', () => {
    const tri = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [0, 1], [0, 0]]] };
    const p = randomPointIn(tri, () => 0);
    expect(p.lng).toBeCloseTo(0.02 / 3, 10);
    expect(p.lat).toBeCloseTo(0.02 / 3, 10);
    expect(booleanPointInPolygon([p.lng, p.lat], tri, { ignoreBoundary: true })).toBe(true);
  });
});
