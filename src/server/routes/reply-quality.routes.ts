/**
 * Reply quality (DOMAIN.md §7): checking a draft reply before it is sent, and the perfunctory-phrase
 * list admins edit.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole, requireUser } from '../http/auth';
import { caseNotFound, isUuid, loadCaseUnits, mayView } from '../cases/cases.repo';
import { actorOf } from '../cases/case-view';
import { replyChecksFor } from '../cases/reply-checks';
import { blockingFailures, PHRASE_LEVELS } from '../../core/reply-quality';
import { DomainError } from '../../core/errors';
import { enumOf, errorResponses, isoInstant, nullable, str, uuid } from './schemas';

const checkSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    passed: { type: 'boolean' },
    blocking: { type: 'boolean', description: 'A failed blocking check refuses the reply; a failed warning is shown to the reviewer' },
    zh: { type: 'string' },
    en: { type: 'string' },
    found: { type: 'array', items: { type: 'string' } },
  },
} as const;

const phraseSchema = {
  type: 'object',
  properties: { id: uuid, phrase: { type: 'string' }, level: enumOf(PHRASE_LEVELS), note: nullable({ type: 'string' }), active: { type: 'boolean' }, updatedAt: isoInstant },
} as const;

const phraseOut = (r: { id: string; phrase: string; level: string; note: string | null; active: boolean; updated_at: Date }) => ({
  id: r.id,
  phrase: r.phrase,
  level: r.level,
  note: r.note,
  active: r.active,
  updatedAt: r.updated_at,
});

export function registerReplyQualityRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  app.post(
    '/api/cases/:id/reply-check',
    {
      schema: {
        tags: ['case steps'],
        summary: '反馈预检 — run the reply checks on a draft without submitting it',
        params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['content'],
          properties: {
            content: str(8000, 0),
            attachmentIds: { type: 'array', maxItems: 20, items: uuid },
            contactedAt: nullable(isoInstant),
            citizenAttitude: nullable(str(1000, 0)),
          },
        },
        response: { 200: { type: 'object', properties: { ok: { type: 'boolean', description: 'No blocking check failed' }, checks: { type: 'array', items: checkSchema } } }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const { id } = req.params as { id: string };
      const row = await db.selectFrom('cases').selectAll().where(isUuid(id) ? 'id' : 'case_no', '=', id).executeTakeFirst();
      if (!row) throw caseNotFound();
      const units = (await loadCaseUnits(db, [row.id])).get(row.id) ?? [];
      if (!(await mayView(db, actorOf(user), row, units))) throw caseNotFound();
      const checks = await replyChecksFor(db, row, req.body as { content: string }, await deps.policy.get());
      return { ok: blockingFailures(checks).length === 0, checks };
    },
  );

  app.get(
    '/api/reply-phrases',
    {
      schema: {
        tags: ['reply quality'],
        summary: '敷衍用语清单 — the perfunctory phrases a reply is checked against',
        querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean', description: 'Include inactive phrases (admin)' } } },
        response: { 200: { type: 'array', items: phraseSchema } },
      },
    },
    async (req) => {
      const user = requireUser(req);
      let q = db.selectFrom('reply_phrases').selectAll();
      if (!((req.query as { all?: boolean }).all && user.role === 'admin')) q = q.where('active', '=', true);
      return (await q.orderBy('level').orderBy('phrase').execute()).map(phraseOut);
    },
  );

  const phraseBody = {
    type: 'object',
    additionalProperties: false,
    properties: { phrase: str(50, 2), level: enumOf(PHRASE_LEVELS), note: nullable(str(200, 0)), active: { type: 'boolean' } },
  } as const;

  app.post(
    '/api/reply-phrases',
    { schema: { tags: ['reply quality'], summary: '新增敷衍用语 (admin)', body: { ...phraseBody, required: ['phrase'] }, response: { 201: phraseSchema, ...errorResponses } } },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as { phrase: string; level?: 'block' | 'warn'; note?: string | null; active?: boolean };
      const phrase = b.phrase.trim();
      if (phrase.length < 2) throw new DomainError('validation.failed', '用语至少 2 个字', 'a phrase needs at least 2 characters', { field: 'phrase' });
      const row = await db
        .insertInto('reply_phrases')
        .values({ id: randomUUID(), phrase, level: b.level ?? 'block', note: b.note?.trim() || null, active: b.active ?? true, updated_at: deps.clock() })
        .onConflict((oc) => oc.column('phrase').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new DomainError('conflict', `用语已存在：${phrase}`, `the phrase already exists: ${phrase}`, { field: 'phrase' });
      deps.policy.invalidate();
      return reply.status(201).send(phraseOut(row));
    },
  );

  app.patch(
    '/api/reply-phrases/:id',
    {
      schema: {
        tags: ['reply quality'],
        summary: '修改敷衍用语 (admin)',
        params: { type: 'object', properties: { id: uuid }, required: ['id'] },
        body: { ...phraseBody, minProperties: 1 },
        response: { 200: phraseSchema, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const { id } = req.params as { id: string };
      const b = req.body as { phrase?: string; level?: 'block' | 'warn'; note?: string | null; active?: boolean };
      if (b.phrase !== undefined && b.phrase.trim().length < 2) throw new DomainError('validation.failed', '用语至少 2 个字', 'a phrase needs at least 2 characters', { field: 'phrase' });
      const clash = b.phrase ? await db.selectFrom('reply_phrases').select('id').where('phrase', '=', b.phrase.trim()).where('id', '!=', id).executeTakeFirst() : undefined;
      if (clash) throw new DomainError('conflict', `用语已存在：${b.phrase}`, `the phrase already exists: ${b.phrase}`, { field: 'phrase' });
      const row = await db
        .updateTable('reply_phrases')
        .set({
          ...(b.phrase !== undefined ? { phrase: b.phrase.trim() } : {}),
          ...(b.level ? { level: b.level } : {}),
          ...(b.note !== undefined ? { note: b.note?.trim() || null } : {}),
          ...(b.active !== undefined ? { active: b.active } : {}),
          updated_at: deps.clock(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new DomainError('not_found', '用语不存在', 'no such phrase');
      deps.policy.invalidate();
      return phraseOut(row);
    },
  );

  app.delete(
    '/api/reply-phrases/:id',
    { schema: { tags: ['reply quality'], summary: '删除敷衍用语 (admin)', params: { type: 'object', properties: { id: uuid }, required: ['id'] }, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const res = await db.deleteFrom('reply_phrases').where('id', '=', (req.params as { id: string }).id).executeTakeFirst();
      if (!res.numDeletedRows) throw new DomainError('not_found', '用语不存在', 'no such phrase');
      deps.policy.invalidate();
      return reply.status(204).send();
    },
  );
}
