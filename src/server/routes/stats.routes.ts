/**
 * /api/stats: the metrics of docs/metrics.md by unit, district, category, channel, kind or period,
 * from the rollups (issue #8 §1–2).
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { langOf } from '../http/i18n';
import { DomainError } from '../../core/errors';
import { COUNTERS, ratesOf, type Counters } from '../../core/metrics';
import { CHANNEL_LABELS, KIND_LABELS, type Channel, type Kind } from '../../core/enums';
import { shanghaiDate } from '../../core/calendar';
import { readBreakdown, readSeries, readTotals, type Granularity, type StatsRow } from '../stats/stats.repo';
import { enumOf, errorResponses, nullable } from './schemas';
import type { Executor } from '../cases/cases.repo';

export const STATS_READERS = ['leader', 'supervisor', 'admin', 'dispatcher'] as const;
const BY = ['unit', 'district', 'category', 'channel', 'kind', 'period'] as const;
const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;

const countersSchema = { type: 'object', properties: Object.fromEntries(COUNTERS.map((c) => [c, { type: 'integer' }])) } as const;
const ratesSchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['feedbackRate', 'onTimeRate', 'completionRate', 'satisfactionRate', 'responseRate', 'resolutionRate', 'firstContactRate', 'reworkRate', 'misrouteRate', 'extensionRate'].map((r) => [r, nullable({ type: 'number' })]),
  ),
} as const;

export const statsRowSchema = {
  type: 'object',
  properties: { key: { type: 'string' }, label: { type: 'string' }, counters: countersSchema, rates: ratesSchema },
} as const;

/** Names for the keys of a breakdown: units and districts by name, categories by name, channels and kinds in Chinese. */
export async function labelRows(db: Executor, by: (typeof BY)[number], rows: StatsRow[], lang: 'zh' | 'en') {
  let names = new Map<string, string>();
  if (by === 'unit' || by === 'district') {
    const ids = rows.map((r) => r.key).filter((k) => /^[0-9a-f-]{36}$/.test(k));
    if (ids.length) names = new Map((await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.name]));
  }
  if (by === 'category') names = new Map((await db.selectFrom('categories').select(['code', 'name']).execute()).map((c) => [c.code, c.name]));
  const none = lang === 'en' ? '(none)' : by === 'unit' ? '未交办' : by === 'district' ? '未定位' : '未分类';
  return rows.map((r) => {
    const label =
      by === 'channel'
        ? `${CHANNEL_LABELS[r.key as Channel] ?? r.key} · ${KIND_LABELS[r.key2 as Kind] ?? r.key2}`
        : by === 'kind'
          ? (KIND_LABELS[r.key as Kind] ?? r.key)
          : by === 'period'
            ? r.key
            : r.key === ''
              ? none
              : (names.get(r.key) ?? r.key);
    return { key: by === 'channel' ? `${r.key}/${r.key2}` : r.key, label, counters: r.counters };
  });
}

function dayParam(v: string | undefined, fallback: string, field: string): string {
  if (!v) return fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new DomainError('validation.failed', `${field} 须为 YYYY-MM-DD`, `${field} must be YYYY-MM-DD`, { field });
  return v;
}

export function registerStatsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  app.get(
    '/api/stats',
    {
      schema: {
        tags: ['reports'],
        summary: '统计分析 — counters and rates of docs/metrics.md by unit, district, category, channel, kind or period',
        description:
          'Cases count on the Shanghai day they were registered (`from`..`to`, inclusive; default the last 30 days), under their current lead unit, district, category (first level), channel and kind, with their current outcome. ' +
          '`by=period` gives one row per `granularity` (day, week from Monday, month, quarter, year). Rows are sorted by `received`, periods by date.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            by: enumOf(BY),
            granularity: enumOf(GRANULARITIES),
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              from: { type: 'string' },
              to: { type: 'string' },
              by: { type: 'string' },
              total: { type: 'object', properties: { counters: countersSchema, rates: ratesSchema } },
              rows: { type: 'array', items: statsRowSchema },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, STATS_READERS);
      const q = req.query as { by?: (typeof BY)[number]; granularity?: Granularity; from?: string; to?: string };
      const now = deps.clock();
      const to = dayParam(q.to, shanghaiDate(now), 'to');
      const from = dayParam(q.from, shanghaiDate(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000)), 'from');
      if (from > to) throw new DomainError('validation.failed', '开始日期不能晚于结束日期', 'from must not be after to', { field: 'from' });
      const by = q.by ?? 'unit';
      const weights = (await deps.policy.get()).settings.satisfactionWeights;
      const raw = by === 'period' ? await readSeries(db, q.granularity ?? 'day', from, to) : await readBreakdown(db, by, from, to);
      const labelled = await labelRows(db, by, raw, langOf(req));
      if (by !== 'period') labelled.sort((a, b) => b.counters.received - a.counters.received || a.label.localeCompare(b.label));
      const total: Counters = await readTotals(db, from, to);
      return {
        from,
        to,
        by,
        total: { counters: total, rates: ratesOf(total, weights) },
        rows: labelled.map((r) => ({ ...r, rates: ratesOf(r.counters, weights) })),
      };
    },
  );
}
