/**
 * 信息报备 (DOMAIN.md §10, S4 annex 4): what units file with the hotline ahead of time — planned
 * outages, works, closures, fee changes, new rules — and emergencies as they happen, so that
 * operators can answer callers from the bulletin board (公告栏) on the spot.
 *
 * Pure rules: the types and the words citizens use for each, the 3-day lateness rule, the period
 * checks, what the bulletin shows, and how a filing matches an incoming case (its area and its words).
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { DomainError } from './errors';
import { parseRegionUpload, type LngLat, type RegionGeometry } from './routing/territory';

/** S4 annex 4 第三条: what units file. `emergency` is filed in real time; everything else is planned. */
export const FILING_TYPES = [
  'water_outage', // 停水
  'power_outage', // 停电
  'gas_outage', // 停气
  'heating_outage', // 停暖
  'network_works', // 有线电视、网络、通信维修或施工
  'road_closure', // 道路封闭维修改造施工
  'traffic_control', // 交通管制
  'night_construction', // 建筑工地夜间施工
  'office_closure', // 窗口单位停止办公或服务
  'fee_change', // 公共事业收费标准调整
  'new_rule', // 部门职能调整或出台新规
  'emergency', // 突发事件及其预警、处置
  'other',
] as const;
export type FilingType = (typeof FILING_TYPES)[number];

export const FILING_TYPE_LABELS: Record<FilingType, { zh: string; en: string }> = {
  water_outage: { zh: '停水', en: 'Water outage' },
  power_outage: { zh: '停电', en: 'Power outage' },
  gas_outage: { zh: '停气', en: 'Gas outage' },
  heating_outage: { zh: '停暖', en: 'Heating outage' },
  network_works: { zh: '网络、有线电视、通信施工', en: 'Network and cable works' },
  road_closure: { zh: '道路封闭施工', en: 'Road closure' },
  traffic_control: { zh: '交通管制', en: 'Traffic control' },
  night_construction: { zh: '夜间施工', en: 'Night construction' },
  office_closure: { zh: '暂停办公', en: 'Office closure' },
  fee_change: { zh: '收费调整', en: 'Fee change' },
  new_rule: { zh: '新规出台', en: 'New rule' },
  emergency: { zh: '突发事件', en: 'Emergency' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * The words callers use for each type (停水 / 没水 for a water outage). A case whose title or
 * content contains one of them is about the same thing as a filing of that type. Each word has
 * two characters or more: single characters (水, 电) would match nearly everything.
 */
export const FILING_TYPE_WORDS: Record<FilingType, readonly string[]> = {
  water_outage: ['停水', '没水', '断水', '供水', '水压', '自来水', '水管', '爆管', '水质', '无水'],
  power_outage: ['停电', '没电', '断电', '供电', '跳闸', '电压', '限电'],
  gas_outage: ['停气', '没气', '断气', '供气', '燃气', '天然气', '煤气'],
  heating_outage: ['停暖', '供暖', '暖气', '采暖', '供热', '不热'],
  network_works: ['断网', '网络', '宽带', '有线电视', '光纤', '信号', '通信', '网速'],
  road_closure: ['封路', '封闭', '绕行', '断路', '道路施工', '占道', '不让过'],
  traffic_control: ['交通管制', '管制', '限行', '禁行', '改道', '堵车', '拥堵'],
  night_construction: ['夜间施工', '噪音', '噪声', '施工', '扰民', '工地', '打桩'],
  office_closure: ['暂停办公', '停止办公', '闭馆', '放假', '关门', '暂停服务', '不上班', '窗口'],
  fee_change: ['收费', '价格', '调价', '涨价', '降价', '水费', '电费', '燃气费', '费用'],
  new_rule: ['新规', '新政', '政策', '规定', '办法', '实施', '职能调整'],
  emergency: ['突发', '事故', '应急', '抢修', '险情', '爆炸', '火灾', '塌陷', '泄漏', '积水'],
  other: [],
};

/** S4 annex 4 第四条: planned events are filed at least 3 days ahead (72 hours). */
export const FILING_NOTICE_HOURS = 72;
/** A filing may not start more than a year ahead: the bulletin is for what is coming, not plans. */
export const FILING_MAX_AHEAD_DAYS = 365;
/** The bulletin shows what is under way and what starts within the next 24 hours. */
export const BULLETIN_LOOKAHEAD_HOURS = 24;

const HOUR_MS = 3_600_000;

export function isFilingType(v: string): v is FilingType {
  return (FILING_TYPES as readonly string[]).includes(v);
}

/** S4 annex 4 第四条: emergencies (突发事件、预警及处置、其他紧急情况) are filed in real time. */
export function isPlannedType(type: FilingType): boolean {
  return type !== 'emergency';
}

/**
 * S4 annex 4 第四条: a planned filing made less than 72 hours before it starts is late (a filing
 * made after the start, too). Emergencies are filed at once and are never late.
 */
export function isLateFiling(type: FilingType, filedAt: Date, startsAt: Date): boolean {
  if (!isPlannedType(type)) return false;
  return startsAt.getTime() - filedAt.getTime() < FILING_NOTICE_HOURS * HOUR_MS;
}

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('validation.failed', zh, en, { field });
}

/**
 * The period of a new filing: it ends after it starts, it has not already ended (a filing that is
 * over informs nobody), and it starts at most a year ahead. A start in the past is allowed (an
 * emergency under way, or a planned event filed late).
 */
export function checkFilingPeriod(startsAt: Date, endsAt: Date, now: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw invalid('endsAt', '结束时间须晚于开始时间', 'endsAt must be after startsAt');
  }
  if (endsAt.getTime() <= now.getTime()) {
    throw invalid('endsAt', '结束时间已过，无需报备', 'endsAt is already past');
  }
  if (startsAt.getTime() - now.getTime() > FILING_MAX_AHEAD_DAYS * 24 * HOUR_MS) {
    throw invalid('startsAt', `开始时间不能超过 ${FILING_MAX_AHEAD_DAYS} 天之后`, `startsAt may be at most ${FILING_MAX_AHEAD_DAYS} days ahead`);
  }
}

