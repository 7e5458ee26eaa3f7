/**
 * The citizen's view without logging in: a case by number and query code — its state, the public
 * steps of its timeline and the final reply, never personal data or staff names. A wrong code is 404.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { langOf } from '../http/i18n';
import { DomainError } from '../../core/errors';
import { CASE_NO_PATTERN, normalizeQueryCode } from '../../core/case-number';
import { CASE_ACTION_LABELS, CASE_STATE_LABELS, type CaseAction, type CaseState } from '../../core/case-lifecycle';
import { errorResponses, isoInstant, nullable, satisfactionSchema, str } from './schemas';
import { evaluateCase } from '../commands/evaluate-case';
import type { Satisfaction } from '../../core/enums';

/** The steps a citizen sees; internal ones (urges, sign-off, rework …) stay inside. */
const PUBLIC_STEPS = new Set(['register', 'answer_on_spot', 'dispatch', 'dispatch_down', 'accept', 'approve_reply', 'decide_extension', 'callback', 'evaluate', 'close', 'archive', 'merge']);

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerPublicRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/public/cases/:no',
    {
      // the query code is short: limit how fast one address can guess it
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: '办理进度查询 — a citizen tracks a case by number and query code',
        params: { type: 'object', properties: { no: { type: 'string', pattern: CASE_NO_PATTERN } }, required: ['no'] },
        querystring: { type: 'object', properties: { code: { type: 'string', minLength: 1, maxLength: 12 }, lang: { type: 'string', enum: ['zh', 'en'] } }, required: ['code'] },
        response: {
          200: {
            type: 'object',
            properties: {
              caseNo: { type: 'string' },
              title: { type: 'string' },
              kind: { type: 'string' },
              channel: { type: 'string' },
              state: { type: 'string' },
              stateLabel: { type: 'string' },
              createdAt: isoInstant,
              dueAt: nullable(isoInstant),
              closedAt: nullable(isoInstant),
              leadUnit: nullable({ type: 'string' }),
              finalReply: nullable({ type: 'string' }),
              closingNote: nullable({ type: 'string' }),
              satisfaction: nullable({ type: 'string' }),
              canEvaluate: { type: 'boolean', description: 'The reply awaits the citizen’s rating (POST …/evaluation)' },
              timeline: {
                type: 'array',
                items: { type: 'object', properties: { at: isoInstant, step: { type: 'string' }, label: { type: 'string' }, text: nullable({ type: 'string' }) } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { no } = req.params as { no: string };
      const { code } = req.query as { code: string };
      const lang = langOf(req);
      const row = await deps.db.db
        .selectFrom('cases')
        .leftJoin('units', 'units.id', 'cases.lead_unit_id')
        .select(['cases.anonymous', 'cases.id', 'cases.case_no', 'cases.query_code', 'cases.title', 'cases.kind', 'cases.channel', 'cases.state', 'cases.created_at', 'cases.due_at', 'cases.closed_at', 'cases.final_reply', 'cases.closing_note', 'cases.satisfaction', 'units.name as unit_name'])
        .where('cases.case_no', '=', no)
        .executeTakeFirst();
      if (!row || !sameCode(row.query_code, normalizeQueryCode(code))) {
        throw new DomainError('not_found', '未找到该诉求，请核对编号和查询码', 'no case with that number and code');
      }
      const events = await deps.db.db.selectFrom('case_events').select(['action', 'at', 'payload']).where('case_id', '=', row.id).orderBy('seq').execute();
      const timeline = events
        .filter((e) => PUBLIC_STEPS.has(e.action))
        .map((e) => {
          const p = e.payload as Record<string, unknown>;
          let text: string | null = null;
          if (e.action === 'dispatch' || e.action === 'dispatch_down') text = (p.lead as { name?: string } | undefined)?.name ?? null;
          if (e.action === 'merge') text = lang === 'en' ? `Merged into case ${String((p.into as { caseNo?: string } | undefined)?.caseNo ?? '')}` : `已与诉求 ${String((p.into as { caseNo?: string } | undefined)?.caseNo ?? '')} 合并办理`;
          if (e.action === 'decide_extension') {
            if (!p.approved) return null;
            const due = p.newDueAt ? new Date(String(p.newDueAt)).toISOString() : '';
            text = lang === 'en' ? `Extended to ${due}: ${String(p.reason ?? '')}` : `延期至 ${due}，原因：${String(p.reason ?? '')}`;
          }
          if (e.action === 'answer_on_spot') text = String(p.answer ?? '');
          if (e.action === 'evaluate') text = lang === 'en' ? 'You rated the result' : '您已评价办理结果';
          const label = e.action === 'register' ? (lang === 'en' ? 'Registered' : '已受理') : CASE_ACTION_LABELS[e.action as CaseAction][lang];
          return { at: e.at, step: e.action, label, text };
        })
        .filter((x) => x !== null);
      return {
        caseNo: row.case_no,
        title: row.title,
        kind: row.kind,
        channel: row.channel,
        state: row.state,
        stateLabel: CASE_STATE_LABELS[row.state as CaseState][lang],
        createdAt: row.created_at,
        dueAt: row.due_at,
        closedAt: row.closed_at,
        leadUnit: row.unit_name,
        finalReply: row.final_reply,
        closingNote: row.closing_note,
        satisfaction: row.satisfaction,
        canEvaluate: row.state === 'pending_callback' && !row.anonymous,
        timeline,
      };
    },
  );

  app.post(
    '/api/public/cases/:no/evaluation',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: '市民评价 — the citizen rates the result with the query code (the result callback of SMS and online cases)',
        params: { type: 'object', properties: { no: { type: 'string', pattern: CASE_NO_PATTERN } }, required: ['no'] },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'satisfaction'],
          properties: { code: { type: 'string', minLength: 1, maxLength: 12 }, satisfaction: satisfactionSchema, resolved: { type: 'boolean' }, comment: str(1000, 0) },
        },
        response: { 200: { type: 'object', properties: { state: { type: 'string' }, stateLabel: { type: 'string' }, satisfaction: { type: 'string' } } }, ...errorResponses },
      },
    },
    async (req) => {
      const { no } = req.params as { no: string };
      const b = req.body as { code: string; satisfaction: Satisfaction; resolved?: boolean; comment?: string };
      const row = await deps.db.db.selectFrom('cases').select(['id', 'query_code', 'version']).where('case_no', '=', no).executeTakeFirst();
      if (!row || !sameCode(row.query_code, normalizeQueryCode(b.code))) {
        throw new DomainError('not_found', '未找到该诉求，请核对编号和查询码', 'no case with that number and code');
      }
      const after = await evaluateCase({ db: deps.db.db, policy: deps.policy, now: deps.clock() }, row.id, row.version, { satisfaction: b.satisfaction, resolved: b.resolved ?? null, comment: b.comment ?? null });
      return { state: after.state, stateLabel: CASE_STATE_LABELS[after.state as CaseState][langOf(req)], satisfaction: b.satisfaction };
    },
  );
}
