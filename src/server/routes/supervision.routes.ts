/**
 * Supervision (issue #7 §4–5): supervision and key-item orders with their PDF, promises across
 * cases, and the criticism entries the quarterly notice is drawn from.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../app';
import { requireRole, requireUser } from '../http/auth';
import type { AuthUser } from '../auth/auth.repo';
import { DomainError } from '../../core/errors';
import { CRITICISM_REASONS, CRITICISM_REASON_LABELS, quarterOf, type CriticismReason } from '../../core/criticism';
import { shanghaiDate } from '../../core/calendar';
import { recordCriticism } from '../assessment/criticism.repo';
import { findUnit } from '../org/org.repo';
import type { Executor } from '../cases/cases.repo';

async function unitOrThrow(db: Executor, ref: string, field: string) {
  const u = await findUnit(db, ref);
  if (!u) throw new DomainError('unit.not_found', `单位不存在：${ref}`, `no such unit: ${ref}`, { field });
  return u;
}
import { isUuid } from '../cases/cases.repo';
import { loadCaseSummaries } from '../supervision/case-summary';
import { renderSupervisionOrderPdf } from '../print/pdf';
import { enumOf, errorResponses, isoInstant, nullable, str, uuid } from './schemas';

const CENTRE_OR_LEADER = ['operator', 'dispatcher', 'supervisor', 'admin', 'leader'] as const;

/**
 * Centre staff and leaders see every order; a unit sees its own and those of units below it.
 * Citizens' and the media seat's accounts sit at the centre too, and see none (issue #9 §1).
 */
function seesAll(user: AuthUser): boolean {
  return user.role === 'leader' || (user.atCentre && (CENTRE_OR_LEADER as readonly string[]).includes(user.role));
}

const orderSchema = {
  type: 'object',
  properties: {
    id: uuid,
    orderNo: { type: 'string' },
    kind: enumOf(['supervision', 'key_item']),
    caseId: uuid,
    caseNo: { type: 'string' },
    caseTitle: { type: 'string' },
    unit: { type: 'object', properties: { id: uuid, name: { type: 'string' } } },
    requirement: { type: 'string' },
    dueAt: isoInstant,
    issuedAt: isoInstant,
    issuedBy: nullable({ type: 'string' }),
    status: enumOf(['open', 'responded', 'closed']),
    overdue: { type: 'boolean', description: 'Open past its deadline, or answered after it' },
    response: nullable({ type: 'string' }),
    respondedAt: nullable(isoInstant),
    closedAt: nullable(isoInstant),
    closeNote: nullable({ type: 'string' }),
  },
} as const;

const criticismSchema = {
  type: 'object',
  properties: {
    id: uuid,
    unit: { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } },
    caseId: nullable(uuid),
    caseNo: nullable({ type: 'string' }),
    reason: enumOf(CRITICISM_REASONS),
    reasonLabel: { type: 'string' },
    detail: { type: 'string' },
    source: enumOf(['auto', 'manual']),
    quarter: { type: 'string' },
    createdAt: isoInstant,
    revokedAt: nullable(isoInstant),
    revokeNote: nullable({ type: 'string' }),
  },
} as const;

