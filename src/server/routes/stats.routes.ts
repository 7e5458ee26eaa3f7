/**
 * /api/stats: the metrics of docs/metrics.md by unit, district, category, channel, kind or period,
 * from the rollups (issue #8 §1–2).
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { langOf } from '../http/i18n';
import { DomainError } from '../../core/errors';
import { COUNTERS, addCounters, ratesOf, zeroCounters, type Counters } from '../../core/metrics';
import { shanghaiDate } from '../../core/calendar';
import { readBreakdown, readSeries, type Granularity } from '../stats/stats.repo';
import { labelRows, STATS_BY } from '../stats/labels';
import { enumOf, errorResponses, nullable } from './schemas';

export const STATS_READERS = ['leader', 'supervisor', 'admin', 'dispatcher'] as const;
/** DOMAIN.md §1: a unit leader sees the unit's statistics — its own and its sub-units', by unit or by period. */
const UNIT_STATS_READERS = ['unit_leader'] as const;
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
        summary: '统计分析 — counters and rates of docs/metrics.md by unit, district, category, channel, kind or period (a unit leader: the own unit, by unit or period)',
        description:
          'Cases count on the Shanghai day they were registered (`from`..`to`, inclusive; default the last 30 days), under their current lead unit, district, category (first level), channel and kind, with their current outcome. ' +
          '`by=period` gives one row per `granularity` (day, week from Monday, month, quarter, year). Rows are sorted by `received`, periods by date.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            by: enumOf(STATS_BY),
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
      const user = requireRole(req, [...STATS_READERS, ...UNIT_STATS_READERS]);
      const q = req.query as { by?: (typeof STATS_BY)[number]; granularity?: Granularity; from?: string; to?: string };
      const ownUnits = (UNIT_STATS_READERS as readonly string[]).includes(user.role)
        ? (await db.selectFrom('units').select('id').where('path', 'like', `${user.unitPath}%`).execute()).map((u) => u.id)
        : undefined;
      if (ownUnits && q.by && q.by !== 'unit' && q.by !== 'period') {
        throw new DomainError('auth.forbidden', '单位负责人可按单位或按时间查看本单位的统计', 'a unit leader sees the own unit’s figures by unit or by period', { field: 'by' });
      }
      const now = deps.clock();
      const to = dayParam(q.to, shanghaiDate(now), 'to');
      const from = dayParam(q.from, shanghaiDate(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000)), 'from');
      if (from > to) throw new DomainError('validation.failed', '开始日期不能晚于结束日期', 'from must not be after to', { field: 'from' });
      const by = q.by ?? 'unit';
      const weights = (await deps.policy.get()).settings.satisfactionWeights;
      const raw = by === 'period' ? await readSeries(db, q.granularity ?? 'day', from, to, ownUnits) : await readBreakdown(db, by, from, to, ownUnits);
      const labelled = await labelRows(db, by, raw, langOf(req));
      if (by !== 'period') labelled.sort((a, b) => b.counters.received - a.counters.received || a.label.localeCompare(b.label));
      // every breakdown divides all the period's cases, so its rows add up to the total
      const total: Counters = raw.reduce((acc, r) => addCounters(acc, r.counters), zeroCounters());
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
