/**
 * 领导驾驶舱: one answer with what the leaders' dashboard draws — daily volumes, channels, kinds,
 * categories, districts, the units' rates (DOMAIN.md §9: 承办数, on-time and satisfaction rates,
 * overdue counts), the week's hot words and the states of the period's cases.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { segment } from '../text/segment';
import { OPEN_STATES } from '../../core/case-lifecycle';
import { formatEpochDay, shanghaiEpochDay, shanghaiInstantOf } from '../../core/calendar';
import { errorResponses, isoInstant, nullable, uuid } from './schemas';

/** Satisfaction levels that count as satisfied (S2 §5: 满意率). */
const SATISFIED = ['very_satisfied', 'satisfied', 'basically_satisfied'];
/** How many titles the hot words are counted over at most (the newest). */
const HOT_WORD_TITLES = 20_000;

/** The Shanghai civil date of a timestamptz column, as text, on PostgreSQL and PGlite alike. */
const shanghaiDay = (col: string) => sql<string>`to_char((${sql.ref(col)} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;

const counted = (key: string) => ({ type: 'array', items: { type: 'object', properties: { [key]: { type: 'string' }, count: { type: 'integer' } } } }) as const;
const named = { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: nullable({ type: 'string' }), count: { type: 'integer' } } } } as const;

export function registerDashboardRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['reports'],
        summary: '领导驾驶舱 — volumes, channels, categories, districts, unit rates and hot words of the last days',
        description:
          'The period is the last `days` Shanghai calendar days up to now. Counts by channel, kind, category, district and state are of the cases registered in the period. ' +
          'byDistrict: the district above the case’s region (属地), else above its lead unit, else code "unknown". ' +
          'units: received = dispatched to the unit as lead in the period; replied = of those, replied while the unit is still lead; onTimeRate = replied by the due time among replied; ' +
          'satisfactionRate = very satisfied, satisfied or basically satisfied among the callbacks with a satisfaction level recorded in the period on cases it leads; overdue = overdue records in the period. ' +
          'hotWords: the words of the titles of the last 7 days, each counted once per title.',
        querystring: { type: 'object', additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } } },
        response: {
          200: {
            type: 'object',
            properties: {
              days: { type: 'integer' },
              from: isoInstant,
              to: isoInstant,
              daily: { type: 'array', items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, received: { type: 'integer' }, closed: { type: 'integer' } } } },
              byChannel: counted('channel'),
              byKind: counted('kind'),
              byCategory: named,
              byDistrict: named,
              totals: {
                type: 'object',
                description: 'The whole period: cases registered, closed and still open; lead dispatches, replies and on-time replies of every unit; callbacks with satisfaction; overdue records',
                properties: {
                  received: { type: 'integer' },
                  closed: { type: 'integer' },
                  open: { type: 'integer' },
                  dispatched: { type: 'integer' },
                  replied: { type: 'integer' },
                  onTime: { type: 'integer' },
                  onTimeRate: nullable({ type: 'number' }),
                  callbacks: { type: 'integer' },
                  satisfied: { type: 'integer' },
                  satisfactionRate: nullable({ type: 'number' }),
                  overdue: { type: 'integer' },
                },
              },
              units: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    unit: { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } },
                    received: { type: 'integer' },
                    replied: { type: 'integer' },
                    onTime: { type: 'integer' },
                    onTimeRate: nullable({ type: 'number' }),
                    callbacks: { type: 'integer' },
                    satisfied: { type: 'integer' },
                    satisfactionRate: nullable({ type: 'number' }),
                    overdue: { type: 'integer' },
                  },
                },
              },
              hotWords: { type: 'array', items: { type: 'object', properties: { word: { type: 'string' }, count: { type: 'integer' } } } },
              states: counted('state'),
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, ['leader', 'supervisor', 'admin', 'dispatcher']);
      const { days } = req.query as { days: number };
      return loadDashboard(deps.db.db, deps.clock(), days);
    },
  );
}

/** Everything the dashboard draws, for the `days` Shanghai days up to `now` (see the route's description). */
async function loadDashboard(db: Kysely<DB>, now: Date, days: number) {
  const today = shanghaiEpochDay(now);
  const from = shanghaiInstantOf(today - days + 1, 0);
  const to = new Date(now.getTime() + 1); // exclusive; includes this moment
  const inPeriod = sql<boolean>`c.created_at >= ${from} AND c.created_at < ${to}`;

  const received = await sql<{ day: string; n: number }>`
    SELECT ${shanghaiDay('c.created_at')} AS day, count(*)::int AS n FROM cases c WHERE ${inPeriod} GROUP BY 1`.execute(db);
  const closed = await sql<{ day: string; n: number }>`
    SELECT ${shanghaiDay('c.closed_at')} AS day, count(*)::int AS n FROM cases c WHERE c.closed_at >= ${from} AND c.closed_at < ${to} GROUP BY 1`.execute(db);
  const byDay = (rows: { day: string; n: number }[]) => new Map(rows.map((r) => [r.day, r.n]));
  const rec = byDay(received.rows);
  const clo = byDay(closed.rows);
  const daily = [];
  for (let d = today - days + 1; d <= today; d++) {
    const date = formatEpochDay(d);
    daily.push({ date, received: rec.get(date) ?? 0, closed: clo.get(date) ?? 0 });
  }

  const countBy = async (col: 'channel' | 'kind' | 'state') =>
    (await sql<{ v: string; n: number }>`SELECT ${sql.ref(`c.${col}`)} AS v, count(*)::int AS n FROM cases c WHERE ${inPeriod} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(db)).rows;

  const byCategory = await sql<{ code: string; name: string; count: number }>`
    SELECT cat.code, cat.name, count(*)::int AS count
    FROM cases c JOIN categories cat ON cat.code = split_part(c.category_code, '.', 1)
    WHERE ${inPeriod}
    GROUP BY cat.code, cat.name ORDER BY count DESC, cat.code LIMIT 10`.execute(db);

  // the deepest district above (or at) a unit: the region where the case lies, else its lead unit
  const districtOf = (col: string) => sql`(SELECT d.id FROM units u JOIN units d ON d.type = 'district' AND u.path LIKE d.path || '%' WHERE u.id = ${sql.ref(col)} ORDER BY length(d.path) DESC LIMIT 1)`;
  const byDistrict = await sql<{ code: string | null; name: string | null; count: number }>`
    SELECT d.code, d.name, count(*)::int AS count
    FROM cases c LEFT JOIN units d ON d.id = COALESCE(${districtOf('c.region_unit_id')}, ${districtOf('c.lead_unit_id')})
    WHERE ${inPeriod}
    GROUP BY d.code, d.name ORDER BY count DESC, d.code`.execute(db);

  const units = await sql<{ id: string; code: string; name: string; received: number; replied: number; on_time: number }>`
    SELECT u.id, u.code, u.name,
           count(*)::int AS received,
           count(*) FILTER (WHERE c.lead_unit_id = cu.unit_id AND c.replied_at IS NOT NULL)::int AS replied,
           count(*) FILTER (WHERE c.lead_unit_id = cu.unit_id AND c.replied_at IS NOT NULL AND c.due_at IS NOT NULL AND c.replied_at <= c.due_at)::int AS on_time
    FROM case_units cu JOIN cases c ON c.id = cu.case_id JOIN units u ON u.id = cu.unit_id
    WHERE cu.role = 'lead' AND cu.dispatched_at >= ${from} AND cu.dispatched_at < ${to}
    GROUP BY u.id, u.code, u.name ORDER BY received DESC, u.code`.execute(db);
  const top = units.rows.slice(0, 15);
  const ids = top.map((u) => u.id);
  const satisfaction = new Map<string, { callbacks: number; satisfied: number }>();
  const overdue = new Map<string, number>();
  if (ids.length) {
    const unitIds = sql.join(ids.map((id) => sql`${id}::uuid`));
    const sat = await sql<{ unit_id: string; callbacks: number; satisfied: number }>`
      SELECT c.lead_unit_id AS unit_id, count(*)::int AS callbacks, count(*) FILTER (WHERE cb.satisfaction IN (${sql.join(SATISFIED)}))::int AS satisfied
      FROM callbacks cb JOIN cases c ON c.id = cb.case_id
      WHERE cb.satisfaction IS NOT NULL AND cb.at >= ${from} AND cb.at < ${to} AND c.lead_unit_id IN (${unitIds})
      GROUP BY c.lead_unit_id`.execute(db);
    for (const r of sat.rows) satisfaction.set(r.unit_id, { callbacks: r.callbacks, satisfied: r.satisfied });
    const od = await sql<{ unit_id: string; n: number }>`
      SELECT unit_id, count(*)::int AS n FROM overdue_records WHERE overdue_at >= ${from} AND overdue_at < ${to} AND unit_id IN (${unitIds}) GROUP BY unit_id`.execute(db);
    for (const r of od.rows) overdue.set(r.unit_id, r.n);
  }

  const sum = (k: 'received' | 'replied' | 'on_time') => units.rows.reduce((n, r) => n + r[k], 0);
  const all = (
    await sql<{ callbacks: number; satisfied: number; overdue: number }>`
      SELECT count(*)::int AS callbacks, count(*) FILTER (WHERE cb.satisfaction IN (${sql.join(SATISFIED)}))::int AS satisfied,
             (SELECT count(*)::int FROM overdue_records WHERE overdue_at >= ${from} AND overdue_at < ${to}) AS overdue
      FROM callbacks cb WHERE cb.satisfaction IS NOT NULL AND cb.at >= ${from} AND cb.at < ${to}`.execute(db)
  ).rows[0]!;
  const states = await countBy('state');

  const weekFrom = shanghaiInstantOf(today - 6, 0);
  const titles = await db.selectFrom('cases').select('title').where('created_at', '>=', weekFrom).where('created_at', '<', to).orderBy('created_at', 'desc').limit(HOT_WORD_TITLES).execute();
  const words = new Map<string, number>();
  for (const { title } of titles) for (const w of new Set(segment(title))) words.set(w, (words.get(w) ?? 0) + 1);
  const hotWords = [...words]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 20)
    .map(([word, count]) => ({ word, count }));

  return {
    days,
    from,
    to: now,
    daily,
    byChannel: (await countBy('channel')).map((r) => ({ channel: r.v, count: r.n })),
    byKind: (await countBy('kind')).map((r) => ({ kind: r.v, count: r.n })),
    byCategory: byCategory.rows,
    byDistrict: byDistrict.rows.map((r) => (r.code ? r : { code: 'unknown', name: null, count: r.count })),
    totals: {
      received: received.rows.reduce((n, r) => n + r.n, 0),
      closed: closed.rows.reduce((n, r) => n + r.n, 0),
      open: states.filter((r) => (OPEN_STATES as readonly string[]).includes(r.v)).reduce((n, r) => n + r.n, 0),
      dispatched: sum('received'),
      replied: sum('replied'),
      onTime: sum('on_time'),
      onTimeRate: sum('replied') ? sum('on_time') / sum('replied') : null,
      callbacks: all.callbacks,
      satisfied: all.satisfied,
      satisfactionRate: all.callbacks ? all.satisfied / all.callbacks : null,
      overdue: all.overdue,
    },
    units: top.map((u) => {
      const s = satisfaction.get(u.id) ?? { callbacks: 0, satisfied: 0 };
      return {
        unit: { id: u.id, code: u.code, name: u.name },
        received: u.received,
        replied: u.replied,
        onTime: u.on_time,
        onTimeRate: u.replied ? u.on_time / u.replied : null,
        callbacks: s.callbacks,
        satisfied: s.satisfied,
        satisfactionRate: s.callbacks ? s.satisfied / s.callbacks : null,
        overdue: overdue.get(u.id) ?? 0,
      };
    }),
    hotWords,
    states: states.map((r) => ({ state: r.v, count: r.n })),
  };
}
