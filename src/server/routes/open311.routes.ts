/**
 * Open311 GeoReport v2 under /open311/v2 (issue #11 §1), so that civic apps talk to Huiyin without
 * custom code. Its own plugin scope: the form-encoded body parser and the spec's error shape
 * (`[{ code, description }]`, 400/403/404) stay here, and the rest of the API keeps its own.
 * Field mapping, auth and idempotency: docs/open311.md.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app';
import type { AuthUser } from '../auth/auth.repo';
import { apiTokenCaller } from '../auth/auth.repo';
import { registerCase } from '../commands/register-case';
import { smsCitizen } from '../outbox/outbox.repo';
import { receiptText } from '../intake/notices';
import { langOf } from '../http/i18n';
import { statusOf } from '../http/errors';
import { DomainError } from '../../core/errors';
import { scopeAllows } from '../../core/scopes';
import { KINDS } from '../../core/enums';
import {
  CONTENT_TYPES,
  FORMATS,
  MAX_DESCRIPTION,
  MAX_RESULTS,
  Open311Error,
  W3_DATE,
  createdView,
  discovery,
  errorList,
  findRequests,
  listServices,
  normalizeBody,
  parseForm,
  parseW3,
  requestWindow,
  serviceDefinition,
  servicesView,
  splitList,
  toRegisterInput,
  toServiceRequest,
  toXml,
  type Format,
  type Open311ErrorItem,
  type PostBody,
} from '../open311/open311';

const IDEMPOTENCY_KEY_MAX = 128;
/** Per IP, like the portal's public routes. */
const READ_LIMIT = { max: 120, timeWindow: '1 minute' };
const WRITE_LIMIT = { max: 60, timeWindow: '1 minute' };

// ---- OpenAPI shapes ----

const str = (maxLength: number, extra: Record<string, unknown> = {}) => ({ type: 'string', maxLength, ...extra }) as const;
const formatParam = { type: 'string', enum: [...FORMATS], description: 'json or xml' } as const;
const jurisdiction = { ...str(200), description: 'Accepted and ignored: this endpoint serves one jurisdiction' } as const;
const listParam = (description: string) => ({ anyOf: [str(20000), { type: 'array', items: str(200) }], description }) as const;
const errorsJson = { type: 'array', items: { type: 'object', properties: { code: { type: 'integer' }, description: { type: 'string' } } } } as const;
const xmlString = { type: 'string', description: 'The same document as XML' } as const;
const body = (description: string, json: Record<string, unknown>) => ({ description, content: { 'application/json': { schema: json }, 'text/xml': { schema: xmlString } } });
const errorResponses = {
  400: body('Invalid request: `[{ code, description }]`, XML `<errors><error>…`', errorsJson),
  403: body('Missing or invalid api_key', errorsJson),
  404: body('No such service, request, token or format', errorsJson),
};
const nullableStr = { type: 'string', nullable: true } as const;
const serviceJson = {
  type: 'object',
  properties: {
    service_code: { type: 'string' },
    service_name: { type: 'string' },
    description: { type: 'string' },
    metadata: { type: 'boolean' },
    type: { type: 'string', enum: ['realtime'] },
    keywords: { type: 'string' },
    group: { type: 'string' },
  },
} as const;
const requestJson = {
  type: 'object',
  properties: {
    service_request_id: { type: 'string', description: 'The case number' },
    status: { type: 'string', enum: ['open', 'closed'] },
    status_notes: nullableStr,
    service_name: nullableStr,
    service_code: nullableStr,
    description: { ...nullableStr, description: 'Personal data removed; null for a confidential case' },
    agency_responsible: nullableStr,
    service_notice: nullableStr,
    requested_datetime: { type: 'string', format: 'date-time' },
    updated_datetime: { type: 'string', format: 'date-time' },
    expected_datetime: { ...nullableStr, format: 'date-time' },
    address: nullableStr,
    address_id: nullableStr,
    zipcode: nullableStr,
    lat: { type: 'number', nullable: true },
    long: { type: 'number', nullable: true },
    media_url: nullableStr,
  },
} as const;

const createdJson = {
  type: 'array',
  items: { type: 'object', properties: { service_request_id: { type: 'string', description: 'The case number' }, service_notice: { type: 'string' }, account_id: nullableStr } },
} as const;

