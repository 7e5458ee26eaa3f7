/**
 * 信息报备 (issue #12 §2, S4 annex 4): filing, listing and withdrawing; the operators' bulletin
 * board (公告栏) and the CTI call context's list; matching an incoming case to the filings that
 * explain it; and the late filings counted against each unit. The rules are in src/core/filings.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import type { Executor } from '../cases/cases.repo';
import type { Lang } from '../http/i18n';
import { isUuid } from '../cases/cases.repo';
import { regionOfCase } from '../routing/routing.service';
import { searchVector, segment } from '../text/segment';
import { DomainError } from '../../core/errors';
import type { LngLat, RegionGeometry } from '../../core/routing/territory';
import {
  BULLETIN_LOOKAHEAD_HOURS,
  FILING_TYPE_LABELS,
  areaCovers,
  checkFilingPeriod,
  compareForBulletin,
  filingPhase,
  isFilingType,
  isLateFiling,
  isPlannedType,
  matchScore,
  textMatch,
  withdrawRefusal,
  type AreaMatch,
  type FilingPhase,
  type FilingType,
} from '../../core/filings';

const HOUR_MS = 3_600_000;

export interface AreaUnit {
  id: string;
  code: string;
  name: string;
  type: string;
  path: string;
  /** The territory's name where a region was uploaded (南湖街道), else the unit's (江南区南湖街道办事处). */
  label: string;
}

export interface FilingView {
  id: string;
  unit: { id: string; code: string; name: string };
  type: string;
  typeLabel: string;
  title: string;
  content: string;
  startsAt: Date;
  endsAt: Date;
  area: { kind: 'city' | 'units' | 'polygon'; units: { id: string; code: string; name: string; type: string }[]; polygon: RegionGeometry | null };
  /** For the board: the districts' and streets' names, 全市, or 地图划定范围. */
  areaNames: string[];
  late: boolean;
  status: 'active' | 'withdrawn';
  phase: FilingPhase;
  filedBy: string | null;
  filedAt: Date;
  withdrawnAt: Date | null;
  withdrawNote: string | null;
}

function filingsQuery(db: Executor) {
  return db
    .selectFrom('filings as f')
    .innerJoin('units as un', 'un.id', 'f.unit_id')
    .leftJoin('users as us', 'us.id', 'f.filed_by')
    .select([
      'f.id',
      'f.unit_id',
      'un.code as unit_code',
      'un.name as unit_name',
      'f.type',
      'f.title',
      'f.content',
      'f.starts_at',
      'f.ends_at',
      'f.area_unit_ids',
      'f.area_polygon',
      'f.late',
      'f.status',
      'us.display_name as filed_by_name',
      'f.filed_at',
      'f.withdrawn_at',
      'f.withdraw_note',
    ]);
}
type FilingRow = Awaited<ReturnType<ReturnType<typeof filingsQuery>['execute']>>[number];

export function typeLabel(type: string, lang: Lang): string {
  return isFilingType(type) ? FILING_TYPE_LABELS[type][lang] : type;
}

async function areaUnitsOf(db: Executor, rows: readonly FilingRow[]): Promise<Map<string, AreaUnit>> {
  const ids = [...new Set(rows.flatMap((r) => r.area_unit_ids))];
  if (ids.length === 0) return new Map();
  const units = await db
    .selectFrom('units as u')
    .leftJoin('regions as r', 'r.unit_id', 'u.id')
    .select(['u.id', 'u.code', 'u.name', 'u.type', 'u.path', 'r.name as region_name'])
    .where('u.id', 'in', ids)
    .execute();
  return new Map(units.map(({ region_name, ...u }) => [u.id, { ...u, label: region_name ?? u.name }]));
}

function toView(r: FilingRow, areaUnits: Map<string, AreaUnit>, now: Date, lang: Lang): FilingView {
  const units = r.area_unit_ids.map((id) => areaUnits.get(id)).filter((u) => u !== undefined);
  const polygon = (r.area_polygon as RegionGeometry | null) ?? null;
  const kind = polygon ? 'polygon' : units.length > 0 ? 'units' : 'city';
  const areaNames =
    kind === 'units' ? units.map((u) => u.label) : kind === 'polygon' ? [lang === 'en' ? 'area drawn on the map' : '地图划定范围'] : [lang === 'en' ? 'whole city' : '全市'];
  return {
    id: r.id,
    unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name },
    type: r.type,
    typeLabel: typeLabel(r.type, lang),
    title: r.title,
    content: r.content,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    area: { kind, units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, type: u.type })), polygon },
    areaNames,
    late: r.late,
    status: r.status,
    phase: filingPhase({ status: r.status, startsAt: r.starts_at, endsAt: r.ends_at }, now),
    filedBy: r.filed_by_name,
    filedAt: r.filed_at,
    withdrawnAt: r.withdrawn_at,
    withdrawNote: r.withdraw_note,
  };
}

