/**
 * /api/cases: register, list, read, and one route per step of the lifecycle.
 * Handlers parse, call the command, return the case as the caller may see it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app';
import { requireUser } from '../http/auth';
import { langOf } from '../http/i18n';
import { caseNotFound, decodeCursor, listCases, loadCaseUnits, isUuid, mayView, type CaseUnitRow } from '../cases/cases.repo';
import { caseView, actorOf, logPersonalDataView } from '../cases/case-view';
import { loadCaseDetail } from '../cases/case-detail';
import { seesPersonalData, mayRevealForContact } from '../../core/visibility';
import { DomainError } from '../../core/errors';
import { CHANNELS, KINDS, URGENCIES } from '../../core/enums';
import { CASE_STATES } from '../../core/case-lifecycle';
import { registerCase, type RegisterCaseInput } from '../commands/register-case';
import { answerOnSpot } from '../commands/answer-on-spot';
import { dispatchCase } from '../commands/dispatch-case';
import { addCoUnit } from '../commands/add-co-unit';
import { acceptCase } from '../commands/accept-case';
import { returnCase, rejectReturn } from '../commands/return-case';
import { replyCase, coReplyCase } from '../commands/reply-case';
import { signOffReply, refuseSignOff } from '../commands/sign-off-reply';
import { approveReply, reworkCase } from '../commands/review-reply';
import { requestExtension } from '../commands/request-extension';
import { decideExtension } from '../commands/decide-extension';
import { recordCallback } from '../commands/record-callback';
import { closeCase, archiveCase } from '../commands/close-case';
import { urgeCase, superviseCase, instructCase, respondOrder } from '../commands/supervise-case';
import { keepPromise } from '../commands/keep-promise';
import { findUnit } from '../org/org.repo';
import { dutyContact } from '../org/directory.repo';
import { dispatchDown } from '../commands/dispatch-down';
import { linkRepeat, mergeCase } from '../commands/duplicates';
import type { CommandContext } from '../commands/run-step';
import type { CaseRow } from '../db/schema';
import {
  callbackTypeSchema,
  caseSchema,
  channelSchema,
  enumOf,
  errorResponses,
  eventSchema,
  isoInstant,
  kindSchema,
  nullable,
  satisfactionSchema,
  str,
  urgencySchema,
  version,
} from './schemas';

const text = (max: number, description?: string) => ({ ...str(max), ...(description ? { description } : {}) });
const reason = text(1000, 'Why');
const limitText = { type: 'string', pattern: '^(\\d{1,5}(wd|d|h|m)|sameday)$', description: '5wd = 5 working days, 3d = calendar days, 2h, 15m, sameday' } as const;

interface ActionRoute {
  path: string;
  summary: string;
  body: { properties: Record<string, unknown>; required: string[] };
  run: (ctx: CommandContext, ref: string, body: never) => Promise<CaseRow>;
}

/** One route per step; the schema of each is its OpenAPI documentation. */
const ACTION_ROUTES: ActionRoute[] = [
  {
    path: 'answer',
    summary: '当即答复 — answer on the spot and close',
    body: { properties: { answer: text(4000), articleId: { type: 'string', format: 'uuid', description: 'The knowledge article answered from (its use is counted)' } }, required: ['answer'] },
    run: answerOnSpot,
  },
  {
    path: 'dispatch',
    summary: '交办 / 改派 — dispatch to a lead unit (first) and co-handling units',
    body: { properties: { units: { type: 'array', minItems: 1, maxItems: 20, items: str(64), description: 'Unit ids or codes; the first is the lead' }, limit: limitText, note: text(1000), categoryCode: str(64), siteCheck: { type: 'boolean', description: '需现场核查: the reply must carry site photos' } }, required: ['units'] },
    run: dispatchCase,
  },
  { path: 'co-units', summary: '增加协办单位 — add a co-handling unit', body: { properties: { unit: str(64), note: text(1000) }, required: ['unit'] }, run: addCoUnit },
  { path: 'accept', summary: '签收 — the lead unit accepts', body: { properties: { note: text(1000) }, required: [] }, run: acceptCase },
  { path: 'return', summary: '回单 — return as not our responsibility', body: { properties: { reason, suggestedUnit: str(64) }, required: ['reason'] }, run: returnCase },
  { path: 'reject-return', summary: '驳回回单 — the centre sends the case back to the unit', body: { properties: { reason }, required: ['reason'] }, run: rejectReturn },
  {
    path: 'reply',
    summary: '反馈 — the lead unit replies',
    body: {
      properties: {
        content: str(8000, 10),
        attachmentIds: { type: 'array', maxItems: 20, items: { type: 'string', format: 'uuid' } },
        contactedAt: nullable(isoInstant),
        citizenAttitude: nullable(text(1000)),
        promises: {
          type: 'array',
          maxItems: 20,
          description: '承诺事项 — what the unit promises still to do; looked back on weekly until kept',
          items: { type: 'object', additionalProperties: false, required: ['what'], properties: { what: text(500), dueDate: nullable({ type: 'string', format: 'date' }) } },
        },
      },
      required: ['content'],
    },
    run: replyCase,
  },
  {
    path: 'co-reply',
    summary: '协办意见 — a co-handling unit’s opinion',
    body: { properties: { content: str(8000, 2), attachmentIds: { type: 'array', maxItems: 20, items: { type: 'string', format: 'uuid' } } }, required: ['content'] },
    run: coReplyCase,
  },
  { path: 'sign-off', summary: '审签 — the unit principal signs the reply off', body: { properties: { note: text(1000) }, required: [] }, run: signOffReply },
  { path: 'refuse-sign-off', summary: '审签退回 — the principal sends the reply back', body: { properties: { reason }, required: ['reason'] }, run: refuseSignOff },
  { path: 'approve', summary: '审核通过 — the centre approves the reply', body: { properties: { note: text(1000) }, required: [] }, run: approveReply },
  { path: 'rework', summary: '退回重办 — send back for rework', body: { properties: { reason, limit: limitText }, required: ['reason'] }, run: reworkCase },
  { path: 'extension-requests', summary: '申请延期 — request an extension', body: { properties: { reason, limit: limitText }, required: ['reason', 'limit'] }, run: requestExtension },
  { path: 'extension-decision', summary: '延期审批 — approve or refuse the pending extension', body: { properties: { approve: { type: 'boolean' }, note: text(1000) }, required: ['approve'] }, run: decideExtension },
  {
    path: 'callbacks',
    summary: '回访 — record a process / result / look-back callback',
    body: {
      properties: {
        type: callbackTypeSchema,
        method: enumOf(['phone', 'sms', 'web', 'wechat', 'onsite']),
        reached: { type: 'boolean' },
        contacted: nullable({ type: 'boolean' }),
        satisfaction: nullable(satisfactionSchema),
        resolved: nullable({ type: 'boolean' }),
        comment: nullable(text(2000)),
      },
      required: ['type', 'reached'],
    },
    run: recordCallback,
  },
  { path: 'close', summary: '说明后办结 — close with an explanation', body: { properties: { explanation: text(2000) }, required: ['explanation'] }, run: closeCase },
  { path: 'urges', summary: '催办 — urge the unit', body: { properties: { note: text(1000) }, required: ['note'] }, run: urgeCase },
  {
    path: 'supervise',
    summary: '督办 — issue a supervision order (督办单) or key-item order (重点事项交办单) with its own deadline',
    body: { properties: { note: text(2000, '督办要求'), kind: enumOf(['supervision', 'key_item']), dueAt: isoInstant }, required: ['note'] },
    run: superviseCase,
  },
  {
    path: 'order-response',
    summary: '督办反馈 — the lead unit answers an open supervision / key-item order in writing',
    body: { properties: { orderId: { type: 'string', format: 'uuid', description: 'The oldest open order when omitted' }, response: str(4000, 10) }, required: ['response'] },
    run: respondOrder,
  },
  { path: 'instructions', summary: '领导批示 — a leader’s instruction', body: { properties: { instruction: text(2000), dueAt: isoInstant }, required: ['instruction'] }, run: instructCase },
  { path: 'archive', summary: '归档 — archive a closed case', body: { properties: {}, required: [] }, run: archiveCase },
  {
    path: 'dispatch-down',
    summary: '下派 — a district passes the case on to one of its streets (the first unit leads)',
    body: { properties: { unit: str(64), coUnits: { type: 'array', maxItems: 10, items: str(64) }, note: text(1000) }, required: ['unit'] },
    run: dispatchDown,
  },
  { path: 'link-repeat', summary: '关联重复件 — link as a repeat of an earlier case', body: { properties: { of: str(64), note: text(1000) }, required: ['of'] }, run: linkRepeat },
  { path: 'merge', summary: '合并 — fold into an open case about the same matter; the citizen gets its reply', body: { properties: { into: str(64), note: text(1000) }, required: ['into'] }, run: mergeCase },
  { path: 'keep-promise', summary: '承诺兑现 — the lead unit reports a promise kept', body: { properties: { promiseId: { type: 'string', format: 'uuid' }, note: text(1000) }, required: ['promiseId', 'note'] }, run: keepPromise },
];

