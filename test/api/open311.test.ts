/** The Open311 GeoReport v2 server (issue #11 §1): discovery, services, requests, tokens, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAll, makeWorld, MONDAY_10AM, sampleCase, type Client, type TestApp, type World } from '../app';
import { KINDS, KIND_LABELS } from '../../src/core/enums';

let t: TestApp;
let w: World;
let c: Record<string, Client>;
let apiKey: string;
let intakeKey: string;
let handlerKey: string;
let parent: string;
let child: string;

const BASE = '/open311/v2';
const DAY = 86_400_000;

async function token(user: string, scopes: string[]): Promise<string> {
  const res = await c.admin!.post('/api/tokens', { name: `open311 ${user} ${scopes.join(',')}`, user, scopes });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().token;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t);
  c = await loginAll(t, w);
  parent = `sz${w.suffix}`;
  child = `${parent}.road`;
  expect((await c.admin!.post('/api/categories', { code: parent, name: '市政设施 & <道路>' })).statusCode).toBe(201);
  expect((await c.admin!.post('/api/categories', { code: child, name: '道路破损' })).statusCode).toBe(201);
  apiKey = await token(w.users.operator!, ['open311']);
  intakeKey = await token(w.users.operator!, ['intake']);
  handlerKey = await token(w.users.handlerA!, ['open311']);
});
afterAll(async () => t?.close());

// ---- helpers ----

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `${BASE}${url}`, headers });

function postForm(fmt: 'json' | 'xml', fields: Record<string, string> | [string, string][], headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: `${BASE}/requests.${fmt}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

function postJson(fmt: 'json' | 'xml', body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: `${BASE}/requests.${fmt}`, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
}

const description = '幸福路与解放路交叉口的人行道地砖大面积破损，雨天积水，行人容易摔倒。';
const valid = () => ({ api_key: apiKey, service_code: child, address_string: '东华街道幸福路18号', description });

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** A strict little reader: balanced tags, only the five entities, no attributes; enough to check our output. */
function parseXml(xml: string): XmlNode {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('\n') + 1);
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack = [root];
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  for (const m of body.matchAll(/<(\/?)([a-z_]+)(\/?)>|([^<]+)/g)) {
    const top = stack[stack.length - 1]!;
    if (m[4] !== undefined) {
      expect(m[4], 'raw markup characters in text').toMatch(/^([^&<>]|&(amp|lt|gt|quot|apos);)*$/);
      top.text += m[4].replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => entities[e]!);
    } else if (m[1]) {
      expect(top.name, 'closing tag').toBe(m[2]);
      stack.pop();
    } else {
      const node: XmlNode = { name: m[2]!, children: [], text: '' };
      top.children.push(node);
      if (!m[3]) stack.push(node);
    }
  }
  expect(stack.length, 'unclosed elements').toBe(1);
  expect(body.replace(/<(\/?)([a-z_]+)(\/?)>|([^<]+)/g, ''), 'unreadable markup').toBe('');
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

const child1 = (n: XmlNode, name: string) => n.children.find((x) => x.name === name);
const textOf = (n: XmlNode, name: string) => child1(n, name)?.text.trim();

function expectJsonErrors(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const list = res.json() as { code: number; description: string }[];
  expect(Array.isArray(list)).toBe(true);
  expect(list.length).toBeGreaterThan(0);
  for (const e of list) {
    expect(Object.keys(e).sort()).toEqual(['code', 'description']);
    expect(typeof e.description).toBe('string');
  }
  return list;
}

function expectXmlErrors(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  const root = parseXml(res.body);
  expect(root.name).toBe('errors');
  expect(root.children.length).toBeGreaterThan(0);
  for (const e of root.children) {
    expect(e.name).toBe('error');
    expect(e.children.map((x) => x.name)).toEqual(['code', 'description']);
  }
  return root.children.map((e) => ({ code: textOf(e, 'code'), description: textOf(e, 'description')! }));
}

