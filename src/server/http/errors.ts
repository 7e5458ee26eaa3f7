/**
 * The one code → status table, and the one error body: `{ error: { code, message } }`
 * in the user's language. A 5xx never carries internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../../core/errors';
import { langOf } from './i18n';
import { isTransientConflict } from '../db/retry';

const STATUS: Record<ErrorCode, number> = {
  'validation.failed': 400,
  'case.invalid_units': 400,
  'case.invalid_payload': 400,
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.forbidden': 403,
  not_found: 404,
  'case.not_found': 404,
  'unit.not_found': 404,
  'user.not_found': 404,
  'case.illegal_transition': 409,
  'case.stale_version': 409,
  conflict: 409,
  'reply.check_failed': 422,
  'auth.locked': 423,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

const FIELD_NAMES_ZH: Record<string, string> = {
  title: '标题',
  content: '内容',
  channel: '来源渠道',
  kind: '诉求类型',
  urgency: '紧急程度',
  version: '版本号',
  username: '用户名',
  password: '密码',
  phone: '电话',
  idNumber: '身份证号',
  name: '姓名',
};

/** Turns Fastify/Ajv validation errors into one sentence naming the field, in both languages. */
function validationMessage(err: FastifyError): { zh: string; en: string; field: string } {
  const v = err.validation?.[0];
  const ctx = err.validationContext ?? 'body';
  if (!v) return { zh: '请求格式不正确', en: err.message, field: '' };
  let field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = v.params as Record<string, unknown>;
  if (v.keyword === 'required') field = [field, String(params.missingProperty)].filter(Boolean).join('.');
  if (v.keyword === 'additionalProperties') field = [field, String(params.additionalProperty)].filter(Boolean).join('.');
  const leaf = field.split('.').pop() ?? field;
  const zhName = FIELD_NAMES_ZH[leaf] ?? field;
  const where = field ? `${ctx}.${field}` : ctx;
  switch (v.keyword) {
    case 'required':
      return { zh: `缺少必填字段：${zhName}（${where}）`, en: `${where} is required`, field };
    case 'additionalProperties':
      return { zh: `不支持的字段：${where}`, en: `${where} is not allowed`, field };
    case 'maxLength':
      return { zh: `${zhName}（${where}）不能超过 ${params.limit} 个字符`, en: `${where} must be at most ${params.limit} characters`, field };
    case 'minLength':
      return { zh: `${zhName}（${where}）至少 ${params.limit} 个字符`, en: `${where} must be at least ${params.limit} characters`, field };
    case 'enum':
      return { zh: `${zhName}（${where}）取值无效`, en: `${where} must be one of ${(params.allowedValues as unknown[] | undefined)?.join(', ')}`, field };
    default:
      return { zh: `${zhName}（${where}）格式不正确：${v.message ?? ''}`, en: `${where} ${v.message ?? 'is invalid'}`, field };
  }
}

/**
 * `message` is in the caller's language; a refused field also carries both languages in
 * `details.zh` / `details.en`, so an integration can log one and show the other.
 */
export function sendError(req: FastifyRequest, reply: FastifyReply, err: DomainError): FastifyReply {
  const lang = langOf(req);
  const details = err.code === 'validation.failed' ? { ...err.details, zh: err.message, en: err.messageEn } : err.details;
  return reply.status(statusOf(err.code)).send({
    error: { code: err.code, message: lang === 'en' ? err.messageEn : err.message, ...(details ? { details } : {}) },
  });
}

/**
 * What Fastify refuses before any route or hook runs — a path with broken percent-encoding
 * (FST_ERR_BAD_URL) or a parameter past maxParamLength (FST_ERR_MAX_PARAM_LENGTH, 414) — in the
 * one error shape too (the fuzz test found Fastify's own shape there). Passed as `frameworkErrors`.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const en = langOf(req) === 'en';
  void reply.status(status).send({ error: { code: 'validation.failed', message: en ? 'The address of the request is malformed or too long.' : '请求地址格式不正确或过长' } });
}

/**
 * What busboy (under @fastify/multipart) throws for a malformed multipart body — no boundary, a
 * body cut short, a boundary it cannot search for. The fuzz test found them as 500s.
 */
const MALFORMED_MULTIPART = /^(Multipart: Boundary not found|Boundary required|Unexpected end of (multipart data|form)|\w+ terminated early due to unexpected end of multipart data|The needle cannot (be an empty String\/Buffer|have a length bigger than \d+))/;

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) return sendError(req, reply, err);
    if (err.validation) {
      const m = validationMessage(err);
      return sendError(req, reply, new DomainError('validation.failed', m.zh, m.en, m.field ? { field: m.field } : undefined));
    }
    // the multipart parser's complaints about a malformed upload are plain Errors without a status
    const status = err.statusCode ?? (MALFORMED_MULTIPART.test(err.message) ? 400 : 500);
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: bad JSON, body too large, unsupported media type …
      const code = status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'validation.failed';
      const zh = status === 413 ? '请求体过大' : status === 415 ? '不支持的内容类型' : status === 429 ? '请求过于频繁，请稍后再试' : '请求格式不正确';
      if (status === 429) return reply.status(429).send({ error: { code, message: langOf(req) === 'en' ? 'Too many requests; try again later.' : zh } });
      return reply.status(status).send({ error: { code, message: langOf(req) === 'en' ? err.message : `${zh}：${err.message}` } });
    }
    // a deadlock that outlived its retries: nothing was written, the client may try again
    if (isTransientConflict(err)) return sendError(req, reply, new DomainError('conflict', '操作与他人的更新冲突，未生效，请重试', 'a concurrent change got in the way; nothing was saved, retry'));
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: langOf(req) === 'en' ? 'Internal error; it has been logged.' : '服务器内部错误，已记录。' } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: langOf(req) === 'en' ? `No route ${req.method} ${req.url}` : `接口不存在：${req.method} ${req.url}` } }),
  );
}
