/**
 * 市长信箱 — the public mailbox form (issue #4 §2): no login, a CAPTCHA and a per-IP limit; up to 5
 * photos of at most 5 MB, image types judged by content. The citizen gets the case number and
 * query code on screen and, with a mobile number, by SMS.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import svgCaptcha from 'svg-captcha';
import { fileTypeFromBuffer } from 'file-type';
import type { AppDeps } from '../app';
import { registerCase, validateCitizen, type RegisterCaseInput } from '../commands/register-case';
import { smsCitizen } from '../outbox/outbox.repo';
import { receiptText } from '../intake/notices';
import { DomainError } from '../../core/errors';
import { cleanFilename, nulPath } from '../http/input-guard';
import { MAX_ATTACHMENT_BYTES } from './attachments.routes';
import { errorResponses } from './schemas';

export const MAX_MAILBOX_PHOTOS = 5;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/bmp']);
const CAPTCHA_TTL_MS = 10 * 60_000;

const hashAnswer = (id: string, answer: string) => createHash('sha256').update(`${id}:${answer.trim().toLowerCase()}`).digest('hex');

function bad(field: string, zh: string, en: string): DomainError {
  return new DomainError('validation.failed', `${zh}（${field}）`, `${field}: ${en}`, { field });
}

function truthy(v: string | boolean | undefined): boolean {
  return v === true || (typeof v === 'string' && /^(1|true|on|yes|是)$/i.test(v));
}

interface Letter {
  fields: Record<string, string>;
  photos: { filename: string; mime: string; data: Buffer }[];
}

/** Reads the form: multipart (fields and photos) or JSON (no photos). */
async function readLetter(req: FastifyRequest): Promise<Letter> {
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') fields[k] = String(v);
    return { fields, photos: [] };
  }
  const fields: Record<string, string> = {};
  const photos: Letter['photos'] = [];
  for await (const part of req.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_MAILBOX_PHOTOS + 1, fields: 30, fieldSize: 20_000 } })) {
    if (part.type === 'file') {
      const data = await part.toBuffer().catch(() => {
        throw bad('photos', '每张照片不能超过 5 MB', 'each photo must be at most 5 MB');
      });
      if (part.file.truncated) throw bad('photos', '每张照片不能超过 5 MB', 'each photo must be at most 5 MB');
      if (data.length === 0) continue;
      if (photos.length >= MAX_MAILBOX_PHOTOS) throw bad('photos', `最多上传 ${MAX_MAILBOX_PHOTOS} 张照片`, `at most ${MAX_MAILBOX_PHOTOS} photos`);
      const type = await fileTypeFromBuffer(data);
      if (!type || !IMAGE_TYPES.has(type.mime)) throw bad('photos', `“${part.filename}”不是图片（按文件内容判断）`, `"${part.filename}" is not an image (judged by its content)`);
      photos.push({ filename: (cleanFilename(part.filename) || `photo.${type.ext}`).slice(0, 200), mime: type.mime, data });
    } else {
      fields[part.fieldname] = String(part.value ?? '');
    }
  }
  // PostgreSQL text cannot hold U+0000 (JSON letters are checked by the NUL guard before this)
  const nul = nulPath(fields, 'body');
  if (nul) throw bad(nul.slice(5, 100), '含有不允许的空字符（U+0000）', 'contains a NUL character (U+0000)');
  return { fields, photos };
}

