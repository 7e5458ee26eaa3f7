/**
 * The centre's response times (GB/T 33358-2016): SMS and other online media answered within
 * 3 minutes, mailbox letters within 24 hours — per channel, from arrival to the centre's first step.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { DomainError } from '../../core/errors';
import { RESPONSE_TARGET_SECONDS } from '../../core/response-times';
import { errorResponses, nullable } from './schemas';

export function registerReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/reports/response-times',
    {
      schema: {
        tags: ['reports'],
        summary: '响应时效 — how fast the centre acknowledged what arrived, per channel (GB/T 33358)',
        querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } } },
        response: {
          200: {
            type: 'object',
            properties: {
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              channels: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    channel: { type: 'string' },
                    targetSeconds: nullable({ type: 'integer' }),
                    received: { type: 'integer' },
                    acknowledged: { type: 'integer' },
                    withinTarget: { type: 'integer' },
                    withinTargetRate: nullable({ type: 'number' }),
                    waitingPastTarget: { type: 'integer' },
                    medianSeconds: nullable({ type: 'number' }),
                    p90Seconds: nullable({ type: 'number' }),
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
      requireRole(req, ['supervisor', 'admin', 'leader', 'dispatcher']);
      const q = req.query as { from?: string; to?: string };
      const now = deps.clock();
      const to = q.to ? new Date(q.to) : new Date(now.getTime() + 1); // exclusive; includes this moment by default
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
      if (!(from.getTime() < to.getTime())) throw new DomainError('validation.failed', 'from 须早于 to', 'from must be before to', { field: 'from' });
      const rows = await sql<{ channel: string; received: number; acknowledged: number; median: number | null; p90: number | null; waits: number[] | null }>`
        SELECT channel,
               count(*)::int AS received,
               count(acknowledged_at)::int AS acknowledged,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - received_at)) AS median,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - received_at)) AS p90
        FROM cases
        WHERE received_at >= ${from} AND received_at < ${to}
        GROUP BY channel ORDER BY channel`.execute(deps.db.db);
      const channels = [];
      for (const r of rows.rows) {
        const target = RESPONSE_TARGET_SECONDS[r.channel as keyof typeof RESPONSE_TARGET_SECONDS] ?? null;
        let within = 0;
        let waiting = 0;
        if (target !== null) {
          const w = await sql<{ within: number; waiting: number }>`
            SELECT count(*) FILTER (WHERE acknowledged_at IS NOT NULL AND acknowledged_at - received_at <= ${`${target} seconds`}::interval)::int AS within,
                   count(*) FILTER (WHERE acknowledged_at IS NULL AND ${now}::timestamptz - received_at > ${`${target} seconds`}::interval)::int AS waiting
            FROM cases WHERE channel = ${r.channel} AND received_at >= ${from} AND received_at < ${to}`.execute(deps.db.db);
          within = w.rows[0]?.within ?? 0;
          waiting = w.rows[0]?.waiting ?? 0;
        }
        channels.push({
          channel: r.channel,
          targetSeconds: target,
          received: r.received,
          acknowledged: r.acknowledged,
          withinTarget: within,
          withinTargetRate: target !== null && r.received > 0 ? within / r.received : null,
          waitingPastTarget: waiting,
          medianSeconds: r.median === null ? null : Number(r.median),
          p90Seconds: r.p90 === null ? null : Number(r.p90),
        });
      }
      return { from, to, channels };
    },
  );
}
