/**
 * Attachments (photos of an on-site check, documents): uploaded first, then named in a reply.
 * The type is decided by the file's content, not its name; stored in the database so that
 * every stateless instance serves them.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { AppDeps } from '../app';
import { requireUser } from '../http/auth';
import { cleanFilename } from '../http/input-guard';
import { DomainError } from '../../core/errors';
import { loadCaseUnits, mayView } from '../cases/cases.repo';
import { actorOf } from '../cases/case-view';
import { errorResponses, uuid } from './schemas';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const ALLOWED = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/bmp', 'application/pdf']);

export function registerAttachmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;
  app.post(
    '/api/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: '上传附件 — upload one file (multipart field "file"; images or PDF, at most 5 MB)',
        consumes: ['multipart/form-data'],
        response: { 201: { type: 'object', properties: { id: uuid, filename: { type: 'string' }, mime: { type: 'string' }, size: { type: 'integer' } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      if (!req.isMultipart()) throw new DomainError('validation.failed', '请以 multipart/form-data 上传文件', 'upload as multipart/form-data', { field: 'file' });
      const file = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
      if (!file) throw new DomainError('validation.failed', '缺少文件（字段 file）', 'no file in field "file"', { field: 'file' });
      const data = await file.toBuffer().catch(() => {
        throw new DomainError('validation.failed', '文件不能超过 5 MB', 'the file is larger than 5 MB', { field: 'file' });
      });
      if (file.file.truncated) throw new DomainError('validation.failed', '文件不能超过 5 MB', 'the file is larger than 5 MB', { field: 'file' });
      const type = await fileTypeFromBuffer(data);
      if (!type || !ALLOWED.has(type.mime)) throw new DomainError('validation.failed', '只能上传图片或 PDF（按文件内容判断）', 'only images or PDF files are accepted (judged by content)', { field: 'file' });
      const id = randomUUID();
      const filename = (cleanFilename(file.filename) || `upload.${type.ext}`).slice(0, 200);
      await db
        .insertInto('attachments')
        .values({ id, case_id: null, filename, mime: type.mime, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), data, uploaded_by: user.userId, created_at: deps.clock() })
        .execute();
      reply.status(201);
      return { id, filename, mime: type.mime, size: data.length };
    },
  );

  app.get('/api/attachments/:id', { schema: { tags: ['attachments'], summary: '下载附件 — download an attachment of a case you may see', params: { type: 'object', properties: { id: uuid }, required: ['id'] } } }, async (req, reply) => {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const a = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    const notFound = new DomainError('not_found', '附件不存在', 'no such attachment');
    if (!a) throw notFound;
    if (a.case_id) {
      const c = await db.selectFrom('cases').select(['registered_by', 'registered_unit_id', 'confidential']).where('id', '=', a.case_id).executeTakeFirstOrThrow();
      const units = (await loadCaseUnits(db, [a.case_id])).get(a.case_id) ?? [];
      if (!(await mayView(db, actorOf(user), c, units))) throw notFound;
    } else if (a.uploaded_by !== user.userId) throw notFound;
    reply.header('content-type', a.mime);
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(Buffer.from(a.data));
  });
}
