/**
 * Open311 GeoReport v2 (issue #11 §1, http://wiki.open311.org/GeoReport_v2): Huiyin's categories as
 * services, its cases as service requests, the spec's XML and error shapes, and reading the
 * form-encoded POST that Open311 clients send. The routes are in routes/open311.routes.ts;
 * docs/open311.md has the field mapping.
 */
import type { Database } from '../db/database';
import { KINDS, KIND_LABELS, type Kind } from '../../core/enums';
import { CASE_STATE_LABELS, FINISHED_STATES, type CaseState } from '../../core/case-lifecycle';
import type { Lang } from '../http/i18n';
import type { RegisterCaseInput } from '../commands/register-case';
import { isValidCitizenPhone } from '../../core/citizen';

export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';
/** Bumped when the discovery document or the shape of the service definitions changes. */
export const CHANGESET = '2026-03-01 00:00';
export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];
export const CONTENT_TYPES: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };
/** GET requests: "a span of 90 days or first 1000 requests returned, whichever is smallest". */
export const WINDOW_DAYS = 90;
export const MAX_RESULTS = 1000;
/** The spec limits a request's description to 4,000 characters. */
export const MAX_DESCRIPTION = 4000;
/** The title of a case registered through Open311: the start of the description. */
export const TITLE_CHARS = 30;

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

// ---- errors ----

export interface Open311ErrorItem {
  /** The spec's code: the HTTP status in most cases, 500 for our own failure. */
  code: number;
  zh: string;
  en: string;
}

/** An error as GeoReport v2 answers it: a list of `{ code, description }` with 400, 403 or 404. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    readonly errors: Open311ErrorItem[],
  ) {
    super(errors.map((e) => e.en).join('; '));
    this.name = 'Open311Error';
  }

  static one(status: 400 | 403 | 404, zh: string, en: string): Open311Error {
    return new Open311Error(status, [{ code: status, zh, en }]);
  }
}

export function errorList(errors: Open311ErrorItem[], lang: Lang): { code: number; description: string }[] {
  return errors.map((e) => ({ code: e.code, description: lang === 'en' ? e.en : e.zh }));
}

// ---- XML ----

/** The element each list holds, as the spec names them (a JSON array becomes a list element). */
const ITEM_ELEMENT: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

// XML 1.0 forbids most control characters and lone surrogates even when escaped
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/** Scalars become text, objects their fields in order, arrays the list's item elements; null is empty. */
function element(name: string, value: unknown, depth: number): string {
  const pad = '  '.repeat(depth);
  if (value === null || value === undefined) return `${pad}<${name}/>`;
  if (value instanceof Date) return `${pad}<${name}>${w3(value)}</${name}>`;
  if (typeof value !== 'object') return `${pad}<${name}>${escapeXml(String(value))}</${name}>`;
  const children = Array.isArray(value)
    ? value.map((v: unknown) => element(ITEM_ELEMENT[name] ?? 'item', v, depth + 1))
    : Object.entries(value).map(([k, v]) => element(k, v, depth + 1));
  return children.length ? `${pad}<${name}>\n${children.join('\n')}\n${pad}</${name}>` : `${pad}<${name}/>`;
}

/** The XML form of a response (the JSON form mapped back by the Spark convention the spec uses). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, 0)}\n`;
}

// ---- reading a POST ----

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;

export type PostBody = Record<string, unknown> & { attribute?: Record<string, string | string[]> };

/**
 * Collects `attribute[code]=v` and `attribute[code][]=v` (a multivaluelist) into `attribute`,
 * drops empty values ("a null parameter is the same as a parameter not sent") and trims the rest.
 */
function collect(entries: Iterable<[string, unknown]>): PostBody {
  const fields: [string, unknown][] = [];
  const attribute = new Map<string, string | string[]>();
  const addAttribute = (code: string, value: unknown, multi: boolean) => {
    const values = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined && String(v).trim() !== '').map((v) => String(v).trim());
    if (!values.length || UNSAFE_KEYS.has(code)) return;
    const before = attribute.get(code);
    if (multi || Array.isArray(value) || before !== undefined) attribute.set(code, [...(before === undefined ? [] : Array.isArray(before) ? before : [before]), ...values]);
    else attribute.set(code, values[0]!);
  };
  for (const [key, value] of entries) {
    if (UNSAFE_KEYS.has(key) || value === null || value === undefined) continue;
    const m = ATTRIBUTE_KEY.exec(key);
    if (m) {
      addAttribute(m[1]!, value, m[2] !== undefined);
    } else if (key === 'attribute' && typeof value === 'object' && !Array.isArray(value)) {
      for (const [code, v] of Object.entries(value as Record<string, unknown>)) addAttribute(code, v, false);
    } else if (typeof value === 'string') {
      if (value.trim() !== '') fields.push([key, value.trim()]);
    } else {
      fields.push([key, value]);
    }
  }
  const body = Object.fromEntries(fields) as PostBody;
  if (attribute.size) body.attribute = Object.fromEntries(attribute);
  return body;
}

