/**
 * Who should handle a case (DOMAIN.md §2, §13): the special routes first — tip-offs about officials
 * to discipline inspection (纪检监察), litigation-related cases to the political-legal organs (政法)
 * (S3, S2 §3) — then the dispatch catalogue (派单目录), category × region, territory first (属地管理)
 * and then the competent department (谁主管、谁负责).
 */
import type { Kind } from '../enums';

export interface CatalogueEntry {
  categoryCode: string;
  /** The district or street the row applies to; null for anywhere. */
  regionUnitId: string | null;
  /** The region's own street (or district) leads. */
  territorial: boolean;
  leadUnitId: string | null;
  coUnitIds: readonly string[];
}

export interface RoutingUnits {
  /** 纪检监察 */
  disciplineUnitId: string | null;
  /** 政法 */
  politicalLegalUnitId: string | null;
}

export interface RouteInput {
  kind: Kind;
  text: string;
  categoryCode: string | null;
  /** The region the case lies in and its ancestors, deepest first: [street, district]. */
  regionPath: readonly string[];
}

export type RouteReason = 'discipline' | 'political_legal' | 'catalogue' | 'catalogue_territorial' | 'none';

export interface RouteProposal {
  leadUnitId: string | null;
  coUnitIds: string[];
  reason: RouteReason;
  /** The catalogue row that decided, when one did. */
  entry: CatalogueEntry | null;
  /** Words of the text that decided a special route. */
  matched: string[];
}

/** Officials and their misconduct: a tip-off naming these is a matter for discipline inspection. */
const OFFICIAL_WORDS = ['干部', '公职人员', '公务员', '官员', '局长', '科长', '处长', '书记', '村干部', '村委', '执法人员', '民警', '贪污', '受贿', '索贿', '腐败', '吃拿卡要', '公款', '公车私用', '违规吃喝', '优亲厚友', '以权谋私', '打牌', '赌博'];
/** Courts, lawsuits, enforcement of judgments, arbitration: 涉法涉诉. */
/** (Labour arbitration, 劳动仲裁, is the human-resources bureau's, not a court matter: 仲裁 is left out.) */
const LITIGATION_WORDS = ['法院', '判决', '裁定', '执行难', '强制执行', '申请执行', '诉讼', '起诉', '上诉', '再审', '申诉', '检察院', '立案', '败诉', '胜诉', '开庭', '法官'];

/** The words found in the text; a word inside a longer found word (干部 in 村干部) is not repeated. */
function matches(text: string, words: readonly string[]): string[] {
  const found = words.filter((w) => text.includes(w));
  return found.filter((w) => !found.some((o) => o !== w && o.includes(w)));
}

/** S3 and S2 §3: tip-offs about officials go to discipline inspection. */
export function isAboutOfficials(kind: Kind, text: string): string[] {
  if (kind !== 'tip_off' && kind !== 'complaint') return [];
  const m = matches(text, OFFICIAL_WORDS);
  // a complaint needs misconduct words, not just a job title (投诉窗口人员态度差 is not for discipline)
  if (kind === 'complaint') return m.filter((w) => ['贪污', '受贿', '索贿', '腐败', '吃拿卡要', '公款', '公车私用', '违规吃喝', '优亲厚友', '以权谋私'].includes(w));
  return m;
}

/** Litigation-related cases (涉法涉诉) go to the political-legal organs. */
export function isLitigation(text: string): string[] {
  return matches(text, LITIGATION_WORDS);
}

function categoryAncestors(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/**
 * The most specific catalogue row: the deepest category (the case's own, then its parents) first,
 * and for that category the deepest region (street, district, anywhere).
 */
export function catalogueMatch(catalogue: readonly CatalogueEntry[], categoryCode: string | null, regionPath: readonly string[]): CatalogueEntry | null {
  if (!categoryCode) return null;
  for (const cat of categoryAncestors(categoryCode)) {
    const rows = catalogue.filter((r) => r.categoryCode === cat);
    if (rows.length === 0) continue;
    for (const region of [...regionPath, null]) {
      const row = rows.find((r) => r.regionUnitId === region);
      if (row) return row;
    }
  }
  return null;
}

export function routeCase(input: RouteInput, catalogue: readonly CatalogueEntry[], units: RoutingUnits): RouteProposal {
  const officials = isAboutOfficials(input.kind, input.text);
  if (officials.length > 0 && units.disciplineUnitId) {
    return { leadUnitId: units.disciplineUnitId, coUnitIds: [], reason: 'discipline', entry: null, matched: officials };
  }
  const litigation = isLitigation(input.text);
  if (litigation.length > 0 && units.politicalLegalUnitId) {
    return { leadUnitId: units.politicalLegalUnitId, coUnitIds: [], reason: 'political_legal', entry: null, matched: litigation };
  }
  const entry = catalogueMatch(catalogue, input.categoryCode, input.regionPath);
  if (!entry) return { leadUnitId: null, coUnitIds: [], reason: 'none', entry: null, matched: [] };
  if (entry.territorial) {
    const own = input.regionPath[0] ?? null;
    // the territory leads; a named competent department joins as co-unit
    const co = [...(entry.leadUnitId && entry.leadUnitId !== own ? [entry.leadUnitId] : []), ...entry.coUnitIds].filter((u) => u !== own);
    if (own) return { leadUnitId: own, coUnitIds: [...new Set(co)], reason: 'catalogue_territorial', entry, matched: [] };
    if (!entry.leadUnitId) return { leadUnitId: null, coUnitIds: [], reason: 'none', entry, matched: [] };
  }
  return { leadUnitId: entry.leadUnitId, coUnitIds: entry.coUnitIds.filter((u) => u !== entry.leadUnitId), reason: 'catalogue', entry, matched: [] };
}
