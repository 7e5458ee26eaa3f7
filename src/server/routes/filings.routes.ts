/**
 * 信息报备 and the operators' bulletin board (issue #12 §2, S4 annex 4): units file planned outages,
 * works, closures, fee changes, new rules and emergencies with the affected area and period; the
 * board shows what is under way; an incoming case is matched to the filings that explain it; late
 * filings are counted against the unit. Rules in src/core/filings.ts, queries in filings.repo.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import type { AuthUser } from '../auth/auth.repo';
import { requireRole } from '../http/auth';
import { langOf } from '../http/i18n';
import { findUnit } from '../org/org.repo';
import { ROLES, type Role } from '../../core/enums';
import { DomainError } from '../../core/errors';
import { parseEpochDay, shanghaiDate, shanghaiInstantOf } from '../../core/calendar';
import { FILING_TYPES, parseFilingPolygon, type FilingType } from '../../core/filings';
import {
  bulletinFilings,
  createFiling,
  findFiling,
  lateReport,
  listFilings,
  matchFilings,
  resolveAreaUnits,
  typeLabel,
  withdrawFiling,
  type FilingView,
} from '../filings/filings.repo';
import { enumOf, errorResponses, isoInstant, nullable, str, uuid } from './schemas';

const CENTRE_ROLES = ['operator', 'dispatcher', 'supervisor', 'admin'] as const satisfies readonly Role[];
const FILERS = [...CENTRE_ROLES, 'unit_handler', 'unit_leader'] as const satisfies readonly Role[];
const STAFF = ROLES.filter((r) => r !== 'citizen');
const LATE_READERS = [...CENTRE_ROLES, 'leader'] as const satisfies readonly Role[];

/** Centre staff act for any unit (name one when filing) and may withdraw any filing. */
function isCentre(user: AuthUser): boolean {
  return user.atCentre && (CENTRE_ROLES as readonly Role[]).includes(user.role);
}
/** Centre staff and leaders see every filing; a unit its own and those of units below it. */
function scopeOf(user: AuthUser): string | null {
  // isCentre, not atCentre: the media seat's account sits at the centre but is no centre staff (issue #9 §1)
  return isCentre(user) || user.role === 'leader' ? null : user.unitPath;
}

const lang = { type: 'string', enum: ['zh', 'en'] } as const;
const unitRef = { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } } as const;
const geometry = { type: 'object', additionalProperties: true, description: 'GeoJSON Polygon or MultiPolygon, positions [lng, lat]' } as const;