async function caseByNo(no: string) {
  const res = await c.operator!.get(`/api/cases/${no}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

// ---- discovery and services ----

describe('discovery and services', () => {
  it('serves the discovery document as JSON and XML', async () => {
    const json = await get('/discovery.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const d = json.json();
    expect(Object.keys(d)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);

    const xml = await get('/discovery.xml');
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(xml.body);
    expect(root.name).toBe('discovery');
    const endpoint = child1(child1(root, 'endpoints')!, 'endpoint')!;
    expect(textOf(endpoint, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(child1(endpoint, 'formats')!.children.map((f) => [f.name, f.text])).toEqual([
      ['format', 'text/xml'],
      ['format', 'application/json'],
    ]);
  });

  it('lists the categories as services, the group being the first-level category, in both formats', async () => {
    const json = await get('/services.json');
    expect(json.statusCode).toBe(200);
    const road = json.json().find((s: { service_code: string }) => s.service_code === child);
    expect(road).toEqual({
      service_code: child,
      service_name: '道路破损',
      description: '市政设施 & <道路> / 道路破损',
      metadata: true,
      type: 'realtime',
      keywords: '道路破损, 市政设施 & <道路>',
      group: '市政设施 & <道路>',
    });

    const xml = await get('/services.xml');
    expect(xml.body).toContain('<group>市政设施 &amp; &lt;道路&gt;</group>');
    expect(xml.body).not.toContain('<道路>');
    const root = parseXml(xml.body);
    expect(root.name).toBe('services');
    const service = root.children.find((s) => textOf(s, 'service_code') === child)!;
    expect(service.name).toBe('service');
    expect(service.children.map((x) => x.name)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
    expect(textOf(service, 'group')).toBe('市政设施 & <道路>');
    expect(textOf(service, 'metadata')).toBe('true');
  });

  it('defines each service with the kind attribute, a singlevaluelist defaulting to complaint', async () => {
    const json = await get(`/services/${child}.json`);
    expect(json.statusCode).toBe(200);
    const def = json.json();
    expect(def.service_code).toBe(child);
    expect(def.attributes).toHaveLength(1);
    expect(def.attributes[0]).toMatchObject({ variable: true, code: 'kind', datatype: 'singlevaluelist', required: false, order: 1 });
    expect(def.attributes[0].values).toEqual(KINDS.map((k) => ({ key: k, name: KIND_LABELS[k] })));

    const root = parseXml((await get(`/services/${child}.xml`)).body);
    expect(root.name).toBe('service_definition');
    expect(textOf(root, 'service_code')).toBe(child);
    const attribute = child1(child1(root, 'attributes')!, 'attribute')!;
    expect(attribute.children.map((x) => x.name)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
    const values = child1(attribute, 'values')!.children;
    expect(values.map((v) => v.name)).toEqual(KINDS.map(() => 'value'));
    expect(values.map((v) => [textOf(v, 'key'), textOf(v, 'name')])).toContainEqual(['complaint', '投诉']);
  });

  it('answers an unknown service code, format or path with 404 in the Open311 shape', async () => {
    expect(expectJsonErrors(await get('/services/nope.json'), 404)[0]!.code).toBe(404);
    expect(expectXmlErrors(await get('/services/nope.xml'), 404)[0]!.code).toBe('404');
    expectXmlErrors(await get('/services.html'), 404);
    expectJsonErrors(await get('/nothing-here.json'), 404);
    // the rest of the API keeps its own error shape
    const api = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.json().error.code).toBe('not_found');
  });
});

// ---- POST requests ----

describe('POST requests', () => {
  it('registers a form-encoded request as the token’s user, with category, kind, location and citizen', async () => {
    const res = await postForm('json', {
      api_key: apiKey,
      jurisdiction_id: 'example.gov.cn',
      service_code: child,
      lat: '39.9075',
      long: '116.3972',
      address_string: '东华街道幸福路18号',
      first_name: '伟',
      last_name: '张',
      phone: '138-0013-8000',
      email: 'zhang@example.com',
      account_id: 'acct-7',
      description,
      media_url: 'https://img.example.com/1.jpg',
      'attribute[kind]': 'help',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const [answer] = res.json();
    expect(Object.keys(answer)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    expect(answer.account_id).toBe('acct-7');

    const k = await caseByNo(answer.service_request_id);
    expect(k).toMatchObject({
      caseNo: answer.service_request_id,
      channel: 'online',
      source: 'open311',
      kind: 'help',
      categoryCode: child,
      title: Array.from(description).slice(0, 30).join(''),
      content: description,
      address: '东华街道幸福路18号',
      location: { lat: 39.9075, lng: 116.3972 },
      anonymous: false,
    });
    expect(k.citizen).toMatchObject({ name: '张伟', phone: '13800138000' });
    expect(answer.service_notice).toContain(k.queryCode);
    const registration = await t.db.db.selectFrom('case_events').select(['actor_id', 'payload']).where('case_id', '=', k.id).where('action', '=', 'register').executeTakeFirstOrThrow();
    const operatorId = (await t.db.db.selectFrom('users').select('id').where('username', '=', w.users.operator!).executeTakeFirstOrThrow()).id;
    expect(registration.actor_id).toBe(operatorId);
    expect(JSON.stringify(registration.payload)).toContain('https://img.example.com/1.jpg');
    // a receipt SMS with the case number and query code, as for the other online channels
    const sms = await t.db.db.selectFrom('outbox').select(['recipient', 'body']).where('case_id', '=', k.id).execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.recipient).toBe('13800138000');
    expect(sms[0]!.body).toContain(k.queryCode);
  });

  it('takes JSON and answers in XML; without name or phone the case is anonymous, and the kind defaults to complaint', async () => {
    const res = await postJson('xml', { ...valid(), attribute: { kind: '' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(res.body);
    expect(root.name).toBe('service_requests');
    const request = child1(root, 'request')!;
    expect(request.children.map((x) => x.name)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    const k = await caseByNo(textOf(request, 'service_request_id')!);
    expect(k).toMatchObject({ kind: 'complaint', anonymous: true, citizen: null, location: null, address: '东华街道幸福路18号', channel: 'online', source: 'open311' });
  });

  it('accepts the kind by its Chinese name', async () => {
    const res = await postForm('json', { ...valid(), 'attribute[kind]': '意见建议' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await caseByNo(res.json()[0].service_request_id)).kind).toBe('suggestion');
  });

  it('returns the same service_request_id for a retried Idempotency-Key and registers one case', async () => {
    const headers = { 'idempotency-key': 'retry-me-1' };
    const first = await postForm('json', valid(), headers);
    expect(first.statusCode, first.body).toBe(201);
    const again = await postForm('json', valid(), headers);
    expect(again.statusCode).toBe(200);
    expect(again.json()[0].service_request_id).toBe(first.json()[0].service_request_id);
    const n = await t.db.db.selectFrom('cases').select(t.db.db.fn.countAll<number>().as('n')).where('source', '=', 'open311').where('external_id', 'like', '%:retry-me-1').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    // another key is another case
    const other = await postForm('json', valid(), { 'idempotency-key': 'retry-me-2' });
    expect(other.statusCode).toBe(201);
    expect(other.json()[0].service_request_id).not.toBe(first.json()[0].service_request_id);
  });

  it('names every missing parameter at once, 400 in the list shape, JSON and XML', async () => {
    const json = expectJsonErrors(await postForm('json', { api_key: apiKey, description: '' }), 400);
    expect(json.map((e) => e.code)).toEqual([400, 400, 400]);
    const text = json.map((e) => e.description).join(' ');
    expect(text).toContain('service_code');
    expect(text).toContain('description');
    expect(text).toContain('address_string');

    const xml = expectXmlErrors(await postJson('xml', { api_key: apiKey, service_code: child, description }, { 'accept-language': 'en' }), 400);
    expect(xml).toEqual([{ code: '400', description: 'A location was not provided: lat & long, address_string or address_id' }]);
  });

  it('refuses bad values with 400, never a 5xx', async () => {
    const cases: [Record<string, string> | [string, string][], string][] = [
      [{ ...valid(), lat: '39.9' }, 'lat'],
      [{ ...valid(), lat: 'north', long: '116.4' }, 'lat'],
      [{ ...valid(), lat: '99', long: '116.4' }, 'lat'],
      [{ ...valid(), description: '太短' }, 'description'],
      [{ ...valid(), phone: '12345' }, 'phone'],
      [{ ...valid(), 'attribute[kind]': 'gossip' }, 'attribute[kind]'],
      [[...Object.entries(valid()), ['attribute[kind][]', 'help'], ['attribute[kind][]', 'praise']], 'attribute[kind]'],
      [{ ...valid(), first_name: 'x'.repeat(40) }, 'first_name'],
    ];
    for (const [fields, field] of cases) {
      const res = await postForm('json', fields);
      expect(res.statusCode, field).toBe(400);
      const errors = expectJsonErrors(res, 400);
      expect(errors.map((e) => e.description).join(' '), field).toContain(field);
    }
    expectJsonErrors(await t.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { 'content-type': 'application/json' }, payload: '{"api_key": ' }), 400);
    expectXmlErrors(await t.app.inject({ method: 'POST', url: `${BASE}/requests.xml`, headers: { 'content-type': 'text/plain' }, payload: 'hello' }), 400);
    expectJsonErrors(await postForm('json', valid(), { 'idempotency-key': 'k'.repeat(200) }), 400);
  });

  it('answers an unknown service_code with 404', async () => {
    const errors = expectJsonErrors(await postForm('json', { ...valid(), service_code: 'no.such' }), 404);
    expect(errors[0]!.description).toContain('no.such');
  });

  it('refuses a missing or bad api_key, or a token without the open311 scope, with 403', async () => {
    const { api_key: _k, ...noKey } = valid();
    expect(expectJsonErrors(await postForm('json', noKey), 403)[0]!.code).toBe(403);
    expectXmlErrors(await postForm('xml', { ...valid(), api_key: 'hy_not_a_token' }), 403);
    expectJsonErrors(await postForm('json', { ...valid(), api_key: intakeKey }), 403);
    // a token whose user may not register cases
    expectJsonErrors(await postForm('json', { ...valid(), api_key: handlerKey }), 403);
    // 403 comes before the missing fields
    expectJsonErrors(await postForm('json', {}), 403);
  });
});

// ---- GET requests ----

describe('GET requests', () => {
  let oldNo: string;
  let parentNo: string;
  let personalNo: string;
  let hotlineNo: string;
  let tipOffNo: string;
  let confidentialNo: string;

  const ids = async (query: string): Promise<string[]> => {
    const res = await get(`/requests.json${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().map((r: { service_request_id: string }) => r.service_request_id);
  };

  beforeAll(async () => {
    // a case from 100 days ago
    t.setNow(new Date(MONDAY_10AM.getTime() - 100 * DAY));
    oldNo = (await postForm('json', valid())).json()[0].service_request_id;
    t.setNow(new Date(MONDAY_10AM.getTime() + 60_000));
    parentNo = (await postForm('json', { ...valid(), service_code: parent })).json()[0].service_request_id;
    t.setNow(new Date(MONDAY_10AM.getTime() + 120_000));
    const register = async (over: Record<string, unknown>) => {
      // filed through another Open311 client: the same source as requests posted here
      const res = await c.operator!.post('/api/cases', sampleCase({ categoryCode: child, source: 'open311', ...over }));
      expect(res.statusCode, res.body).toBe(201);
      return res.json().caseNo as string;
    };
    personalNo = await register({
      content: '我是张伟，电话13800138000，座机010-62345678，身份证11010519491231002X，幸福小区门口路灯坏了两个月没人修。',
      address: '东华街道幸福小区北门',
    });
    tipOffNo = await register({ kind: 'tip_off', title: '举报无证经营', content: '幸福小区门口有人无证经营餐饮，存在安全隐患。' });
    confidentialNo = await register({ confidential: true, content: '保密件：反映某单位工作人员违规收费的问题，请核查。', address: '东华街道某单位' });
    // a call to the hotline is not a public service request
    hotlineNo = await register({ source: undefined, title: '电话反映路灯不亮', content: '来电反映东华街道路灯不亮，请尽快维修。' });
    t.setNow(new Date(MONDAY_10AM.getTime() + 180_000));
  });

  it('lists the last 90 days, newest first, in the spec’s fields', async () => {
    const res = await get('/requests.json');
    const list = res.json();
    const numbers = list.map((r: { service_request_id: string }) => r.service_request_id);
    expect(numbers).not.toContain(oldNo);
    expect(numbers).not.toContain(hotlineNo);
    expect(numbers).toContain(parentNo);
    expect(numbers.indexOf(confidentialNo)).toBeLessThan(numbers.indexOf(parentNo));
    const times = list.map((r: { requested_datetime: string }) => Date.parse(r.requested_datetime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const r = list.find((x: { service_request_id: string }) => x.service_request_id === personalNo);
    expect(Object.keys(r)).toEqual([
      'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
      'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
    ]);
    expect(r).toMatchObject({ status: 'open', status_notes: '待派单', service_code: child, service_name: '道路破损', address: '东华街道幸福小区北门', media_url: null });
    expect(r.requested_datetime).toBe('2026-03-02T10:02:00+08:00');
  });

  it('reaches older cases when start_date asks for them, and refuses a span over 90 days', async () => {
    const from = new Date(MONDAY_10AM.getTime() - 101 * DAY).toISOString();
    expect(await ids(`?start_date=${from}`)).toContain(oldNo);
    expect(await ids(`?start_date=${from}`)).not.toContain(parentNo);
    expectJsonErrors(await get(`/requests.json?start_date=${from}&end_date=${MONDAY_10AM.toISOString()}`), 400);
    expectJsonErrors(await get('/requests.json?start_date=yesterday'), 400);
    expectXmlErrors(await get('/requests.xml?end_date=2026-01-01T00:00:00Z&start_date=2026-02-01T00:00:00Z'), 400);
  });

  it('filters by start_date and end_date, service_code, status and a list of ids', async () => {
    const window = await ids(`?start_date=2026-03-02T10:00:30%2B08:00&end_date=2026-03-02T10:01:30%2B08:00`);
    expect(window).toEqual([parentNo]);
    expect(await ids('?start_date=2026-03-02&end_date=2026-03-02')).toContain(parentNo);
    const byCode = await ids(`?service_code=${parent}`);
    expect(byCode).toEqual([parentNo]);
    expect(await ids(`?service_code=${parent},${child}`)).toEqual(expect.arrayContaining([parentNo, personalNo]));
    expect(await ids('?status=closed')).toEqual([]);
    expect(await ids('?status=open')).toContain(personalNo);
    expect(await ids('?status=open,closed')).toContain(personalNo);
    expect(await ids('?status=open&status=closed')).toContain(personalNo);
    expect(await ids(`?service_code=${parent}&service_code=${child}`)).toEqual(expect.arrayContaining([parentNo, personalNo]));
    expectJsonErrors(await get('/requests.json?start_date=0000-01-01T00:00:00Z'), 400);
    expectJsonErrors(await get('/requests.json?start_date=2026-13-01T00:00:00Z'), 400);
    expectJsonErrors(await get('/requests.json?status=pending'), 400);
    // the id list overrides the other filters, the window included
    expect((await ids(`?service_request_id=${oldNo},${parentNo}&status=closed`)).sort()).toEqual([oldNo, parentNo].sort());
  });

  it('serves one request as an array of one, and 404 for an unknown one', async () => {
    const json = await get(`/requests/${parentNo}.json`);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toHaveLength(1);
    expect(json.json()[0].service_code).toBe(parent);
    const root = parseXml((await get(`/requests/${parentNo}.xml`)).body);
    expect(root.name).toBe('service_requests');
    expect(root.children.map((x) => x.name)).toEqual(['request']);
    expect(textOf(root.children[0]!, 'service_request_id')).toBe(parentNo);
    expect(textOf(root.children[0]!, 'status')).toBe('open');
    expectJsonErrors(await get('/requests/19990101000001.json'), 404);
    expectXmlErrors(await get('/requests/19990101000001.xml'), 404);
  });

  it('never shows personal data or tip-offs; a confidential case keeps its content and address', async () => {
    const everything = [
      (await get('/requests.json')).body,
      (await get('/requests.xml')).body,
      (await get(`/requests/${personalNo}.json`)).body,
      (await get(`/requests/${personalNo}.xml`)).body,
    ].join('\n');
    for (const secret of ['13800138000', '11010519491231002X', '张伟', '010-62345678', '62345678']) expect(everything).not.toContain(secret);
    expect(everything).toContain('幸福小区门口路灯坏了两个月没人修');
    expect(await ids('')).not.toContain(tipOffNo);
    expect(everything).not.toContain('无证经营');
    expectJsonErrors(await get(`/requests/${tipOffNo}.json`), 404);
    const [confidential] = (await get(`/requests/${confidentialNo}.json`)).json();
    expect(confidential).toMatchObject({ status: 'open', description: null, address: null, lat: null, long: null });
    expect((await get('/requests.json')).body).not.toContain('违规收费');
  });

  it('turns closed when the case closes through the normal API, with the reply as the notes', async () => {
    const k = await caseByNo(parentNo);
    const answered = await c.operator!.post(`/api/cases/${k.id}/answer`, { version: k.version, answer: '已通知养护单位，本周内修复人行道地砖。' });
    expect(answered.statusCode, answered.body).toBe(200);
    const [r] = (await get(`/requests/${parentNo}.json`)).json();
    expect(r.status).toBe('closed');
    expect(r.status_notes).toBe('已办结：已通知养护单位，本周内修复人行道地砖。');
    expect(r.updated_datetime).toBe('2026-03-02T10:03:00+08:00');
    expect(await ids('?status=closed')).toEqual([parentNo]);
    expect(await ids('?status=open')).not.toContain(parentNo);
  });
});

// ---- tokens ----

describe('tokens', () => {
  it('maps a token (the case id) to its service_request_id', async () => {
    const no = (await postForm('json', valid())).json()[0].service_request_id;
    const { id } = await caseByNo(no);
    const json = await get(`/tokens/${id}.json`);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual([{ service_request_id: no, token: id }]);
    const root = parseXml((await get(`/tokens/${id}.xml`)).body);
    expect(root.children.map((r) => [textOf(r, 'service_request_id'), textOf(r, 'token')])).toEqual([[no, id]]);
    expectJsonErrors(await get('/tokens/00000000-0000-4000-8000-000000000000.json'), 404);
    expectXmlErrors(await get('/tokens/not-a-uuid.xml'), 404);
  });
});

// ---- documentation ----

describe('OpenAPI', () => {
  it('documents every Open311 route under the open311 tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/open311/'));
    expect(paths.sort()).toEqual(
      [
        '/open311/v2/discovery.{format}',
        '/open311/v2/requests.{format}',
        '/open311/v2/requests/{service_request_id}.{format}',
        '/open311/v2/services.{format}',
        '/open311/v2/services/{service_code}.{format}',
        '/open311/v2/tokens/{token}.{format}',
      ].sort(),
    );
    for (const p of paths) {
      for (const op of Object.values(doc.paths[p]) as { tags: string[]; summary: string; security: unknown[]; responses: Record<string, unknown> }[]) {
        expect(op.tags, p).toEqual(['open311']);
        expect(op.summary, p).toMatch(/^Open311/);
        expect(op.security, p).toEqual([]);
        expect(Object.keys(op.responses), p).toEqual(expect.arrayContaining(['400', '403', '404']));
      }
    }
    const post = doc.paths['/open311/v2/requests.{format}'].post;
    expect(Object.keys(post.requestBody.content).sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(post.requestBody.content['application/x-www-form-urlencoded'].schema.required).toEqual(['api_key', 'service_code', 'description']);
  });
});

// ---- last: it uses up this file's allowance on one route ----

describe('rate limit', () => {
  it('limits each IP like the portal’s public routes, answering in the Open311 shape', async () => {
    let res = await get('/nothing-here.xml');
    for (let i = 0; i < 130 && res.statusCode !== 429; i++) res = await get('/nothing-here.xml');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    const root = parseXml(res.body);
    expect(root.name).toBe('errors');
    expect(textOf(child1(root, 'error')!, 'code')).toBe('429');
    expect((await get('/services.json')).statusCode).toBe(200);
  });
});