/** An `application/x-www-form-urlencoded` body, as Open311 clients send it. */
export function parseForm(text: string): PostBody {
  return collect(new URLSearchParams(text));
}

/** The same normalisation for a JSON body (or none). */
export function normalizeBody(body: unknown): PostBody {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  return collect(Object.entries(body));
}

/** `service_request_id=1,2,3` (and the parameter repeated) as a list. */
export function splitList(value: string | string[] | undefined): string[] {
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => v.split(','));
  return [...new Set(parts.map((p) => p.trim()).filter(Boolean))];
}

/** The citizen's name from first and last name: 张 + 伟 → 张伟 in Chinese order, else "John Smith". */
export function fullName(first: string | undefined, last: string | undefined): string | null {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (!f || !l) return f || l || null;
  return /\p{Script=Han}/u.test(f + l) ? `${l}${f}` : `${f} ${l}`;
}

/** The `kind` attribute: a Huiyin kind code or its Chinese name. */
export function kindOf(value: string | string[] | undefined): Kind | null {
  if (value === undefined) return 'complaint';
  if (Array.isArray(value)) return null;
  if ((KINDS as readonly string[]).includes(value)) return value as Kind;
  return KINDS.find((k) => KIND_LABELS[k] === value) ?? null;
}

/** The case title: the description's first characters, on one line. */
export function titleOf(description: string): string {
  return Array.from(description.replace(/\s+/g, ' ').trim()).slice(0, TITLE_CHARS).join('');
}

/**
 * A POST as a case: channel online, source open311, the kind attribute (default complaint), the
 * description as content and the start of it as title, anonymous when neither name nor phone is given.
 */
export function toRegisterInput(b: PostBody, categoryCode: string, externalId: string | null): RegisterCaseInput {
  const kind = kindOf(b.attribute?.kind);
  if (!kind) throw Open311Error.one(400, `attribute[kind] 须为 ${KINDS.join('、')} 之一`, `attribute[kind] must be one of ${KINDS.join(', ')}`);
  const text = (key: string) => (typeof b[key] === 'string' || typeof b[key] === 'number' ? String(b[key]) : undefined);
  const phone = text('phone') ?? null;
  if (phone && !isValidCitizenPhone(phone)) throw Open311Error.one(400, 'phone 不是有效的手机或固定电话号码', 'phone is not a valid Chinese mobile or landline number');
  const name = fullName(text('first_name'), text('last_name'));
  const description = text('description') ?? '';
  const addressId = text('address_id');
  const lat = text('lat');
  const long = text('long');
  return {
    channel: 'online',
    source: 'open311',
    externalId,
    kind,
    title: titleOf(description),
    content: description,
    categoryCode,
    address: text('address_string') ?? (addressId ? `地址编码：${addressId}` : null),
    location: lat !== undefined && long !== undefined ? { lat: Number(lat), lng: Number(long) } : null,
    anonymous: !name && !phone,
    citizen: name || phone ? { name, phone } : null,
  };
}

// ---- dates ----

/** W3C date-time with the zone, or a date (read as the Shanghai day); years 1900–2999. */
export const W3_DATE = '^(19|2\\d)\\d{2}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$';

/** A start_date / end_date; a bare date is the start of that Shanghai day, or its end for end_date. */
export function parseW3(value: string, endOfDay: boolean): Date | null {
  const dateOnly = value.length === 10;
  const t = Date.parse(dateOnly ? `${value}T00:00:00+08:00` : value);
  if (Number.isNaN(t)) return null;
  return new Date(dateOnly && endOfDay ? t + DAY_MS - 1 : t);
}

/** ISO 8601 with the Shanghai offset, as the spec's examples write it: 2026-03-02T10:00:00+08:00. */
export function w3(d: Date | null | undefined): string | null {
  return d ? `${new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 19)}+08:00` : null;
}

