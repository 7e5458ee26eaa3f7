/**
 * Intake from other systems (issue #4): the SMS gateway, online messages and other platforms, and
 * batch import from Excel or CSV. Integrations call with an API token (Authorization: Bearer hy_…).
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole } from '../http/auth';
import { cleanFilename } from '../http/input-guard';
import { receiveSms, type InboundSms } from '../intake/sms-intake';
import { registerCase, type RegisterCaseInput } from '../commands/register-case';
import { smsCitizen } from '../outbox/outbox.repo';
import { receiptText } from '../intake/notices';
import { startImport, importJobView } from '../intake/import-job';
import { DomainError } from '../../core/errors';
import { KINDS, URGENCIES, type Channel } from '../../core/enums';
import { enumOf, errorResponses, isoInstant, nullable, str } from './schemas';

/** Who may feed cases in: the centre's operators and dispatchers, and admins' integration tokens. */
const INTAKE_ROLES = ['operator', 'dispatcher', 'admin'] as const;
/** Channels with an intake of their own are not accepted as generic messages. */
export const MESSAGE_CHANNELS = ['online', 'leader_line', 'media', 'grassroots', 'liaison', 'emergency'] as const satisfies readonly Channel[];

const receipt = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['registered', 'waiting_for_parts'] },
    created: { type: 'boolean' },
    caseId: { type: 'string' },
    caseNo: { type: 'string' },
    queryCode: { type: 'string' },
    received: { type: 'integer' },
    total: { type: 'integer' },
  },
} as const;

