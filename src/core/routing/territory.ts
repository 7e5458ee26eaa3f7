/**
 * Territory (属地): which district or street a case happens in. DOMAIN.md §2: 属地管理、分级负责 —
 * territory first, then the competent department — so routing asks this before anything else.
 * Regions are GeoJSON polygons that an admin uploads per unit; a case resolves to the deepest
 * region containing its coordinates, or failing that to the region its address names.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { DomainError } from '../errors';

export type RegionGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface Region {
  unitId: string;
  unitCode: string;
  /** The territory's name (江北区, 滨江街道); the unit's name (江北区滨江街道办事处) works too. */
  name: string;
  level: 'district' | 'street';
  parentUnitId: string | null;
  /** Other names people write: short names, well-known roads and estates inside the region. */
  aliases: string[];
  /** Positions are [lng, lat] (WGS 84, as GeoJSON). */
  geometry: RegionGeometry;
}

export interface LngLat {
  lng: number;
  lat: number;
}

const DEPTH: Record<Region['level'], number> = { district: 1, street: 2 };

// ---------------------------------------------------------------------------
// Coordinates
// ---------------------------------------------------------------------------

interface Boxed {
  region: Region;
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/** Per regions array: bounding boxes, deepest level first (stable, so array order breaks ties). */
const boxCache = new WeakMap<readonly Region[], Boxed[]>();

function boxes(regions: readonly Region[]): Boxed[] {
  const cached = boxCache.get(regions);
  // The length check catches the common mutation (push); callers should not mutate regions anyway.
  if (cached && cached.length === regions.length) return cached;
  const built = regions
    .map((region) => {
      const b: Boxed = { region, minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
      const polygons = region.geometry.type === 'Polygon' ? [region.geometry.coordinates] : region.geometry.coordinates;
      for (const polygon of polygons) {
        // Holes lie inside the exterior ring, so the exterior alone bounds the polygon.
        for (const [lng, lat] of polygon[0] ?? []) {
          if (lng === undefined || lat === undefined) continue;
          if (lng < b.minLng) b.minLng = lng;
          if (lng > b.maxLng) b.maxLng = lng;
          if (lat < b.minLat) b.minLat = lat;
          if (lat > b.maxLat) b.maxLat = lat;
        }
      }
      return b;
    })
    .sort((a, b) => DEPTH[b.region.level] - DEPTH[a.region.level]);
  boxCache.set(regions, built);
  return built;
}

/**
 * The deepest region containing the point: a street over its district. Null outside every
 * region. A point on the border of two streets belongs to the one listed first. Bounding boxes
 * are computed once per regions array, so only the few candidates they admit run the full
 * point-in-polygon test and a thousand regions answer in microseconds.
 */
export function regionAt(regions: readonly Region[], point: LngLat): Region | null {
  const { lng, lat } = point;
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  for (const b of boxes(regions)) {
    if (lng < b.minLng || lng > b.maxLng || lat < b.minLat || lat > b.maxLat) continue;
    if (booleanPointInPolygon([lng, lat], b.region.geometry)) return b.region;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------

/** Organisational suffixes: the unit's name is the territory's name plus one of these. */
const ORG_SUFFIXES = ['街道办事处', '办事处', '人民政府'];
/** Administrative suffixes stripped for the short name (江北区→江北, 滨江街道→滨江). */
const ADMIN_SUFFIXES = ['自治县', '自治旗', '开发区', '新区', '街道', '地区', '区', '县', '市', '旗', '镇', '乡'];

interface Keyed {
  region: Region;
  /** Names and aliases, longest first. */
  keys: string[];
}

const keyCache = new WeakMap<readonly Region[], Keyed[]>();

function stripSuffix(name: string, suffixes: readonly string[]): string | null {
  for (const s of suffixes) if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length);
  return null;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Each region's full names (as given, without 人民政府/办事处, without the parent's name in front)
 * and aliases; plus its short name when at least two characters remain and no other region
 * answers to the same short name (two 新华街道 in two districts would both claim 新华).
 */
function keyed(regions: readonly Region[]): Keyed[] {
  const cached = keyCache.get(regions);
  if (cached && cached.length === regions.length) return cached;
  const byId = new Map(regions.map((r) => [r.unitId, r]));
  const full = regions.map((r) => {
    const names = new Set<string>();
    const add = (n: string | null) => {
      if (n !== null && n.length > 0) names.add(n);
    };
    const name = compact(r.name);
    const bare = stripSuffix(name, ORG_SUFFIXES) ?? name;
    add(name);
    add(bare);
    const parent = r.parentUnitId === null ? undefined : byId.get(r.parentUnitId);
    if (parent) {
      const parentName = compact(parent.name);
      const parentBare = stripSuffix(parentName, ORG_SUFFIXES) ?? parentName;
      for (const p of [parentName, parentBare]) if (bare.startsWith(p) && bare.length > p.length) add(bare.slice(p.length));
    }
    for (const a of r.aliases) add(compact(a));
    return names;
  });
  const shorts = full.map((names) => {
    const s = new Set<string>();
    for (const n of names) {
      const short = stripSuffix(n, ADMIN_SUFFIXES);
      if (short !== null && short.length >= 2 && !names.has(short)) s.add(short);
    }
    return s;
  });
  const claims = new Map<string, number>();
  for (let i = 0; i < regions.length; i++) {
    for (const k of new Set([...full[i]!, ...shorts[i]!])) claims.set(k, (claims.get(k) ?? 0) + 1);
  }
  const built = regions.map((region, i) => {
    const keys = [...full[i]!, ...[...shorts[i]!].filter((s) => claims.get(s) === 1)];
    return { region, keys: keys.sort((a, b) => b.length - a.length) };
  });
  keyCache.set(regions, built);
  return built;
}

interface Hit {
  region: Region;
  length: number;
}

/** The single longest hit; null when none, or when two regions tie for the longest. */
function longest(hits: readonly Hit[]): Region | null {
  let best: Hit | null = null;
  let tied = false;
  for (const h of hits) {
    if (best === null || h.length > best.length) {
      best = h;
      tied = false;
    } else if (h.length === best.length && h.region !== best.region) {
      tied = true;
    }
  }
  return best === null || tied ? null : best.region;
}

/**
 * The region an address names: the longest name or alias found in the text. A street wins over a
 * district when it lies in the district the address names (or no district is named); a street
 * in another district than the named one is taken for a coincidence and the district stands.
 * Ties are not guessed: two districts, or two streets with no named district to hold both, give
 * null; two streets of the one named district give that district.
 */
export function regionFromAddress(regions: readonly Region[], address: string): Region | null {
  const text = compact(address);
  if (text.length === 0) return null;
  const hits: Hit[] = [];
  for (const { region, keys } of keyed(regions)) {
    const key = keys.find((k) => text.includes(k));
    if (key !== undefined) hits.push({ region, length: key.length });
  }
  const districtHits = hits.filter((h) => h.region.level === 'district');
  const district = longest(districtHits);
  const namedDistricts = new Set(district ? [district.unitId] : districtHits.map((h) => h.region.unitId));
  const streetHits = hits.filter(
    (h) =>
      h.region.level === 'street' &&
      (namedDistricts.size === 0 || (h.region.parentUnitId !== null && namedDistricts.has(h.region.parentUnitId))),
  );
  if (streetHits.length > 0) return longest(streetHits) ?? district;
  return district;
}

/**
 * Resolves a case's territory: its coordinates first (a map pick or the caller's position is more
 * precise than free text), then its address when there are no coordinates or they fall outside
 * every region. Says which was used, so the operator knows how far to trust it.
 */
export function resolveRegion(
  regions: readonly Region[],
  c: { location?: LngLat | null; address?: string | null },
): { region: Region; by: 'coordinates' | 'address' } | null {
  if (c.location) {
    const region = regionAt(regions, c.location);
    if (region) return { region, by: 'coordinates' };
  }
  if (c.address) {
    const region = regionFromAddress(regions, c.address);
    if (region) return { region, by: 'address' };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Upload
// ---------------------------------------------------------------------------

export interface RegionUpload {
  unitCode: string;
  name: string | null;
  aliases: string[];
  geometry: RegionGeometry;
}

export const MAX_UPLOAD_FEATURES = 10_000;

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('validation.failed', zh, en, { field });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A linear ring: ≥ 4 positions, first equals last, each [lng, lat] in range. Returns [lng, lat] pairs. */
function parseRing(ring: unknown, field: string): number[][] {
  if (!Array.isArray(ring)) throw invalid(field, `${field} 应为坐标数组`, `${field} must be an array of positions`);
  if (ring.length < 4) {
    throw invalid(field, `${field} 至少需要 4 个坐标点（首尾相同）`, `${field} needs at least 4 positions (first equal to last)`);
  }
  const out = ring.map((pos: unknown, j) => {
    const f = `${field}[${j}]`;
    if (!Array.isArray(pos) || pos.length < 2 || !pos.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw invalid(f, `${f} 应为 [经度, 纬度]`, `${f} must be [lng, lat]`);
    }
    const [lng, lat] = pos as number[];
    if (lng! < -180 || lng! > 180 || lat! < -90 || lat! > 90) {
      throw invalid(f, `${f} 坐标超出范围（经度 −180..180，纬度 −90..90）`, `${f} is out of range (lng −180..180, lat −90..90)`);
    }
    return [lng!, lat!];
  });
  const first = out[0]!;
  const last = out[out.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw invalid(field, `${field} 未闭合：首尾坐标应相同`, `${field} is not closed: the first and last positions must be equal`);
  }
  return out;
}

function parsePolygon(rings: unknown, field: string): number[][][] {
  if (!Array.isArray(rings) || rings.length === 0) {
    throw invalid(field, `${field} 应为至少一个环的数组`, `${field} must be an array of at least one ring`);
  }
  return rings.map((ring, k) => parseRing(ring, `${field}[${k}]`));
}

function parseGeometry(g: unknown, field: string): RegionGeometry {
  const type = isObject(g) ? g.type : undefined;
  if (!isObject(g) || (type !== 'Polygon' && type !== 'MultiPolygon')) {
    throw invalid(
      `${field}.type`,
      `${field} 应为 Polygon 或 MultiPolygon（实为 ${String(type ?? g)}）`,
      `${field} must be a Polygon or MultiPolygon (got ${String(type ?? g)})`,
    );
  }
  const coords = g.coordinates;
  const cf = `${field}.coordinates`;
  if (type === 'Polygon') return { type, coordinates: parsePolygon(coords, cf) };
  if (!Array.isArray(coords) || coords.length === 0) {
    throw invalid(cf, `${cf} 应为至少一个多边形的数组`, `${cf} must be an array of at least one polygon`);
  }
  return { type, coordinates: coords.map((p, k) => parsePolygon(p, `${cf}[${k}]`)) };
}

/**
 * Validates an admin's upload of region boundaries: a GeoJSON FeatureCollection (RFC 7946) whose
 * features carry properties.unitCode (the unit the territory belongs to) and optionally name and
 * aliases. Throws validation.failed naming the first bad feature and field, so the admin can fix
 * the file; positions come back as plain [lng, lat] (any altitude dropped). A unit code may
 * appear once: a territory in several pieces is one MultiPolygon feature.
 */
export function parseRegionUpload(input: unknown): RegionUpload[] {
  if (!isObject(input) || input.type !== 'FeatureCollection') {
    throw invalid('type', '应为 GeoJSON FeatureCollection', 'must be a GeoJSON FeatureCollection');
  }
  const features = input.features;
  if (!Array.isArray(features)) throw invalid('features', 'features 应为数组', 'features must be an array');
  if (features.length > MAX_UPLOAD_FEATURES) {
    throw invalid(
      'features',
      `要素过多：${features.length} 个，最多 ${MAX_UPLOAD_FEATURES} 个`,
      `too many features: ${features.length}, at most ${MAX_UPLOAD_FEATURES}`,
    );
  }
  const seen = new Map<string, number>();
  return features.map((feature: unknown, i) => {
    const f = `features[${i}]`;
    if (!isObject(feature) || feature.type !== 'Feature') throw invalid(f, `${f} 应为 GeoJSON Feature`, `${f} must be a GeoJSON Feature`);
    const props = isObject(feature.properties) ? feature.properties : {};
    const unitCode = typeof props.unitCode === 'string' ? props.unitCode.trim() : '';
    if (unitCode === '') {
      throw invalid(`${f}.properties.unitCode`, `${f} 缺少 properties.unitCode`, `${f} has no properties.unitCode`);
    }
    const earlier = seen.get(unitCode);
    if (earlier !== undefined) {
      throw invalid(
        `${f}.properties.unitCode`,
        `${f} 的 unitCode ${unitCode} 与 features[${earlier}] 重复`,
        `${f} repeats unitCode ${unitCode} of features[${earlier}]`,
      );
    }
    seen.set(unitCode, i);
    let name: string | null = null;
    if (props.name !== undefined && props.name !== null) {
      if (typeof props.name !== 'string') throw invalid(`${f}.properties.name`, `${f}.properties.name 应为字符串`, `${f}.properties.name must be a string`);
      name = props.name.trim() || null;
    }
    let aliases: string[] = [];
    if (props.aliases !== undefined && props.aliases !== null) {
      if (!Array.isArray(props.aliases) || !props.aliases.every((a) => typeof a === 'string')) {
        throw invalid(`${f}.properties.aliases`, `${f}.properties.aliases 应为字符串数组`, `${f}.properties.aliases must be an array of strings`);
      }
      aliases = [...new Set((props.aliases as string[]).map((a) => a.trim()).filter((a) => a.length > 0))];
    }
    return { unitCode, name, aliases, geometry: parseGeometry(feature.geometry, `${f}.geometry`) };
  });
}
