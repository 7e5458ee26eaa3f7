/**
 * 领导驾驶舱: one answer with what the leaders' dashboard draws — daily volumes, channels, kinds,
 * categories, districts, the units' rates (DOMAIN.md §9: 承办数, on-time and satisfaction rates,
 * overdue counts), the week's hot words and the states of the period's cases.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { segment } from '../text/segment';
import { readBreakdown, readSeries } from '../stats/stats.repo';
import { addCounters, ratesOf, zeroCounters, type Counters, type SatisfactionWeights } from '../../core/metrics';
import { formatEpochDay, shanghaiEpochDay, shanghaiInstantOf } from '../../core/calendar';
import { errorResponses, isoInstant, nullable, uuid } from './schemas';

/** How many titles the hot words are counted over at most (the newest). */
const HOT_WORD_TITLES = 5_000;
/** The hot words change slowly: each instance keeps them a minute. */
let hotWordCache: { key: string; at: number; words: { word: string; count: number }[] } | undefined;

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
          'The period is the last `days` Shanghai calendar days up to now. Every count is of the cases registered in the period, with their current outcome (docs/metrics.md), read from the statistics rollups. ' +
          'daily.closed: of the cases registered that day, those closed by now. byDistrict: the district above the case’s region (属地), else above its lead unit, else code "unknown". ' +
          'units (top 15): received = the period’s cases the unit leads now; onTimeRate = every reply before its due time, among replied; satisfactionRate = the weighted satisfaction rate (settings) over the rated cases; ' +
          'satisfied = that rate × callbacks; overdue = overdue stages. states: where the cases stand — registered (awaiting dispatch), handling (with a unit, no reply yet), replied (not closed), closed. ' +
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
      return loadDashboard(deps.db.db, deps.clock(), days, (await deps.policy.get()).settings.satisfactionWeights);
    },
  );
}