async function views(db: Executor, rows: FilingRow[], now: Date, lang: Lang): Promise<FilingView[]> {
  const areaUnits = await areaUnitsOf(db, rows);
  return rows.map((r) => toView(r, areaUnits, now, lang));
}

// ---------------------------------------------------------------------------------------------
// Filing and withdrawing

/** The area's units by id or code; each must exist and be a district or a street. Returns ids, deduplicated. */
export async function resolveAreaUnits(db: Executor, refs: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, ref] of refs.entries()) {
    const u = await db.selectFrom('units').select(['id', 'type', 'active']).where(isUuid(ref) ? 'id' : 'code', '=', ref).executeTakeFirst();
    const field = `areaUnits[${i}]`;
    if (!u || !u.active) throw new DomainError('validation.failed', `影响范围中的单位不存在：${ref}`, `no such unit in the area: ${ref}`, { field });
    if (u.type !== 'district' && u.type !== 'street') {
      throw new DomainError('validation.failed', `影响范围只能是区县或街道（乡镇）：${ref}`, `the area may only name districts and streets: ${ref}`, { field });
    }
    if (!ids.includes(u.id)) ids.push(u.id);
  }
  return ids;
}

export interface NewFiling {
  unitId: string;
  type: FilingType;
  title: string;
  content: string;
  startsAt: Date;
  endsAt: Date;
  /** District / street unit ids, already resolved; empty with no polygon for the whole city. */
  areaUnitIds: string[];
  areaPolygon: RegionGeometry | null;
  filedBy: string | null;
}

/** Files a filing at `now`; `late` is decided here, once (S4 annex 4: at least 3 days ahead). */
export async function createFiling(db: Executor, f: NewFiling, now: Date): Promise<string> {
  checkFilingPeriod(f.startsAt, f.endsAt, now);
  const id = randomUUID();
  await db
    .insertInto('filings')
    .values({
      id,
      unit_id: f.unitId,
      type: f.type,
      title: f.title,
      content: f.content,
      starts_at: f.startsAt,
      ends_at: f.endsAt,
      area_unit_ids: JSON.stringify(f.areaUnitIds),
      area_polygon: f.areaPolygon ? JSON.stringify(f.areaPolygon) : null,
      late: isLateFiling(f.type, now, f.startsAt),
      search_tokens: searchVector([f.title, f.content]),
      filed_by: f.filedBy,
      filed_at: now,
    })
    .execute();
  return id;
}

/** Withdraws a filing until it ends; 409 conflict once it has ended or was withdrawn. */
export async function withdrawFiling(db: Executor, id: string, note: string, now: Date): Promise<void> {
  const res = await db
    .updateTable('filings')
    .set({ status: 'withdrawn', withdrawn_at: now, withdraw_note: note })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('ends_at', '>', now)
    .executeTakeFirst();
  if (res.numUpdatedRows) return;
  const f = await db.selectFrom('filings').select(['status', 'ends_at']).where('id', '=', id).executeTakeFirst();
  if (!f) throw new DomainError('not_found', '报备不存在', 'no such filing');
  const why = withdrawRefusal({ status: f.status, endsAt: f.ends_at }, now) ?? { zh: '该报备不能撤回', en: 'the filing cannot be withdrawn' };
  throw new DomainError('conflict', why.zh, why.en, { status: f.status, endsAt: f.ends_at.toISOString() });
}

// ---------------------------------------------------------------------------------------------
// Reading

/** One filing, or null; `scopePath` (a unit's path) limits it to that unit and those below. */
export async function findFiling(db: Executor, id: string, scopePath: string | null, now: Date, lang: Lang): Promise<FilingView | null> {
  let q = filingsQuery(db).where('f.id', '=', id);
  if (scopePath !== null) q = q.where('un.path', 'like', `${scopePath}%`);
  const row = await q.executeTakeFirst();
  return row ? ((await views(db, [row], now, lang))[0] ?? null) : null;
}

