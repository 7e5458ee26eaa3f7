/** The outbox as admins read it: every message to citizens and units, with its delivery state. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { DomainError } from '../../core/errors';
import { enumOf, isoInstant, nullable } from './schemas';

export function registerOutboxRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;
  app.get(
    '/api/outbox',
    {
      schema: {
        tags: ['messages'],
        summary: '消息发送记录 — messages sent or waiting, with the sender that delivered them (admin)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: enumOf(['pending', 'sending', 'sent', 'failed']), channel: enumOf(['sms', 'email']), caseNo: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                channel: { type: 'string' },
                recipient: { type: 'string' },
                subject: nullable({ type: 'string' }),
                body: { type: 'string' },
                purpose: { type: 'string' },
                caseNo: nullable({ type: 'string' }),
                status: { type: 'string' },
                attempts: { type: 'integer' },
                lastError: nullable({ type: 'string' }),
                sender: nullable({ type: 'string' }),
                createdAt: isoInstant,
                sentAt: nullable(isoInstant),
                nextAttemptAt: isoInstant,
              },
            },
          },
        },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const q = req.query as { status?: 'pending' | 'sending' | 'sent' | 'failed'; channel?: 'sms' | 'email'; caseNo?: string; limit: number };
      let query = db.selectFrom('outbox as o').leftJoin('cases as c', 'c.id', 'o.case_id').selectAll('o').select('c.case_no');
      if (q.status) query = query.where('o.status', '=', q.status);
      if (q.channel) query = query.where('o.channel', '=', q.channel);
      if (q.caseNo) query = query.where('c.case_no', '=', q.caseNo);
      const rows = await query.orderBy('o.created_at', 'desc').limit(q.limit).execute();
      return rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        recipient: r.recipient,
        subject: r.subject,
        body: r.body,
        purpose: r.purpose,
        caseNo: r.case_no,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        sender: r.sender,
        createdAt: r.created_at,
        sentAt: r.sent_at,
        nextAttemptAt: r.next_attempt_at,
      }));
    },
  );

  app.post('/api/outbox/:id/retry', { schema: { tags: ['messages'], summary: '重发 — send a failed message again (admin)', params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } }, async (req, reply) => {
    requireRole(req, ['admin']);
    const { id } = req.params as { id: string };
    const res = await db.updateTable('outbox').set({ status: 'pending', attempts: 0, next_attempt_at: deps.clock(), last_error: null }).where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
    if (!res.numUpdatedRows) throw new DomainError('not_found', '没有该发送失败的消息', 'no failed message with that id');
    deps.kickOutbox();
    return reply.status(204).send();
  });
}