export type FilingStatus = 'active' | 'withdrawn';

/** Why a filing cannot be withdrawn now, or null when it can: until it ends, once. */
export function withdrawRefusal(f: { status: FilingStatus; endsAt: Date }, now: Date): { zh: string; en: string } | null {
  if (f.status === 'withdrawn') return { zh: '该报备已撤回', en: 'the filing is already withdrawn' };
  if (f.endsAt.getTime() <= now.getTime()) return { zh: '该报备已结束，不能撤回', en: 'the filing has ended and can no longer be withdrawn' };
  return null;
}

/** On the bulletin at `now`: active, not ended, and started or starting within 24 hours. */
export function isOnBulletin(f: { status: FilingStatus; startsAt: Date; endsAt: Date }, now: Date): boolean {
  return f.status === 'active' && f.endsAt.getTime() >= now.getTime() && f.startsAt.getTime() <= now.getTime() + BULLETIN_LOOKAHEAD_HOURS * HOUR_MS;
}

export type FilingPhase = 'upcoming' | 'ongoing' | 'ended' | 'withdrawn';

export function filingPhase(f: { status: FilingStatus; startsAt: Date; endsAt: Date }, now: Date): FilingPhase {
  if (f.status === 'withdrawn') return 'withdrawn';
  if (f.endsAt.getTime() < now.getTime()) return 'ended';
  return f.startsAt.getTime() > now.getTime() ? 'upcoming' : 'ongoing';
}

/** The bulletin's order: by type (as FILING_TYPES lists them), then by start, then by title. */
export function compareForBulletin(a: { type: string; startsAt: Date; title: string }, b: { type: string; startsAt: Date; title: string }): number {
  const rank = (t: string) => {
    const i = (FILING_TYPES as readonly string[]).indexOf(t);
    return i < 0 ? FILING_TYPES.length : i;
  };
  return rank(a.type) - rank(b.type) || a.startsAt.getTime() - b.startsAt.getTime() || a.title.localeCompare(b.title);
}

// ---------------------------------------------------------------------------------------------
// The area

/**
 * A GeoJSON Polygon or MultiPolygon for a filing's area, checked as region uploads are (closed
 * rings, positions in range); errors name `field` (`areaPolygon.coordinates[0]` …).
 */
