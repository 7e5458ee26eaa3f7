/**
 * The citizen portal's public pages (DOMAIN.md §9 public disclosure, §11 public directories):
 * monthly volumes and results by kind, a selection of published replies, and the directory of
 * hotline, mailbox, SMS and emergency numbers. No login, and never any citizen's personal data.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { KINDS, SATISFACTION_LEVELS } from '../../core/enums';
import { FINISHED_STATES, isSatisfied } from '../../core/case-lifecycle';
import { kindSchema } from './schemas';
import { publishedSchedule } from '../org/directory.repo';

/** China keeps one offset all year (no DST), so a Shanghai month is a fixed shift from UTC. */
const SHANGHAI_MS = 8 * 3600_000;
/** The levels counted as satisfied in the 满意率 (S2 §5): satisfied in any degree. */
const SATISFIED = SATISFACTION_LEVELS.filter(isSatisfied);
/** S0: the emergency numbers every directory lists. */
const EMERGENCY = [
  { name: '报警', phone: '110' },
  { name: '火警', phone: '119' },
  { name: '急救', phone: '120' },
  { name: '交通事故', phone: '122' },
];
/** The mailbox form's address on this server (the portal's /write page). */
const MAILBOX_PATH = '/portal/write';

const monthKey = (utcMs: number) => new Date(utcMs + SHANGHAI_MS).toISOString().slice(0, 7);

/** The first instant of the Shanghai month `back` months before the one holding `now`. */
function monthStart(now: Date, back: number): Date {
  const local = new Date(now.getTime() + SHANGHAI_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1) - SHANGHAI_MS);
}

/** Shanghai wall-clock month of a timestamptz column, the same on PostgreSQL and PGlite. */
const shanghaiMonth = (column: string) => sql<string>`to_char((${sql.ref(column)} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`;

/**
 * Published text may still quote the citizen (a reply that says whom it called): their name,
 * phone and ID number are blanked, and so is anything shaped like a mobile or ID number.
 */
export function redactPersonal(text: string, citizen: (string | null)[]): string {
  let out = text
    .replace(/(?<!\d)\d{17}[\dXx](?![\dXx])/g, '******************')
    .replace(/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, '***********');
  for (const v of citizen) if (v && v.trim().length >= 2) out = out.split(v.trim()).join('*'.repeat(Math.min(v.trim().length, 4)));
  return out;
}

const countRow = { type: 'object', properties: { kind: kindSchema, received: { type: 'integer' }, closed: { type: 'integer' } } } as const;

