/**
 * 专报 (DOMAIN.md §5, S1; issue #7 §5): the centre compiles chosen cases into a special report for
 * leaders. The cases are copied in when compiled, so a submitted report does not change later;
 * submitting it marks each case's history and tells the leaders.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { DomainError } from '../../core/errors';
import { isUuid, type Executor } from '../cases/cases.repo';
import { reviveSummary } from '../supervision/case-summary';
import { compileReportCases, createSpecialReport, submitSpecialReport } from '../supervision/special-reports.repo';
import { renderSpecialReportPdf } from '../print/pdf';
import { sendPdf } from './supervision.routes';
import { enumOf, errorResponses, isoInstant, nullable, str, uuid } from './schemas';

const READERS = ['supervisor', 'admin', 'leader'] as const;
const AUTHORS = ['supervisor', 'admin'] as const;

const reportSchema = {
  type: 'object',
  properties: {
    id: uuid,
    reportNo: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    status: enumOf(['draft', 'submitted']),
    author: { type: 'string' },
    createdAt: isoInstant,
    updatedAt: isoInstant,
    submittedAt: nullable(isoInstant),
    caseCount: { type: 'integer' },
    cases: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

const caseRefs = { type: 'array', minItems: 1, maxItems: 50, items: str(64), description: 'Case ids or numbers, in the order they appear' } as const;

async function resolveCaseIds(db: Executor, refs: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) {
    const c = await db.selectFrom('cases').select('id').where(isUuid(ref) ? 'id' : 'case_no', '=', ref.trim()).executeTakeFirst();
    if (!c) throw new DomainError('case.not_found', `诉求不存在：${ref}`, `no such case: ${ref}`, { field: 'cases' });
    if (!ids.includes(c.id)) ids.push(c.id);
  }
  return ids;
}

export function registerSpecialReportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  async function load(id: string) {
    const r = await db
      .selectFrom('special_reports as r')
      .innerJoin('users as u', 'u.id', 'r.created_by')
      .selectAll('r')
      .select('u.display_name as author')
      .where('r.id', '=', id)
      .executeTakeFirst();
    if (!r) throw new DomainError('not_found', '专报不存在', 'no such special report');
    return r;
  }
  type Row = Awaited<ReturnType<typeof load>>;
  const out = (r: Row, withCases = true) => ({
    id: r.id,
    reportNo: r.report_no,
    title: r.title,
    summary: r.summary,
    status: r.status,
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    caseCount: r.cases.length,
    cases: withCases ? r.cases : [],
  });

  app.get(
    '/api/special-reports',
    {
      schema: {
        tags: ['supervision'],
        summary: '专报 — special reports, newest first (leaders see submitted ones)',
        querystring: { type: 'object', additionalProperties: false, properties: { status: enumOf(['draft', 'submitted']) } },
        response: { 200: { type: 'array', items: reportSchema }, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, READERS);
      const q = req.query as { status?: 'draft' | 'submitted' };
      let query = db.selectFrom('special_reports as r').innerJoin('users as u', 'u.id', 'r.created_by').selectAll('r').select('u.display_name as author');
      if (user.role === 'leader') query = query.where('r.status', '=', 'submitted');
      if (q.status) query = query.where('r.status', '=', q.status);
      return (await query.orderBy('r.created_at', 'desc').limit(200).execute()).map((r) => out(r, false));
    },
  );

  app.post(
    '/api/special-reports',
    {
      schema: {
        tags: ['supervision'],
        summary: '编制专报 — compile chosen cases into a draft special report',
        body: { type: 'object', additionalProperties: false, required: ['title', 'cases'], properties: { title: str(200, 2), summary: str(8000, 0), cases: caseRefs } },
        response: { 201: reportSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, AUTHORS);
      const b = req.body as { title: string; summary?: string; cases: string[] };
      const now = deps.clock();
      const id = await db.transaction().execute(async (trx) =>
        createSpecialReport(trx, { title: b.title, summary: b.summary ?? '', caseIds: await resolveCaseIds(trx, b.cases), author: user, now }),
      );
      return reply.status(201).send(out(await load(id)));
    },
  );

  const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;

  app.get('/api/special-reports/:id', { schema: { tags: ['supervision'], summary: '专报详情', params: idParams, response: { 200: reportSchema, ...errorResponses } } }, async (req) => {
    const user = requireRole(req, READERS);
    const r = await load((req.params as { id: string }).id);
    if (user.role === 'leader' && r.status !== 'submitted') throw new DomainError('not_found', '专报不存在', 'no such special report');
    return out(r);
  });

  app.patch(
    '/api/special-reports/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '修改专报草稿 — title, summary, or the cases (recompiled)',
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { title: str(200, 2), summary: str(8000, 0), cases: caseRefs } },
        response: { 200: reportSchema, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, AUTHORS);
      const { id } = req.params as { id: string };
      const b = req.body as { title?: string; summary?: string; cases?: string[] };
      await db.transaction().execute(async (trx) => {
        const r = await trx.selectFrom('special_reports').select(['status']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!r) throw new DomainError('not_found', '专报不存在', 'no such special report');
        if (r.status !== 'draft') throw new DomainError('case.illegal_transition', '专报已报送，不能修改', 'a submitted report cannot be changed');
        const cases = b.cases ? await compileReportCases(trx, id, await resolveCaseIds(trx, b.cases)) : undefined;
        await trx
          .updateTable('special_reports')
          .set({ ...(b.title ? { title: b.title.trim() } : {}), ...(b.summary !== undefined ? { summary: b.summary.trim() } : {}), ...(cases ? { cases } : {}), updated_at: deps.clock() })
          .where('id', '=', id)
          .execute();
      });
      return out(await load(id));
    },
  );

  app.post(
    '/api/special-reports/:id/submit',
    {
      schema: {
        tags: ['supervision'],
        summary: '报送专报 — send to the leaders; each case’s history records it',
        params: idParams,
        response: { 200: reportSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, AUTHORS);
      const { id } = req.params as { id: string };
      const now = deps.clock();
      await db.transaction().execute((trx) => submitSpecialReport(trx, id, user, now));
      return out(await load(id));
    },
  );

  app.get(
    '/api/special-reports/:id/pdf',
    {
      schema: {
        tags: ['supervision'],
        summary: '打印专报 — the report as a PDF',
        params: idParams,
        response: { 200: { type: 'string', format: 'binary', description: 'application/pdf' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, READERS);
      const r = await load((req.params as { id: string }).id);
      if (user.role === 'leader' && r.status !== 'submitted') throw new DomainError('not_found', '专报不存在', 'no such special report');
      const centre = await db.selectFrom('units').select('name').where('type', '=', 'centre').orderBy('path').limit(1).executeTakeFirst();
      const pdf = await renderSpecialReportPdf({
        reportNo: r.report_no,
        title: r.title,
        summary: r.summary,
        author: r.author,
        unitName: centre?.name ?? '12345政务服务便民热线',
        createdAt: r.created_at,
        submittedAt: r.submitted_at,
        cases: (r.cases as Record<string, unknown>[]).map(reviveSummary),
      });
      return sendPdf(reply, pdf, `${r.report_no}.pdf`);
    },
  );
}
