/**
 * The phone channel (issue #4 §1): the CTI announces a call; the operator's panel shows the caller's
 * earlier cases and similar open cases; the case registered on the call keeps its id and recording.
 * Registration works without any CTI too (POST /api/cases without callId).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { activeFilingsForCall } from '../filings/filings.repo';
import { requireRole } from '../http/auth';
import { callerHistory, similarOpenCases } from '../cases/similar';
import { regionOfCase } from '../routing/routing.service';
import { DomainError } from '../../core/errors';
import { isValidPhone, normalizePhone } from '../../core/citizen';
import { errorResponses, isoInstant, nullable, str } from './schemas';

const summarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    caseNo: { type: 'string' },
    title: { type: 'string' },
    state: { type: 'string' },
    channel: { type: 'string' },
    createdAt: isoInstant,
    address: nullable({ type: 'string' }),
    phone: nullable({ type: 'string' }),
    reason: { type: 'string' },
    score: nullable({ type: 'number' }),
  },
} as const;
const callContext = {
  type: 'object',
  properties: {
    call: {
      type: 'object',
      properties: { callId: { type: 'string' }, caller: { type: 'string' }, callee: nullable({ type: 'string' }), recordingUrl: nullable({ type: 'string' }), startedAt: isoInstant, caseId: nullable({ type: 'string' }) },
    },
    history: { type: 'array', items: summarySchema, description: 'The caller’s cases of the last 12 months' },
    similarOpen: { type: 'array', items: summarySchema, description: 'Open cases of the same caller' },
    filings: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The bulletin board: information filings (信息报备) active now or starting within 24 hours, at most 10 (POST /api/filings/match ranks them against the case being typed)' },
  },
} as const;

export function registerCtiRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  async function context(callId: string) {
    const call = await db.selectFrom('calls').selectAll().where('call_id', '=', callId).executeTakeFirst();
    if (!call) throw new DomainError('not_found', '来电记录不存在', 'no such call');
    const now = deps.clock();
    return {
      call: { callId: call.call_id, caller: call.caller, callee: call.callee, recordingUrl: call.recording_url, startedAt: call.started_at, caseId: call.case_id },
      history: await callerHistory(db, call.caller, now),
      similarOpen: await similarOpenCases(db, { phone: call.caller, now }),
      filings: await activeFilingsForCall(db, now, 10),
    };
  }

  app.post(
    '/api/cti/calls',
    {
      config: { scope: 'intake' },
      schema: {
        tags: ['phone'],
        summary: '来电弹屏 — the CTI announces a call (token); answers the caller’s context; idempotent by callId',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['callId', 'caller'],
          properties: { callId: str(128), caller: str(32), callee: str(32), recordingUrl: { type: 'string', maxLength: 1000, pattern: '^https?://' }, startedAt: isoInstant },
        },
        response: { 200: callContext, 201: callContext, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['operator', 'admin']);
      const b = req.body as { callId: string; caller: string; callee?: string; recordingUrl?: string; startedAt?: string };
      // a withheld or foreign number still opens a call; a malformed one is refused
      if (!isValidPhone(b.caller) && !/^(anonymous|unknown|\+?\d{3,20})$/i.test(b.caller)) {
        throw new DomainError('validation.failed', '主叫号码格式不正确（caller）', 'caller is not a phone number', { field: 'caller' });
      }
      const now = deps.clock();
      const res = await db
        .insertInto('calls')
        .values({
          id: randomUUID(),
          call_id: b.callId,
          caller: isValidPhone(b.caller) ? normalizePhone(b.caller) : b.caller,
          callee: b.callee ?? null,
          recording_url: b.recordingUrl ?? null,
          started_at: b.startedAt ? new Date(b.startedAt) : now,
          received_at: now,
        })
        .onConflict((oc) => oc.column('call_id').doNothing())
        .executeTakeFirst();
      // the recording link often arrives after the call: a repeat may add it
      if (!res.numInsertedOrUpdatedRows && b.recordingUrl) {
        await db.updateTable('calls').set({ recording_url: b.recordingUrl }).where('call_id', '=', b.callId).where('recording_url', 'is', null).execute();
        await db.updateTable('cases').set({ recording_url: b.recordingUrl }).where('call_id', '=', b.callId).where('recording_url', 'is', null).execute();
      }
      reply.status(res.numInsertedOrUpdatedRows ? 201 : 200);
      return context(b.callId);
    },
  );

  app.get(
    '/api/cti/calls/:callId',
    { schema: { tags: ['phone'], summary: '来电信息 — the context of a call for the operator’s panel', params: { type: 'object', properties: { callId: str(128) }, required: ['callId'] }, response: { 200: callContext, ...errorResponses } } },
    async (req) => {
      requireRole(req, ['operator', 'dispatcher', 'supervisor', 'admin']);
      return context((req.params as { callId: string }).callId);
    },
  );

  app.get(
    '/api/cti/calls',
    {
      config: { scope: 'intake' },
      schema: {
        tags: ['phone'],
        summary: '最近来电 — recent calls not yet registered as a case',
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } } },
      },
    },
    async (req) => {
      requireRole(req, ['operator', 'dispatcher', 'supervisor', 'admin']);
      const { limit } = req.query as { limit: number };
      const rows = await db.selectFrom('calls').selectAll().where('case_id', 'is', null).orderBy('started_at', 'desc').limit(limit).execute();
      return rows.map((c) => ({ callId: c.call_id, caller: c.caller, callee: c.callee, recordingUrl: c.recording_url, startedAt: c.started_at }));
    },
  );

  app.post(
    '/api/cases/similar',
    {
      schema: {
        tags: ['cases'],
        summary: '相似诉求 — open cases of the same caller or with similar words in the last 30 days',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            title: str(200, 0),
            content: str(10000, 0),
            address: str(500, 0),
            phone: str(32),
            excludeId: { type: 'string', format: 'uuid' },
            location: { type: 'object', additionalProperties: false, required: ['lng', 'lat'], properties: { lng: { type: 'number' }, lat: { type: 'number' } } },
          },
        },
        response: { 200: { type: 'array', items: summarySchema }, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ['operator', 'dispatcher', 'supervisor', 'admin']);
      const b = req.body as { title?: string; content?: string; address?: string; phone?: string; excludeId?: string; location?: { lng: number; lat: number } };
      if (b.phone && !isValidPhone(b.phone)) throw new DomainError('validation.failed', '电话号码格式不正确（phone）', 'phone is not a valid number', { field: 'phone' });
      // near the same place: the street the address or the point lies in, when known
      const regionUnitId = b.address || b.location ? await regionOfCase(db, { location: b.location, address: b.address }) : null;
      // the place narrows the search; its words (江北区 …) would match everything nearby
      return similarOpenCases(db, { text: [b.title, b.content].filter(Boolean).join(' '), phone: b.phone, excludeId: b.excludeId, now: deps.clock(), regionUnitId });
    },
  );
}