const filingSchema = {
  type: 'object',
  properties: {
    id: uuid,
    unit: unitRef,
    type: { type: 'string' },
    typeLabel: { type: 'string' },
    title: { type: 'string' },
    content: { type: 'string' },
    startsAt: isoInstant,
    endsAt: isoInstant,
    area: {
      type: 'object',
      properties: {
        kind: enumOf(['city', 'units', 'polygon'], 'city: no area named, the whole city'),
        units: { type: 'array', items: { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' } } } },
        polygon: nullable(geometry),
      },
    },
    areaNames: { type: 'array', items: { type: 'string' } },
    late: { type: 'boolean', description: 'A planned event filed less than 72 hours before it starts (S4 annex 4)' },
    status: enumOf(['active', 'withdrawn']),
    phase: enumOf(['upcoming', 'ongoing', 'ended', 'withdrawn']),
    filedBy: nullable({ type: 'string' }),
    filedAt: isoInstant,
    withdrawnAt: nullable(isoInstant),
    withdrawNote: nullable({ type: 'string' }),
  },
} as const;

const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;

/** `YYYY-MM-DD` (Shanghai) → the instant its day starts; `nextDay` for the end of an inclusive range. */
function dayStart(date: string, nextDay = false): Date {
  return shanghaiInstantOf(parseEpochDay(date) + (nextDay ? 1 : 0), 0);
}

export function registerFilingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  async function unitIdOf(ref: string, field: string): Promise<string> {
    const u = await findUnit(db, ref);
    if (!u) throw new DomainError('validation.failed', `单位不存在：${ref}`, `no such unit: ${ref}`, { field });
    return u.id;
  }

  async function loadVisible(user: AuthUser, id: string, l: 'zh' | 'en'): Promise<FilingView> {
    const f = await findFiling(db, id, scopeOf(user), deps.clock(), l);
    if (!f) throw new DomainError('not_found', '报备不存在', 'no such filing');
    return f;
  }

  app.post(
    '/api/filings',
    {
      schema: {
        tags: ['filings'],
        summary: '信息报备 — file a planned outage, works, closure, fee change, new rule or emergency (a unit for itself; the centre may name the unit)',
        description:
          'The area is `areaUnits` (districts and streets, by id or code) or `areaPolygon` (GeoJSON), or neither for the whole city. ' +
          'A planned filing made less than 72 hours before `startsAt` is `late`; emergencies never are. `endsAt` must be after `startsAt` and in the future; `startsAt` at most 365 days ahead.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'title', 'content', 'startsAt', 'endsAt'],
          properties: {
            type: enumOf(FILING_TYPES),
            title: str(200),
            content: str(5000),
            startsAt: isoInstant,
            endsAt: isoInstant,
            unit: { ...str(64), description: 'The filing unit (id or code); centre staff only, a unit files for itself' },
            areaUnits: { type: 'array', maxItems: 200, items: str(64), description: 'Districts and streets affected (ids or codes)' },
            areaPolygon: geometry,
          },
        },
        response: { 201: filingSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, FILERS);
      const b = req.body as { type: FilingType; title: string; content: string; startsAt: string; endsAt: string; unit?: string; areaUnits?: string[]; areaPolygon?: unknown };
      const now = deps.clock();
      let unitId = user.unitId;
      if (b.unit !== undefined) {
        const named = await unitIdOf(b.unit, 'unit');
        if (named !== user.unitId && !isCentre(user)) throw new DomainError('auth.forbidden', '只能为本单位报备', 'a unit files for itself only', { field: 'unit' });
        unitId = named;
      }
      const areaUnitIds = await resolveAreaUnits(db, b.areaUnits ?? []);
      const polygon = b.areaPolygon === undefined ? null : parseFilingPolygon(b.areaPolygon, 'areaPolygon');
      if (polygon && areaUnitIds.length > 0) {
        throw new DomainError('validation.failed', '影响范围请选择区县街道或在地图上划定，二者择一', 'give areaUnits or areaPolygon, not both', { field: 'areaPolygon' });
      }
      const id = await createFiling(
        db,
        { unitId, type: b.type, title: b.title.trim(), content: b.content.trim(), startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt), areaUnitIds, areaPolygon: polygon, filedBy: user.userId },
        now,
      );
      return reply.code(201).send((await findFiling(db, id, null, now, langOf(req)))!);
    },
  );

  app.get(
    '/api/filings',
    {
      schema: {
        tags: ['filings'],
        summary: '报备列表 — filings, latest start first (a unit sees its own and those below it)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            unit: { ...str(64), description: 'Filed by this unit (id or code)' },
            active: { type: 'boolean', description: 'true: active and not ended; false: withdrawn or ended' },
            type: enumOf(FILING_TYPES),
            from: { type: 'string', format: 'date', description: 'Period overlaps this Shanghai day or later' },
            to: { type: 'string', format: 'date', description: 'Period overlaps this Shanghai day or earlier' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 },
            lang,
          },
        },
        response: { 200: { type: 'array', items: filingSchema }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, STAFF);
      const q = req.query as { unit?: string; active?: boolean; type?: string; from?: string; to?: string; limit: number };
      if (q.from && q.to && q.from > q.to) throw new DomainError('validation.failed', '开始日期不能晚于结束日期', 'from must not be after to', { field: 'from' });
      return listFilings(
        db,
        {
          scopePath: scopeOf(user),
          unitId: q.unit ? await unitIdOf(q.unit, 'unit') : undefined,
          active: q.active,
          type: q.type,
          from: q.from ? dayStart(q.from) : undefined,
          to: q.to ? dayStart(q.to, true) : undefined,
          limit: q.limit,
        },
        deps.clock(),
        langOf(req),
      );
    },
  );

  app.get(
    '/api/filings/late',
    {
      schema: {
        tags: ['filings'],
        summary: '报备迟报统计 — per unit: filings, planned, late and the late rate, with the late filings (centre and leaders)',
        description: 'Filings made from `from` to `to` (Shanghai days, inclusive; default the last 30 days), withdrawn ones included. The rate is late / planned: emergencies are never late.',
        querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, lang } },
        response: {
          200: {
            type: 'object',
            properties: {
              from: { type: 'string' },
              to: { type: 'string' },
              total: { type: 'object', properties: { filings: { type: 'integer' }, planned: { type: 'integer' }, late: { type: 'integer' }, lateRate: nullable({ type: 'number' }) } },
              units: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    unit: unitRef,
                    filings: { type: 'integer' },
                    planned: { type: 'integer' },
                    late: { type: 'integer' },
                    lateRate: nullable({ type: 'number' }),
                    lateFilings: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: uuid,
                          type: { type: 'string' },
                          typeLabel: { type: 'string' },
                          title: { type: 'string' },
                          filedAt: isoInstant,
                          startsAt: isoInstant,
                          noticeHours: { type: 'number', description: 'Hours between filing and start (negative: filed after the start)' },
                          status: enumOf(['active', 'withdrawn']),
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, LATE_READERS);
      const q = req.query as { from?: string; to?: string };
      const to = q.to ?? shanghaiDate(deps.clock());
      const from = q.from ?? shanghaiDate(shanghaiInstantOf(parseEpochDay(to) - 29, 0));
      if (from > to) throw new DomainError('validation.failed', '开始日期不能晚于结束日期', 'from must not be after to', { field: 'from' });
      return { from, to, ...(await lateReport(db, dayStart(from), dayStart(to, true), langOf(req))) };
    },
  );

  app.get(
    '/api/filings/:id',
    { schema: { tags: ['filings'], summary: '报备详情 — one filing', params: idParams, querystring: { type: 'object', additionalProperties: false, properties: { lang } }, response: { 200: filingSchema, ...errorResponses } } },
    async (req) => loadVisible(requireRole(req, STAFF), (req.params as { id: string }).id, langOf(req)),
  );

  app.post(
    '/api/filings/:id/withdraw',
    {
      schema: {
        tags: ['filings'],
        summary: '撤回报备 — withdraw a filing until it ends (its unit or the centre)',
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['note'], properties: { note: str(1000) } },
        response: { 200: filingSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, FILERS);
      const { id } = req.params as { id: string };
      const now = deps.clock();
      const f = await findFiling(db, id, isCentre(user) ? null : scopeOf(user), now, langOf(req));
      if (!f) throw new DomainError('not_found', '报备不存在', 'no such filing');
      if (!isCentre(user) && f.unit.id !== user.unitId) throw new DomainError('auth.forbidden', '只能撤回本单位的报备', 'a unit withdraws its own filings only');
      await withdrawFiling(db, id, (req.body as { note: string }).note.trim(), now);
      return (await findFiling(db, id, null, now, langOf(req)))!;
    },
  );

  app.get(
    '/api/bulletin',
    {
      schema: {
        tags: ['filings'],
        summary: '公告栏 — the operators’ bulletin board: active filings under way or starting within 24 hours, by type and start',
        querystring: { type: 'object', additionalProperties: false, properties: { at: { ...isoInstant, description: 'Default now' }, lang } },
        response: {
          200: {
            type: 'object',
            properties: {
              at: isoInstant,
              count: { type: 'integer' },
              groups: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, typeLabel: { type: 'string' }, filings: { type: 'array', items: filingSchema } } } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, CENTRE_ROLES);
      const q = req.query as { at?: string };
      const at = q.at ? new Date(q.at) : deps.clock();
      const l = langOf(req);
      const filings = await bulletinFilings(db, at, l);
      const groups: { type: string; typeLabel: string; filings: FilingView[] }[] = [];
      for (const f of filings) {
        const last = groups[groups.length - 1];
        if (last && last.type === f.type) last.filings.push(f);
        else groups.push({ type: f.type, typeLabel: typeLabel(f.type, l), filings: [f] });
      }
      return { at, count: filings.length, groups };
    },
  );

  app.post(
    '/api/filings/match',
    {
      schema: {
        tags: ['filings'],
        summary: '报备匹配 — the bulletin’s filings that explain an incoming case (area and words), best first, with why',
        description:
          'The case’s place is resolved as at registration (coordinates, then address). A filing matches when its area covers the place (the whole city, a district over its streets, a polygon around the coordinates) ' +
          'and the case’s text has its type’s words (停水, 没水 …) or shares at least two words with the filing.',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            title: str(200, 0),
            content: str(5000, 0),
            address: str(500, 0),
            location: { type: 'object', additionalProperties: false, required: ['lng', 'lat'], properties: { lng: { type: 'number', minimum: -180, maximum: 180 }, lat: { type: 'number', minimum: -90, maximum: 90 } } },
            limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              place: {
                type: 'object',
                properties: { region: nullable(unitRef), location: nullable({ type: 'object', properties: { lng: { type: 'number' }, lat: { type: 'number' } } }) },
              },
              matches: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    filing: filingSchema,
                    score: { type: 'number' },
                    why: {
                      type: 'object',
                      properties: {
                        words: { type: 'array', items: { type: 'string' }, description: 'The type’s words found in the case' },
                        tokens: { type: 'array', items: { type: 'string' }, description: 'Words shared with the filing’s title and content' },
                        area: enumOf(['city', 'region', 'polygon', 'part_of_region']),
                        areaText: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, CENTRE_ROLES);
      const b = req.body as { title?: string; content?: string; address?: string; location?: { lng: number; lat: number }; limit: number };
      if (!b.title?.trim() && !b.content?.trim()) throw new DomainError('validation.failed', '请填写诉求标题或内容', 'title or content is required', { field: 'content' });
      return matchFilings(db, { title: b.title, content: b.content, address: b.address?.trim() || null, location: b.location ?? null }, deps.clock(), langOf(req), b.limit);
    },
  );
}