export function registerPortalRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;
  const smsNumber = deps.config.smsNumber;
  const publicRoute = { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } };

  app.get(
    '/api/public/stats',
    {
      config: publicRoute,
      schema: {
        tags: ['public'],
        summary: '公开数据 — monthly volumes and results by kind, and the satisfaction rate (S4 §3.3)',
        description:
          'Months are Asia/Shanghai calendar months, the current one included. `received`: cases registered in the month; `closed`: cases closed in the month that are still closed or archived. The satisfaction rate counts the closed cases of the period whose citizen gave a rating: very satisfied, satisfied and basically satisfied over all rated.',
        querystring: { type: 'object', additionalProperties: false, properties: { months: { type: 'integer', minimum: 1, maximum: 24, default: 6 } } },
        response: {
          200: {
            type: 'object',
            properties: {
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              months: { type: 'array', items: { type: 'string' }, description: "'YYYY-MM', oldest first" },
              rows: { type: 'array', items: { type: 'object', properties: { month: { type: 'string' }, ...countRow.properties } }, description: 'Only months and kinds with something to count' },
              totals: { type: 'object', properties: { received: { type: 'integer' }, closed: { type: 'integer' }, byKind: { type: 'array', items: countRow } } },
              satisfaction: {
                type: 'object',
                properties: { rated: { type: 'integer' }, satisfied: { type: 'integer' }, rate: { type: 'number', nullable: true, description: 'satisfied / rated; null when nobody rated' } },
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { months } = req.query as { months: number };
      const now = deps.clock();
      const from = monthStart(now, months - 1);
      const to = monthStart(now, -1);
      const received = await db
        .selectFrom('cases')
        .select([shanghaiMonth('created_at').as('month'), 'kind', sql<number>`count(*)::int`.as('n')])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .groupBy([sql`1`, 'kind'])
        .execute();
      const closed = await db
        .selectFrom('cases')
        .select([shanghaiMonth('closed_at').as('month'), 'kind', sql<number>`count(*)::int`.as('n')])
        .where('state', 'in', [...FINISHED_STATES])
        .where('closed_at', '>=', from)
        .where('closed_at', '<', to)
        .groupBy([sql`1`, 'kind'])
        .execute();
      const rated = await db
        .selectFrom('cases')
        .select([sql<number>`count(*)::int`.as('rated'), sql<number>`count(*) FILTER (WHERE satisfaction IN (${sql.join(SATISFIED)}))::int`.as('satisfied')])
        .where('state', 'in', [...FINISHED_STATES])
        .where('closed_at', '>=', from)
        .where('closed_at', '<', to)
        .where('satisfaction', 'is not', null)
        .executeTakeFirstOrThrow();

      const monthList: string[] = [];
      for (let b = months - 1; b >= 0; b--) monthList.push(monthKey(monthStart(now, b).getTime()));
      const grid = new Map<string, { received: number; closed: number }>();
      const cell = (month: string, kind: string) => {
        const key = `${month}|${kind}`;
        let c = grid.get(key);
        if (!c) grid.set(key, (c = { received: 0, closed: 0 }));
        return c;
      };
      for (const r of received) cell(r.month, r.kind).received += Number(r.n);
      for (const r of closed) cell(r.month, r.kind).closed += Number(r.n);
      const rows = monthList.flatMap((month) => KINDS.flatMap((kind) => (grid.has(`${month}|${kind}`) ? [{ month, kind, ...grid.get(`${month}|${kind}`)! }] : [])));
      const byKind = KINDS.map((kind) => ({
        kind,
        received: rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.received, 0),
        closed: rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.closed, 0),
      })).filter((k) => k.received + k.closed > 0);
      reply.header('cache-control', 'public, max-age=300');
      return {
        from,
        to,
        months: monthList,
        rows,
        totals: { received: byKind.reduce((s, k) => s + k.received, 0), closed: byKind.reduce((s, k) => s + k.closed, 0), byKind },
        satisfaction: { rated: Number(rated.rated), satisfied: Number(rated.satisfied), rate: Number(rated.rated) > 0 ? Number(rated.satisfied) / Number(rated.rated) : null },
      };
    },
  );

  app.get(
    '/api/public/replies',
    {
      config: publicRoute,
      schema: {
        tags: ['public'],
        summary: '办理回复选登 — recent final replies of closed cases, without personal data or case numbers; `linked=true`: the 热线联动 column',
        description:
          'Closed or archived cases with a final reply, newest first; never confidential cases, tip-offs (举报) or cases merged into another. Only the title, kind, lead unit, closing date (Shanghai) and the reply, with the citizen’s name, phone and ID number blanked. ' +
          '`linked=true` gives the 热线联动 column (S4 §3.3, annex 6): only the cases that came through the media seat (channel `media`), i.e. those the newspaper and broadcaster reported with the hotline.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 }, linked: { type: 'boolean', description: '热线联动: media-linked cases only' } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    title: { type: 'string' },
                    kind: kindSchema,
                    leadUnit: { type: 'string', nullable: true },
                    closedOn: { type: 'string', description: 'YYYY-MM-DD, Asia/Shanghai' },
                    reply: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { limit, linked } = req.query as { limit: number; linked?: boolean };
      let query = db
        .selectFrom('cases')
        .leftJoin('units', 'units.id', 'cases.lead_unit_id')
        .select(['cases.title', 'cases.kind', 'cases.closed_at', 'cases.final_reply', 'cases.citizen_name', 'cases.citizen_phone', 'cases.citizen_id_no', 'units.name as unit_name'])
        .where('cases.state', 'in', [...FINISHED_STATES])
        .where('cases.confidential', '=', false)
        .where('cases.kind', '!=', 'tip_off')
        .where('cases.merged_into', 'is', null)
        .where('cases.final_reply', 'is not', null)
        .where(sql<boolean>`btrim(cases.final_reply) <> ''`)
        .where('cases.closed_at', 'is not', null);
      if (linked) query = query.where('cases.channel', '=', 'media');
      const rows = await query
        .orderBy('cases.closed_at', 'desc')
        .orderBy('cases.id', 'desc')
        .limit(limit)
        .execute();
      reply.header('cache-control', 'public, max-age=300');
      return {
        items: rows.map((r) => {
          const personal = [r.citizen_name, r.citizen_phone, r.citizen_id_no];
          return {
            title: redactPersonal(r.title, personal),
            kind: r.kind,
            leadUnit: r.unit_name,
            closedOn: new Date(new Date(r.closed_at!).getTime() + SHANGHAI_MS).toISOString().slice(0, 10),
            reply: redactPersonal(r.final_reply!, personal),
          };
        }),
      };
    },
  );

  app.get(
    '/api/public/directory',
    {
      config: publicRoute,
      schema: {
        tags: ['public'],
        summary: '便民服务名录 — the hotline, mailbox, SMS and emergency numbers (S0)',
        description:
          'emergency: 110, 119, 120, 122 and the emergency numbers admins add (directory entries of kind emergency). services: other public service numbers admins add. leaderPhones: the duty phones of the city and district governments, from the organisation registry. leaderSchedule: the published leader-answering sessions of the next 60 days (S4 annex 2).',
        response: {
          200: {
            type: 'object',
            properties: {
              hotline: { type: 'string' },
              mailbox: { type: 'string', description: 'The path of the portal’s mailbox form' },
              sms: { type: 'string' },
              emergency: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string' } } } },
              leaderPhones: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string' } } } },
              services: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string' }, note: { type: 'string', nullable: true } } } },
              leaderSchedule: {
                type: 'array',
                items: { type: 'object', properties: { leader: { type: 'string' }, title: { type: 'string' }, startsAt: { type: 'string', format: 'date-time' }, endsAt: { type: 'string', format: 'date-time' }, topic: { type: 'string', nullable: true } } },
                description: '领导接听安排, the next 60 days',
              },
            },
          },
        },
      },
    },
    async (_req, reply) => {
      const units = await db
        .selectFrom('units')
        .select(['name', 'phone', 'type'])
        .where('type', 'in', ['government', 'district'])
        .where('active', '=', true)
        .where('phone', 'is not', null)
        .where(sql<boolean>`btrim(phone) <> ''`)
        .orderBy(sql`CASE WHEN type = 'government' THEN 0 ELSE 1 END`)
        .orderBy('name')
        .execute();
      const entries = await db.selectFrom('directory_entries').select(['kind', 'name', 'phone', 'note']).where('active', '=', true).orderBy('sort').orderBy('name').execute();
      reply.header('cache-control', 'public, max-age=300');
      return {
        hotline: '12345',
        mailbox: MAILBOX_PATH,
        sms: smsNumber,
        emergency: [...EMERGENCY, ...entries.filter((e) => e.kind === 'emergency').map((e) => ({ name: e.name, phone: e.phone }))],
        services: entries.filter((e) => e.kind !== 'emergency').map((e) => ({ name: e.name, phone: e.phone, note: e.note })),
        leaderPhones: units.map((u) => ({ name: u.name, phone: u.phone! })),
        leaderSchedule: await publishedSchedule(db, deps.clock()),
      };
    },
  );
}