// ---- sending ----

function formatOf(req: FastifyRequest): Format {
  const path = req.url.split('?')[0] ?? '';
  return path.endsWith('.json') ? 'json' : 'xml'; // XML is the spec's required format
}

function send(reply: FastifyReply, format: Format, status: number, root: string, value: unknown): FastifyReply {
  return reply
    .status(status)
    .header('content-type', CONTENT_TYPES[format])
    .send(format === 'json' ? JSON.stringify(value) : toXml(root, value));
}

// ---- errors ----

function fieldName(path: string[]): string {
  const [first = '', ...rest] = path;
  return first + rest.map((p) => `[${p}]`).join('');
}

/** Ajv's complaints in the parameters' own names: `attribute[kind]`, `lat`, `start_date` … */
function validationErrors(err: FastifyError): Open311ErrorItem[] {
  const ctx = err.validationContext ?? 'body';
  return (err.validation ?? []).slice(0, 10).map((v) => {
    const params = v.params as Record<string, unknown>;
    const path = v.instancePath.split('/').filter(Boolean);
    if (v.keyword === 'required') path.push(String(params.missingProperty));
    const name = ctx === 'headers' ? 'Idempotency-Key' : fieldName(path) || ctx;
    if (ctx === 'params') return { code: 404, zh: '不支持的格式：请使用 .json 或 .xml', en: 'No such format: use .json or .xml' };
    switch (v.keyword) {
      case 'required':
        return { code: 400, zh: `缺少参数 ${name}`, en: `${name} was not provided` };
      case 'maxLength':
        return { code: 400, zh: `${name} 不能超过 ${params.limit} 个字符`, en: `${name} must be at most ${params.limit} characters` };
      case 'minLength':
        return { code: 400, zh: `${name} 至少 ${params.limit} 个字符`, en: `${name} must be at least ${params.limit} characters` };
      case 'minimum':
      case 'maximum':
        return { code: 400, zh: `${name} 超出范围`, en: `${name} is out of range` };
      case 'pattern':
        return { code: 400, zh: `${name} 须为 W3C 日期时间，如 2026-03-01T00:00:00+08:00`, en: `${name} must be a W3C date-time such as 2026-03-01T00:00:00Z` };
      case 'type':
        return { code: 400, zh: `${name} 须为${params.type === 'number' ? '数字' : '文本'}`, en: `${name} must be a ${params.type}` };
      default:
        return { code: 400, zh: `${name} 格式不正确`, en: `${name} ${v.message ?? 'is invalid'}` };
    }
  });
}

