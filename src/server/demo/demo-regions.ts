/**
 * Demo territory (属地) for the fictional 临江市 in demo-data.ts: one polygon per district and per
 * street / township, so that demo cases carry coordinates and routing can resolve them.
 *
 * The city sits around 113.85°E, 27.62°N. The river (临江) runs west to east and divides
 * 江北区 (north) from 江南区 (south); 临河县 lies east of both. Districts share their borders
 * exactly and never overlap; each district is split by a bent line into its two streets, which
 * reuse the district's vertices, so the two streets cover the district exactly. Pure data plus
 * one pure helper; nothing runs at import.
 */

type Position = [number, number];
export interface DemoPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

// Named vertices ([lng, lat]); shared borders use the same points on both sides.
// The river, west to east (江北 above, 江南 below).
const W: Position = [113.76, 27.628];
const R1: Position = [113.8, 27.622];
const R2: Position = [113.85, 27.618];
const E: Position = [113.92, 27.632]; // where the river enters 临河县
// 江北区's northern rim; Pw–S1–Pe splits 滨江 (riverside) from 望湖 (north).
const Pw: Position = [113.763, 27.662];
const NW: Position = [113.77, 27.7];
const N1: Position = [113.85, 27.72];
const NE: Position = [113.93, 27.705];
const Pe: Position = [113.925, 27.665];
const S1: Position = [113.845, 27.66];
// 江南区's southern rim; R2–T1–Sb1 splits 南湖 (west) from 文昌 (east).
const SW: Position = [113.775, 27.575];
const Sb1: Position = [113.84, 27.555];
const Sb2: Position = [113.88, 27.55];
const SE: Position = [113.912, 27.555];
const T1: Position = [113.843, 27.59];
// 临河县's eastern rim; E–U1–LE splits 城关镇 (north, along the river) from 白沙镇 (south).
const LB1: Position = [113.99, 27.54];
const LB2: Position = [114.05, 27.56];
const LE: Position = [114.065, 27.64];
const LT: Position = [114.04, 27.71];
const U1: Position = [113.99, 27.628];

/** Exterior ring, counter-clockwise (RFC 7946), closed by repeating the first vertex. */
function polygon(...vertices: Position[]): DemoPolygon {
  return { type: 'Polygon', coordinates: [[...vertices, vertices[0]!].map(([lng, lat]) => [lng, lat])] };
}

/**
 * Keyed by the unit codes of DEMO_UNITS. Aliases are the short names and the roads, estates and
 * communities that STREET_ADDRESSES mention, so that every demo address resolves to its street.
 */
export const DEMO_REGIONS: { unitCode: string; name: string; aliases: string[]; geometry: DemoPolygon }[] = [
  { unitCode: 'dist-jb', name: '江北区', aliases: ['江北'], geometry: polygon(W, R1, R2, E, Pe, NE, N1, NW, Pw) },
  { unitCode: 'dist-jn', name: '江南区', aliases: ['江南'], geometry: polygon(W, SW, Sb1, Sb2, SE, E, R2, R1) },
  { unitCode: 'dist-lh', name: '临河县', aliases: ['临河'], geometry: polygon(SE, LB1, LB2, LE, LT, NE, Pe, E) },
  {
    unitCode: 'st-jb-1',
    name: '滨江街道',
    aliases: ['滨江', '滨江路', '沿江大道', '建设北路', '船厂路', '翠柳巷'],
    geometry: polygon(W, R1, R2, E, Pe, S1, Pw),
  },
  {
    unitCode: 'st-jb-2',
    name: '望湖街道',
    aliases: ['望湖', '望湖路', '湖滨东路', '新华路', '春晖路'],
    geometry: polygon(Pw, S1, Pe, NE, N1, NW),
  },
  {
    unitCode: 'st-jn-1',
    name: '南湖街道',
    aliases: ['南湖', '南湖大道', '南湖路', '学府路', '荷花巷'],
    geometry: polygon(W, SW, Sb1, T1, R2, R1),
  },
  {
    unitCode: 'st-jn-2',
    name: '文昌街道',
    aliases: ['文昌', '文昌路', '人民南路', '工业园路', '青石巷', '桂花社区'],
    geometry: polygon(Sb1, Sb2, SE, E, R2, T1),
  },
  {
    unitCode: 'st-lh-1',
    name: '城关镇',
    aliases: ['城关', '解放路', '东门街', '县前街'],
    geometry: polygon(E, U1, LE, LT, NE, Pe),
  },
  {
    unitCode: 'st-lh-2',
    name: '白沙镇',
    aliases: ['白沙'],
    geometry: polygon(SE, LB1, LB2, LE, U1, E),
  },
];