export function registerMailboxRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  app.get(
    '/api/public/captcha',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: '验证码 — a CAPTCHA for the mailbox form (SVG; answer the arithmetic)',
        response: { 200: { type: 'object', properties: { id: { type: 'string' }, svg: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } } },
      },
    },
    async () => {
      const c = svgCaptcha.createMathExpr({ mathMin: 1, mathMax: 9, mathOperator: '+-', noise: 2, color: true, width: 150, height: 50 });
      const id = randomUUID();
      const expiresAt = new Date(deps.clock().getTime() + CAPTCHA_TTL_MS);
      await db.insertInto('captchas').values({ id, answer_hash: hashAnswer(id, c.text), expires_at: expiresAt }).execute();
      return { id, svg: c.data, expiresAt };
    },
  );

  app.post(
    '/api/public/mailbox',
    {
      config: { public: true, rateLimit: { max: deps.config.mailboxPerHour, timeWindow: '1 hour' } },
      schema: {
        tags: ['public'],
        summary: '市长信箱 — write to the mayor’s mailbox (multipart with up to 5 photos, or JSON)',
        description:
          'Fields: title, content, categoryCode?, address?, name?, phone?, idNumber?, anonymous?, confidential?, captchaId, captchaAnswer; files: photos (images only, ≤ 5 MB each, ≤ 5). Answers the case number and the query code.',
        consumes: ['multipart/form-data', 'application/json'],
        response: {
          201: { type: 'object', properties: { caseNo: { type: 'string' }, queryCode: { type: 'string' }, receiptSms: { type: 'boolean' }, message: { type: 'string' } } },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { fields: f, photos } = await readLetter(req);
      const now = deps.clock();
      const title = (f.title ?? '').trim();
      const content = (f.content ?? '').trim();
      if (title.length < 2 || title.length > 200) throw bad('title', '标题须为 2–200 字', 'title must be 2–200 characters');
      if (content.length < 5 || content.length > 10_000) throw bad('content', '内容须为 5–10000 字', 'content must be 5–10000 characters');
      for (const [k, max] of [['address', 500], ['name', 50], ['phone', 32], ['idNumber', 18], ['categoryCode', 64]] as const) {
        if ((f[k] ?? '').length > max) throw bad(k, `不能超过 ${max} 个字符`, `at most ${max} characters`);
      }
      const anonymous = truthy(f.anonymous);
      const input: RegisterCaseInput = {
        channel: 'mailbox',
        source: 'portal',
        kind: (['consultation', 'help', 'complaint', 'tip_off', 'suggestion', 'criticism', 'praise'] as const).find((k) => k === f.kind) ?? 'complaint',
        title,
        content,
        categoryCode: f.categoryCode || null,
        address: f.address || null,
        anonymous,
        confidential: truthy(f.confidential),
        citizen: anonymous ? null : { name: f.name || null, phone: f.phone || null, idNumber: f.idNumber || null },
      };
      // every field is checked before the CAPTCHA is spent, so a typo costs no new puzzle
      validateCitizen(input, now);
      if (input.categoryCode && !(await db.selectFrom('categories').select('code').where('code', '=', input.categoryCode).where('active', '=', true).executeTakeFirst())) {
        throw bad('categoryCode', '诉求分类不存在', 'no such category');
      }
      // then the CAPTCHA, once
      if (!f.captchaId || !f.captchaAnswer) throw bad('captchaAnswer', '请填写验证码', 'answer the CAPTCHA');
      const used = await db
        .updateTable('captchas')
        .set({ used_at: now })
        .where('id', '=', /^[0-9a-f-]{36}$/i.test(f.captchaId) ? f.captchaId : '00000000-0000-0000-0000-000000000000')
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .where('answer_hash', '=', hashAnswer(f.captchaId, f.captchaAnswer))
        .executeTakeFirst();
      if (!used.numUpdatedRows) throw bad('captchaAnswer', '验证码错误或已过期，请刷新后重试', 'wrong or expired CAPTCHA; get a new one');

      let receiptSms = false;
      const { row } = await registerCase(db, null, input, now, {
        intake: true,
        afterInsert: async (trx, c) => {
          for (const p of photos) {
            await trx
              .insertInto('attachments')
              .values({ id: randomUUID(), case_id: c.id, filename: p.filename, mime: p.mime, size: p.data.length, sha256: createHash('sha256').update(p.data).digest('hex'), data: p.data, uploaded_by: null, created_at: now })
              .execute();
          }
          if (!c.anonymous) receiptSms = await smsCitizen(trx, c.citizen_phone, { body: receiptText(deps.config.smsSignature, c.case_no, c.query_code), caseId: c.id, purpose: 'receipt', dedupeKey: `receipt:${c.id}`, now });
        },
      });
      if (receiptSms) deps.kickOutbox();
      reply.status(201);
      return {
        caseNo: row.case_no,
        queryCode: row.query_code,
        receiptSms,
        message: `您的来信已受理，编号 ${row.case_no}，查询码 ${row.query_code}。请妥善保存，可凭编号和查询码查询办理进度。`,
      };
    },
  );
}