/**
 * The window of GET requests: the last 90 days by default; a start alone runs 90 days on (at most
 * to now), an end alone 90 days back; never longer than 90 days.
 */
export function requestWindow(start: Date | null, end: Date | null, now: Date): { from: Date; to: Date } {
  const span = WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end.getTime() < start.getTime()) throw Open311Error.one(400, 'end_date 早于 start_date', 'end_date is before start_date');
    if (end.getTime() - start.getTime() > span) throw Open311Error.one(400, `start_date 与 end_date 的间隔不能超过 ${WINDOW_DAYS} 天`, `start_date and end_date may not span more than ${WINDOW_DAYS} days`);
    return { from: start, to: end };
  }
  if (start) return { from: start, to: new Date(Math.min(start.getTime() + span, Math.max(now.getTime(), start.getTime()))) };
  const to = end ?? now;
  return { from: new Date(to.getTime() - span), to };
}

// ---- personal data ----

const ID_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}[- ]?[2-9]\d{6,7}(?:-\d{1,6})?(?!\d)/g;

/**
 * Published text never names the citizen: their name, phone and ID number are blanked, and so is
 * anything shaped like a resident ID number, a mobile or a landline number (core/citizen.ts's rules).
 */
export function redact(text: string, citizen: (string | null)[]): string {
  let out = text.replace(ID_NUMBER, (m) => '*'.repeat(m.length)).replace(MOBILE, '***********').replace(LANDLINE, (m) => '*'.repeat(m.length));
  for (const v of citizen) {
    const s = v?.trim();
    if (s && s.length >= 2) out = out.split(s).join('*'.repeat(Math.min(Array.from(s).length, 4)));
  }
  return out;
}

// ---- services ----

export interface ServiceRow {
  code: string;
  name: string;
  parent_code: string | null;
}

const KIND_ATTRIBUTE_NOTE = { zh: '诉求类型，不填默认为“投诉”', en: 'Kind of request; complaint when not given' };

/** Huiyin's active categories as the services list: the group is the first-level category. */
export async function listServices(db: Database, code?: string): Promise<ServiceRow[]> {
  let q = db.selectFrom('categories').select(['code', 'name', 'parent_code']).where('active', '=', true);
  if (code !== undefined) q = q.where('code', '=', code);
  return q.orderBy('code').execute();
}

export async function servicesView(db: Database): Promise<Record<string, unknown>[]> {
  const rows = await listServices(db);
  const names = new Map((await db.selectFrom('categories').select(['code', 'name']).execute()).map((c) => [c.code, c.name]));
  return rows.map((c) => {
    const path = c.code.split('.').map((_, i, parts) => names.get(parts.slice(0, i + 1).join('.')) ?? '');
    const group = path[0] || c.name;
    return {
      service_code: c.code,
      service_name: c.name,
      description: path.filter(Boolean).join(' / '),
      metadata: true,
      type: 'realtime',
      keywords: [...new Set([c.name, ...path.filter(Boolean)])].join(', '),
      group,
    };
  });
}

/** The one attribute every service has: the kind of request (咨询, 求助, 投诉 …). */
export function serviceDefinition(code: string, lang: Lang): Record<string, unknown> {
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'kind',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: lang === 'en' ? KIND_ATTRIBUTE_NOTE.en : KIND_ATTRIBUTE_NOTE.zh,
        order: 1,
        description: lang === 'en' ? 'Kind of request' : '诉求类型',
        values: KINDS.map((k) => ({ key: k, name: KIND_LABELS[k] })),
      },
    ],
  };
}