type Triangle = [Position, Position, Position];

function cross(o: Position, a: Position, b: Position): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function inTriangle(p: Position, [a, b, c]: Triangle): boolean {
  return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

/** Ear clipping of a simple ring (either orientation) into triangles; holes are ignored. */
function triangulate(ring: number[][]): Triangle[] {
  const pts: Position[] = ring.map(([lng, lat]) => [lng!, lat!]);
  const last = pts[pts.length - 1]!;
  if (pts.length > 1 && last[0] === pts[0]![0] && last[1] === pts[0]![1]) pts.pop();
  let area2 = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    area2 += a[0] * b[1] - b[0] * a[1];
  }
  if (area2 < 0) pts.reverse(); // work counter-clockwise
  const triangles: Triangle[] = [];
  while (pts.length > 3) {
    let clipped = false;
    for (let i = 0; i < pts.length; i++) {
      const prev = pts[(i + pts.length - 1) % pts.length]!;
      const cur = pts[i]!;
      const next = pts[(i + 1) % pts.length]!;
      if (cross(prev, cur, next) <= 0) continue; // reflex or straight: not an ear
      const ear: Triangle = [prev, cur, next];
      if (pts.some((p) => p !== prev && p !== cur && p !== next && inTriangle(p, ear))) continue;
      triangles.push(ear);
      pts.splice(i, 1);
      clipped = true;
      break;
    }
    if (!clipped) break; // degenerate ring: keep what we have
  }
  if (pts.length === 3) triangles.push([pts[0]!, pts[1]!, pts[2]!]);
  return triangles;
}

/**
 * A point inside the region (for demo case coordinates), drawn with a caller-supplied random
 * function in [0, 1) so that seeds reproduce. Area-weighted over an ear-clipping triangulation
 * of the outer ring, then pulled 2% towards its triangle's centroid so it never lands on a border
 * (where it would belong to two streets). Uses exactly three draws.
 */
export function randomPointIn(geometry: DemoPolygon, rand: () => number): { lng: number; lat: number } {
  const triangles = triangulate(geometry.coordinates[0] ?? []);
  if (triangles.length === 0) throw new Error('randomPointIn: the polygon has no area');
  const areas = triangles.map(([a, b, c]) => Math.abs(cross(a, b, c)));
  const total = areas.reduce((s, x) => s + x, 0);
  let pick = rand() * total;
  let index = 0;
  while (index < triangles.length - 1 && pick >= areas[index]!) pick -= areas[index++]!;
  const [a, b, c] = triangles[index]!;
  let u = rand();
  let v = rand();
  if (u + v > 1) {
    u = 1 - u;
    v = 1 - v;
  }
  const x = a[0] + u * (b[0] - a[0]) + v * (c[0] - a[0]);
  const y = a[1] + u * (b[1] - a[1]) + v * (c[1] - a[1]);
  const cx = (a[0] + b[0] + c[0]) / 3;
  const cy = (a[1] + b[1] + c[1]) / 3;
  return { lng: cx + 0.98 * (x - cx), lat: cy + 0.98 * (y - cy) };
}
