/**
 * The knowledge base (资料库, issue #12 §1; GB/T 44191): articles by type with their review workflow,
 * Chinese full-text search ranked by relevance, suggestions for the operator from a case's text,
 * and the counts. The rules are core's (src/core/knowledge.ts); the queries are knowledge.repo.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { langOf } from '../http/i18n';
import { ARTICLE_ACTIONS, ARTICLE_STATUSES, KNOWLEDGE_TYPES, READER_ROLES, type ArticleStatus, type KnowledgeType } from '../../core/knowledge';
import {
  articleView,
  createArticle,
  editArticle,
  knowledgeStats,
  listArticles,
  loadArticle,
  suggestArticles,
  transitionArticle,
  type ArticleEdit,
  type ArticleInput,
} from '../knowledge/knowledge.repo';
import { enumOf, errorResponses, isoInstant, nullable, str, uuid } from './schemas';

const tags = ['knowledge'];
const date = { type: 'string', format: 'date', description: 'YYYY-MM-DD (Shanghai), inclusive' } as const;
const typeSchema = enumOf(KNOWLEDGE_TYPES, 'policy 政策法规, guide 办事指南, faq 常见问题 (GB/T 44191)');
const statusSchema = enumOf(ARTICLE_STATUSES);
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;
const versionField = { type: 'integer', minimum: 1, description: 'The version you read; a stale one is 409 conflict.' } as const;

const common = {
  id: uuid,
  type: typeSchema,
  typeLabel: { type: 'string' },
  title: { type: 'string' },
  excerpt: { type: 'string', description: 'The body’s first 120 characters' },
  category: nullable({ type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } }),
  ownerUnit: { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } },
  validFrom: nullable({ type: 'string' }),
  validTo: nullable({ type: 'string' }),
  inForce: { type: 'boolean', description: 'Published, begun and not lapsed today' },
  status: statusSchema,
  statusLabel: { type: 'string' },
  version: { type: 'integer' },
  createdBy: nullable({ type: 'string' }),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  submittedAt: nullable(isoInstant),
  reviewedBy: nullable({ type: 'string' }),
  reviewedAt: nullable(isoInstant),
  reviewNote: nullable({ type: 'string', description: 'The reviewer’s note (why it was sent back)' }),
  publishedAt: nullable(isoInstant),
  expiredAt: nullable(isoInstant),
  useCount: { type: 'integer', description: 'Cases answered on the spot with it' },
  allowedActions: { type: 'array', items: enumOf(ARTICLE_ACTIONS) },
} as const;

const articleSchema = { type: 'object', properties: { ...common, body: { type: 'string' } } } as const;
const listItemSchema = {
  type: 'object',
  properties: {
    ...common,
    rank: { type: 'number', description: 'ts_rank of the search (with q)' },
    matched: { type: 'array', items: { type: 'string' }, description: 'The words of q the article contains (with q)' },
  },
} as const;

const transitionBody = { type: 'object', additionalProperties: false, properties: { version: versionField } } as const;

/** Roles are checked by core's table (src/core/knowledge.ts) after the article is found, so its refusals name the step. */
export function registerKnowledgeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  app.get(
    '/api/knowledge',
    {
      schema: {
        tags,
        summary: '资料库检索 — search (with q, by relevance) or list (newest updated) the articles you may read',
        description: 'Without `status`, published articles only; `status` shows drafts, reviews or expired ones of your scope (`all`: every status).',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 200 },
            type: typeSchema,
            status: enumOf([...ARTICLE_STATUSES, 'all']),
            category: { type: 'string', maxLength: 100, description: 'Category code; subcategories included' },
            unit: { type: 'string', maxLength: 100, description: 'Owning unit code or id; units below it included' },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            offset: { type: 'integer', minimum: 0, maximum: 10000, default: 0 },
            lang: enumOf(['zh', 'en']),
          },
        },
        response: { 200: { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: listItemSchema } } }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, READER_ROLES);
      const q = req.query as { q?: string; type?: KnowledgeType; status?: ArticleStatus | 'all'; category?: string; unit?: string; limit: number; offset: number };
      return listArticles(db, user, q, deps.clock(), langOf(req));
    },
  );

  app.get(
    '/api/knowledge/stats',
    {
      schema: {
        tags,
        summary: '资料库统计 — counts by type and status, and the ten most used articles',
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              uses: { type: 'integer', description: 'Answers given with an article' },
              byType: { type: 'object', properties: Object.fromEntries(KNOWLEDGE_TYPES.map((t) => [t, { type: 'integer' }])) },
              byStatus: { type: 'object', properties: Object.fromEntries(ARTICLE_STATUSES.map((s) => [s, { type: 'integer' }])) },
              counts: { type: 'array', items: { type: 'object', properties: { type: typeSchema, status: statusSchema, count: { type: 'integer' } } } },
              mostUsed: {
                type: 'array',
                items: { type: 'object', properties: { id: uuid, type: typeSchema, title: { type: 'string' }, status: statusSchema, unitName: { type: 'string' }, useCount: { type: 'integer' } } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => knowledgeStats(db, requireRole(req, READER_ROLES), deps.clock()),
  );

  app.post(
    '/api/knowledge/suggest',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: '资料推荐 — the five published articles in force most relevant to a case’s title and content',
        body: { type: 'object', additionalProperties: false, properties: { title: str(200, 0), content: str(5000, 0) } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: uuid,
                type: typeSchema,
                typeLabel: { type: 'string' },
                title: { type: 'string' },
                excerpt: { type: 'string' },
                matched: { type: 'array', items: { type: 'string' }, description: 'Words of the case found in the article' },
                rank: { type: 'number' },
                useCount: { type: 'integer' },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, READER_ROLES);
      return suggestArticles(db, req.body as { title?: string; content?: string }, deps.clock(), langOf(req));
    },
  );

  app.get(
    '/api/knowledge/:id',
    { schema: { tags, summary: '资料详情 — one article with the steps you may take', params: idParams, response: { 200: articleSchema, ...errorResponses } } },
    async (req) => {
      const user = requireRole(req, READER_ROLES);
      const now = deps.clock();
      return articleView(await loadArticle(db, user, (req.params as { id: string }).id, now), user, now, langOf(req));
    },
  );

  /** The article after a write, as its writer now sees it. */
  async function fresh(req: FastifyRequest, id: string) {
    const user = requireRole(req, READER_ROLES);
    const now = deps.clock();
    return articleView(await loadArticle(db, user, id, now), user, now, langOf(req));
  }

  app.post(
    '/api/knowledge',
    {
      schema: {
        tags,
        summary: '编写资料 — write a draft (a unit for itself; the centre for any unit)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'title', 'body'],
          properties: {
            type: typeSchema,
            title: str(200, 2),
            body: str(20000, 1),
            category: nullable(str(100)),
            unit: { type: 'string', maxLength: 100, description: 'Owning unit code or id (centre only; default: your unit)' },
            validFrom: nullable(date),
            validTo: nullable(date),
          },
        },
        response: { 201: articleSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, READER_ROLES);
      const id = await createArticle(db, user, req.body as ArticleInput, deps.clock());
      return reply.status(201).send(await fresh(req, id));
    },
  );

  app.patch(
    '/api/knowledge/:id',
    {
      schema: {
        tags,
        summary: '修改草稿 — edit a draft (version + 1)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['version'],
          minProperties: 2,
          properties: {
            version: versionField,
            type: typeSchema,
            title: str(200, 2),
            body: str(20000, 1),
            category: nullable(str(100)),
            validFrom: nullable(date),
            validTo: nullable(date),
          },
        },
        response: { 200: articleSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, READER_ROLES);
      const { id } = req.params as { id: string };
      await editArticle(db, user, id, req.body as ArticleEdit, deps.clock());
      return fresh(req, id);
    },
  );

  app.post(
    '/api/knowledge/:id/submit',
    { schema: { tags, summary: '提交审核 — submit a draft for review', params: idParams, body: transitionBody, response: { 200: articleSchema, ...errorResponses } } },
    async (req) => {
      const user = requireRole(req, READER_ROLES);
      const { id } = req.params as { id: string };
      await transitionArticle(db, user, id, 'submit', (req.body ?? {}) as { version?: number }, deps.clock());
      return fresh(req, id);
    },
  );

  app.post(
    '/api/knowledge/:id/review',
    {
      schema: {
        tags,
        summary: '审核资料 — approve (published) or send back with a note (draft)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['approve'],
          properties: { approve: { type: 'boolean' }, note: str(1000, 0, { description: 'Required when sending back' }), version: versionField },
        },
        response: { 200: articleSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, READER_ROLES);
      const { id } = req.params as { id: string };
      const b = req.body as { approve: boolean; note?: string; version?: number };
      await transitionArticle(db, user, id, b.approve ? 'approve' : 'send_back', b, deps.clock());
      return fresh(req, id);
    },
  );

  app.post(
    '/api/knowledge/:id/expire',
    { schema: { tags, summary: '设为失效 — take a published article out of use', params: idParams, body: transitionBody, response: { 200: articleSchema, ...errorResponses } } },
    async (req) => {
      const user = requireRole(req, READER_ROLES);
      const { id } = req.params as { id: string };
      await transitionArticle(db, user, id, 'expire', (req.body ?? {}) as { version?: number }, deps.clock());
      return fresh(req, id);
    },
  );

  app.post(
    '/api/knowledge/:id/revise',
    { schema: { tags, summary: '修订资料 — turn an expired article into a new draft (version + 1)', params: idParams, body: transitionBody, response: { 200: articleSchema, ...errorResponses } } },
    async (req) => {
      const user = requireRole(req, READER_ROLES);
      const { id } = req.params as { id: string };
      await transitionArticle(db, user, id, 'revise', (req.body ?? {}) as { version?: number }, deps.clock());
      return fresh(req, id);
    },
  );
}