export function discovery(publicUrl: string, lang: Lang): Record<string, unknown> {
  return {
    changeset: CHANGESET,
    contact: lang === 'en' ? `12345 government service hotline; ${publicUrl}/portal/directory` : `12345 政务服务便民热线；${publicUrl}/portal/directory`,
    key_service:
      lang === 'en'
        ? 'The api_key is a Huiyin API token (hy_…) with the scope open311, created by the platform’s administrator (POST /api/tokens).'
        : 'api_key 为回音平台的 API 令牌（hy_…，权限范围 open311），由平台管理员创建（POST /api/tokens）。',
    endpoints: [{ specification: GEOREPORT_V2, url: `${publicUrl}/open311/v2`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}

// ---- service requests ----

export interface RequestFilters {
  /** Case numbers: overrides every other filter. */
  ids?: string[];
  serviceCodes?: string[];
  statuses?: ('open' | 'closed')[];
  from?: Date;
  to?: Date;
}

/**
 * The requests this API publishes: those filed through it (source 'open311'). Citizens who called,
 * wrote or texted the hotline did not file a public service request, so their cases are not listed;
 * tip-offs (举报) never leave the platform.
 */
export async function findRequests(db: Database, f: RequestFilters) {
  let q = db
    .selectFrom('cases as c')
    .leftJoin('categories as cat', 'cat.code', 'c.category_code')
    .leftJoin('units as u', 'u.id', 'c.lead_unit_id')
    .select([
      'c.id', 'c.case_no', 'c.state', 'c.category_code', 'cat.name as category_name', 'c.content', 'c.confidential', 'c.address', 'c.lat', 'c.lng',
      'c.final_reply', 'c.closing_note', 'c.created_at', 'c.updated_at', 'c.closed_at', 'c.due_at', 'u.name as lead_unit_name',
      'c.citizen_name', 'c.citizen_phone', 'c.citizen_id_no',
    ])
    .where('c.kind', '!=', 'tip_off')
    .where('c.source', '=', 'open311');
  if (f.ids) {
    q = q.where('c.case_no', 'in', f.ids.length ? f.ids : ['']);
  } else {
    if (f.from) q = q.where('c.created_at', '>=', f.from);
    if (f.to) q = q.where('c.created_at', '<=', f.to);
    if (f.serviceCodes?.length) q = q.where('c.category_code', 'in', f.serviceCodes);
    const statuses = new Set(f.statuses ?? []);
    if (statuses.size === 1) q = q.where('c.state', statuses.has('closed') ? 'in' : 'not in', [...FINISHED_STATES]);
  }
  return q.orderBy('c.created_at', 'desc').orderBy('c.case_no', 'desc').limit(MAX_RESULTS).execute();
}

export type RequestRow = Awaited<ReturnType<typeof findRequests>>[number];

const isClosed = (state: string) => (FINISHED_STATES as readonly string[]).includes(state);

/**
 * A case as a GeoReport service request. Public: no citizen's name, phone or ID number; a confidential
 * case (保密件) keeps its content, address, coordinates and reply to itself.
 */
export function toServiceRequest(r: RequestRow, lang: Lang, publicUrl: string): Record<string, unknown> {
  const closed = isClosed(r.state);
  const citizen = [r.citizen_name, r.citizen_phone, r.citizen_id_no];
  const label = CASE_STATE_LABELS[r.state as CaseState]?.[lang] ?? r.state;
  const result = closed && !r.confidential ? (r.final_reply ?? r.closing_note) : null;
  const open = !r.confidential;
  return {
    service_request_id: r.case_no,
    status: closed ? 'closed' : 'open',
    status_notes: result ? `${label}${lang === 'en' ? ': ' : '：'}${redact(result, citizen)}`.slice(0, MAX_DESCRIPTION) : label,
    service_name: r.category_name ?? null,
    service_code: r.category_code ?? null,
    description: open ? Array.from(redact(r.content, citizen)).slice(0, MAX_DESCRIPTION).join('') : null,
    agency_responsible: r.lead_unit_name ?? null,
    service_notice: lang === 'en' ? `The citizen can follow it with the case number and query code at ${publicUrl}/portal/track` : `诉求人可凭编号和查询码在 ${publicUrl}/portal/track 查询办理进度`,
    requested_datetime: w3(r.created_at),
    updated_datetime: w3(closed ? (r.closed_at ?? r.updated_at) : r.updated_at),
    expected_datetime: w3(r.due_at),
    address: open ? (r.address ?? null) : null,
    address_id: null,
    zipcode: null,
    lat: open ? (r.lat ?? null) : null,
    long: open ? (r.lng ?? null) : null,
    media_url: null,
  };
}

/** What the POST answers: the case number, and the query code the citizen tracks it with. */
export function createdView(c: { case_no: string; query_code: string }, accountId: string | null, lang: Lang, publicUrl: string): Record<string, unknown> {
  return {
    service_request_id: c.case_no,
    service_notice:
      lang === 'en'
        ? `Received as case ${c.case_no}, query code ${c.query_code}. Follow it with both at ${publicUrl}/portal/track.`
        : `已受理，编号 ${c.case_no}，查询码 ${c.query_code}。可凭编号和查询码在 ${publicUrl}/portal/track 查询办理进度。`,
    account_id: accountId,
  };
}