export function registerIntakeRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/intake/sms',
    {
      config: { scope: 'intake' },
      schema: {
        tags: ['intake'],
        summary: '短信受理 — an SMS from the gateway; one SMS is one case; idempotent by messageId',
        description:
          '201 for a new case; 200 with the first result for a retried message id; 202 while the parts of a long SMS are still arriving. A receipt SMS with the case number and query code goes to the sender.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['messageId', 'from', 'text'],
          properties: {
            messageId: str(128),
            from: str(32),
            to: str(32),
            text: str(2000),
            receivedAt: isoInstant,
            concat: {
              type: 'object',
              additionalProperties: false,
              required: ['ref', 'part', 'total'],
              properties: { ref: str(64), part: { type: 'integer', minimum: 1, maximum: 50 }, total: { type: 'integer', minimum: 1, maximum: 50 } },
            },
          },
        },
        response: { 200: receipt, 201: receipt, 202: receipt, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, INTAKE_ROLES);
      const result = await receiveSms(deps.db.db, user, req.body as InboundSms, deps.clock(), deps.config.smsSignature);
      if (result.status === 'waiting_for_parts') reply.status(202);
      else reply.status(result.created ? 201 : 200);
      if (result.status === 'registered' && result.created) deps.kickOutbox();
      return result;
    },
  );

  app.post(
    '/api/intake/messages',
    {
      config: { scope: 'intake' },
      schema: {
        tags: ['intake'],
        summary: '其他渠道受理 — online messages, WeChat, province transfers, media, grassroots visits, liaisons, the leader line; idempotent by channel + externalId',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['channel', 'externalId', 'kind', 'title', 'content'],
          properties: {
            channel: enumOf(MESSAGE_CHANNELS),
            source: { ...str(64), description: "sub-source: 'wechat', 'province', 'people_cn' …" },
            externalId: str(128),
            kind: enumOf(KINDS),
            urgency: enumOf(URGENCIES),
            title: str(200, 2),
            content: str(10000, 5),
            categoryCode: str(64),
            address: str(500),
            location: { type: 'object', additionalProperties: false, required: ['lng', 'lat'], properties: { lng: { type: 'number' }, lat: { type: 'number' } } },
            anonymous: { type: 'boolean' },
            confidential: { type: 'boolean' },
            citizen: { type: 'object', additionalProperties: false, properties: { name: str(50), phone: str(32), idNumber: str(18, 15), address: str(500) } },
            receivedAt: isoInstant,
            notifyCitizen: { type: 'boolean', description: 'Send the citizen a receipt SMS (default true when a mobile is given)' },
          },
        },
        response: {
          200: { type: 'object', properties: { created: { type: 'boolean' }, caseId: { type: 'string' }, caseNo: { type: 'string' }, queryCode: { type: 'string' } } },
          201: { type: 'object', properties: { created: { type: 'boolean' }, caseId: { type: 'string' }, caseNo: { type: 'string' }, queryCode: { type: 'string' } } },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, INTAKE_ROLES);
      const b = req.body as RegisterCaseInput & { externalId: string; receivedAt?: string; notifyCitizen?: boolean };
      const now = deps.clock();
      const receivedAt = b.receivedAt ? new Date(b.receivedAt) : undefined;
      const { receivedAt: _r, notifyCitizen, ...input } = b;
      const { row, created } = await registerCase(deps.db.db, user, input, now, {
        intake: true,
        receivedAt,
        afterInsert: async (trx, c) => {
          if (notifyCitizen !== false && !c.anonymous) {
            await smsCitizen(trx, c.citizen_phone, { body: receiptText(deps.config.smsSignature, c.case_no, c.query_code), caseId: c.id, purpose: 'receipt', dedupeKey: `receipt:${c.id}`, now });
          }
        },
      });
      if (created) deps.kickOutbox();
      reply.status(created ? 201 : 200);
      return { created, caseId: row.id, caseNo: row.case_no, queryCode: row.query_code };
    },
  );

  const jobSchema = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      filename: { type: 'string' },
      status: { type: 'string' },
      total: { type: 'integer' },
      processed: { type: 'integer' },
      created: { type: 'integer' },
      duplicates: { type: 'integer' },
      progress: { type: 'number', description: '0–1' },
      errors: { type: 'array', items: { type: 'object', properties: { row: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' }, messageEn: { type: 'string' } } } },
      failure: nullable({ type: 'string' }),
      createdAt: isoInstant,
      finishedAt: nullable(isoInstant),
    },
  } as const;

  app.post(
    '/api/imports',
    {
      config: { scope: 'intake' },
      schema: {
        tags: ['intake'],
        summary: '批量导入 — upload an .xlsx or .csv of cases (multipart field "file"); runs in the background',
        consumes: ['multipart/form-data'],
        response: { 202: jobSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireRole(req, INTAKE_ROLES);
      if (!req.isMultipart()) throw new DomainError('validation.failed', '请以 multipart/form-data 上传文件（字段 file）', 'upload the file as multipart/form-data, field "file"', { field: 'file' });
      const file = await req.file({ limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
      if (!file) throw new DomainError('validation.failed', '缺少文件（字段 file）', 'no file in field "file"', { field: 'file' });
      const data = await file.toBuffer();
      if (file.file.truncated) throw new DomainError('validation.failed', '文件不能超过 20 MB', 'the file is larger than 20 MB', { field: 'file' });
      if (!/\.(xlsx|csv)$/i.test(file.filename)) throw new DomainError('validation.failed', '只支持 .xlsx 或 .csv 文件', 'only .xlsx or .csv files', { field: 'file' });
      const job = await startImport(deps, user, cleanFilename(file.filename), data);
      reply.status(202);
      return job;
    },
  );

  app.get('/api/imports/:id', { config: { scope: 'intake' }, schema: { tags: ['intake'], summary: '导入进度 — progress and every bad row of an import', params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] }, response: { 200: jobSchema, ...errorResponses } } }, async (req) => {
    requireRole(req, INTAKE_ROLES);
    const job = await importJobView(deps.db.db, (req.params as { id: string }).id);
    if (!job) throw new DomainError('not_found', '导入任务不存在', 'no such import');
    return job;
  });
}
