/**
 * Directories and duty (issue #12 §3–4; DOMAIN.md §11): the public emergency and service numbers,
 * the leader-answering schedule, social liaisons, grassroots activities, each unit's 24-hour duty
 * roster (S1 §1), and the duty phones the centre found unanswered (S1 §3 (七)).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../app';
import { requireRole, requireUser } from '../http/auth';
import type { AuthUser } from '../auth/auth.repo';
import { DomainError } from '../../core/errors';
import { isValidPhone } from '../../core/citizen';
import { quarterDays, quarterOf } from '../../core/criticism';
import { shanghaiDate, shanghaiInstant } from '../../core/calendar';
import { findUnit } from '../org/org.repo';
import { isUuid, type Executor } from '../cases/cases.repo';
import { recordCriticism } from '../assessment/criticism.repo';
import { dutyContact } from '../org/directory.repo';
import { enumOf, errorResponses, isoInstant, nullable, str, uuid } from './schemas';

const CENTRE = ['operator', 'dispatcher', 'supervisor', 'admin'] as const;
const EDITORS = ['supervisor', 'admin'] as const;
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;
const day = { type: 'string', format: 'date' } as const;

async function unitOrThrow(db: Executor, ref: string, field = 'unit') {
  const u = await findUnit(db, ref);
  if (!u) throw new DomainError('unit.not_found', `单位不存在：${ref}`, `no such unit: ${ref}`, { field });
  return u;
}
function phoneOrThrow(phone: string, field = 'phone') {
  if (!isValidPhone(phone)) throw new DomainError('validation.failed', `电话号码格式不正确：${phone}`, `not a valid phone number: ${phone}`, { field });
  return phone.trim();
}
function periodOrThrow(startsAt: string, endsAt: string) {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  if (!(e.getTime() > s.getTime())) throw new DomainError('validation.failed', '结束时间须晚于开始时间', 'endsAt must be after startsAt', { field: 'endsAt' });
  return { s, e };
}

/** The centre's staff and leaders see every unit's duty; citizens' and the media seat's accounts (at the centre too) do not. */
function seesEveryUnit(user: AuthUser): boolean {
  return user.role === 'leader' || (user.atCentre && (CENTRE as readonly string[]).includes(user.role));
}

function mayManageRoster(user: AuthUser, unit: { id: string; path: string }): boolean {
  if (user.role === 'admin' || user.role === 'supervisor') return true;
  return (user.role === 'unit_leader' || user.role === 'unit_handler') && unit.path.startsWith(user.unitPath);
}

