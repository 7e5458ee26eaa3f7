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
        summary: '回访任务 — open process, result and look-back callbacks; result tasks are phone calls, or links while an SMS/online citizen may rate on the portal',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            type: enumOf(CALLBACK_TYPES),
            method: enumOf(['phone', 'link'], 'phone: an operator calls; link: the citizen was sent a rating link'),
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                type: { type: 'string' },
                method: enumOf(['phone', 'link']),
                caseId: { type: 'string' },
                caseNo: { type: 'string' },
                title: { type: 'string' },
                channel: { type: 'string' },
                state: { type: 'string' },
                version: { type: 'integer' },
                createdAt: isoInstant,
                dueAt: nullable(isoInstant),
                overdue: { type: 'boolean' },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, ['operator', 'supervisor']);
      const q = req.query as { type?: 'process' | 'result' | 'look_back'; method?: 'phone' | 'link'; limit: number };
      const now = deps.clock();
      let tq = db
        .selectFrom('callback_tasks as t')
        .innerJoin('cases as c', 'c.id', 't.case_id')
        .select(['t.id', 't.type', 't.method', 't.case_id', 'c.case_no', 'c.title', 'c.channel', 'c.state', 'c.version', 't.created_at', 't.due_at'])
        .where('t.done_at', 'is', null);
      if (q.type) tq = tq.where('t.type', '=', q.type);
      if (q.method) tq = tq.where('t.method', '=', q.method);
      const rows = await tq.orderBy('t.due_at').orderBy('t.created_at').limit(q.limit).execute();
      return rows.map((r) => ({
        id: r.id,
        type: r.type,
        method: r.method,
        caseId: r.case_id,
        caseNo: r.case_no,
        title: r.title,
        channel: r.channel,
        state: r.state,
        version: r.version,
        createdAt: r.created_at,
        dueAt: r.due_at,
        overdue: r.due_at !== null && r.due_at.getTime() < now.getTime(),
      }));
    },
  );
}
