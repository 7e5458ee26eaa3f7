/** The working-day calendar and the deadline preview used by the UI and integrations (docs/time-limits.md). */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { DomainError } from '../../core/errors';
import { computeDue, parseLimit, describeLimit } from '../../core/time-limits';
import { shanghaiDate } from '../../core/calendar';
import { langOf } from '../http/i18n';
import { errorResponses } from './schemas';

export function registerCalendarRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/calendar/deadline',
    {
      schema: {
        tags: ['calendar'],
        summary: '期限计算 — the due time of a limit starting at an instant',
        querystring: {
          type: 'object',
          required: ['from', 'limit'],
          properties: {
            from: { type: 'string', description: 'ISO 8601 instant' },
            limit: { type: 'string', description: '5wd | 3d | 2h | 15m | sameday' },
            lang: { type: 'string', enum: ['zh', 'en'] },
          },
        },
        response: {
          200: { type: 'object', properties: { dueAt: { type: 'string', format: 'date-time' }, limit: { type: 'string' }, description: { type: 'string' }, estimated: { type: 'boolean' } } },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const q = req.query as { from: string; limit: string };
      const from = new Date(q.from);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(q.from) || Number.isNaN(from.getTime())) throw new DomainError('validation.failed', 'from 须为 ISO 8601 时间', 'from must be an ISO 8601 instant', { field: 'from' });
      let limit;
      try {
        limit = parseLimit(q.limit);
      } catch {
        throw new DomainError('validation.failed', 'limit 格式不正确（例：5wd、3d、2h、15m、sameday）', 'limit must look like 5wd, 3d, 2h, 15m or sameday', { field: 'limit' });
      }
      const policy = await deps.policy.get();
      const dueAt = computeDue(from, limit, policy.calendar, { closeOfBusiness: policy.closeOfBusiness });
      const yearOf = (d: Date) => Number(shanghaiDate(d).slice(0, 4));
      const estimated = policy.calendar.isEstimated(yearOf(from)) || policy.calendar.isEstimated(yearOf(dueAt));
      return { dueAt: dueAt.toISOString(), limit: q.limit, description: describeLimit(limit, langOf(req)), estimated };
    },
  );
}