export function registerDirectoryRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  // ---- the public directory's entries --------------------------------------------------------------

  const entrySchema = { type: 'object', properties: { id: uuid, kind: enumOf(['emergency', 'service', 'media']), name: { type: 'string' }, phone: { type: 'string' }, note: nullable({ type: 'string' }), sort: { type: 'integer' }, active: { type: 'boolean' } } } as const;
  const entryOut = (e: { id: string; kind: string; name: string; phone: string; note: string | null; sort: number; active: boolean }) => e;

  app.get('/api/directory-entries', { schema: { tags: ['directories'], summary: '便民服务名录条目 — emergency, service and media numbers (staff)', response: { 200: { type: 'array', items: entrySchema } } } }, async (req) => {
    requireUser(req);
    return (await db.selectFrom('directory_entries').selectAll().orderBy('kind').orderBy('sort').orderBy('name').execute()).map(entryOut);
  });

  app.post(
    '/api/directory-entries',
    {
      schema: {
        tags: ['directories'],
        summary: '新增名录条目 (admin)',
        body: { type: 'object', additionalProperties: false, required: ['kind', 'name', 'phone'], properties: { kind: enumOf(['emergency', 'service', 'media']), name: str(100), phone: str(32), note: nullable(str(200, 0)), sort: { type: 'integer' } } },
        response: { 201: entrySchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as { kind: 'emergency' | 'service' | 'media'; name: string; phone: string; note?: string | null; sort?: number };
      // service numbers (110, 96777, 0571-96225, 400-…) are valid here though not as a citizen's phone
      const phone = b.phone.trim();
      if (!/^\+?[0-9][0-9 ()-]{1,18}[0-9]$/.test(phone)) throw new DomainError('validation.failed', `电话号码格式不正确：${phone}`, `not a valid phone number: ${phone}`, { field: 'phone' });
      const row = { id: randomUUID(), kind: b.kind, name: b.name.trim(), phone, note: b.note?.trim() || null, sort: b.sort ?? 0, active: true };
      await db.insertInto('directory_entries').values(row).execute();
      return reply.status(201).send(row);
    },
  );

  app.delete('/api/directory-entries/:id', { schema: { tags: ['directories'], summary: '删除名录条目 (admin)', params: idParams, response: { 204: { type: 'null' }, ...errorResponses } } }, async (req, reply) => {
    requireRole(req, ['admin']);
    const res = await db.deleteFrom('directory_entries').where('id', '=', (req.params as { id: string }).id).executeTakeFirst();
    if (!res.numDeletedRows) throw new DomainError('not_found', '条目不存在', 'no such entry');
    return reply.status(204).send();
  });

  // ---- the leader-answering schedule ---------------------------------------------------------------

  const sessionSchema = {
    type: 'object',
    properties: { id: uuid, leaderName: { type: 'string' }, leaderTitle: { type: 'string' }, startsAt: isoInstant, endsAt: isoInstant, topic: nullable({ type: 'string' }), published: { type: 'boolean' }, cases: { type: 'integer', description: 'Cases taken in the session' } },
  } as const;

  app.get(
    '/api/leader-sessions',
    {
      schema: {
        tags: ['directories'],
        summary: '领导接听安排 — the sessions between two dates, with the cases taken in each (staff)',
        querystring: { type: 'object', additionalProperties: false, properties: { from: day, to: day } },
        response: { 200: { type: 'array', items: sessionSchema }, ...errorResponses },
      },
    },
    async (req) => {
      requireUser(req);
      const q = req.query as { from?: string; to?: string };
      let query = db
        .selectFrom('leader_sessions as s')
        .select(['s.id', 's.leader_name', 's.leader_title', 's.starts_at', 's.ends_at', 's.topic', 's.published', (eb) => eb.selectFrom('cases').select(eb.fn.countAll<number>().as('n')).whereRef('cases.leader_session_id', '=', 's.id').as('cases')]);
      if (q.from) query = query.where('s.ends_at', '>=', shanghaiInstant(q.from, '00:00'));
      if (q.to) query = query.where('s.starts_at', '<', new Date(shanghaiInstant(q.to, '00:00').getTime() + 86_400_000));
      return (await query.orderBy('s.starts_at').limit(500).execute()).map((s) => ({
        id: s.id,
        leaderName: s.leader_name,
        leaderTitle: s.leader_title,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        topic: s.topic,
        published: s.published,
        cases: Number(s.cases ?? 0),
      }));
    },
  );

  app.post(
    '/api/leader-sessions',
    {
      schema: {
        tags: ['directories'],
        summary: '安排领导接听 — a planned session, published on the portal unless `published: false` (supervisor, admin)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['leaderName', 'leaderTitle', 'startsAt', 'endsAt'],
          properties: { leaderName: str(50), leaderTitle: str(100), startsAt: isoInstant, endsAt: isoInstant, topic: nullable(str(200, 0)), published: { type: 'boolean' } },
        },
        response: { 201: sessionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, EDITORS);
      const b = req.body as { leaderName: string; leaderTitle: string; startsAt: string; endsAt: string; topic?: string | null; published?: boolean };
      const { s, e } = periodOrThrow(b.startsAt, b.endsAt);
      const clash = await db.selectFrom('leader_sessions').select('id').where('starts_at', '<', e).where('ends_at', '>', s).executeTakeFirst();
      if (clash) throw new DomainError('conflict', '该时段已有领导接听安排', 'another session overlaps this one', { field: 'startsAt' });
      const row = { id: randomUUID(), leader_name: b.leaderName.trim(), leader_title: b.leaderTitle.trim(), unit_id: null, starts_at: s, ends_at: e, topic: b.topic?.trim() || null, published: b.published ?? true, created_by: user.userId, created_at: deps.clock() };
      await db.insertInto('leader_sessions').values(row).execute();
      return reply.status(201).send({ id: row.id, leaderName: row.leader_name, leaderTitle: row.leader_title, startsAt: s, endsAt: e, topic: row.topic, published: row.published, cases: 0 });
    },
  );

  app.delete('/api/leader-sessions/:id', { schema: { tags: ['directories'], summary: '取消领导接听安排 — only one no case was taken in (supervisor, admin)', params: idParams, response: { 204: { type: 'null' }, ...errorResponses } } }, async (req, reply) => {
    requireRole(req, EDITORS);
    const { id } = req.params as { id: string };
    if (await db.selectFrom('cases').select('id').where('leader_session_id', '=', id).executeTakeFirst()) throw new DomainError('conflict', '该场次已受理诉求，不能取消', 'cases were taken in this session');
    const res = await db.deleteFrom('leader_sessions').where('id', '=', id).executeTakeFirst();
    if (!res.numDeletedRows) throw new DomainError('not_found', '场次不存在', 'no such session');
    return reply.status(204).send();
  });

  // ---- social liaisons and grassroots activities --------------------------------------------------

  const liaisonSchema = { type: 'object', properties: { id: uuid, name: { type: 'string' }, phone: nullable({ type: 'string' }), area: nullable({ type: 'string' }), organisation: nullable({ type: 'string' }), appointedOn: { type: 'string' }, active: { type: 'boolean' }, cases: { type: 'integer' } } } as const;

  app.get('/api/liaisons', { schema: { tags: ['directories'], summary: '社会联络员 — appointed liaisons and the cases they brought (staff)', response: { 200: { type: 'array', items: liaisonSchema } } } }, async (req) => {
    requireUser(req);
    const rows = await db
      .selectFrom('liaisons as l')
      .leftJoin('units as u', 'u.id', 'l.area_unit_id')
      .select(['l.id', 'l.name', 'l.phone', 'u.name as area', 'l.organisation', sql<string>`l.appointed_on::text`.as('appointed_on'), 'l.active', (eb) => eb.selectFrom('cases').select(eb.fn.countAll<number>().as('n')).whereRef('cases.liaison_id', '=', 'l.id').as('cases')])
      .orderBy('l.appointed_on', 'desc')
      .execute();
    return rows.map((l) => ({ id: l.id, name: l.name, phone: l.phone, area: l.area, organisation: l.organisation, appointedOn: l.appointed_on, active: l.active, cases: Number(l.cases ?? 0) }));
  });

  app.post(
    '/api/liaisons',
    {
      schema: {
        tags: ['directories'],
        summary: '聘任社会联络员 (supervisor, admin)',
        body: { type: 'object', additionalProperties: false, required: ['name', 'appointedOn'], properties: { name: str(50), phone: str(32), area: str(64), organisation: str(100), appointedOn: day } },
        response: { 201: { type: 'object', properties: { id: uuid } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, EDITORS);
      const b = req.body as { name: string; phone?: string; area?: string; organisation?: string; appointedOn: string };
      const area = b.area ? await unitOrThrow(db, b.area, 'area') : null;
      const id = randomUUID();
      await db
        .insertInto('liaisons')
        .values({ id, name: b.name.trim(), phone: b.phone ? phoneOrThrow(b.phone) : null, area_unit_id: area?.id ?? null, organisation: b.organisation?.trim() || null, appointed_on: b.appointedOn, created_at: deps.clock() })
        .execute();
      return reply.status(201).send({ id });
    },
  );

  app.patch(
    '/api/liaisons/:id',
    {
      schema: { tags: ['directories'], summary: '社会联络员离任或更新联系方式 (supervisor, admin)', params: idParams, body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { phone: str(32), active: { type: 'boolean' } } }, response: { 204: { type: 'null' }, ...errorResponses } },
    },
    async (req, reply) => {
      requireRole(req, EDITORS);
      const b = req.body as { phone?: string; active?: boolean };
      const res = await db
        .updateTable('liaisons')
        .set({ ...(b.phone ? { phone: phoneOrThrow(b.phone) } : {}), ...(b.active !== undefined ? { active: b.active } : {}) })
        .where('id', '=', (req.params as { id: string }).id)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw new DomainError('not_found', '联络员不存在', 'no such liaison');
      return reply.status(204).send();
    },
  );

  app.get('/api/grassroots-activities', { schema: { tags: ['directories'], summary: '走基层活动记录 — the log, with the cases taken at each (staff)' } }, async (req) => {
    requireUser(req);
    const rows = await db
      .selectFrom('grassroots_activities as a')
      .select(['a.id', 'a.title', 'a.place', sql<string>`a.held_on::text`.as('held_on'), 'a.unit_ids', 'a.note', (eb) => eb.selectFrom('cases').select(eb.fn.countAll<number>().as('n')).whereRef('cases.activity_id', '=', 'a.id').as('cases')])
      .orderBy('a.held_on', 'desc')
      .limit(500)
      .execute();
    return rows.map((a) => ({ id: a.id, title: a.title, place: a.place, heldOn: a.held_on, unitIds: a.unit_ids, note: a.note, cases: Number(a.cases ?? 0) }));
  });

  app.post(
    '/api/grassroots-activities',
    {
      schema: {
        tags: ['directories'],
        summary: '登记走基层活动 — the units that took part; cases taken there name the activity (centre)',
        body: { type: 'object', additionalProperties: false, required: ['title', 'place', 'heldOn'], properties: { title: str(200), place: str(200), heldOn: day, units: { type: 'array', maxItems: 50, items: str(64) }, note: nullable(str(1000, 0)) } },
        response: { 201: { type: 'object', properties: { id: uuid } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, CENTRE);
      const b = req.body as { title: string; place: string; heldOn: string; units?: string[]; note?: string | null };
      const units = [];
      for (const u of b.units ?? []) units.push((await unitOrThrow(db, u, 'units')).id);
      const id = randomUUID();
      await db.insertInto('grassroots_activities').values({ id, title: b.title.trim(), place: b.place.trim(), held_on: b.heldOn, unit_ids: JSON.stringify(units), note: b.note?.trim() || null, created_by: user.userId, created_at: deps.clock() }).execute();
      return reply.status(201).send({ id });
    },
  );

  // ---- duty rosters ---------------------------------------------------------------------------------

  const rosterSchema = { type: 'object', properties: { unit: { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } }, day: { type: 'string' }, person: { type: 'string' }, phone: { type: 'string' } } } as const;

  app.get(
    '/api/duty-rosters',
    {
      schema: {
        tags: ['duty'],
        summary: '值班表 — duty persons by unit and date (a unit sees its own and those below; the centre all)',
        querystring: { type: 'object', additionalProperties: false, properties: { unit: str(64), from: day, to: day } },
        response: { 200: { type: 'array', items: rosterSchema }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const q = req.query as { unit?: string; from?: string; to?: string };
      const today = shanghaiDate(deps.clock());
      let query = db
        .selectFrom('duty_rosters as d')
        .innerJoin('units as u', 'u.id', 'd.unit_id')
        .select(['u.id', 'u.code', 'u.name', sql<string>`d.day::text`.as('day'), 'd.person', 'd.phone'])
        .where(sql<boolean>`d.day BETWEEN ${q.from ?? today}::date AND ${q.to ?? q.from ?? today}::date`);
      if (!seesEveryUnit(user)) query = query.where('u.path', 'like', `${user.unitPath}%`);
      if (q.unit) query = query.where('u.id', '=', (await unitOrThrow(db, q.unit)).id);
      return (await query.orderBy('d.day').orderBy('u.code').limit(5000).execute()).map((r) => ({ unit: { id: r.id, code: r.code, name: r.name }, day: r.day, person: r.person, phone: r.phone }));
    },
  );

  app.put(
    '/api/duty-rosters/:unit/:day',
    {
      schema: {
        tags: ['duty'],
        summary: '排班 — the unit’s duty person and phone for a date (its leader or handler, supervisor, admin)',
        params: { type: 'object', properties: { unit: str(64), day }, required: ['unit', 'day'] },
        body: { type: 'object', additionalProperties: false, required: ['person', 'phone'], properties: { person: str(50), phone: str(32) } },
        response: { 200: rosterSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const p = req.params as { unit: string; day: string };
      const b = req.body as { person: string; phone: string };
      const unit = await unitOrThrow(db, p.unit);
      if (!mayManageRoster(user, unit)) throw new DomainError('auth.forbidden', '只能为本单位排班', 'you may only set your own unit’s roster');
      const phone = phoneOrThrow(b.phone);
      await db
        .insertInto('duty_rosters')
        .values({ unit_id: unit.id, day: p.day, person: b.person.trim(), phone, updated_by: user.userId, updated_at: deps.clock() })
        .onConflict((oc) => oc.columns(['unit_id', 'day']).doUpdateSet({ person: b.person.trim(), phone, updated_by: user.userId, updated_at: deps.clock() }))
        .execute();
      return { unit: { id: unit.id, code: unit.code, name: unit.name }, day: p.day, person: b.person.trim(), phone };
    },
  );

  app.get(
    '/api/units/:id/duty',
    {
      schema: {
        tags: ['duty'],
        summary: '当前值班 — a unit’s duty person and phone now (for urgent cases)',
        params: { type: 'object', properties: { id: str(64) }, required: ['id'] },
        response: { 200: nullable({ type: 'object', properties: { unit: { type: 'string' }, person: { type: 'string' }, phone: { type: 'string' }, day: { type: 'string' } } }), ...errorResponses },
      },
    },
    async (req) => {
      requireUser(req);
      const unit = await unitOrThrow(db, (req.params as { id: string }).id, 'id');
      return dutyContact(db, unit.id, deps.clock());
    },
  );

  // ---- duty phones unanswered ------------------------------------------------------------------------

  app.post(
    '/api/duty-call-failures',
    {
      schema: {
        tags: ['duty'],
        summary: '值班电话无人接听 — the centre records it; it goes on the unit’s criticism list (S1 §3 (七))',
        body: { type: 'object', additionalProperties: false, required: ['unit', 'calledAt'], properties: { unit: str(64), case: str(64), phone: str(32), calledAt: isoInstant, note: nullable(str(500, 0)) } },
        response: { 201: { type: 'object', properties: { id: uuid, criticismId: nullable(uuid) } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, CENTRE);
      const b = req.body as { unit: string; case?: string; phone?: string; calledAt: string; note?: string | null };
      const now = deps.clock();
      const calledAt = new Date(b.calledAt);
      if (calledAt.getTime() > now.getTime() + 60_000) throw new DomainError('validation.failed', '拨打时间不能晚于当前时间', 'calledAt cannot be in the future', { field: 'calledAt' });
      const unit = await unitOrThrow(db, b.unit);
      const caseRow = b.case ? await db.selectFrom('cases').select(['id', 'case_no']).where(isUuid(b.case) ? 'id' : 'case_no', '=', b.case).executeTakeFirst() : undefined;
      if (b.case && !caseRow) throw new DomainError('case.not_found', `诉求不存在：${b.case}`, `no such case: ${b.case}`, { field: 'case' });
      const phone = b.phone ? phoneOrThrow(b.phone) : ((await dutyContact(db, unit.id, calledAt))?.phone ?? unit.phone ?? '');
      if (!phone) throw new DomainError('validation.failed', '请填写拨打的值班电话（该单位当日无排班）', 'give the phone called: the unit has no roster for that day', { field: 'phone' });
      const id = randomUUID();
      const criticismId = await db.transaction().execute(async (trx) => {
        await trx.insertInto('duty_call_failures').values({ id, unit_id: unit.id, case_id: caseRow?.id ?? null, phone, called_at: calledAt, note: b.note?.trim() || null, recorded_by: user.userId, recorded_at: now }).execute();
        return recordCriticism(trx, {
          unitId: unit.id,
          caseId: caseRow?.id ?? null,
          reason: 'duty_phone_unanswered',
          detail: `${shanghaiDate(calledAt)} 拨打${unit.name}值班电话 ${phone} 无人接听${caseRow ? `（诉求 ${caseRow.case_no}）` : ''}${b.note ? `：${b.note.trim()}` : ''}`,
          source: 'manual',
          createdBy: user.userId,
          now: calledAt,
        });
      });
      return reply.status(201).send({ id, criticismId });
    },
  );

  app.get(
    '/api/duty-call-failures',
    {
      schema: {
        tags: ['duty'],
        summary: '值班电话未接记录 — a quarter’s, per unit (centre, leaders; a unit its own)',
        querystring: { type: 'object', additionalProperties: false, properties: { quarter: { type: 'string', pattern: '^\\d{4}Q[1-4]$' } } },
        response: {
          200: { type: 'array', items: { type: 'object', properties: { id: uuid, unit: { type: 'string' }, phone: { type: 'string' }, calledAt: isoInstant, caseNo: nullable({ type: 'string' }), note: nullable({ type: 'string' }) } } },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const { from, to } = quarterDays((req.query as { quarter?: string }).quarter ?? quarterOf(deps.clock()));
      let query = db
        .selectFrom('duty_call_failures as f')
        .innerJoin('units as u', 'u.id', 'f.unit_id')
        .leftJoin('cases as c', 'c.id', 'f.case_id')
        .select(['f.id', 'u.name', 'u.path', 'f.phone', 'f.called_at', 'c.case_no', 'f.note'])
        .where('f.called_at', '>=', shanghaiInstant(from, '00:00'))
        .where('f.called_at', '<', new Date(shanghaiInstant(to, '00:00').getTime() + 86_400_000));
      if (!seesEveryUnit(user)) query = query.where('u.path', 'like', `${user.unitPath}%`);
      return (await query.orderBy('f.called_at', 'desc').execute()).map((f) => ({ id: f.id, unit: f.name, phone: f.phone, calledAt: f.called_at, caseNo: f.case_no, note: f.note }));
    },
  );
}