/** Everything the dashboard draws, for the `days` Shanghai days up to `now` (see the route's description), from the rollups. */
async function loadDashboard(db: Kysely<DB>, now: Date, days: number, weights: SatisfactionWeights) {
  const today = shanghaiEpochDay(now);
  const fromDay = formatEpochDay(today - days + 1);
  const toDay = formatEpochDay(today);
  const from = shanghaiInstantOf(today - days + 1, 0);
  const to = new Date(now.getTime() + 1); // exclusive; includes this moment

  // the rollup reads run side by side (on PostgreSQL each on a connection of its own)
  const [seriesRows, channels, kinds, categories, districtRows, unitRowsAll] = await Promise.all([
    readSeries(db, 'day', fromDay, toDay),
    readBreakdown(db, 'channel', fromDay, toDay),
    readBreakdown(db, 'kind', fromDay, toDay),
    readBreakdown(db, 'category', fromDay, toDay),
    readBreakdown(db, 'district', fromDay, toDay),
    readBreakdown(db, 'unit', fromDay, toDay),
  ]);
  const series = new Map(seriesRows.map((r) => [r.key, r.counters]));
  const daily = [];
  for (let d = today - days + 1; d <= today; d++) {
    const date = formatEpochDay(d);
    daily.push({ date, received: series.get(date)?.received ?? 0, closed: series.get(date)?.closed ?? 0 });
  }
  const byDesc = <T extends { count: number }>(xs: T[], key: (x: T) => string) => xs.filter((x) => x.count > 0).sort((a, b) => b.count - a.count || key(a).localeCompare(key(b)));
  const perChannel = new Map<string, number>();
  for (const r of channels) perChannel.set(r.key, (perChannel.get(r.key) ?? 0) + r.counters.received);
  const byChannel = byDesc([...perChannel].map(([channel, count]) => ({ channel, count })), (x) => x.channel);
  const byKind = byDesc(kinds.map((r) => ({ kind: r.key, count: r.counters.received })), (x) => x.kind);
  const categoryNames = new Map((await db.selectFrom('categories').select(['code', 'name']).where('level', '=', 1).execute()).map((c) => [c.code, c.name]));
  const byCategory = byDesc(
    categories.filter((r) => categoryNames.has(r.key)).map((r) => ({ code: r.key, name: categoryNames.get(r.key)!, count: r.counters.received })),
    (x) => x.code,
  ).slice(0, 10);
  const districtIds = districtRows.map((r) => r.key).filter((k) => k !== '');
  const districts = new Map(districtIds.length ? (await db.selectFrom('units').select(['id', 'code', 'name']).where('id', 'in', districtIds).execute()).map((u) => [u.id, u]) : []);
  const byDistrict = byDesc(
    districtRows.map((r) => (r.key && districts.has(r.key) ? { code: districts.get(r.key)!.code, name: districts.get(r.key)!.name as string | null, count: r.counters.received } : { code: 'unknown', name: null, count: r.counters.received })),
    (x) => x.code,
  );
  // "unknown" may come from several rows (no district, or a unit since removed)
  const mergedDistricts = [...byDistrict.reduce((m, d) => m.set(d.code, { ...d, count: (m.get(d.code)?.count ?? 0) + d.count }), new Map<string, (typeof byDistrict)[number]>()).values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));

  const total = seriesRows.reduce((acc, r) => addCounters(acc, r.counters), zeroCounters());
  const rates = ratesOf(total, weights);
  const satisfiedOf = (c: Counters) => Math.round((ratesOf(c, weights).satisfactionRate ?? 0) * c.rated * 10000) / 10000;
  const unitRows = unitRowsAll.filter((r) => r.key !== '' && r.counters.dispatched > 0);
  const unitIds = unitRows.map((r) => r.key);
  const unitInfo = new Map(unitIds.length ? (await db.selectFrom('units').select(['id', 'code', 'name']).where('id', 'in', unitIds).execute()).map((u) => [u.id, u]) : []);
  const units = unitRows
    .filter((r) => unitInfo.has(r.key))
    .sort((a, b) => b.counters.dispatched - a.counters.dispatched || unitInfo.get(a.key)!.code.localeCompare(unitInfo.get(b.key)!.code))
    .slice(0, 15)
    .map((r) => {
      const ur = ratesOf(r.counters, weights);
      return {
        unit: unitInfo.get(r.key)!,
        received: r.counters.dispatched,
        replied: r.counters.replied,
        onTime: r.counters.replied_on_time,
        onTimeRate: ur.onTimeRate,
        callbacks: r.counters.rated,
        satisfied: satisfiedOf(r.counters),
        satisfactionRate: ur.satisfactionRate,
        overdue: r.counters.overdue,
      };
    });

  // the week's hot words: titles of the last 7 days, each word once per title
  const hotWords = await weekHotWords(db, today, to, now);

  // where the period's cases stand: awaiting dispatch, with a unit, replied, closed
  const closedDispatched = Math.max(0, total.closed - total.on_spot);
  const progress = [
    { state: 'registered', count: Math.max(0, total.received - total.dispatched - total.on_spot) },
    { state: 'handling', count: Math.max(0, total.dispatched - total.replied) },
    { state: 'replied', count: Math.max(0, total.replied - closedDispatched) },
    { state: 'closed', count: total.closed },
  ];

  return {
    days,
    from,
    to: now,
    daily,
    byChannel,
    byKind,
    byCategory,
    byDistrict: mergedDistricts,
    totals: {
      received: total.received,
      closed: total.closed,
      open: total.received - total.closed,
      dispatched: total.dispatched,
      replied: total.replied,
      onTime: total.replied_on_time,
      onTimeRate: rates.onTimeRate,
      callbacks: total.rated,
      satisfied: satisfiedOf(total),
      satisfactionRate: rates.satisfactionRate,
      overdue: total.overdue,
    },
    units,
    hotWords,
    states: progress,
  };
}

/** The words of the newest titles of the last 7 days, each counted once per title. */
async function weekHotWords(db: Kysely<DB>, today: number, to: Date, now: Date) {
  const key = String(today);
  if (hotWordCache && hotWordCache.key === key && now.getTime() - hotWordCache.at < 60_000 && now.getTime() >= hotWordCache.at) return hotWordCache.words;
  const weekFrom = shanghaiInstantOf(today - 6, 0);
  const titles = await db.selectFrom('cases').select('title').where('created_at', '>=', weekFrom).where('created_at', '<', to).orderBy('created_at', 'desc').limit(HOT_WORD_TITLES).execute();
  const counts = new Map<string, number>();
  for (const { title } of titles) for (const w of new Set(segment(title))) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 20)
    .map(([word, count]) => ({ word, count }));
  hotWordCache = { key, at: now.getTime(), words };
  return words;
}