export interface FilingFilter {
  /** A unit's path: only that unit's filings and those of units below it. */
  scopePath: string | null;
  unitId?: string;
  /** true: active and not yet ended; false: withdrawn or ended. */
  active?: boolean;
  type?: string;
  /** The period overlaps [from, to). */
  from?: Date;
  to?: Date;
  limit: number;
}

/** Filings, the latest start first. */
export async function listFilings(db: Executor, filter: FilingFilter, now: Date, lang: Lang): Promise<FilingView[]> {
  let q = filingsQuery(db);
  if (filter.scopePath !== null) q = q.where('un.path', 'like', `${filter.scopePath}%`);
  if (filter.unitId) q = q.where('f.unit_id', '=', filter.unitId);
  if (filter.type) q = q.where('f.type', '=', filter.type);
  if (filter.active === true) q = q.where('f.status', '=', 'active').where('f.ends_at', '>=', now);
  if (filter.active === false) q = q.where((eb) => eb.or([eb('f.status', '=', 'withdrawn'), eb('f.ends_at', '<', now)]));
  if (filter.from) q = q.where('f.ends_at', '>=', filter.from);
  if (filter.to) q = q.where('f.starts_at', '<', filter.to);
  const rows = await q.orderBy('f.starts_at', 'desc').orderBy('f.filed_at', 'desc').limit(filter.limit).execute();
  return views(db, rows, now, lang);
}

function bulletinRows(db: Executor, at: Date) {
  return filingsQuery(db)
    .where('f.status', '=', 'active')
    .where('f.ends_at', '>=', at)
    .where('f.starts_at', '<=', new Date(at.getTime() + BULLETIN_LOOKAHEAD_HOURS * HOUR_MS))
    .execute();
}

/**
 * The bulletin board (公告栏) at `at`: active filings under way or starting within 24 hours, by
 * type and then start.
 */
export async function bulletinFilings(db: Executor, at: Date, lang: Lang = 'zh'): Promise<FilingView[]> {
  const rows = await bulletinRows(db, at);
  return (await views(db, rows, at, lang)).sort(compareForBulletin);
}

/** The bulletin's list, at most `limit`: the CTI call context's `filings`. */
export async function activeFilingsForCall(db: Executor, now: Date, limit: number): Promise<FilingView[]> {
  return (await bulletinFilings(db, now)).slice(0, Math.max(0, limit));
}

// ---------------------------------------------------------------------------------------------
// Matching an incoming case

export interface MatchInput {
  title?: string | null;
  content?: string | null;
  address?: string | null;
  location?: LngLat | null;
}

export interface FilingMatch {
  filing: FilingView;
  score: number;
  why: { words: string[]; tokens: string[]; area: AreaMatch; areaText: string };
}

function areaText(area: AreaMatch, filing: FilingView, regionName: string | null, lang: Lang): string {
  const names = filing.areaNames.join(lang === 'en' ? ', ' : '、');
  const at = regionName ?? '';
  switch (area) {
    case 'city':
      return lang === 'en' ? 'citywide filing' : '全市范围的报备';
    case 'polygon':
      return lang === 'en' ? 'the case’s location lies in the area drawn on the map' : '诉求位置在报备的地图范围内';
    case 'region':
      return lang === 'en' ? `${at} lies in the filed area (${names})` : `${at}在报备范围（${names}）内`;
    case 'part_of_region':
      return lang === 'en' ? `the filed area (${names}) is part of ${at}` : `报备范围（${names}）位于${at}内`;
  }
}

/**
 * The bulletin's filings that explain a case: their area covers the case's place (its region
 * resolved from the coordinates or the address, as at registration; a polygon needs coordinates)
 * and their type's words or their own words appear in the case's text. Best first.
 */
