/**
 * Personal data (issue #9 §2; docs/privacy.md): the access report per user, a citizen's data
 * exported or erased on request, and the retention job. The report is for admins and
 * supervisors, as the access log is; everything about a citizen's request is for admins.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { langOf } from '../http/i18n';
import { DomainError } from '../../core/errors';
import { formatEpochDay, parseEpochDay, shanghaiDate } from '../../core/calendar';
import { accessReport, accessReportCsv, UNUSUAL } from '../privacy/access-report';
import { exportCitizenData, listAudit, parseSubject, previewCitizen, type AuditKind } from '../privacy/citizen-data';
import { eraseCitizen } from '../privacy/erasure';
import { retentionStatus, runRetention } from '../privacy/retention';
import { loadPolicySettings } from '../policy/policy';
import { enumOf, errorResponses, isoInstant, nullable, str } from './schemas';

const TAGS = ['personal data'];
const ADMIN = ['admin'] as const;
const REPORT_READERS = ['admin', 'supervisor'] as const;

const subjectProps = {
  phone: { ...str(32), description: 'The citizen’s phone as registered (mobile or landline)' },
  idNumber: { ...str(18, 15), description: 'The citizen’s resident ID number (GB 11643)' },
} as const;
const referenceProp = { ...str(100, 2), description: 'The request’s reference (letter or form number), kept in the audit record; no personal data in it' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;

const reportRow = {
  type: 'object',
  properties: {
    userId: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    unit: { type: 'string' },
    views: { type: 'integer', description: 'Unmasked views in the period' },
    cases: { type: 'integer', description: 'Distinct cases viewed' },
    citizens: { type: 'integer', description: 'Distinct citizens (ID number, else phone) viewed' },
    firstView: isoInstant,
    lastView: isoInstant,
    roleMedian: { type: 'number', description: 'Median views of the users of the same role who viewed any' },
    flagged: { type: 'boolean', description: `Unusual: at least ${UNUSUAL.factor}× the role’s median and at least ${UNUSUAL.minViews} views` },
  },
} as const;

const previewSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', description: 'The citizen, masked' },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          caseNo: { type: 'string' },
          title: { type: 'string' },
          citizenName: nullable({ type: 'string' }),
          state: { type: 'string' },
          stateLabel: { type: 'string' },
          finished: { type: 'boolean' },
          createdAt: isoInstant,
          closedAt: nullable(isoInstant),
          archivedAt: nullable(isoInstant),
        },
      },
    },
    openCases: { type: 'array', items: { type: 'string' }, description: 'Cases still open: an erasure is refused while there are any' },
    openCorequests: { type: 'array', items: { type: 'string' }, description: 'Open cases the citizen is a co-requester of' },
  },
} as const;

const exportSchema = {
  type: 'object',
  description: 'Everything held on the citizen (also sent as a download: Content-Disposition)',
  properties: {
    auditId: { type: 'string' },
    reference: { type: 'string' },
    generatedAt: isoInstant,
    generatedBy: anyObject,
    subject: anyObject,
    cases: { type: 'array', items: anyObject, description: 'Each case with its replies, callbacks, promises, attachments (listed), history and access log' },
    corequests: { type: 'array', items: anyObject },
    calls: { type: 'array', items: anyObject },
    messages: { type: 'array', items: anyObject },
  },
} as const;

const erasureSchema = {
  type: 'object',
  properties: {
    auditId: { type: 'string' },
    reference: { type: 'string' },
    subject: { type: 'string' },
    erased: { type: 'array', items: { type: 'object', properties: { caseNo: { type: 'string' }, state: { type: 'string' }, attachmentsRemoved: { type: 'integer' } } } },
    corequests: { type: 'integer' },
    calls: { type: 'integer' },
  },
} as const;

const runSchema = {
  type: 'object',
  properties: {
    auditId: { type: 'string' },
    at: isoInstant,
    years: { type: 'integer' },
    cutoff: isoInstant,
    anonymised: { type: 'integer' },
    batches: { type: 'integer' },
    by: nullable({ type: 'string', description: 'Who ran it; null: the daily job' }),
  },
} as const;

const AUDIT_KINDS = ['export', 'erasure', 'retention'] as const;

function contentDisposition(ascii: string, name: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerPrivacyRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  app.get(
    '/api/access-log/report',
    {
      schema: {
        tags: TAGS,
        summary: '个人信息查看统计 — unmasked views per user, unusual ones flagged (admin, supervisor)',
        description:
          'Per user over Shanghai days `from`..`to` (inclusive; default the last 30 days, at most 366): views, distinct cases and citizens, first and last view, ' +
          `and \`flagged\` when the user viewed at least ${UNUSUAL.factor} times the median of the same role (and at least ${UNUSUAL.minViews}). ` +
          '`user` keeps one username (flagged against everyone); `format=csv` downloads it as UTF-8 CSV with Chinese headers.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, user: str(100), format: { ...enumOf(['json', 'csv']), default: 'json' } },
        },
        response: { 200: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' }, rows: { type: 'array', items: reportRow } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, REPORT_READERS);
      const q = req.query as { from?: string; to?: string; user?: string; format: 'json' | 'csv' };
      const now = deps.clock();
      const to = q.to ?? shanghaiDate(now);
      const from = q.from ?? formatEpochDay(parseEpochDay(to) - 29);
      const span = parseEpochDay(to) - parseEpochDay(from);
      if (span < 0 || span > 365) throw new DomainError('validation.failed', '统计区间须为 1–366 天，且开始不晚于结束（from）', 'from..to must span 1 to 366 days, from not after to', { field: 'from' });
      const rows = await accessReport(db, from, to, q.user);
      if (q.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', contentDisposition(`access-report-${from}-${to}.csv`, `个人信息查看统计-${from}-${to}.csv`))
          .send(accessReportCsv(rows));
      }
      return { from, to, rows };
    },
  );

  app.post(
    '/api/privacy/lookup',
    {
      config: { scope: 'read' },
      schema: {
        tags: TAGS,
        summary: '查找群众 — the cases held on a citizen (by phone or ID number), masked, and which are still open (admin)',
        description: 'A POST so that the phone or ID number stays out of URLs and server logs. Nothing unmasked is returned, so nothing is logged.',
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: subjectProps },
        response: { 200: previewSchema, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ADMIN);
      return previewCitizen(db, parseSubject(req.body as { phone?: string; idNumber?: string }, deps.clock()), langOf(req));
    },
  );

  app.post(
    '/api/privacy/exports',
    {
      schema: {
        tags: TAGS,
        summary: '个人信息导出 — everything held on a citizen, as JSON, on their request (admin; audited and logged)',
        description:
          'Cases (number, dates, content, replies, callbacks, promises, the attachments listed, history) and who viewed the citizen’s data on each; their entries as a co-requester, their calls and the messages sent to them. ' +
          'Each case’s export is logged as an unmasked view, and the export is recorded in the audit with `reference`.',
        body: { type: 'object', additionalProperties: false, required: ['reference'], properties: { ...subjectProps, reference: referenceProp } },
        response: { 200: exportSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, ADMIN);
      const b = req.body as { phone?: string; idNumber?: string; reference: string };
      const now = deps.clock();
      const data = await exportCitizenData(db, user, parseSubject(b, now), b.reference.trim(), req.ip, now, langOf(req));
      const day = shanghaiDate(now);
      return reply.header('content-disposition', contentDisposition(`personal-data-${day}.json`, `个人信息导出-${b.reference.trim()}-${day}.json`)).send(data);
    },
  );

  app.post(
    '/api/privacy/erasures',
    {
      schema: {
        tags: TAGS,
        summary: '个人信息删除 — anonymise a citizen on every finished case, on their request (admin; audited, in each case’s history)',
        description:
          'Every closed or archived case naming the citizen (by phone or ID number) loses the name, phone, ID number and address, the same wherever they appear in its texts, and the attachments the citizen sent; ' +
          'category, units, dates, states and satisfaction stay, so the statistics do not change. An `anonymise` event is appended to each case’s history. ' +
          'Refused with 409 `conflict` while any case of the citizen is open (`details.openCases`). Idempotent: a repeat finds nothing left to erase.',
        body: { type: 'object', additionalProperties: false, required: ['reference'], properties: { ...subjectProps, reference: referenceProp } },
        response: { 200: erasureSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, ADMIN);
      const b = req.body as { phone?: string; idNumber?: string; reference: string };
      const now = deps.clock();
      return eraseCitizen(db, user, parseSubject(b, now), b.reference.trim(), now);
    },
  );

  app.get(
    '/api/privacy/audit',
    {
      schema: {
        tags: TAGS,
        summary: '个人信息处理记录 — exports, erasures and retention runs: who, when, on which request (admin)',
        querystring: { type: 'object', additionalProperties: false, properties: { kind: enumOf(AUDIT_KINDS), limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                kind: enumOf(AUDIT_KINDS),
                reference: nullable({ type: 'string' }),
                subject: nullable({ type: 'string', description: 'The citizen, masked' }),
                caseNos: { type: 'array', items: { type: 'string' } },
                cases: { type: 'integer' },
                details: anyObject,
                actor: nullable({ type: 'object', properties: { username: { type: 'string' }, displayName: { type: 'string' } } }),
                at: isoInstant,
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, ADMIN);
      const q = req.query as { kind?: AuditKind; limit: number };
      return listAudit(db, q.kind, q.limit);
    },
  );

  app.get(
    '/api/privacy/retention',
    {
      schema: {
        tags: TAGS,
        summary: '保存期限 — the retention setting, how many archived cases are due, and the last run (admin)',
        response: {
          200: {
            type: 'object',
            properties: {
              years: nullable({ type: 'integer', description: 'retentionYears of /api/policy-settings; 0 or null keeps for ever' }),
              cutoff: nullable(isoInstant),
              due: { type: 'integer', description: 'Archived cases the next run would anonymise' },
              anonymisedTotal: { type: 'integer' },
              lastRun: nullable(runSchema),
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, ADMIN);
      return retentionStatus(db, deps.clock(), (await loadPolicySettings(db)).retentionYears);
    },
  );

  app.post(
    '/api/privacy/retention/run',
    {
      schema: {
        tags: TAGS,
        summary: '立即执行保存期限清理 — anonymise now the citizens of cases archived more than retentionYears ago (admin)',
        description: 'The same run as the daily job, in batches. 409 `conflict` while the setting keeps cases for ever.',
        response: { 200: runSchema, ...errorResponses },
      },
    },
    async (req) => {
      const user = requireRole(req, ADMIN);
      const years = (await loadPolicySettings(db)).retentionYears;
      if (!years) throw new DomainError('conflict', '个人信息保存年限设置为永久保存，无需清理', 'the retention setting keeps personal data for ever; nothing to do');
      return runRetention(db, deps.clock(), years, user);
    },
  );
}
