/**
 * Routing (issue #5): regions (属地, GeoJSON), suggestions for category and unit with the rules'
 * proposal, (re)training, the misroute review queue and rates, concentrated-request alerts, and the
 * editable category tree.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole, requireUser } from '../http/auth';
import { suggestRouting, trainRoutingModels } from '../routing/routing.service';
import { invalidateRouting } from '../routing/routing.store';
import { parseRegionUpload } from '../../core/routing/territory';
import { DomainError } from '../../core/errors';
import { KINDS } from '../../core/enums';
import { enumOf, errorResponses, isoInstant, nullable, str } from './schemas';

const STAFF = ['operator', 'dispatcher', 'supervisor', 'admin', 'leader'] as const;
const scored = { type: 'object', properties: { code: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, confidence: { type: 'number' }, terms: { type: 'array', items: { type: 'object', properties: { term: { type: 'string' }, weight: { type: 'number' } } } } } } as const;
const unitRef = { type: 'object', properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' } } } as const;

export function registerRoutingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  app.get('/api/regions', { schema: { tags: ['routing'], summary: '行政区域 — the regions as a GeoJSON FeatureCollection' } }, async (req) => {
    requireUser(req);
    const rows = await db.selectFrom('regions as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['u.code', 'u.type', 'r.name', 'r.aliases', 'r.geometry', 'r.updated_at']).orderBy('u.path').execute();
    return {
      type: 'FeatureCollection',
      features: rows.map((r) => ({ type: 'Feature', properties: { unitCode: r.code, level: r.type, name: r.name, aliases: r.aliases, updatedAt: r.updated_at }, geometry: r.geometry })),
    };
  });

  app.put(
    '/api/regions',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['routing'],
        summary: '上传行政区域 — a GeoJSON FeatureCollection; each feature’s properties.unitCode names a district or street (admin)',
        body: { type: 'object', required: ['type', 'features'], properties: { type: { type: 'string' }, features: { type: 'array' } } },
        response: { 200: { type: 'object', properties: { saved: { type: 'integer' } } }, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const features = parseRegionUpload(req.body);
      const now = deps.clock();
      await db.transaction().execute(async (trx) => {
        for (const [i, f] of features.entries()) {
          const unit = await trx.selectFrom('units').select(['id', 'type', 'name']).where('code', '=', f.unitCode).executeTakeFirst();
          if (!unit || (unit.type !== 'district' && unit.type !== 'street')) {
            throw new DomainError('validation.failed', `第 ${i + 1} 个区域的单位编码不是区县或街道：${f.unitCode}`, `feature ${i}: ${f.unitCode} is not a district or street`, { field: `features[${i}].properties.unitCode` });
          }
          const values = { unit_id: unit.id, name: f.name ?? unit.name, aliases: JSON.stringify(f.aliases), geometry: JSON.stringify(f.geometry), updated_at: now };
          await trx
            .insertInto('regions')
            .values(values)
            .onConflict((oc) => oc.column('unit_id').doUpdateSet({ name: values.name, aliases: values.aliases, geometry: values.geometry, updated_at: now }))
            .execute();
        }
      });
      invalidateRouting(db);
      return { saved: features.length };
    },
  );

  app.post(
    '/api/routing/suggest',
    {
      schema: {
        tags: ['routing'],
        summary: '派单建议 — the region, the rules’ proposal, and the top 3 categories and units with confidence and deciding words',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'content'],
          properties: {
            title: str(200, 1),
            content: str(10000, 0),
            kind: enumOf(KINDS),
            categoryCode: str(64),
            address: str(500),
            location: { type: 'object', additionalProperties: false, required: ['lng', 'lat'], properties: { lng: { type: 'number', minimum: -180, maximum: 180 }, lat: { type: 'number', minimum: -90, maximum: 90 } } },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              region: nullable({ type: 'object', properties: { ...unitRef.properties, by: { type: 'string' } } }),
              rule: { type: 'object', properties: { reason: { type: 'string' }, categoryCode: nullable({ type: 'string' }), lead: nullable(unitRef), co: { type: 'array', items: unitRef }, matched: { type: 'array', items: { type: 'string' } } } },
              categories: { type: 'array', items: scored },
              units: { type: 'array', items: scored },
              modelTrainedAt: nullable(isoInstant),
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, STAFF);
      return suggestRouting(db, req.body as Parameters<typeof suggestRouting>[1]);
    },
  );

  app.post(
    '/api/routing/train',
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags: ['routing'],
        summary: '训练派单模型 — retrain from the platform’s cases, plus historical cases given here (admin)',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            historical: {
              type: 'array',
              maxItems: 200_000,
              items: { type: 'object', additionalProperties: false, required: ['title'], properties: { title: str(200), content: str(10000, 0), category: str(64), unit: str(64) } },
            },
          },
        },
        response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const h = (req.body as { historical?: { title: string; content?: string; category?: string; unit?: string }[] } | undefined)?.historical ?? [];
      // the labels must name categories and units that exist, or the models would suggest ghosts
      const cats = new Set((await db.selectFrom('categories').select('code').execute()).map((c) => c.code));
      const units = new Set((await db.selectFrom('units').select('code').execute()).map((u) => u.code));
      h.forEach((x, i) => {
        if (x.category && !cats.has(x.category)) throw new DomainError('validation.failed', `第 ${i + 1} 条的分类不存在：${x.category}`, `historical[${i}].category: no such category ${x.category}`, { field: `historical[${i}].category` });
        if (x.unit && !units.has(x.unit)) throw new DomainError('validation.failed', `第 ${i + 1} 条的单位不存在：${x.unit}`, `historical[${i}].unit: no such unit ${x.unit}`, { field: `historical[${i}].unit` });
      });
      // kept, so that every later retraining learns from them too
      const now = deps.clock();
      for (let i = 0; i < h.length; i += 1000) {
        await db
          .insertInto('routing_history')
          .values(h.slice(i, i + 1000).map((x) => ({ id: randomUUID(), title: x.title, content: x.content ?? '', category_code: x.category ?? null, unit_code: x.unit ?? null, imported_at: now })))
          .execute();
      }
      return trainRoutingModels(db, now);
    },
  );

  app.get('/api/routing/models', { schema: { tags: ['routing'], summary: '派单模型 — when the models were trained, on how many cases, and their held-out accuracy' } }, async (req) => {
    requireRole(req, STAFF);
    const rows = await db.selectFrom('routing_models').select(['kind', 'docs', 'metrics', 'trained_at']).execute();
    return rows.map((r) => ({ kind: r.kind, docs: r.docs, metrics: r.metrics, trainedAt: r.trained_at }));
  });

  app.get(
    '/api/misroute-reviews',
    { schema: { tags: ['routing'], summary: '退单审核 — cases a unit returned as not its responsibility, with the reason, awaiting the centre' } },
    async (req) => {
      requireRole(req, ['dispatcher', 'supervisor', 'admin']);
      const rows = await sql<{ id: string; case_no: string; title: string; version: number; unit_name: string | null; reason: string | null; suggested: string | null; at: Date }>`
        SELECT c.id, c.case_no, c.title, c.version, u.name AS unit_name, e.payload->>'reason' AS reason, e.payload->>'suggestedUnit' AS suggested, e.at
        FROM cases c
        JOIN LATERAL (SELECT payload, at FROM case_events WHERE case_id = c.id AND action = 'return' ORDER BY seq DESC LIMIT 1) e ON true
        LEFT JOIN units u ON u.id = c.lead_unit_id
        WHERE c.state = 'returned'
        ORDER BY e.at`.execute(db);
      return rows.rows.map((r) => ({ caseId: r.id, caseNo: r.case_no, title: r.title, version: r.version, unit: r.unit_name, reason: r.reason, suggestedUnit: r.suggested, returnedAt: r.at }));
    },
  );

  app.get(
    '/api/reports/misroutes',
    {
      schema: {
        tags: ['reports'],
        summary: '退单率 — per unit: cases dispatched to it, returned by it, and the returns the centre accepted or rejected',
        querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } } },
      },
    },
    async (req) => {
      requireRole(req, ['dispatcher', 'supervisor', 'admin', 'leader']);
      const q = req.query as { from?: string; to?: string };
      // to is exclusive; by default it includes this very moment
      const to = q.to ? new Date(q.to) : new Date(deps.clock().getTime() + 1);
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * 86_400_000);
      const rows = await sql<{ unit_id: string; code: string; name: string; dispatched: number; returned: number; rejected: number }>`
        WITH d AS (
          SELECT (e.payload->'lead'->>'id')::uuid AS unit_id, count(*)::int AS n FROM case_events e
          WHERE e.action IN ('dispatch', 'dispatch_down') AND e.at >= ${from} AND e.at < ${to} GROUP BY 1),
        r AS (
          SELECT e.actor_unit_id AS unit_id, count(*)::int AS n FROM case_events e
          WHERE e.action = 'return' AND e.at >= ${from} AND e.at < ${to} GROUP BY 1),
        x AS (
          SELECT ret.actor_unit_id AS unit_id, count(*)::int AS n FROM case_events rej
          JOIN LATERAL (SELECT actor_unit_id FROM case_events r WHERE r.case_id = rej.case_id AND r.action = 'return' AND r.seq < rej.seq ORDER BY r.seq DESC LIMIT 1) ret ON true
          WHERE rej.action = 'reject_return' AND rej.at >= ${from} AND rej.at < ${to} GROUP BY 1)
        SELECT u.id AS unit_id, u.code, u.name, coalesce(d.n, 0) AS dispatched, coalesce(r.n, 0) AS returned, coalesce(x.n, 0) AS rejected
        FROM units u LEFT JOIN d ON d.unit_id = u.id LEFT JOIN r ON r.unit_id = u.id LEFT JOIN x ON x.unit_id = u.id
        WHERE coalesce(d.n, 0) + coalesce(r.n, 0) > 0
        ORDER BY u.code`.execute(db);
      return {
        from,
        to,
        units: rows.rows.map((r) => ({
          unit: { id: r.unit_id, code: r.code, name: r.name },
          dispatched: r.dispatched,
          returned: r.returned,
          returnsRejected: r.rejected,
          misrouteRate: r.dispatched > 0 ? (r.returned - r.rejected) / r.dispatched : null,
          returnRate: r.dispatched > 0 ? r.returned / r.dispatched : null,
        })),
      };
    },
  );

  app.get('/api/alerts', { schema: { tags: ['routing'], summary: '集中诉求预警 — concentrated requests (many citizens, same issue, same area, 48 h)', querystring: { type: 'object', additionalProperties: false, properties: { open: { type: 'boolean' } } } } }, async (req) => {
    requireRole(req, ['supervisor', 'dispatcher', 'admin', 'leader']);
    let q = db.selectFrom('alerts as a').leftJoin('units as u', 'u.id', 'a.region_unit_id').select(['a.id', 'a.kind', 'a.title', 'a.category_code', 'a.case_ids', 'a.created_at', 'a.acknowledged_at', 'u.code', 'u.name']);
    if ((req.query as { open?: boolean }).open) q = q.where('a.acknowledged_at', 'is', null);
    const rows = await q.orderBy('a.created_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, region: r.code ? { code: r.code, name: r.name } : null, categoryCode: r.category_code, caseIds: r.case_ids, cases: r.case_ids.length, createdAt: r.created_at, acknowledgedAt: r.acknowledged_at }));
  });

  app.post('/api/alerts/:id/ack', { schema: { tags: ['routing'], summary: '确认预警', params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } }, async (req, reply) => {
    const user = requireRole(req, ['supervisor', 'admin']);
    const res = await db.updateTable('alerts').set({ acknowledged_at: deps.clock(), acknowledged_by: user.userId }).where('id', '=', (req.params as { id: string }).id).where('acknowledged_at', 'is', null).executeTakeFirst();
    if (!res.numUpdatedRows) throw new DomainError('not_found', '没有未确认的该预警', 'no such open alert');
    return reply.status(204).send();
  });

  // ---- the editable category tree (three levels) ----
  const codeSchema = str(64, 1, { pattern: '^[a-z0-9]+(\\.[a-z0-9_-]+){0,2}$' });
  app.post(
    '/api/categories',
    {
      schema: {
        tags: ['organisation'],
        summary: '新增分类 — add a category of up to three levels; the code extends its parent’s (admin)',
        body: { type: 'object', additionalProperties: false, required: ['code', 'name'], properties: { code: codeSchema, name: str(50), sort: { type: 'integer' } } },
        response: { 201: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, parentCode: nullable({ type: 'string' }), level: { type: 'integer' } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as { code: string; name: string; sort?: number };
      const parts = b.code.split('.');
      const parentCode = parts.length > 1 ? parts.slice(0, -1).join('.') : null;
      if (parentCode && !(await db.selectFrom('categories').select('code').where('code', '=', parentCode).executeTakeFirst())) {
        throw new DomainError('validation.failed', `上级分类不存在：${parentCode}`, `no parent category ${parentCode}`, { field: 'code' });
      }
      if (await db.selectFrom('categories').select('code').where('code', '=', b.code).executeTakeFirst()) throw new DomainError('conflict', `分类编码已存在：${b.code}`, `category ${b.code} exists`, { field: 'code' });
      await db.insertInto('categories').values({ code: b.code, name: b.name, parent_code: parentCode, level: parts.length, sort: b.sort ?? 0 }).execute();
      invalidateRouting(db);
      reply.status(201);
      return { code: b.code, name: b.name, parentCode, level: parts.length };
    },
  );

  app.patch(
    '/api/categories/:code',
    {
      schema: {
        tags: ['organisation'],
        summary: '修改分类 — rename, reorder or retire a category (retiring also retires those below it) (admin)',
        params: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] },
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { name: str(50), sort: { type: 'integer' }, active: { type: 'boolean' } } },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const { code } = req.params as { code: string };
      const b = req.body as { name?: string; sort?: number; active?: boolean };
      const res = await db.updateTable('categories').set({ ...(b.name ? { name: b.name } : {}), ...(b.sort !== undefined ? { sort: b.sort } : {}), ...(b.active !== undefined ? { active: b.active } : {}) }).where('code', '=', code).executeTakeFirst();
      if (!res.numUpdatedRows) throw new DomainError('not_found', '分类不存在', 'no such category');
      if (b.active === false) await db.updateTable('categories').set({ active: false }).where(sql<boolean>`left(code, ${code.length + 1}) = ${`${code}.`}`).execute();
      invalidateRouting(db);
      return reply.status(204).send();
    },
  );
}
