/** The work the timers produce: a unit's notifications, and the centre's callback queue. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole, requireUser } from '../http/auth';
import { DomainError } from '../../core/errors';
import { enumOf, errorResponses, nullable, isoInstant } from './schemas';
import { CALLBACK_TYPES } from '../../core/enums';

export function registerTaskRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['work queues'],
        summary: '消息提醒 — deadline warnings, overdue notices and escalations for your unit',
        querystring: { type: 'object', additionalProperties: false, properties: { unread: { type: 'boolean' }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } },
        response: {
          200: {
            type: 'array',
            items: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, message: { type: 'string' }, caseId: nullable({ type: 'string' }), caseNo: nullable({ type: 'string' }), createdAt: isoInstant, readAt: nullable(isoInstant) } },
          },
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const q = req.query as { unread?: boolean; limit: number };
      let query = db
        .selectFrom('notifications as n')
        .leftJoin('cases as c', 'c.id', 'n.case_id')
        .select(['n.id', 'n.kind', 'n.message', 'n.case_id', 'c.case_no', 'n.created_at', 'n.read_at'])
        .where('n.unit_id', '=', user.unitId);
      if (q.unread) query = query.where('n.read_at', 'is', null);
      const rows = await query.orderBy('n.created_at', 'desc').limit(q.limit).execute();
      return rows.map((r) => ({ id: r.id, kind: r.kind, message: r.message, caseId: r.case_id, caseNo: r.case_no, createdAt: r.created_at, readAt: r.read_at }));
    },
  );

  app.post('/api/notifications/:id/read', { schema: { tags: ['work queues'], summary: '标记已读', params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } }, async (req, reply) => {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const res = await db.updateTable('notifications').set({ read_at: deps.clock() }).where('id', '=', id).where('unit_id', '=', user.unitId).executeTakeFirst();
    if (!res.numUpdatedRows) throw new DomainError('not_found', '消息不存在', 'no such notification');
    return reply.status(204).send();
  });

  app.get(
    '/api/callback-tasks',
    {
      schema: {
        tags: ['work queues'],
        summary: '回访任务 — open process and look-back callbacks, and cases awaiting their result callback',
        querystring: { type: 'object', additionalProperties: false, properties: { type: enumOf(CALLBACK_TYPES), limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: { id: nullable({ type: 'string' }), type: { type: 'string' }, caseId: { type: 'string' }, caseNo: { type: 'string' }, title: { type: 'string' }, channel: { type: 'string' }, createdAt: isoInstant, dueAt: nullable(isoInstant) },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, ['operator', 'supervisor']);
      const q = req.query as { type?: 'process' | 'result' | 'look_back'; limit: number };
      const out: { id: string | null; type: string; caseId: string; caseNo: string; title: string; channel: string; createdAt: Date; dueAt: Date | null }[] = [];
      if (q.type !== 'result') {
        let tq = db
          .selectFrom('callback_tasks as t')
          .innerJoin('cases as c', 'c.id', 't.case_id')
          .select(['t.id', 't.type', 't.case_id', 'c.case_no', 'c.title', 'c.channel', 't.created_at', 't.due_at'])
          .where('t.done_at', 'is', null);
        if (q.type) tq = tq.where('t.type', '=', q.type);
        for (const r of await tq.orderBy('t.created_at').limit(q.limit).execute()) {
          out.push({ id: r.id, type: r.type, caseId: r.case_id, caseNo: r.case_no, title: r.title, channel: r.channel, createdAt: r.created_at, dueAt: r.due_at });
        }
      }
      if (!q.type || q.type === 'result') {
        // the result-callback queue is the set of approved cases awaiting their callback
        const rows = await db.selectFrom('cases').select(['id', 'case_no', 'title', 'channel', 'updated_at']).where('state', '=', 'pending_callback').orderBy('updated_at').limit(q.limit).execute();
        for (const r of rows) out.push({ id: null, type: 'result', caseId: r.id, caseNo: r.case_no, title: r.title, channel: r.channel, createdAt: r.updated_at, dueAt: null });
      }
      return out.slice(0, q.limit);
    },
  );
}
