/**
 * The requests of the fuzz test (test/fuzz.test.ts, issue #9 §4): for one route, its path
 * parameters, query string, body in one of many encodings, and headers, from what the OpenAPI
 * document says of the route and the values of the database (fuzz-arbitraries.ts).
 */
import fc from 'fast-check';
import {
  OVERSIZED,
  asText,
  brokenJson,
  encodePart,
  nearValid,
  multipart,
  multipartArb,
  nastyString,
  toJson,
  validFrom,
  type JsonSchema,
  type Part,
  type Pools,
} from './fuzz-arbitraries';

// ---------------------------------------------------------------------------------------------
// Routes and what the OpenAPI document says of them


export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  consumes?: string[];
}
export interface Route {
  method: string;
  url: string;
  op?: Operation;
  /** takes a file upload (multipart) */
  upload: boolean;
}

const UPLOAD_ROUTES = new Set(['/api/attachments', '/api/imports', '/api/public/mailbox', '/api/org-io/units/import', '/api/org-io/duties/import', '/api/org-io/catalogue/import', '/api/org-io/staff/import']);

/**
 * Every route the app registered (t.app.routeList: the API, Open311, the portal and the built web
 * app's files, /healthz, /docs …), HEAD aside (the GETs' generators send HEAD now and then), with
 * what the OpenAPI document says of it.
 */