/** Every failure on these routes, in the spec's shape; a status other than 400/403/404 only for 429. */
function open311Errors(err: FastifyError | Error, req: FastifyRequest): { status: number; errors: Open311ErrorItem[] } {
  if (err instanceof Open311Error) return { status: err.status, errors: err.errors };
  if (err instanceof DomainError) {
    const s = statusOf(err.code);
    const status = s === 401 || s === 403 ? 403 : s === 404 ? 404 : 400;
    return { status, errors: [{ code: status, zh: err.message, en: err.messageEn }] };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const errors = validationErrors(fe);
    return { status: errors.some((e) => e.code === 404) ? 404 : 400, errors };
  }
  const status = fe.statusCode ?? 500;
  if (status === 429) return { status, errors: [{ code: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' }] };
  if (status === 403 || status === 404) return { status, errors: [{ code: status, zh: status === 404 ? '资源不存在' : '禁止访问', en: fe.message }] };
  if (status >= 400 && status < 500) {
    const zh = status === 413 ? '请求体过大' : status === 415 ? '不支持的内容类型：请使用 application/x-www-form-urlencoded 或 application/json' : '请求格式不正确';
    return { status: 400, errors: [{ code: 400, zh, en: fe.message }] };
  }
  // the spec's "general service error": 400, with our own code so the client can tell us
  req.log.error({ err }, 'open311: unhandled error');
  return { status: 400, errors: [{ code: 500, zh: '服务暂时无法处理该请求，已记录，请稍后重试', en: 'General service error; it has been logged, please try again later' }] };
}

// ---- the POST's caller ----

const callers = new WeakMap<FastifyRequest, AuthUser>();

function missingFields(b: PostBody): Open311ErrorItem[] {
  const errors: Open311ErrorItem[] = [];
  const missing = (name: string) => errors.push({ code: 400, zh: `缺少参数 ${name}`, en: `${name} was not provided` });
  if (b.service_code === undefined) missing('service_code');
  if (b.description === undefined) missing('description');
  const hasLat = b.lat !== undefined;
  const hasLong = b.long !== undefined;
  if (hasLat !== hasLong) errors.push({ code: 400, zh: 'lat 与 long 须同时提供', en: 'lat and long must both be sent' });
  else if (!hasLat && b.address_string === undefined && b.address_id === undefined) {
    errors.push({ code: 400, zh: '缺少位置：请提供 lat 与 long、address_string 或 address_id', en: 'A location was not provided: lat & long, address_string or address_id' });
  }
  return errors;
}

export function registerOpen311Routes(app: FastifyInstance, deps: AppDeps): void {
  void app.register(async (scope) => open311(scope, deps), { prefix: '/open311' });
}

async function open311(scope: FastifyInstance, deps: AppDeps): Promise<void> {
  const db = deps.db.db;
  const publicUrl = deps.config.publicUrl;
  const read = { public: true, scope: 'open311', rateLimit: READ_LIMIT } as const;

  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, text, done) => done(null, parseForm(String(text))));
  scope.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, errors } = open311Errors(err, req);
    return send(reply, formatOf(req), status, 'errors', errorList(errors, langOf(req)));
  });
  // anything else under /open311 is a resource that does not exist, in the spec's shape
  scope.all('/*', { config: { public: true, rateLimit: READ_LIMIT }, schema: { hide: true } }, async () => {
    throw Open311Error.one(404, '接口不存在', 'No such resource');
  });

  const params = (extra: Record<string, unknown> = {}) => ({ type: 'object', required: ['format', ...Object.keys(extra)], properties: { ...extra, format: formatParam } });
  const query = { type: 'object', properties: { jurisdiction_id: jurisdiction } };

  scope.get(
    '/v2/discovery.:format',
    {
      config: read,
      schema: {
        tags: ['open311'],
        security: [],
        summary: 'Open311 服务发现 — the Service Discovery document',
        params: params(),
        querystring: query,
        response: { 200: body('changeset, contact, key_service, endpoints', { type: 'object', additionalProperties: true }), ...errorResponses },
      },
    },
    async (req, reply) => send(reply, (req.params as { format: Format }).format, 200, 'discovery', discovery(publicUrl, langOf(req))),
  );

  scope.get(
    '/v2/services.:format',
    {
      config: read,
      schema: {
        tags: ['open311'],
        security: [],
        summary: 'Open311 服务列表 — the categories as services; group is the first-level category',
        params: params(),
        querystring: query,
        response: { 200: body('The services', { type: 'array', items: serviceJson }), ...errorResponses },
      },
    },
    async (req, reply) => send(reply, (req.params as { format: Format }).format, 200, 'services', await servicesView(db)),
  );

  scope.get(
    '/v2/services/:service_code.:format',
    {
      config: read,
      schema: {
        tags: ['open311'],
        security: [],
        summary: 'Open311 服务定义 — the attributes of a service: the kind of request (singlevaluelist, default complaint)',
        params: params({ service_code: str(64) }),
        querystring: query,
        response: { 200: body('service_code and attributes', { type: 'object', additionalProperties: true }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { service_code: code, format } = req.params as { service_code: string; format: Format };
      if (!(await listServices(db, code)).length) throw Open311Error.one(404, `service_code 不存在：${code}`, `service_code not found: ${code}`);
      return send(reply, format, 200, 'service_definition', serviceDefinition(code, langOf(req)));
    },
  );

  scope.post(
    '/v2/requests.:format',
    {
      config: { public: true, scope: 'open311', rateLimit: WRITE_LIMIT },
      schema: {
        tags: ['open311'],
        security: [],
        summary: 'Open311 提交诉求 — register a case (api_key: an API token with the open311 scope); idempotent by the Idempotency-Key header',
        description:
          'Form-encoded (`attribute[kind]=complaint`) or JSON. One location is required: `lat` & `long`, `address_string` or `address_id`. ' +
          'The case is registered as the token’s user, channel online, source open311. 201 for a new case; 200 with the first case for a retried Idempotency-Key.',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        params: params(),
        headers: { type: 'object', properties: { 'idempotency-key': { ...str(IDEMPOTENCY_KEY_MAX), description: 'A retry with the same key returns the same service_request_id' } } },
        body: {
          type: 'object',
          required: ['api_key', 'service_code', 'description'],
          properties: {
            api_key: str(200, { description: 'A Huiyin API token (hy_…) with the scope open311' }),
            jurisdiction_id: jurisdiction,
            service_code: str(64),
            lat: { type: 'number', minimum: -90, maximum: 90 },
            long: { type: 'number', minimum: -180, maximum: 180 },
            address_string: str(500),
            address_id: str(200),
            email: str(254, { description: 'Accepted, not stored' }),
            device_id: str(200, { description: 'Accepted, not stored' }),
            account_id: str(200, { description: 'Echoed in the answer' }),
            first_name: str(24),
            last_name: str(24),
            phone: str(32),
            description: { ...str(MAX_DESCRIPTION), minLength: 5, description: 'The case content (at least 5 characters)' },
            media_url: str(2000, { description: 'Kept with the registration event for the centre' }),
            attribute: { type: 'object', additionalProperties: { anyOf: [str(200), { type: 'array', items: str(200) }] }, description: 'attribute[kind]: one of ' + KINDS.join(', ') },
          },
        },
        response: { 200: body('The first case for this Idempotency-Key', createdJson), 201: body('[{ service_request_id, service_notice, account_id }]', createdJson), ...errorResponses },
      },
      // before the schema: a missing or bad api_key is 403, then every missing field at once
      preValidation: async (req) => {
        const type = req.headers['content-type'];
        if (type && !/^\s*application\/(x-www-form-urlencoded|json)\s*(;|$)/i.test(type)) {
          throw Open311Error.one(400, '不支持的内容类型：请以 application/x-www-form-urlencoded 或 application/json 提交', 'Unsupported content type: send application/x-www-form-urlencoded or application/json');
        }
        const b = normalizeBody(req.body);
        req.body = b;
        const key = typeof b.api_key === 'string' ? b.api_key : '';
        const caller = key ? await apiTokenCaller(db, key, deps.clock()) : null;
        if (!caller) throw Open311Error.one(403, key ? 'api_key 无效或已吊销' : '缺少 api_key', key ? 'Invalid api_key received' : 'api_key was not provided');
        if (!scopeAllows(caller.scopes, 'open311')) throw Open311Error.one(403, 'api_key 没有 open311 权限范围', 'The api_key lacks the scope open311');
        callers.set(req, caller.user);
        const missing = missingFields(b);
        if (missing.length) throw new Open311Error(400, missing);
      },
    },
    async (req, reply) => {
      const { format } = req.params as { format: Format };
      const b = req.body as PostBody;
      const user = callers.get(req)!;
      const lang = langOf(req);
      const code = String(b.service_code);
      const [service] = await listServices(db, code);
      if (!service) throw Open311Error.one(404, `service_code 不存在：${code}`, `service_code not found: ${code}`);
      const idempotencyKey = (req.headers['idempotency-key'] as string | undefined)?.trim();
      const now = deps.clock();
      const { row, created } = await registerCase(db, user, toRegisterInput(b, service.code, idempotencyKey ? `open311:${user.userId}:${idempotencyKey}` : null), now, {
        intake: true,
        eventPayload: {
          open311: { accountId: b.account_id ?? null, addressId: b.address_id ?? null, mediaUrl: b.media_url ?? null },
          // shown in the case's history, so the centre sees the citizen's photo link
          ...(b.media_url ? { note: `Open311 media_url: ${b.media_url}` } : {}),
        },
        afterInsert: async (trx, c) => {
          if (!c.anonymous) await smsCitizen(trx, c.citizen_phone, { body: receiptText(deps.config.smsSignature, c.case_no, c.query_code), caseId: c.id, purpose: 'receipt', dedupeKey: `receipt:${c.id}`, now });
        },
      });
      if (created) deps.kickOutbox();
      else reply.header('x-idempotent-replay', 'true');
      return send(reply, format, created ? 201 : 200, 'service_requests', [createdView(row, typeof b.account_id === 'string' ? b.account_id : null, lang, publicUrl)]);
    },
  );

  scope.get(
    '/v2/requests.:format',
    {
      config: read,
      schema: {
        tags: ['open311'],
        security: [],
        summary: `Open311 诉求列表 — newest first; by default the last 90 days or ${MAX_RESULTS} results, whichever is smaller; no tip-offs, no personal data`,
        params: params(),
        querystring: {
          type: 'object',
          properties: {
            jurisdiction_id: jurisdiction,
            service_request_id: listParam('Case numbers, comma-separated; overrides every other filter'),
            service_code: listParam('Service codes, comma-separated'),
            start_date: str(40, { pattern: W3_DATE, description: 'Earliest requested_datetime (W3C format); a bare date is the start of that day in Asia/Shanghai' }),
            end_date: str(40, { pattern: W3_DATE, description: 'Latest requested_datetime; at most 90 days after start_date' }),
            status: listParam('open, closed or both, comma-separated'),
          },
        },
        response: { 200: body('The service requests', { type: 'array', items: requestJson }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { format } = req.params as { format: Format };
      const q = req.query as Record<string, string | string[] | undefined>;
      const ids = splitList(q.service_request_id);
      let rows;
      if (ids.length) {
        if (ids.length > MAX_RESULTS) throw Open311Error.one(400, `service_request_id 最多 ${MAX_RESULTS} 个`, `at most ${MAX_RESULTS} service_request_id`);
        rows = await findRequests(db, { ids });
      } else {
        const statuses = splitList(q.status);
        const bad = statuses.find((s) => s !== 'open' && s !== 'closed');
        if (bad) throw Open311Error.one(400, `status 只能为 open 或 closed：${bad}`, `status must be open or closed, got ${bad}`);
        const start = typeof q.start_date === 'string' ? parseW3(q.start_date, false) : null;
        const end = typeof q.end_date === 'string' ? parseW3(q.end_date, true) : null;
        if ((q.start_date && !start) || (q.end_date && !end)) throw Open311Error.one(400, 'start_date 或 end_date 不是有效日期', 'start_date or end_date is not a valid date');
        const { from, to } = requestWindow(start, end, deps.clock());
        rows = await findRequests(db, { from, to, serviceCodes: splitList(q.service_code), statuses: statuses as ('open' | 'closed')[] });
      }
      const lang = langOf(req);
      return send(reply, format, 200, 'service_requests', rows.map((r) => toServiceRequest(r, lang, publicUrl)));
    },
  );

  scope.get(
    '/v2/requests/:service_request_id.:format',
    {
      config: read,
      schema: {
        tags: ['open311'],
        security: [],
        summary: 'Open311 单个诉求 — one service request by case number, as an array of one',
        params: params({ service_request_id: str(64) }),
        querystring: query,
        response: { 200: body('An array of one', { type: 'array', items: requestJson }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { service_request_id: id, format } = req.params as { service_request_id: string; format: Format };
      const rows = await findRequests(db, { ids: [id] });
      if (!rows.length) throw Open311Error.one(404, `service_request_id 不存在：${id}`, `service_request_id not found: ${id}`);
      return send(reply, format, 200, 'service_requests', rows.map((r) => toServiceRequest(r, langOf(req), publicUrl)));
    },
  );

  scope.get(
    '/v2/tokens/:token.:format',
    {
      config: read,
      schema: {
        tags: ['open311'],
        security: [],
        summary: 'Open311 令牌查询 — the service_request_id of a token (the case id); services are realtime, so POST answers with the id itself',
        params: params({ token: str(64) }),
        querystring: query,
        response: { 200: body('[{ service_request_id, token }]', { type: 'array', items: { type: 'object', properties: { service_request_id: { type: 'string' }, token: { type: 'string' } } } }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, format } = req.params as { token: string; format: Format };
      // a malformed id would be a database error on the uuid column: it is simply not found
      const row = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token)
        ? await db.selectFrom('cases').select(['case_no']).where('id', '=', token).where('kind', '!=', 'tip_off').executeTakeFirst()
        : undefined;
      if (!row) throw Open311Error.one(404, `token 不存在：${token}`, `token not found: ${token}`);
      return send(reply, format, 200, 'service_requests', [{ service_request_id: row.case_no, token }]);
    },
  );
}