export function parseFilingPolygon(input: unknown, field = 'areaPolygon'): RegionGeometry {
  try {
    const [parsed] = parseRegionUpload({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { unitCode: 'filing' }, geometry: input }] });
    return parsed!.geometry;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const rename = (s: string) => s.split('features[0].geometry').join(field);
    const f = typeof e.details?.field === 'string' ? rename(e.details.field) : field;
    throw new DomainError('validation.failed', rename(e.message), rename(e.messageEn), { field: f });
  }
}

/** A filing's area for matching: the paths of its district/street units, or a polygon, or neither (the whole city). */
export interface FilingArea {
  unitPaths: readonly string[];
  polygon: RegionGeometry | null;
}

/** Where a case is: the path of the district or street it lies in, and its coordinates if known. */
export interface CasePlace {
  regionPath: string | null;
  location: LngLat | null;
}

/**
 * How a filing's area reaches a case:
 * - `city`: the filing names no area, so it covers the whole city;
 * - `region`: the case lies in one of the filing's districts or streets (a district covers its streets);
 * - `polygon`: the case's coordinates lie inside the filing's polygon;
 * - `part_of_region`: the case is placed only to a district and the filing covers a street of it.
 */
export type AreaMatch = 'city' | 'region' | 'polygon' | 'part_of_region';

/** How much each kind of area match counts in the ranking: an exact place over a citywide notice. */
export const AREA_WEIGHTS: Record<AreaMatch, number> = { region: 1, polygon: 1, city: 0.8, part_of_region: 0.5 };

export function areaCovers(area: FilingArea, place: CasePlace): AreaMatch | null {
  if (area.polygon) {
    if (!place.location) return null;
    const { lng, lat } = place.location;
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    return booleanPointInPolygon([lng, lat], area.polygon) ? 'polygon' : null;
  }
  if (area.unitPaths.length === 0) return 'city';
  const at = place.regionPath;
  if (at === null) return null;
  if (area.unitPaths.some((p) => at.startsWith(p))) return 'region';
  if (area.unitPaths.some((p) => p.startsWith(at))) return 'part_of_region';
  return null;
}

// ---------------------------------------------------------------------------------------------
// The words

/**
 * Tokens too common in filings to tie a case to one (every notice says 小区, 居民, 通知): they
 * are not counted in the overlap between a case and a filing's own text.
 */
const GENERIC_TOKENS = new Set(
  '小区 社区 街道 道路 附近 周边 区域 范围 一带 居民 用户 市民 通知 公告 告知 期间 预计 计划 影响 恢复 工作 单位 开始 结束 届时 敬请 谅解 不便 给予 支持 配合 提前 做好 准备 全市 城区 东路 西路 南路 北路 路段'.split(
    ' ',
  ),
);

export interface TextMatch {
  /** The type's words found in the case's text (停水). */
  words: string[];
  /** Tokens the case shares with the filing's own title and content (幸福, 管网). */
  tokens: string[];
  /** 2 per type word, 1 per shared token. */
  score: number;
}

/**
 * How a case's text matches a filing: the words of the filing's type found in the case's text
 * (substrings, so 停水了 finds 停水), and the tokens the case shares with the filing's own text,
 * generic ones and numbers left out. Null unless at least one type word or two shared tokens are found: one
 * shared place name (幸福) is not enough to tie a noise complaint to a water outage.
 */
export function textMatch(type: FilingType, filingTokens: readonly string[], caseText: string, caseTokens: readonly string[]): TextMatch | null {
  const text = caseText.replace(/\s+/g, '');
  const words = FILING_TYPE_WORDS[type].filter((w) => text.includes(w));
  // a word inside a longer one found too (交通管制 ⊃ 管制) is counted once
  const distinctWords = words.filter((w) => !words.some((o) => o !== w && o.includes(w)));
  // numbers (dates, times, house numbers) tie nothing together either
  const own = new Set(filingTokens.filter((t) => !GENERIC_TOKENS.has(t) && !/^[\d.:：-]+$/.test(t)));
  const tokens = [...new Set(caseTokens)].filter((t) => own.has(t) && !distinctWords.some((w) => w.includes(t) || t.includes(w)));
  if (distinctWords.length === 0 && tokens.length < 2) return null;
  return { words: distinctWords, tokens, score: 2 * distinctWords.length + tokens.length };
}

/** The strength of a match, for ranking: the text's score weighted by how the area matched. */
export function matchScore(text: TextMatch, area: AreaMatch): number {
  return Math.round(text.score * AREA_WEIGHTS[area] * 100) / 100;
}
