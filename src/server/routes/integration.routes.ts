/**
 * The integration API (issue #11 §2–3): webhook subscriptions and their delivery log; other
 * platforms; cases transferred in from a platform, and results coming back from one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole, requireUser } from '../http/auth';
import { DomainError } from '../../core/errors';
import { CASE_ACTIONS, SYSTEM_EVENTS } from '../../core/case-lifecycle';
import { CHANNELS, KINDS, URGENCIES, type Channel, type Kind, type Urgency } from '../../core/enums';
import { createUnit, createUser } from '../org/org.repo';
import { registerCase } from '../commands/register-case';
import { acceptCase } from '../commands/accept-case';
import { replyCase } from '../commands/reply-case';
import { enqueueMessage } from '../outbox/outbox.repo';
import { invalidateWebhooks } from '../integration/webhooks';
import { isUuid } from '../cases/cases.repo';
import type { CommandContext } from '../commands/run-step';
import { enumOf, errorResponses, isoInstant, nullable, str, uuid } from './schemas';

const EVENTS = ['*', 'register', ...CASE_ACTIONS, ...Object.keys(SYSTEM_EVENTS).filter((e) => e !== 'register')];

const webhookSchema = {
  type: 'object',
  properties: { id: uuid, name: { type: 'string' }, url: { type: 'string' }, events: { type: 'array', items: { type: 'string' } }, active: { type: 'boolean' }, createdAt: isoInstant },
} as const;
const urlSchema = { type: 'string', minLength: 8, maxLength: 500, pattern: '^https?://', description: 'http(s) URL' } as const;

const platformSchema = {
  type: 'object',
  properties: {
    id: uuid,
    code: { type: 'string' },
    name: { type: 'string' },
    baseUrl: { type: 'string' },
    unit: { type: 'object', properties: { id: uuid, code: { type: 'string' } } },
    username: { type: 'string', description: 'The account the other platform’s calls act as: make it an API token with scope transfer' },
    active: { type: 'boolean' },
  },
} as const;

export function registerIntegrationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  // ---- webhooks ---------------------------------------------------------------------------------

  app.get('/api/webhooks', { schema: { tags: ['integration'], summary: 'Webhook 订阅 — subscriptions (admin)', response: { 200: { type: 'array', items: webhookSchema }, ...errorResponses } } }, async (req) => {
    requireRole(req, ['admin']);
    const rows = await db.selectFrom('webhooks').select(['id', 'name', 'url', 'events', 'active', 'created_at']).orderBy('created_at').execute();
    return rows.map((h) => ({ id: h.id, name: h.name, url: h.url, events: h.events, active: h.active, createdAt: h.created_at }));
  });

  app.post(
    '/api/webhooks',
    {
      schema: {
        tags: ['integration'],
        summary: '新增 Webhook — subscribe a URL to case events; the signing secret is shown once (admin)',
        description:
          'Each delivery is a JSON POST with headers X-Huiyin-Event, X-Huiyin-Delivery (stable across retries), X-Huiyin-Timestamp (Unix seconds) and X-Huiyin-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>. 2xx is delivered; 408, 425, 429 and 5xx are retried with backoff (30 s doubling, 8 attempts); other answers fail at once. No personal data is sent.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'url'],
          properties: { name: str(100), url: urlSchema, events: { type: 'array', minItems: 1, uniqueItems: true, items: enumOf(EVENTS), description: "History actions, or '*' (default)" } },
        },
        response: { 201: { type: 'object', properties: { ...webhookSchema.properties, secret: { type: 'string' } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, ['admin']);
      const b = req.body as { name: string; url: string; events?: string[] };
      const row = { id: randomUUID(), name: b.name.trim(), url: b.url.trim(), secret: `whsec_${randomBytes(24).toString('base64url')}`, events: JSON.stringify(b.events ?? ['*']), created_by: user.userId, created_at: deps.clock() };
      await db.insertInto('webhooks').values(row).execute();
      invalidateWebhooks(db);
      return reply.status(201).send({ id: row.id, name: row.name, url: row.url, events: b.events ?? ['*'], active: true, createdAt: row.created_at, secret: row.secret });
    },
  );

  app.patch(
    '/api/webhooks/:id',
    {
      schema: {
        tags: ['integration'],
        summary: '修改 Webhook — URL, events, or pause it (admin)',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { name: str(100), url: urlSchema, events: { type: 'array', minItems: 1, uniqueItems: true, items: enumOf(EVENTS) }, active: { type: 'boolean' } } },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as { name?: string; url?: string; events?: string[]; active?: boolean };
      const res = await db
        .updateTable('webhooks')
        .set({ ...(b.name ? { name: b.name } : {}), ...(b.url ? { url: b.url } : {}), ...(b.events ? { events: JSON.stringify(b.events) } : {}), ...(b.active !== undefined ? { active: b.active } : {}) })
        .where('id', '=', (req.params as { id: string }).id)
        .executeTakeFirst();
      invalidateWebhooks(db);
      if (!res.numUpdatedRows) throw new DomainError('not_found', 'Webhook 不存在', 'no such webhook');
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['integration'],
        summary: '投递记录 — the subscription’s deliveries, newest first, with attempts and the last error (admin)',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: uuid,
                event: nullable({ type: 'string' }),
                caseId: nullable(uuid),
                status: { type: 'string' },
                attempts: { type: 'integer' },
                lastError: nullable({ type: 'string' }),
                createdAt: isoInstant,
                sentAt: nullable(isoInstant),
                nextAttemptAt: isoInstant,
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const { id } = req.params as { id: string };
      const { limit } = req.query as { limit: number };
      const rows = await db
        .selectFrom('outbox')
        .select(['id', 'subject', 'case_id', 'status', 'attempts', 'last_error', 'created_at', 'sent_at', 'next_attempt_at'])
        .where('target_kind', '=', 'webhook')
        .where('target_id', '=', id)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, event: r.subject, caseId: r.case_id, status: r.status, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at, sentAt: r.sent_at, nextAttemptAt: r.next_attempt_at }));
    },
  );

  app.post(
    '/api/webhooks/:id/ping',
    {
      schema: {
        tags: ['integration'],
        summary: '测试投递 — send a ping event to check the receiver and its signature check (admin)',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        response: { 202: { type: 'object', properties: { deliveryId: uuid } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const hook = await db.selectFrom('webhooks').select(['id', 'url']).where('id', '=', (req.params as { id: string }).id).executeTakeFirst();
      if (!hook) throw new DomainError('not_found', 'Webhook 不存在', 'no such webhook');
      const id = randomUUID();
      const now = deps.clock();
      await enqueueMessage(db, { id, channel: 'http', to: hook.url, subject: 'ping', body: JSON.stringify({ id, event: 'ping', occurredAt: now.toISOString() }), purpose: 'webhook', target: { kind: 'webhook', id: hook.id }, now });
      deps.kickOutbox();
      return reply.status(202).send({ deliveryId: id });
    },
  );

  // ---- platforms --------------------------------------------------------------------------------

  app.get('/api/platforms', { schema: { tags: ['integration'], summary: '对接平台 — other platforms cases are transferred to and from (admin)', response: { 200: { type: 'array', items: platformSchema }, ...errorResponses } } }, async (req) => {
    requireRole(req, ['admin', 'dispatcher', 'supervisor']);
    const rows = await db
      .selectFrom('platforms as p')
      .innerJoin('units as u', 'u.id', 'p.unit_id')
      .innerJoin('users as us', 'us.id', 'p.user_id')
      .select(['p.id', 'p.code', 'p.name', 'p.base_url', 'p.active', 'u.id as unit_id', 'u.code as unit_code', 'us.username'])
      .orderBy('p.code')
      .execute();
    return rows.map((p) => ({ id: p.id, code: p.code, name: p.name, baseUrl: p.base_url, unit: { id: p.unit_id, code: p.unit_code }, username: p.username, active: p.active }));
  });

  app.post(
    '/api/platforms',
    {
      schema: {
        tags: ['integration'],
        summary: '新增对接平台 — another platform: its URL and the token it gave this one; creates its unit (dispatch to it to transfer) and the account its calls act as (admin)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'name', 'baseUrl', 'token'],
          properties: {
            code: str(40, 2, { pattern: '^[a-z0-9-]+$' }),
            name: str(100, 2),
            baseUrl: urlSchema,
            token: str(200, 10, { description: 'The API token (scope transfer) the other platform issued for this one' }),
            parentUnit: str(64, 1, { description: 'Where its unit sits in the tree (default: the top unit)' }),
          },
        },
        response: { 201: platformSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as { code: string; name: string; baseUrl: string; token: string; parentUnit?: string };
      const now = deps.clock();
      const out = await db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('platforms').select('id').where('code', '=', b.code).executeTakeFirst()) throw new DomainError('conflict', `平台代码已存在：${b.code}`, `platform code taken: ${b.code}`, { field: 'code' });
        const parent = b.parentUnit ?? (await trx.selectFrom('units').select('code').where('parent_id', 'is', null).orderBy('created_at').limit(1).executeTakeFirst())?.code ?? null;
        const unit = await createUnit(trx, { code: `platform-${b.code}`, name: b.name, type: 'secondary_hotline', parent });
        const username = `platform.${b.code}`;
        const { id: userId } = await createUser(trx, { username, displayName: `${b.name}（平台接口）`, password: randomBytes(24).toString('base64url'), role: 'unit_handler', unit: unit.code });
        const id = randomUUID();
        await trx.insertInto('platforms').values({ id, code: b.code, name: b.name, base_url: b.baseUrl.replace(/\/+$/, ''), token: b.token, unit_id: unit.id, user_id: userId, created_at: now }).execute();
        return { id, code: b.code, name: b.name, baseUrl: b.baseUrl.replace(/\/+$/, ''), unit: { id: unit.id, code: unit.code }, username, active: true };
      });
      return reply.status(201).send(out);
    },
  );

  app.patch(
    '/api/platforms/:id',
    {
      schema: {
        tags: ['integration'],
        summary: '修改对接平台 — its URL, the token it gave this one, or pause it (admin)',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { name: str(100, 2), baseUrl: urlSchema, token: str(200, 10), active: { type: 'boolean' } } },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as { name?: string; baseUrl?: string; token?: string; active?: boolean };
      const res = await db
        .updateTable('platforms')
        .set({ ...(b.name ? { name: b.name } : {}), ...(b.baseUrl ? { base_url: b.baseUrl.replace(/\/+$/, '') } : {}), ...(b.token ? { token: b.token } : {}), ...(b.active !== undefined ? { active: b.active } : {}) })
        .where('id', '=', (req.params as { id: string }).id)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw new DomainError('not_found', '平台不存在', 'no such platform');
      return reply.status(204).send();
    },
  );

  // ---- transfers in, results back -----------------------------------------------------------------

  async function callerPlatform(userId: string) {
    const p = await db.selectFrom('platforms').select(['id', 'code', 'name', 'unit_id', 'active']).where('user_id', '=', userId).executeTakeFirst();
    if (!p || !p.active) throw new DomainError('auth.forbidden', '该账号不是对接平台的接口账号', 'this account does not stand for a platform');
    return p;
  }

  app.post(
    '/api/transfers',
    {
      config: { scope: 'transfer' },
      schema: {
        tags: ['integration'],
        summary: '接收转办 — another platform transfers a case here; idempotent by its case id (token of that platform’s account, scope transfer)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['originCaseId', 'channel', 'kind', 'title', 'content'],
          properties: {
            originCaseId: str(64),
            originCaseNo: str(32),
            channel: enumOf(CHANNELS),
            kind: enumOf(KINDS),
            urgency: enumOf(URGENCIES),
            title: str(200, 2),
            content: str(10000, 5),
            address: nullable(str(500, 0)),
            location: nullable({ type: 'object', additionalProperties: false, required: ['lng', 'lat'], properties: { lng: { type: 'number' }, lat: { type: 'number' } } }),
            anonymous: { type: 'boolean' },
            confidential: { type: 'boolean' },
            citizen: nullable({
              type: 'object',
              additionalProperties: false,
              properties: { name: nullable(str(50, 0)), phone: nullable(str(32, 0)), idNumber: nullable(str(18, 0)), address: nullable(str(500, 0)) },
            }),
            receivedAt: isoInstant,
          },
        },
        response: {
          200: { type: 'object', properties: { created: { type: 'boolean' }, caseId: uuid, caseNo: { type: 'string' } } },
          201: { type: 'object', properties: { created: { type: 'boolean' }, caseId: uuid, caseNo: { type: 'string' } } },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const platform = await callerPlatform(user.userId);
      const b = req.body as {
        originCaseId: string;
        channel: Channel;
        kind: Kind;
        urgency?: Urgency;
        title: string;
        content: string;
        address?: string | null;
        location?: { lng: number; lat: number } | null;
        anonymous?: boolean;
        confidential?: boolean;
        citizen?: { name?: string | null; phone?: string | null; idNumber?: string | null; address?: string | null } | null;
        receivedAt?: string;
      };
      const citizen = b.citizen && !b.anonymous ? Object.fromEntries(Object.entries(b.citizen).filter(([, v]) => v)) : undefined;
      // the case arrives by itself, like a letter: no operator of this centre registered it
      const { row, created } = await registerCase(
        db,
        null,
        {
          channel: b.channel,
          source: `transfer:${platform.code}`,
          externalId: `transfer:${platform.code}:${b.originCaseId}`,
          kind: b.kind,
          urgency: b.urgency,
          title: b.title,
          content: b.content,
          ...(b.address ? { address: b.address } : {}),
          ...(b.location ? { location: b.location } : {}),
          anonymous: b.anonymous || !citizen || Object.keys(citizen).length === 0,
          confidential: b.confidential,
          ...(citizen && Object.keys(citizen).length ? { citizen } : {}),
        },
        deps.clock(),
        {
          intake: true,
          receivedAt: b.receivedAt ? new Date(b.receivedAt) : undefined,
          eventPayload: { transferFrom: platform.code, originCaseId: b.originCaseId },
          afterInsert: async (trx, c) => {
            await trx.updateTable('cases').set({ origin_platform_id: platform.id, origin_case_ref: b.originCaseId }).where('id', '=', c.id).execute();
          },
        },
      );
      return reply.status(created ? 201 : 200).send({ created, caseId: row.id, caseNo: row.case_no });
    },
  );

  app.post(
    '/api/transfers/result',
    {
      config: { scope: 'transfer' },
      schema: {
        tags: ['integration'],
        summary: '转办结果回传 — the platform a case was transferred to sends its result; it becomes that unit’s reply for the centre to review; idempotent',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['caseRef', 'reply'],
          properties: {
            caseRef: str(64, 1, { description: 'This platform’s case id (as sent in originCaseId) or case number' }),
            remoteCaseNo: str(32),
            reply: str(8000, 1),
            closingNote: nullable(str(2000, 0)),
            satisfaction: nullable({ type: 'string' }),
            closedAt: isoInstant,
          },
        },
        response: { 200: { type: 'object', properties: { caseNo: { type: 'string' }, state: { type: 'string' }, duplicate: { type: 'boolean' } } }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const platform = await callerPlatform(user.userId);
      const b = req.body as { caseRef: string; remoteCaseNo?: string; reply: string; closingNote?: string | null; satisfaction?: string | null; closedAt?: string };
      let row = await db.selectFrom('cases').selectAll().where(isUuid(b.caseRef) ? 'id' : 'case_no', '=', b.caseRef).executeTakeFirst();
      if (!row || row.lead_unit_id !== platform.unit_id) throw new DomainError('case.not_found', '未找到转办给该平台的诉求', 'no case transferred to this platform with that reference');
      const content = `【${platform.name}办理结果${b.remoteCaseNo ? `（${b.remoteCaseNo}）` : ''}】${b.reply.trim()}`;
      const seen = await db.selectFrom('case_replies').select('id').where('case_id', '=', row.id).where('unit_id', '=', platform.unit_id).where('content', '=', content).executeTakeFirst();
      if (seen) return { caseNo: row.case_no, state: row.state, duplicate: true };
      const ctx: CommandContext = { db, policy: deps.policy, user, now: deps.clock(), smsSignature: deps.config.smsSignature, portalUrl: deps.config.publicUrl };
      if (row.state === 'dispatched') row = await acceptCase(ctx, row.id, { version: row.version, note: `${platform.name}已受理` });
      // the other platform checked its own reply with its citizen; here the centre reviews it
      row = await replyCase(ctx, row.id, { version: row.version, content, checks: 'trusted' });
      return { caseNo: row.case_no, state: row.state, duplicate: false };
    },
  );
}