/** Cases whose receiving unit's duty contact is shown (issue #12 §4). */
const URGENT = new Set(['urgent', 'general_emergency', 'major_emergency', 'leader_instructed']);

const caseParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64, description: 'Case id (uuid) or case number' } }, required: ['id'] } as const;

function csv(v: string | undefined, allowed: readonly string[], field: string): string[] | undefined {
  if (!v) return undefined;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.find((s) => !allowed.includes(s));
  if (bad) throw new DomainError('validation.failed', `${field} 取值无效：${bad}`, `${field}: unknown value ${bad}`, { field });
  return list;
}

function instant(v: string | undefined, field: string): Date | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new DomainError('validation.failed', `${field} 不是有效的时间`, `${field} is not a valid date`, { field });
  return d;
}

export function registerCaseRoutes(app: FastifyInstance, deps: AppDeps): void {
  const ctxOf = (req: FastifyRequest): CommandContext => ({
    db: deps.db.db,
    policy: deps.policy,
    user: requireUser(req),
    now: deps.clock(),
    smsSignature: deps.config.smsSignature,
    portalUrl: deps.config.publicUrl,
  });

  /**
   * The case as the caller may see it. Only the case page (`unmaskable`) shows personal data, and
   * each such view is logged; the answers to steps and registration stay masked.
   */
  async function respondWithCase(req: FastifyRequest, row: CaseRow, unmaskable = false, openPromises = 0, knownUnits?: CaseUnitRow[]) {
    const user = requireUser(req);
    const units = knownUnits ?? (await loadCaseUnits(deps.db.db, [row.id])).get(row.id) ?? [];
    const now = deps.clock();
    const unmask = unmaskable && seesPersonalData(actorOf(user), row);
    const lead = units.find((u) => u.role === 'lead' && u.active);
    const below = lead && lead.unitId === user.unitId ? await deps.db.db.selectFrom('units').select('id').where('parent_id', '=', lead.unitId).where('active', '=', true).limit(1).execute() : [];
    if (unmask) await logPersonalDataView(deps.db.db, user, row, `${req.method} ${req.routeOptions.url}`, req.ip, now);
    return caseView(row, units, user, now, langOf(req), unmask, openPromises, below.length > 0);
  }

  app.post(
    '/api/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '登记诉求 — register a case',
        description:
          'Operators, dispatchers and the media seat register cases. With `externalId`, or an `Idempotency-Key` header (per user; the staff app sends one per form), a retry returns the first case (200) instead of creating another.',
        headers: { type: 'object', properties: { 'idempotency-key': { ...str(128), description: 'A retry with the same key by the same user returns the first case (200, `x-idempotent-replay: true`)' } } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['channel', 'kind', 'title', 'content'],
          properties: {
            channel: channelSchema,
            source: str(64),
            externalId: str(128),
            kind: kindSchema,
            urgency: urgencySchema,
            title: str(200, 2),
            content: str(10000, 5),
            categoryCode: str(64),
            address: str(500),
            location: { type: 'object', additionalProperties: false, required: ['lng', 'lat'], properties: { lng: { type: 'number' }, lat: { type: 'number' } } },
            anonymous: { type: 'boolean' },
            confidential: { type: 'boolean', description: '保密件: personal data hidden from handling units' },
            citizen: {
              type: 'object',
              additionalProperties: false,
              properties: { name: str(50), phone: str(32), idNumber: str(18, 15), address: str(500) },
            },
            callId: { ...str(128), description: 'The CTI call it was taken on (POST /api/cti/calls); the case keeps the call id and recording' },
            leaderSessionId: { type: 'string', format: 'uuid', description: '领导接听场次; a leader_line case during a published session is tagged with it by itself' },
            liaisonId: { type: 'string', format: 'uuid', description: '社会联络员 who brought it (channel liaison)' },
            activityId: { type: 'string', format: 'uuid', description: '走基层活动 it was taken at (channel grassroots)' },
          },
        },
        response: { 200: caseSchema, 201: caseSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const { settings } = await deps.policy.get();
      const body = req.body as RegisterCaseInput;
      // an answer lost on the way (a network cut, a double click) must not register the case twice
      const key = (req.headers['idempotency-key'] as string | undefined)?.trim();
      const input = key && !body.externalId ? { ...body, externalId: `key:${user.userId}:${key}` } : body;
      const { row, created } = await registerCase(deps.db.db, user, input, deps.clock(), { settings });
      reply.status(created ? 201 : 200);
      if (!created) reply.header('x-idempotent-replay', 'true');
      // a case just registered has no units yet
      return respondWithCase(req, row, false, 0, created ? [] : undefined);
    },
  );

  app.get(
    '/api/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '诉求列表 — list the cases you may see',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', description: `Comma-separated: ${CASE_STATES.join(', ')}` },
            unit: { type: 'string', description: 'Unit id or code: cases it (or a unit below it) handles' },
            channel: { type: 'string', description: 'Comma-separated channels' },
            kind: { type: 'string', description: 'Comma-separated kinds' },
            urgency: { type: 'string' },
            category: { type: 'string', description: 'Category code; includes its sub-categories' },
            overdue: { type: 'boolean' },
            from: { type: 'string', description: 'Registered at or after (ISO 8601)' },
            to: { type: 'string', description: 'Registered before (ISO 8601)' },
            q: { type: 'string', maxLength: 100, description: 'Text in title, content, address, or a case number' },
            cursor: { type: 'string', maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            lang: { type: 'string', enum: ['zh', 'en'] },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: caseSchema }, nextCursor: nullable({ type: 'string' }) } }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const q = req.query as Record<string, string | undefined> & { limit: number; overdue?: boolean };
      let unitId: string | undefined;
      if (q.unit) {
        const u = await findUnit(deps.db.db, q.unit);
        if (!u) throw new DomainError('validation.failed', `单位不存在：${q.unit}`, `no such unit: ${q.unit}`, { field: 'unit' });
        unitId = u.id;
      }
      const now = deps.clock();
      const { rows, nextCursor } = await listCases(
        deps.db.db,
        actorOf(user),
        {
          state: csv(q.state, CASE_STATES, 'state'),
          channel: csv(q.channel, CHANNELS, 'channel'),
          kind: csv(q.kind, KINDS, 'kind'),
          urgency: csv(q.urgency, URGENCIES, 'urgency'),
          category: q.category,
          unit: unitId,
          overdue: q.overdue,
          from: instant(q.from, 'from'),
          to: instant(q.to, 'to'),
          q: q.q?.trim() || undefined,
        },
        now,
        q.limit,
        q.cursor ? decodeCursor(q.cursor) : undefined,
      );
      const units = await loadCaseUnits(deps.db.db, rows.map((r) => r.id));
      // lists never show personal data unmasked: that takes opening the case (and is logged)
      return { items: rows.map((r) => caseView(r, units.get(r.id) ?? [], user, now, langOf(req))), nextCursor };
    },
  );

  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: '诉求详情 — a case with its timeline, replies, callbacks and extensions',
        params: caseParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ...caseSchema.properties,
              events: { type: 'array', items: eventSchema },
              replies: { type: 'array', items: { type: 'object', additionalProperties: true } },
              callbacks: { type: 'array', items: { type: 'object', additionalProperties: true } },
              extensions: { type: 'array', items: { type: 'object', additionalProperties: true } },
              attachments: { type: 'array', items: { type: 'object', additionalProperties: true } },
              promises: { type: 'array', items: { type: 'object', additionalProperties: true } },
              instructions: {
                type: 'array',
                description: '领导批示, newest first',
                items: { type: 'object', properties: { at: isoInstant, by: { type: 'string' }, text: { type: 'string' }, dueAt: nullable(isoInstant) } },
              },
              orders: { type: 'array', description: '督办单 / 重点事项交办单', items: { type: 'object', additionalProperties: true } },
              specialReports: { type: 'array', description: '专报 that include this case', items: { type: 'object', additionalProperties: true } },
              dutyContact: nullable({
                type: 'object',
                description: 'Urgent and emergency cases: the lead unit’s duty person today (值班, S1 §1)',
                properties: { unit: { type: 'string' }, person: { type: 'string' }, phone: { type: 'string' }, day: { type: 'string' } },
              }),
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const { id } = req.params as { id: string };
      const detail = await loadCaseDetail(deps.db.db, id, langOf(req));
      if (!detail) throw caseNotFound();
      const viewer = actorOf(user);
      if (!(await mayView(deps.db.db, viewer, detail.row, detail.units))) throw caseNotFound();
      const openPromises = detail.promises.filter((p) => !p.doneAt).length;
      const base = await respondWithCase(req, detail.row, true, openPromises, detail.units);
      return {
        ...base,
        events: detail.events,
        replies: detail.replies,
        callbacks: detail.callbacks,
        extensions: detail.extensions,
        attachments: detail.attachments,
        promises: detail.promises,
        instructions: detail.instructions,
        orders: detail.orders,
        specialReports: detail.specialReports,
        dutyContact: URGENT.has(detail.row.urgency) && detail.row.lead_unit_id ? await dutyContact(deps.db.db, detail.row.lead_unit_id, deps.clock()) : null,
      };
    },
  );

  app.post(
    '/api/cases/:id/reveal-contact',
    {
      schema: {
        tags: ['cases'],
        summary: '查看联系方式 — reveal the citizen’s contact details to contact them (logged)',
        params: caseParams,
        body: { type: 'object', additionalProperties: false, required: ['purpose'], properties: { purpose: str(200, 2) } },
        response: {
          200: { type: 'object', properties: { name: nullable({ type: 'string' }), phone: nullable({ type: 'string' }), idNumber: nullable({ type: 'string' }) } },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const { id } = req.params as { id: string };
      const row = await deps.db.db.selectFrom('cases').selectAll().where(isUuid(id) ? 'id' : 'case_no', '=', id).executeTakeFirst();
      if (!row) throw caseNotFound();
      const units = (await loadCaseUnits(deps.db.db, [row.id])).get(row.id) ?? [];
      const viewer = actorOf(user);
      if (!(await mayView(deps.db.db, viewer, row, units))) throw caseNotFound();
      if (!mayRevealForContact(viewer, { confidential: row.confidential, anonymous: row.anonymous, leadUnitId: row.lead_unit_id })) throw new DomainError('auth.forbidden', '无权查看该诉求人的联系方式', 'you may not see this citizen’s contact details');
      await logPersonalDataView(deps.db.db, user, row, (req.body as { purpose: string }).purpose, req.ip, deps.clock());
      return { name: row.citizen_name, phone: row.citizen_phone, idNumber: seesPersonalData(viewer, row) ? row.citizen_id_no : null };
    },
  );

  for (const r of ACTION_ROUTES) {
    app.post(
      `/api/cases/:id/${r.path}`,
      {
        schema: {
          tags: ['case steps'],
          summary: r.summary,
          params: caseParams,
          body: { type: 'object', additionalProperties: false, required: ['version', ...r.body.required], properties: { version, ...r.body.properties } },
          response: { 200: caseSchema, ...errorResponses },
        },
      },
      async (req) => {
        const { id } = req.params as { id: string };
        const row = await r.run(ctxOf(req), id, req.body as never);
        if (r.path === 'extension-decision' || r.path === 'approve') deps.kickOutbox();
        return respondWithCase(req, row);
      },
    );
  }
}