export function registerSupervisionRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  function ordersQuery(user: AuthUser) {
    let q = db
      .selectFrom('supervision_orders as o')
      .innerJoin('cases as c', 'c.id', 'o.case_id')
      .innerJoin('units as un', 'un.id', 'o.unit_id')
      .leftJoin('users as u', 'u.id', 'o.issued_by')
      .select([
        'o.id',
        'o.order_no',
        'o.kind',
        'o.case_id',
        'c.case_no',
        'c.title',
        'o.unit_id',
        'un.name as unit_name',
        'o.requirement',
        'o.due_at',
        'o.issued_at',
        'u.display_name as issuer',
        'o.status',
        'o.overdue_at',
        'o.response',
        'o.responded_at',
        'o.closed_at',
        'o.close_note',
      ]);
    if (!seesAll(user)) q = q.where('un.path', 'like', `${user.unitPath}%`);
    return q;
  }
  type OrderRow = Awaited<ReturnType<ReturnType<typeof ordersQuery>['execute']>>[number];
  const orderOut = (o: OrderRow, now: Date) => ({
    id: o.id,
    orderNo: o.order_no,
    kind: o.kind,
    caseId: o.case_id,
    caseNo: o.case_no,
    caseTitle: o.title,
    unit: { id: o.unit_id, name: o.unit_name },
    requirement: o.requirement,
    dueAt: o.due_at,
    issuedAt: o.issued_at,
    issuedBy: o.issuer,
    status: o.status,
    overdue: o.overdue_at !== null || (o.status === 'open' && o.due_at.getTime() < now.getTime()) || (o.responded_at !== null && o.responded_at.getTime() > o.due_at.getTime()),
    response: o.response,
    respondedAt: o.responded_at,
    closedAt: o.closed_at,
    closeNote: o.close_note,
  });

  async function loadOrder(user: AuthUser, id: string) {
    const o = await ordersQuery(user).where('o.id', '=', id).executeTakeFirst();
    if (!o) throw new DomainError('not_found', '督办单不存在', 'no such order');
    return o;
  }

  app.get(
    '/api/supervision-orders',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办单 / 重点事项交办单 — orders, newest first (a unit sees its own)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: enumOf(['open', 'responded', 'closed', 'overdue']), kind: enumOf(['supervision', 'key_item']), limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        },
        response: { 200: { type: 'array', items: orderSchema }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const q = req.query as { status?: string; kind?: 'supervision' | 'key_item'; limit: number };
      const now = deps.clock();
      let query = ordersQuery(user);
      if (q.status === 'overdue') query = query.where('o.status', '=', 'open').where('o.due_at', '<', now);
      else if (q.status) query = query.where('o.status', '=', q.status as 'open');
      if (q.kind) query = query.where('o.kind', '=', q.kind);
      return (await query.orderBy('o.issued_at', 'desc').limit(q.limit).execute()).map((o) => orderOut(o, now));
    },
  );

  app.get(
    '/api/supervision-orders/:id',
    { schema: { tags: ['supervision'], summary: '督办单详情', params: { type: 'object', properties: { id: uuid }, required: ['id'] }, response: { 200: orderSchema, ...errorResponses } } },
    async (req) => orderOut(await loadOrder(requireUser(req), (req.params as { id: string }).id), deps.clock()),
  );

  app.get(
    '/api/supervision-orders/:id/pdf',
    {
      schema: {
        tags: ['supervision'],
        summary: '打印督办单 — the order as a PDF with the case summary',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        response: { 200: { type: 'string', format: 'binary', description: 'application/pdf' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const o = await loadOrder(user, (req.params as { id: string }).id);
      const [summary] = await loadCaseSummaries(db, [o.case_id]);
      const issuerUnit = await db.selectFrom('units').select('name').where('type', '=', 'centre').orderBy('path').limit(1).executeTakeFirst();
      const responder = o.status !== 'open' ? await db.selectFrom('supervision_orders as so').leftJoin('users as u', 'u.id', 'so.responded_by').select('u.display_name').where('so.id', '=', o.id).executeTakeFirst() : undefined;
      const pdf = await renderSupervisionOrderPdf({
        orderNo: o.order_no,
        kind: o.kind,
        issuer: issuerUnit?.name ?? '12345政务服务便民热线',
        issuedBy: o.issuer ?? '系统自动督办',
        issuedAt: o.issued_at,
        dueAt: o.due_at,
        unitName: o.unit_name,
        requirement: o.requirement,
        status: o.status,
        response: o.response,
        respondedAt: o.responded_at,
        respondedBy: responder?.display_name ?? null,
        case: summary!,
      });
      return sendPdf(reply, pdf, `${o.order_no}.pdf`);
    },
  );

  app.post(
    '/api/supervision-orders/:id/close',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办办结 — the supervisor accepts the unit’s written response and closes the order',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, properties: { note: str(1000, 0) } },
        response: { 200: orderSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, ['supervisor']);
      const { id } = req.params as { id: string };
      const now = deps.clock();
      const res = await db
        .updateTable('supervision_orders')
        .set({ status: 'closed', closed_by: user.userId, closed_at: now, close_note: (req.body as { note?: string } | undefined)?.note?.trim() || null })
        .where('id', '=', id)
        .where('status', '=', 'responded')
        .executeTakeFirst();
      if (!res.numUpdatedRows) {
        const o = await loadOrder(user, id);
        throw new DomainError('case.illegal_transition', o.status === 'open' ? '承办单位尚未书面反馈，不能办结督办单' : '督办单已办结', o.status === 'open' ? 'the unit has not responded yet' : 'the order is already closed', { status: o.status });
      }
      return orderOut(await loadOrder(user, id), now);
    },
  );

  // ---- promises across cases -----------------------------------------------------------------

  app.get(
    '/api/promises',
    {
      schema: {
        tags: ['supervision'],
        summary: '承诺事项 — promises made in replies, by state (a unit sees its own)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: enumOf(['open', 'due_soon', 'overdue', 'kept'], 'due_soon: open and due within 3 days'),
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 },
          },
        },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: uuid,
                caseId: uuid,
                caseNo: { type: 'string' },
                caseTitle: { type: 'string' },
                caseVersion: { type: 'integer' },
                unit: { type: 'string' },
                what: { type: 'string' },
                dueDate: nullable({ type: 'string', format: 'date' }),
                createdAt: isoInstant,
                doneAt: nullable(isoInstant),
                doneNote: nullable({ type: 'string' }),
                overdue: { type: 'boolean' },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const q = req.query as { status?: string; limit: number };
      const today = shanghaiDate(deps.clock());
      const soon = shanghaiDate(new Date(deps.clock().getTime() + 3 * 86_400_000));
      let query = db
        .selectFrom('promises as p')
        .innerJoin('cases as c', 'c.id', 'p.case_id')
        .innerJoin('units as un', 'un.id', 'p.unit_id')
        .select(['p.id', 'p.case_id', 'c.case_no', 'c.title', 'c.version', 'un.name as unit_name', 'p.what', sql<string | null>`p.due_date::text`.as('due_date'), 'p.created_at', 'p.done_at', 'p.done_note']);
      if (!seesAll(user)) query = query.where('un.path', 'like', `${user.unitPath}%`);
      if (q.status === 'kept') query = query.where('p.done_at', 'is not', null);
      else if (q.status) query = query.where('p.done_at', 'is', null);
      if (q.status === 'overdue') query = query.where(sql<boolean>`p.due_date < ${today}::date`);
      if (q.status === 'due_soon') query = query.where(sql<boolean>`p.due_date BETWEEN ${today}::date AND ${soon}::date`);
      const rows = await query.orderBy(sql`p.due_date`, sql`asc nulls last`).orderBy('p.created_at').limit(q.limit).execute();
      return rows.map((p) => ({
        id: p.id,
        caseId: p.case_id,
        caseNo: p.case_no,
        caseTitle: p.title,
        caseVersion: p.version,
        unit: p.unit_name,
        what: p.what,
        dueDate: p.due_date,
        createdAt: p.created_at,
        doneAt: p.done_at,
        doneNote: p.done_note,
        overdue: !p.done_at && !!p.due_date && p.due_date < today,
      }));
    },
  );

  // ---- criticism entries ----------------------------------------------------------------------

  app.get(
    '/api/criticisms',
    {
      schema: {
        tags: ['supervision'],
        summary: '通报批评记录 — entries of a quarter (a unit leader sees their unit’s)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { quarter: { type: 'string', pattern: '^\\d{4}Q[1-4]$', description: 'Default: the current quarter' }, unit: str(64), includeRevoked: { type: 'boolean' } },
        },
        response: { 200: { type: 'array', items: criticismSchema }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, [...CENTRE_OR_LEADER, 'unit_leader']);
      const q = req.query as { quarter?: string; unit?: string; includeRevoked?: boolean };
      let query = db
        .selectFrom('criticism_entries as e')
        .innerJoin('units as un', 'un.id', 'e.unit_id')
        .leftJoin('cases as c', 'c.id', 'e.case_id')
        .select(['e.id', 'e.unit_id', 'un.code', 'un.name', 'e.case_id', 'c.case_no', 'e.reason', 'e.detail', 'e.source', 'e.quarter', 'e.created_at', 'e.revoked_at', 'e.revoke_note'])
        .where('e.quarter', '=', q.quarter ?? quarterOf(deps.clock()));
      if (!seesAll(user)) query = query.where('un.path', 'like', `${user.unitPath}%`);
      if (q.unit) query = query.where('e.unit_id', '=', (await unitOrThrow(db, q.unit, 'unit')).id);
      if (!q.includeRevoked) query = query.where('e.revoked_at', 'is', null);
      const rows = await query.orderBy('un.code').orderBy('e.created_at').execute();
      const lang = req.headers['accept-language']?.startsWith('en') ? 'en' : 'zh';
      return rows.map((e) => ({
        id: e.id,
        unit: { id: e.unit_id, code: e.code, name: e.name },
        caseId: e.case_id,
        caseNo: e.case_no,
        reason: e.reason,
        reasonLabel: CRITICISM_REASON_LABELS[e.reason as CriticismReason]?.[lang] ?? e.reason,
        detail: e.detail,
        source: e.source,
        quarter: e.quarter,
        createdAt: e.created_at,
        revokedAt: e.revoked_at,
        revokeNote: e.revoke_note,
      }));
    },
  );

  app.post(
    '/api/criticisms',
    {
      schema: {
        tags: ['supervision'],
        summary: '登记通报批评事由 — a supervisor records a reason the platform cannot find by itself (reply contradicts reality …)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['unit', 'reason', 'detail'],
          properties: { unit: str(64), reason: enumOf(CRITICISM_REASONS), detail: str(1000, 5), case: str(64, 1) },
        },
        response: { 201: { type: 'object', properties: { id: uuid, quarter: { type: 'string' } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, ['supervisor']);
      const b = req.body as { unit: string; reason: CriticismReason; detail: string; case?: string };
      const unit = await unitOrThrow(db, b.unit, 'unit');
      let caseId: string | null = null;
      if (b.case) {
        const c = await db.selectFrom('cases').select('id').where(isUuid(b.case) ? 'id' : 'case_no', '=', b.case).executeTakeFirst();
        if (!c) throw new DomainError('case.not_found', `诉求不存在：${b.case}`, `no such case: ${b.case}`, { field: 'case' });
        caseId = c.id;
      }
      const now = deps.clock();
      const id = await recordCriticism(db, { unitId: unit.id, caseId, reason: b.reason, detail: b.detail.trim(), source: 'manual', createdBy: user.userId, now });
      return reply.status(201).send({ id, quarter: quarterOf(now) });
    },
  );

  app.post(
    '/api/criticisms/:id/revoke',
    {
      schema: {
        tags: ['supervision'],
        summary: '撤销通报批评事由 — e.g. the unit proved the rework was not its fault',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, required: ['note'], properties: { note: str(1000, 2) } },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, ['supervisor']);
      const res = await db
        .updateTable('criticism_entries')
        .set({ revoked_at: deps.clock(), revoked_by: user.userId, revoke_note: (req.body as { note: string }).note.trim() })
        .where('id', '=', (req.params as { id: string }).id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw new DomainError('not_found', '记录不存在或已撤销', 'no such entry, or already revoked');
      return reply.status(204).send();
    },
  );
}

export function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(pdf);
}