export async function matchFilings(
  db: Database,
  input: MatchInput,
  now: Date,
  lang: Lang = 'zh',
  limit = 10,
): Promise<{ place: { region: { id: string; code: string; name: string } | null; location: LngLat | null }; matches: FilingMatch[] }> {
  const location = input.location ?? null;
  const regionId = await regionOfCase(db, { location, address: input.address ?? null, content: input.content ?? null });
  const region = regionId
    ? await db
        .selectFrom('units as u')
        .leftJoin('regions as r', 'r.unit_id', 'u.id')
        .select(['u.id', 'u.code', 'u.name', 'u.path', 'r.name as region_name'])
        .where('u.id', '=', regionId)
        .executeTakeFirst()
    : undefined;
  const rows = await bulletinRows(db, now);
  const areaUnits = await areaUnitsOf(db, rows);
  const caseText = `${input.title ?? ''} ${input.content ?? ''}`;
  const caseTokens = segment(caseText);
  const matches: FilingMatch[] = [];
  for (const r of rows) {
    if (!isFilingType(r.type)) continue;
    const unitPaths = r.area_unit_ids.map((id) => areaUnits.get(id)?.path).filter((p) => p !== undefined);
    const polygon = (r.area_polygon as RegionGeometry | null) ?? null;
    // an area whose units have all gone is not the whole city
    if (!polygon && r.area_unit_ids.length > 0 && unitPaths.length === 0) continue;
    const area = areaCovers({ unitPaths, polygon }, { regionPath: region?.path ?? null, location });
    if (!area) continue;
    const text = textMatch(r.type, segment(`${r.title} ${r.content}`), caseText, caseTokens);
    if (!text) continue;
    const filing = toView(r, areaUnits, now, lang);
    matches.push({ filing, score: matchScore(text, area), why: { words: text.words, tokens: text.tokens, area, areaText: areaText(area, filing, region ? (region.region_name ?? region.name) : null, lang) } });
  }
  matches.sort((a, b) => b.score - a.score || a.filing.startsAt.getTime() - b.filing.startsAt.getTime());
  return { place: { region: region ? { id: region.id, code: region.code, name: region.name } : null, location }, matches: matches.slice(0, limit) };
}

// ---------------------------------------------------------------------------------------------
// Late filings (S4 annex 4 第七条: filing counts in the assessment)

export interface LateFilingEntry {
  id: string;
  type: string;
  typeLabel: string;
  title: string;
  filedAt: Date;
  startsAt: Date;
  /** How long before the start it was filed (negative: after the start). */
  noticeHours: number;
  status: 'active' | 'withdrawn';
}

export interface UnitLateness {
  unit: { id: string; code: string; name: string };
  filings: number;
  /** Filings of planned types (emergencies are never late, so they are left out of the rate). */
  planned: number;
  late: number;
  /** late / planned; null without planned filings. */
  lateRate: number | null;
  lateFilings: LateFilingEntry[];
}

const rate = (late: number, planned: number) => (planned > 0 ? Math.round((late / planned) * 10_000) / 10_000 : null);

/** Per unit: filings made in [from, to) (withdrawn ones too), the planned ones, the late ones and the rate; most late first. */
export async function lateReport(db: Executor, from: Date, to: Date, lang: Lang): Promise<{ total: Omit<UnitLateness, 'unit' | 'lateFilings'>; units: UnitLateness[] }> {
  const rows = await db
    .selectFrom('filings as f')
    .innerJoin('units as un', 'un.id', 'f.unit_id')
    .select(['f.id', 'f.unit_id', 'un.code', 'un.name', 'f.type', 'f.title', 'f.filed_at', 'f.starts_at', 'f.late', 'f.status'])
    .where('f.filed_at', '>=', from)
    .where('f.filed_at', '<', to)
    .orderBy('f.filed_at')
    .execute();
  const byUnit = new Map<string, UnitLateness>();
  for (const r of rows) {
    let u = byUnit.get(r.unit_id);
    if (!u) byUnit.set(r.unit_id, (u = { unit: { id: r.unit_id, code: r.code, name: r.name }, filings: 0, planned: 0, late: 0, lateRate: null, lateFilings: [] }));
    u.filings++;
    if (!isFilingType(r.type) || isPlannedType(r.type)) u.planned++;
    if (r.late) {
      u.late++;
      u.lateFilings.push({
        id: r.id,
        type: r.type,
        typeLabel: typeLabel(r.type, lang),
        title: r.title,
        filedAt: r.filed_at,
        startsAt: r.starts_at,
        noticeHours: Math.round(((r.starts_at.getTime() - r.filed_at.getTime()) / HOUR_MS) * 10) / 10,
        status: r.status,
      });
    }
  }
  const units = [...byUnit.values()].map((u) => ({ ...u, lateRate: rate(u.late, u.planned) }));
  units.sort((a, b) => b.late - a.late || (b.lateRate ?? 0) - (a.lateRate ?? 0) || a.unit.code.localeCompare(b.unit.code));
  const sum = (k: 'filings' | 'planned' | 'late') => units.reduce((s, u) => s + u[k], 0);
  return { total: { filings: sum('filings'), planned: sum('planned'), late: sum('late'), lateRate: rate(sum('late'), sum('planned')) }, units };
}