export function routesOf(list: { method: string; url: string }[], doc: { paths: Record<string, Record<string, Operation>> }): Route[] {
  const seen = new Set<string>();
  const routes: Route[] = [];
  for (const r of list) {
    if (r.method === 'HEAD' || seen.has(`${r.method} ${r.url}`)) continue;
    seen.add(`${r.method} ${r.url}`);
    const op = doc.paths[r.url.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[r.method.toLowerCase()];
    routes.push({ method: r.method, url: r.url, op, upload: UPLOAD_ROUTES.has(r.url) || Boolean(op?.consumes?.includes('multipart/form-data')) });
  }
  return routes;
}

/** Bodies the OpenAPI document describes in words only (multipart forms that also take JSON). */
const BODY_SCHEMAS: Record<string, JsonSchema> = {
  '/api/public/mailbox': {
    type: 'object',
    required: ['title', 'content', 'captchaId', 'captchaAnswer'],
    properties: {
      title: { type: 'string', minLength: 2, maxLength: 200 },
      content: { type: 'string', minLength: 5, maxLength: 10_000 },
      kind: { type: 'string', enum: ['complaint', 'consultation', 'suggestion', 'help'] },
      name: { type: 'string', maxLength: 50 },
      phone: { type: 'string', maxLength: 32 },
      idNumber: { type: 'string', maxLength: 18 },
      address: { type: 'string', maxLength: 500 },
      anonymous: { type: 'boolean' },
      captchaId: { type: 'string' },
      captchaAnswer: { type: 'string' },
    },
  },
};

/** The table whose ids a path addresses (first match). */
const PATH_TABLES: [RegExp, string][] = [
  [/^\/api\/cases\/:id/, 'cases'],
  [/^\/api\/units\/:id/, 'units'],
  [/^\/api\/users\/:id/, 'users'],
  [/^\/api\/tokens\//, 'api_tokens'],
  [/^\/api\/alerts\//, 'alerts'],
  [/^\/api\/attachments\//, 'attachments'],
  [/^\/api\/time-limit-rules\//, 'time_limit_rules'],
  [/^\/api\/notifications\//, 'notifications'],
  [/^\/api\/imports\//, 'import_jobs'],
  [/^\/api\/outbox\//, 'outbox'],
  [/^\/api\/reply-phrases\//, 'reply_phrases'],
  [/^\/api\/supervision-orders\//, 'supervision_orders'],
  [/^\/api\/criticisms\//, 'criticism_entries'],
  [/^\/api\/special-reports\//, 'special_reports'],
  [/^\/api\/reports\/:id/, 'reports'],
  [/^\/api\/webhooks\//, 'webhooks'],
  [/^\/api\/platforms\//, 'platforms'],
  [/^\/api\/knowledge\//, 'knowledge_articles'],
  [/^\/api\/filings\//, 'filings'],
  [/^\/api\/directory-entries\//, 'directory_entries'],
  [/^\/api\/leader-sessions\//, 'leader_sessions'],
  [/^\/api\/liaisons\//, 'liaisons'],
];

// ---------------------------------------------------------------------------------------------
// Callers

export type CallerName = 'anonymous' | 'operator' | 'admin' | 'handler' | 'token';
export const CALLERS: CallerName[] = ['anonymous', 'operator', 'admin', 'handler', 'token'];

/** How a request presents its caller: as is, or with a broken cookie or Authorization header. */
export type AuthVariant = { kind: 'own' } | { kind: 'cookie'; value: string } | { kind: 'authorization'; value: string } | { kind: 'both'; cookie: string; authorization: string };

export interface FuzzRequest {
  caller: CallerName;
  auth: AuthVariant;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  remoteAddress: string;
  /** how the body was made (for the failure message) */
  body: string;
}


const RAW_PATH_VALUES = ['..', '.', '%2e%2e', '%00', '%', '%ZZ', '%E0%A4%A', 'a%2Fb', '..%2F..%2F', '%C0%AE%C0%AE', '%u0000', '%20', '~', 'ab/../cd', '%F0%9F%98%80', '%EF%BF%BF'];
const RAW_QUERIES = ['%E0%A4%A', '&&&', '=', 'a[b][c]=1', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'lang=en&lang=zh', '%00=%00', 'page=1&page=2', 'x=' + 'y'.repeat(5000)];

function pathValue(route: Route, name: string, pools: Pools): fc.Arbitrary<string> {
  const schema = route.op?.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema;
  const table = PATH_TABLES.find(([re]) => re.test(route.url))?.[1];
  const real =
    name === 'id' && table
      ? (pools.ids[table] ?? [])
      : name === 'no' || name === 'service_request_id'
        ? pools.caseNos
        : name === 'code' || name === 'service_code'
          ? pools.categoryCodes
          : name === 'callId'
            ? pools.callIds
            : name === 'unit'
              ? pools.unitCodes
              : name === 'token'
                ? pools.tokens
                : [];
  const fromParam = validFrom(schema ?? { type: 'string' }, pools, name).map(asText);
  const valid = real.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: fromParam }) : fromParam;
  return fc.oneof(
    { weight: 10, arbitrary: valid.map(encodePart) },
    { weight: 2, arbitrary: nastyString.map(encodePart) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_PATH_VALUES) },
  );
}

function queryArb(route: Route, pools: Pools): fc.Arbitrary<string> {
  const params = (route.op?.parameters ?? []).filter((p) => p.in === 'query');
  const schema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? { type: 'string' }])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
  const encode = (v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return `q=${encodePart(asText(v))}`;
    const pairs: string[] = [];
    for (const [k, x] of Object.entries(v)) for (const one of Array.isArray(x) ? x : [x]) pairs.push(`${encodePart(k)}=${encodePart(asText(one))}`);
    return pairs.join('&');
  };
  return fc.oneof(
    { weight: params.length ? 12 : 2, arbitrary: nearValid(schema, pools).map(encode) },
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(nastyString, fc.constantFrom(...params.map((p) => p.name), 'lang', 'format')), nastyString, { maxKeys: 3 }).map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES) },
  );
}

const json = (text: string) => ({ headers: { 'content-type': 'application/json' }, payload: text, body: 'json' });

function bodyArb(route: Route, pools: Pools, csvBases: string[]): fc.Arbitrary<{ headers: Record<string, string>; payload?: string | Buffer; body: string }> {
  const content = route.op?.requestBody?.content ?? {};
  const schema = content['application/json']?.schema ?? Object.values(content)[0]?.schema ?? BODY_SCHEMAS[route.url];
  const value = nearValid(schema, pools);
  const fieldNames = Object.keys(schema?.properties ?? {}).concat(['title', 'content', 'captchaId', 'captchaAnswer', 'kind', 'name', 'phone']);
  const boundary = fc.constantFrom('----fuzz1234', 'x', '"quoted"', '----' + 'b'.repeat(100), 'b'.repeat(300));
  // the form's fields as the schema has them (when it does), then files and stray fields
  const form = value.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([name, x]): Part => ({ name, data: Buffer.from(asText(x)) })) : []));
  const multi = fc.tuple(form, multipartArb(csvBases, fieldNames, pools), boundary).map(([fields, parts, b]: [Part[], Part[], string]) => ({
    headers: { 'content-type': `multipart/form-data; boundary=${b.replace(/"/g, '')}` },
    payload: multipart([...fields, ...parts], b.replace(/"/g, '')),
    body: `multipart ${[...fields, ...parts].map((p) => `${p.name}${p.filename !== undefined ? `:${p.filename.slice(0, 40)}` : ''}`).join(',')}`,
  }));
  const hostile = fc.oneof(
    brokenJson.map((text) => ({ ...json(text), body: 'broken json' })),
    fc.tuple(value, fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=gbk', 'APPLICATION/JSON', 'application/json; charset=utf-8', 'application/merge-patch+json', 'multipart/form-data', 'multipart/form-data; boundary=', 'image/png', ';;;')).map(([v, type]) => ({
      headers: { 'content-type': type },
      payload: type === 'application/x-www-form-urlencoded' && v && typeof v === 'object' ? new URLSearchParams(Object.entries(v).map(([k, x]): [string, string] => [k, asText(x)])).toString() : toJson(v),
      body: `as ${type}`,
    })),
    value.map((v) => ({ headers: {}, payload: toJson(v), body: 'json, no content-type' })),
    fc.constant({ ...json(''), body: 'empty json' }),
    fc.constant({ ...json(OVERSIZED), body: 'oversized json' }),
    fc.uint8Array({ maxLength: 200 }).map((a) => ({ headers: { 'content-type': 'multipart/form-data; boundary=----fuzz1234' }, payload: Buffer.from(a), body: 'multipart garbage' })),
  );
  if (['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE'].includes(route.method)) {
    return fc.oneof({ weight: 12, arbitrary: fc.constant({ headers: {}, body: 'none' }) }, { weight: 1, arbitrary: value.map((v) => json(toJson(v))) }, { weight: 1, arbitrary: hostile });
  }
  if (route.upload) return fc.oneof({ weight: 8, arbitrary: multi }, { weight: 3, arbitrary: value.map((v) => json(toJson(v))) }, { weight: 2, arbitrary: hostile });
  return fc.oneof({ weight: 14, arbitrary: value.map((v) => json(toJson(v))) }, { weight: 2, arbitrary: hostile }, { weight: 1, arbitrary: multi }, { weight: 1, arbitrary: fc.constant({ headers: {}, body: 'none' }) });
}

const sometimes = <T>(arb: fc.Arbitrary<T>, weight = 10) => fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const authArb: fc.Arbitrary<AuthVariant> = fc.oneof(
  { weight: 16, arbitrary: fc.constant({ kind: 'own' as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('hy_session=garbage', 'hy_session=', 'hy_session=%E0%A4%A', `hy_session=${'a'.repeat(5000)}`, '=;=;;', 'hy_session="\\"', 'hy_session=a; hy_session=b', '__proto__=1; hy_session=x').map((value) => ({ kind: 'cookie' as const, value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.constantFrom('Bearer ', 'Bearer hy_garbage', 'Basic YWRtaW46YWRtaW4=', 'bearer  hy_', `Bearer ${'x'.repeat(5000)}`, 'Bearer hy_%00', 'Token abc', 'Bearer null', 'Bearer undefined'), fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => `Bearer ${s.replace(/[\r\n\0]/g, '')}`))
      .map((value) => ({ kind: 'authorization' as const, value })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'both' as const, cookie: 'hy_session=garbage', authorization: 'Bearer hy_garbage' }) },
);

const headerArb = fc
  .record({
    origin: sometimes(fc.constantFrom('http://localhost:80', 'http://localhost', 'https://evil.example', 'null', 'not a url', 'http://[::1', 'http://localhost.evil.example')),
    referer: sometimes(fc.constantFrom('https://evil.example/page', 'http://localhost:80/x', '::::')),
    idempotency: sometimes(fc.oneof(fc.constantFrom('', ' ', 'x'.repeat(5000), '../../', "'; DROP TABLE outbox; --", '00000000-0000-0000-0000-000000000000'), fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[\r\n\0]/g, '')))),
    lang: sometimes(fc.constantFrom('en', 'zh-CN', 'xx', '*;q=foo', 'en-US,en;q=0.9,zh;q=0.8', 'e'.repeat(2000)), 4),
    forwarded: sometimes(fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1', '999.999.999.999')),
    accept: sometimes(fc.constantFrom('application/xml', 'text/html', '*/*', 'application/json;q=0', 'image/png')),
  })
  .map((h) => {
    const out: Record<string, string> = {};
    if (h.origin !== undefined) out.origin = h.origin;
    if (h.referer !== undefined) out.referer = h.referer;
    if (h.idempotency !== undefined) out['idempotency-key'] = h.idempotency;
    if (h.lang !== undefined) out['accept-language'] = h.lang;
    if (h.forwarded !== undefined) out['x-forwarded-for'] = h.forwarded;
    if (h.accept !== undefined) out.accept = h.accept;
    return out;
  });

export function requestArb(route: Route, pools: Pools, csvBases: string[]): fc.Arbitrary<FuzzRequest> {
  const names = [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  const path = fc.tuple(...names.map((n) => pathValue(route, n, pools))).map((values) => {
    let i = 0;
    return route.url.replace(/:([A-Za-z_]+)/g, () => values[i++]!);
  });
  const wildcard = fc.array(fc.oneof(fc.constantFrom('v2', 'requests.json', 'x', 'index.html', '..', '%2e%2e', 'services.xml'), nastyString.filter((s) => s.length < 200).map(encodePart)), { maxLength: 3 }).map((xs) => xs.join('/'));
  const url = fc.tuple(path, wildcard, queryArb(route, pools)).map(([p, w, q]) => `${p.replace(/\*$/, w)}${q ? `?${q}` : ''}`);
  const method = route.method === 'GET' ? fc.oneof({ weight: 12, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: fc.constant('HEAD') }) : fc.constant(route.method);
  return fc
    .record({ caller: fc.constantFrom(...CALLERS), auth: authArb, method, url, headers: headerArb, body: bodyArb(route, pools, csvBases), remoteAddress: fc.ipV4(), current: fc.boolean() })
    .map((r) => {
      // half the time a step carries the version its case (or article) has now, so it gets past the 409
      const id = /^\/api\/(?:cases|knowledge)\/([0-9a-f-]{36})\//.exec(r.url)?.[1] ?? /^\/api\/knowledge\/([0-9a-f-]{36})$/.exec(r.url)?.[1];
      const version = id ? pools.versions.get(id) : undefined;
      const payload = r.current && version !== undefined && typeof r.body.payload === 'string' ? r.body.payload.replace(/"version":-?\d+(?=[,}])/, `"version":${version}`) : r.body.payload;
      return { caller: r.caller, auth: r.auth, method: r.method, url: r.url, headers: { ...r.headers, ...r.body.headers }, payload, remoteAddress: r.remoteAddress, body: r.body.body };
    });
}
