/**
 * The authorization matrix (issue #9 §1): every API route, called as every role, as a user of
 * another unit, anonymously and with API tokens, answers allow or deny as test/authz-policy.ts
 * declares, and no route shows a case, or its citizen's data, to someone who may not see it.
 * The steps on a case are checked against core's transition table on fresh cases.
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { clientWith, contacted, createTestApp, login, loginAll, makeWorld, MONDAY_10AM, PASSWORD, PNG, sampleCase, uploadFile, type Client, type TestApp, type World } from '../app';
import { CALLERS, POLICY, STEP_ROUTES, UNIT_PATHS, isCentreStaff, type Caller, type CallerKey, type Fixtures, type ObjectKind, type RoutePolicy } from '../authz-policy';
import { CASE_ACTIONS, TRANSITIONS, can, type CaseAction, type CaseFacts, type CaseState } from '../../src/core/case-lifecycle';
import { ARTICLE_TRANSITIONS, canArticle, canViewArticle, type ArticleStatus } from '../../src/core/knowledge';
import { canView, seesPersonalData, type CaseAudience } from '../../src/core/visibility';
import { neededScope, scopeAllows, type TokenScope } from '../../src/core/scopes';
import type { Channel, Role } from '../../src/core/enums';

/** The probe case's citizen: the data no one outside the case may see. */
const PROBE_CITIZEN = { name: '欧阳探针', phone: '13912345678', idNumber: '11010519491231002X' };
/** The citizen of every other case (no ID number, another phone). */
const OTHER_CITIZEN = { name: '张伟', phone: '13800138000' };
const REPLY = '经现场核查，该烧烤店油烟净化设施未正常使用，已责令其立即整改并限定营业至22:00，依据《大气污染防治法》第一百一十八条处以罚款，已复查整改到位。';

let t: TestApp;
let w: World;
let f: Fixtures;
let doc: { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
const clients = {} as Record<CallerKey, Client>;
const callers = {} as Record<CallerKey, Caller>;
const usernames = {} as Record<CallerKey, string>;

beforeAll(async () => {
  // many logins and public calls from one address in a few seconds: the per-IP limits are not under test here
  t = await createTestApp(MONDAY_10AM, { LOGIN_PER_MINUTE_PER_IP: '100000', LOGIN_PER_MINUTE: '1000', MAILBOX_PER_HOUR: '100000' });
  w = await makeWorld(t);
  const s = await loginAll(t, w);
  const otherLeader = `leaderS2-${w.suffix}`;
  ok(await s.admin!.post('/api/users', { username: otherLeader, displayName: 'leaderS2', password: PASSWORD, role: 'unit_leader', unit: w.units.street2.code }), 201);
  for (const u of await t.db.db.selectFrom('units').select(['id', 'path']).execute()) UNIT_PATHS[u.id] = u.path;

  const sessionUsers: Partial<Record<CallerKey, string>> = {
    citizen: w.users.citizen,
    reporter: w.users.reporter,
    operator: w.users.operator,
    dispatcher: w.users.dispatcher,
    supervisor: w.users.supervisor,
    admin: w.users.admin,
    leader: w.users.leader,
    unitHandler: w.users.handlerS1,
    unitLeader: w.users.leaderS1,
    otherHandler: w.users.handlerS2,
    otherLeader,
    districtHandler: w.users.handlerD,
  };
  for (const [key, username] of Object.entries(sessionUsers) as [CallerKey, string][]) {
    clients[key] = await login(t.app, username);
    usernames[key] = username;
    const me = ok(await clients[key].get('/api/auth/me'), 200);
    callers[key] = { key, role: me.role, userId: me.id, unitId: me.unit.id, unitPath: UNIT_PATHS[me.unit.id]!, atCentre: me.atCentre };
  }
  clients.anonymous = clientWith(t.app, {});
  callers.anonymous = { key: 'anonymous', role: null, userId: '', unitId: '', unitPath: '/nowhere/', atCentre: false };
  for (const [key, scopes] of [['readToken', ['read']], ['intakeToken', ['intake']]] as [CallerKey, TokenScope[]][]) {
    const tok = ok(await s.admin!.post('/api/tokens', { name: `authz ${key}`, user: w.users.operator, scopes }), 201);
    clients[key] = clientWith(t.app, { authorization: `Bearer ${tok.token}` });
    callers[key] = { ...callers.operator, key, scopes };
  }
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  f = await makeFixtures();
}, 120_000);
afterAll(async () => t?.close());

function ok(res: LightMyRequestResponse, status: number) {
  if (res.statusCode !== status) throw new Error(`${res.statusCode} (expected ${status}): ${res.body}`);
  return res.body ? res.json() : undefined;
}

async function versionOf(id: string): Promise<number> {
  return (await t.db.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}

/** A step that must succeed (setting up a case). */
async function step(who: CallerKey, id: string, path: string, body: Record<string, unknown> = {}) {
  return ok(await clients[who].post(`/api/cases/${id}/${path}`, { version: await versionOf(id), ...body }), 200);
}

/** The probe case, dispatched to street 1 and handled there, and every object the routes reveal around it. */
async function makeFixtures(): Promise<Fixtures> {
  let n = 0;
  const uniq = () => `${w.suffix}${(n += 1)}`;
  const { operator: op, supervisor: sup, admin, unitHandler: h1 } = clients;
  const units = { centre: w.units.centre, district: w.units.district, street1: w.units.street1, street2: w.units.street2, deptA: w.units.deptA };

  const reg = ok(await op.post('/api/cases', sampleCase({ title: `探针诉求${w.suffix}`, citizen: PROBE_CITIZEN })), 201);
  const probe = { id: reg.id, caseNo: reg.caseNo, queryCode: reg.queryCode, title: reg.title, citizenName: PROBE_CITIZEN.name, phone: PROBE_CITIZEN.phone, idNumber: PROBE_CITIZEN.idNumber };
  await step('dispatcher', probe.id, 'dispatch', { units: [units.street1.code] });
  await step('unitHandler', probe.id, 'accept');
  const photo = ok(await uploadFile(t, usernames.unitHandler, 'site.png', PNG), 201);
  await step('unitHandler', probe.id, 'reply', { content: REPLY, ...contacted(t), attachmentIds: [photo.id], promises: [{ what: '两周内复查排烟设施' }] });
  await step('supervisor', probe.id, 'supervise', { note: '请于三日内书面反馈整改情况' });
  await step('supervisor', probe.id, 'rework', { reason: '请补充复查照片' });
  await step('leader', probe.id, 'instructions', { instruction: '请街道高度重视' });
  const order = (ok(await sup.get('/api/supervision-orders'), 200) as { id: string; caseId: string }[]).find((o) => o.caseId === probe.id)!;

  const submitted = ok(await sup.post('/api/special-reports', { title: '探针专报', cases: [probe.caseNo] }), 201);
  ok(await sup.post(`/api/special-reports/${submitted.id}/submit`, {}), 200);
  const draft = ok(await sup.post('/api/special-reports', { title: '探针专报（草稿）', cases: [probe.caseNo] }), 201);
  const periodic = ok(await sup.post('/api/reports', { kind: 'weekly' }), 201);
  ok(await sup.post('/api/criticisms', { unit: units.street1.code, reason: 'contradicts_reality', detail: '答复与现场情况不符', case: probe.caseNo }), 201);
  const criticism = ok(await sup.post('/api/criticisms', { unit: units.deptA.code, reason: 'contradicts_reality', detail: '待撤销的记录' }), 201);
  ok(await op.post('/api/duty-call-failures', { unit: units.street1.code, case: probe.caseNo, phone: '0571-87000002', calledAt: t.now().toISOString() }), 201);

  const article = ok(await h1.post('/api/knowledge', { type: 'faq', title: '街道内部草稿', body: '尚未发布的答复口径' }), 201);
  const filing = ok(await h1.post('/api/filings', { type: 'road_closure', title: '幸福路封闭施工', content: '幸福路夜间封闭施工', startsAt: inDays(5), endsAt: inDays(6) }), 201);

  const webhook = ok(await admin.post('/api/webhooks', { name: 'fixture', url: 'https://hooks.example.org/fixture', events: ['close'] }), 201);
  const platform = ok(await admin.post('/api/platforms', { code: `fx-${w.suffix}`, name: '探针平台', baseUrl: 'https://platform.example.org', token: 'hy_fixture_token_000' }), 201);
  const spareUsername = `spare-${w.suffix}`;
  const spare = ok(await admin.post('/api/users', { username: spareUsername, displayName: '备用', password: 'Another-Pass-42', role: 'operator', unit: units.centre.code }), 201);
  const token = ok(await admin.post('/api/tokens', { name: 'spare', user: spareUsername }), 201);
  const spareUnit = ok(await admin.post('/api/units', { code: `spare-${w.suffix}`, name: '备用单位', type: 'department' }), 201);
  const categoryCode = ok(await admin.post('/api/categories', { code: `fx${w.suffix}`, name: '探针分类' }), 201).code as string;
  const rule = ok(await admin.post('/api/time-limit-rules', { name: '探针规则', stage: 'first_dispatch', limit: '9wd', category: categoryCode }), 201);
  const phrase = ok(await admin.post('/api/reply-phrases', { phrase: `探针用语${w.suffix}`, level: 'warn' }), 201);
  const entry = ok(await admin.post('/api/directory-entries', { kind: 'service', name: '探针热线', phone: '0571-87000003' }), 201);
  const session = ok(await sup.post('/api/leader-sessions', { leaderName: '李某', leaderTitle: '副区长', startsAt: inDays(3), endsAt: inDays(3.1) }), 201);
  const liaison = ok(await sup.post('/api/liaisons', { name: '王联络', appointedOn: '2026-01-05' }), 201);
  const settings = ok(await admin.get('/api/policy-settings'), 200);

  return {
    probe,
    units,
    attachmentId: photo.id,
    orderId: order.id,
    submittedReportId: submitted.id,
    draftReportId: draft.id,
    periodicReportId: periodic.id,
    criticismId: criticism.id,
    articleId: article.id,
    filingId: filing.id,
    webhookId: webhook.id,
    platformId: platform.id,
    tokenId: token.id,
    spareUserId: spare.id,
    spareUsername,
    spareUnitId: spareUnit.id,
    ruleId: rule.id,
    categoryCode,
    phraseId: phrase.id,
    entryId: entry.id,
    leaderSessionId: session.id,
    liaisonId: liaison.id,
    settings,
    usernames,
    uniq,
  };
}

function inDays(days: number): string {
  return new Date(t.now().getTime() + days * 86_400_000).toISOString();
}

// ---- what core says ------------------------------------------------------------------------------------

/** The case's facts and audience as core needs them, read from the database. */
async function caseTruth(id: string): Promise<{ facts: CaseFacts; audience: CaseAudience; registeredUnitPath: string | null }> {
  const row = await t.db.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const units = await t.db.db.selectFrom('case_units').select(['unit_id', 'role']).where('case_id', '=', id).where('active', '=', true).execute();
  return {
    facts: {
      state: row.state as CaseState,
      channel: row.channel as Channel,
      anonymous: row.anonymous,
      leadUnitId: row.lead_unit_id,
      coUnitIds: units.filter((u) => u.role === 'co').map((u) => u.unit_id),
      extensionPending: false,
      dueAt: null,
      requiresSignOff: false,
    },
    audience: { registeredBy: row.registered_by, unitPaths: units.map((u) => UNIT_PATHS[u.unit_id]!), confidential: row.confidential },
    registeredUnitPath: row.registered_unit_id ? UNIT_PATHS[row.registered_unit_id]! : null,
  };
}

type Truth = Awaited<ReturnType<typeof caseTruth>>;

/** core's canView, with the registering unit as the server adds it for users outside the centre. */
function seesCase(c: Caller, truth: Truth): boolean {
  if (c.role === null) return false;
  const paths = !c.atCentre && truth.registeredUnitPath ? [...truth.audience.unitPaths, truth.registeredUnitPath] : truth.audience.unitPaths;
  return canView({ ...c, role: c.role }, { ...truth.audience, unitPaths: paths });
}

/** Whether role and place allow the step (core's `can` in a state the step starts from, without its guard). */
function mayStep(c: Caller, action: CaseAction, facts: CaseFacts): boolean {
  if (c.role === null) return false;
  return can({ userId: c.userId, role: c.role, unitId: c.unitId, atCentre: c.atCentre }, action, { ...facts, state: TRANSITIONS[action].from[0]! });
}

type Outcome = 'allow' | 401 | 403 | 404 | 'skip';

/** What a step on a case answers this caller: 401, the token's scope, 404 when hidden, 403 by the table. */
function stepOutcome(c: Caller, action: CaseAction, truth: Truth): Outcome {
  if (c.role === null) return 401;
  if (c.scopes && !scopeAllows(c.scopes, neededScope('POST'))) return 403;
  if (!seesCase(c, truth)) return 404;
  return mayStep(c, action, truth.facts) ? 'allow' : 403;
}

async function articleVisible(c: Caller, action?: keyof typeof ARTICLE_TRANSITIONS): Promise<{ visible: boolean; mayAct: boolean }> {
  const a = await t.db.db.selectFrom('knowledge_articles as k').innerJoin('units as u', 'u.id', 'k.owner_unit_id').select(['k.status', 'k.created_by', 'u.path']).where('k.id', '=', f.articleId).executeTakeFirstOrThrow();
  if (c.role === null) return { visible: false, mayAct: false };
  const actor = { ...c, role: c.role };
  const facts = { status: a.status as ArticleStatus, ownerUnitPath: a.path, createdBy: a.created_by, validTo: null };
  const visible = canViewArticle(actor, facts);
  const mayAct = action ? canArticle(actor, action, { ...facts, status: ARTICLE_TRANSITIONS[action].from[0]! }, '2026-03-02') : true;
  return { visible, mayAct };
}

async function objectVisible(kind: ObjectKind, c: Caller, probe: Truth): Promise<boolean> {
  const seesEveryUnit = isCentreStaff(c) || c.role === 'leader';
  switch (kind) {
    case 'case':
      return seesCase(c, probe);
    case 'order':
      // an order goes to the case's lead unit: street 1
      return seesEveryUnit || UNIT_PATHS[f.units.street1.id]!.startsWith(c.unitPath);
    case 'filing':
      return seesEveryUnit || UNIT_PATHS[f.units.street1.id]!.startsWith(c.unitPath);
    case 'article':
      return (await articleVisible(c)).visible;
  }
}

function roleAllowed(who: RoutePolicy['who'], role: Role): boolean {
  return who === 'public' || who === 'signed-in' || who.includes(role);
}

/** The answer the policy table and core's rules expect for this caller. */
async function expected(method: string, p: RoutePolicy, c: Caller, probe: Truth): Promise<Outcome> {
  if (c.role === null) return p.who === 'public' ? 'allow' : p.open ? 403 : 401;
  if (c.scopes && !scopeAllows(c.scopes, neededScope(method, p.scope))) return 403;
  if (p.step) {
    // whoever may take the step is left to the fresh cases below: taking it here would move the probe
    const o = stepOutcome(c, p.step, probe);
    return o === 'allow' ? 'skip' : o;
  }
  const objectFirst = p.objectFirst ?? false;
  const visible = p.object ? await objectVisible(p.object, c, probe) : true;
  if (objectFirst && !visible) return 404;
  if (!roleAllowed(p.who, c.role)) return 403;
  if (!visible) return 404;
  if (p.articleStep && !(await articleVisible(c, p.articleStep)).mayAct) return 403;
  if (p.refuse?.(c, f)) return 403;
  return 'allow';
}

// ---- calling a route -------------------------------------------------------------------------------------

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minProperties?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

const PATTERN_CANDIDATES = ['18:00', '5wd', '2026Q1', 'a1', 'https://example.org/x', '2026-03-02', '20260302000001'];

/** The least value a JSON schema accepts: required fields only, the first of an enum. */
function sample(s: Schema): unknown {
  if (s.enum) return s.enum.find((v) => v !== null);
  if (s.anyOf ?? s.oneOf) return sample((s.anyOf ?? s.oneOf)![0]!);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = sample(s.properties?.[k] ?? {});
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (Object.keys(out).length >= (s.minProperties ?? 0)) break;
        if (!(k in out)) out[k] = sample(v);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 0.5 : 1);
    case 'boolean':
      return false;
    case 'string': {
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date') return '2026-03-02';
      if (s.format === 'date-time') return t.now().toISOString();
      if (s.format === 'email') return 'authz@example.org';
      if (s.pattern) return PATTERN_CANDIDATES.find((x) => new RegExp(s.pattern!).test(x)) ?? 'x';
      return '授权测试内容'.padEnd(Math.max(s.minLength ?? 1, 6), '测');
    }
    default:
      return {};
  }
}

function bodyOf(method: string, url: string, p: RoutePolicy, key: CallerKey): unknown {
  if (p.body) return p.body(f, key);
  const path = url.replace(/:([A-Za-z_]+)/g, '{$1}');
  const schema = doc.paths[path]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
  return schema ? sample(schema) : {};
}

function urlsOf(url: string, p: RoutePolicy): string[] {
  const fill = (params: Record<string, string>) =>
    url.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
      const v = params[name];
      if (v === undefined) throw new Error(`${url}: the policy gives no value for :${name}`);
      return encodeURIComponent(v);
    }).replace('/*', '/v2/nothing.json');
  if (p.variants) return p.variants(f).map(fill);
  if (p.params) return [fill(p.params(f))];
  if (url.startsWith('/api/cases/:id')) return [fill({ id: f.probe.id })];
  return [fill({})];
}

async function call(method: string, url: string, p: RoutePolicy, key: CallerKey, body: unknown): Promise<LightMyRequestResponse> {
  const client = p.fresh && !callers[key].scopes && key !== 'anonymous' ? await login(t.app, usernames[key]) : clients[key];
  const q = p.query ? `?${new URLSearchParams(p.query(f, key)).toString()}` : '';
  switch (method) {
    case 'GET':
      return client.get(url + q);
    case 'DELETE':
      return client.delete(url + q);
    case 'POST':
      return client.post(url + q, body);
    case 'PUT':
      return client.put(url + q, body);
    case 'PATCH':
      return client.patch(url + q, body);
    default:
      throw new Error(`no client method ${method}`);
  }
}

function matches(outcome: Outcome, p: RoutePolicy, status: number): boolean {
  if (status >= 500) return false;
  // allowed: the route's documented answer, or anything but a refusal (a 400/409 for a minimal body is the route's own rule)
  if (outcome === 'allow') return p.okStatus ? p.okStatus.includes(status) : status < 400 || ![401, 403, 404].includes(status);
  return status === outcome;
}

/** The routes under test: every /api and /open311 route but HEAD (Fastify adds it to each GET). */
function apiRoutes() {
  return t.app.routeList.filter((r) => (r.url.startsWith('/api/') || r.url.startsWith('/open311/')) && r.method !== 'HEAD');
}

// ---- the tests ------------------------------------------------------------------------------------------

describe('the policy table', () => {
  it('declares every API route, and only routes that exist', () => {
    const registered = apiRoutes().map((r) => `${r.method} ${r.url}`);
    const undeclared = registered.filter((k) => !POLICY[k]);
    expect(undeclared, 'routes with no row in test/authz-policy.ts: add one saying who may call them').toEqual([]);
    const stale = Object.keys(POLICY).filter((k) => !registered.includes(k));
    expect(stale, 'rows in test/authz-policy.ts for routes that no longer exist').toEqual([]);
  });

  it('names a route for every step of the transition table', () => {
    // the citizen's own rating goes through the public route with the query code (tested below)
    const routed = new Set(Object.values(STEP_ROUTES));
    expect(CASE_ACTIONS.filter((a) => a !== 'evaluate' && !routed.has(a))).toEqual([]);
    for (const path of Object.keys(STEP_ROUTES)) expect(apiRoutes().some((r) => r.method === 'POST' && r.url === `/api/cases/:id/${path}`), path).toBe(true);
  });
});

describe('every route × every caller', () => {
  it('answers allow or deny as the policy says, and never shows the probe case to whoever may not see it', async () => {
    const probe = await caseTruth(f.probe.id);
    // sanity: the probe is where the matrix needs it, and the callers stand where the table assumes
    expect(probe.facts.state).toBe('handling');
    expect(probe.facts.leadUnitId).toBe(f.units.street1.id);
    const seers = CALLERS.filter((k) => seesCase(callers[k], probe));
    expect(seers).toEqual(['operator', 'dispatcher', 'supervisor', 'admin', 'leader', 'unitHandler', 'unitLeader', 'districtHandler', 'readToken', 'intakeToken']);

    const secrets = [f.probe.caseNo, f.probe.title, f.probe.citizenName, f.probe.phone, f.probe.idNumber];
    const failures: string[] = [];
    let checked = 0;
    // reads first, so that no write changes what a read shows
    const routes = apiRoutes().sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
    for (const r of routes) {
      const p = POLICY[`${r.method} ${r.url}`];
      if (!p || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)) continue;
      for (const url of urlsOf(r.url, p)) {
        for (const key of CALLERS) {
          const c = callers[key];
          const outcome = await expected(r.method, p, c, probe);
          if (outcome === 'skip' || (outcome === 'allow' && p.stream)) continue;
          const body = p.step ? { version: await versionOf(f.probe.id), ...(bodyOf(r.method, r.url, p, key) as object) } : bodyOf(r.method, r.url, p, key);
          const res = await call(r.method, url, p, key, body);
          checked += 1;
          const where = `${r.method} ${url} as ${key}`;
          if (!matches(outcome, p, res.statusCode)) failures.push(`${where}: expected ${outcome === 'allow' ? `allow${p.okStatus ? ` (${p.okStatus.join('/')})` : ''}` : outcome}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          // IDOR: nothing about the probe case reaches a caller who may not see it, whatever the status
          const asked = url + JSON.stringify(body ?? '');
          const text = res.body;
          if (!seesCase(c, probe)) {
            const leaked = secrets.filter((s) => !asked.includes(s) && text.includes(s));
            if (leaked.length) failures.push(`${where}: shows the probe case to a caller who may not see it (${leaked.join(', ')})`);
          } else {
            // personal data: the full phone and ID number only to the centre's staff (and the phone to the lead unit that must call)
            const full = seesPersonalData({ ...c, role: c.role! }, { confidential: false });
            const revealing = r.url === '/api/cases/:id/reveal-contact' && outcome === 'allow';
            if (!full && text.includes(f.probe.idNumber)) failures.push(`${where}: shows the citizen's ID number unmasked`);
            if (!full && !revealing && text.includes(f.probe.phone)) failures.push(`${where}: shows the citizen's phone unmasked`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // every route was called by at least the refused callers
    expect(checked).toBeGreaterThan(routes.length * 5);
  }, 120_000);

  it('keeps the probe case unchanged through every refused step', async () => {
    const row = await t.db.db.selectFrom('cases').select(['state', 'lead_unit_id']).where('id', '=', f.probe.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('handling');
    expect(row.lead_unit_id).toBe(f.units.street1.id);
    const events = await t.db.db.selectFrom('case_events').select(['action', 'actor_id']).where('case_id', '=', f.probe.id).orderBy('seq').execute();
    const steps = events.filter((e) => (CASE_ACTIONS as readonly string[]).includes(e.action));
    expect(steps.map((e) => e.action)).toEqual(['dispatch', 'accept', 'reply', 'supervise', 'rework', 'instruct']);
    const stepActors = new Set(steps.map((e) => e.actor_id));
    // only the fixture's own steps (dispatcher, handler, supervisor, leader)
    const allowed = new Set<string | null>([callers.dispatcher.userId, callers.unitHandler.userId, callers.supervisor.userId, callers.leader.userId]);
    expect([...stepActors].filter((a) => !allowed.has(a))).toEqual([]);
  });
});

// ---- the steps, on fresh cases, from the transition table --------------------------------------------------

type UnitKey = 'street1' | 'street2' | 'district';
const LEAD_HANDLER: Record<UnitKey, CallerKey> = { street1: 'unitHandler', street2: 'otherHandler', district: 'districtHandler' };

interface Setup {
  state: CaseState;
  channel?: string;
  lead?: UnitKey;
  co?: UnitKey[];
  extension?: true;
  order?: true;
  promise?: true;
}

/** A fresh case driven through the real steps to the state a step starts from. */
async function caseIn(s: Setup): Promise<{ id: string; caseNo: string }> {
  const reg = ok(await clients.operator.post('/api/cases', sampleCase({ title: `授权矩阵 ${s.state} ${f.uniq()}`, channel: s.channel ?? 'phone', citizen: OTHER_CITIZEN })), 201);
  const id: string = reg.id;
  const lead = s.lead ?? 'street1';
  const handler = LEAD_HANDLER[lead];
  const path: CaseState[] = ['registered'];
  const reach = async (state: CaseState) => {
    if (path.includes(state)) return;
    if (state === 'dispatched') await step('dispatcher', id, 'dispatch', { units: [w.units[lead].code, ...(s.co ?? []).map((u) => w.units[u].code)] });
    if (state === 'returned') await reach('dispatched').then(() => step(handler, id, 'return', { reason: '不属于本单位职责' }));
    if (state === 'handling') await reach('dispatched').then(() => step(handler, id, 'accept'));
    if (state === 'replied' || state === 'pending_signoff') {
      await reach('handling');
      await step(handler, id, 'reply', { content: REPLY, ...contacted(t), ...(s.promise ? { promises: [{ what: '一周内复查' }] } : {}) });
    }
    if (state === 'pending_callback') await reach('replied').then(() => step('supervisor', id, 'approve'));
    if (state === 'closed' || state === 'dissatisfied') {
      await reach('pending_callback');
      await step('supervisor', id, 'callbacks', { type: 'result', reached: true, contacted: true, satisfaction: state === 'closed' ? 'satisfied' : 'dissatisfied' });
    }
    path.push(state);
  };
  await reach(s.state);
  if (s.extension) await step(handler, id, 'extension-requests', { reason: '需协调多个部门', limit: '2wd' });
  if (s.order) await step('supervisor', id, 'supervise', { note: '请三日内书面反馈' });
  const row = await t.db.db.selectFrom('cases').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  expect(row.state, `setting up a ${s.state} case`).toBe(s.state);
  return { id, caseNo: reg.caseNo };
}

/** For each step: a case in a state it starts from, the caller who takes it, and the body. */
const SCENARIOS: Record<Exclude<CaseAction, 'evaluate'>, { setup: Setup; actor: CallerKey; body: (c: { id: string }) => Promise<Record<string, unknown>> | Record<string, unknown> }> = {
  answer_on_spot: { setup: { state: 'registered' }, actor: 'operator', body: () => ({ answer: '已当场答复：该问题由小区物业负责，已告知物业电话。' }) },
  dispatch: { setup: { state: 'registered' }, actor: 'dispatcher', body: () => ({ units: [w.units.street1.code] }) },
  add_co_unit: { setup: { state: 'dispatched' }, actor: 'dispatcher', body: () => ({ unit: w.units.deptA.code }) },
  accept: { setup: { state: 'dispatched' }, actor: 'unitHandler', body: () => ({}) },
  return: { setup: { state: 'dispatched' }, actor: 'unitHandler', body: () => ({ reason: '该事项属于市场监管职责' }) },
  reject_return: { setup: { state: 'returned' }, actor: 'dispatcher', body: () => ({ reason: '经审核属于街道属地职责' }) },
  reply: { setup: { state: 'handling' }, actor: 'unitHandler', body: () => ({ content: REPLY, ...contacted(t) }) },
  co_reply: { setup: { state: 'dispatched', co: ['street2'] }, actor: 'otherHandler', body: () => ({ content: '西华街道已配合现场核查。' }) },
  sign_off: { setup: { state: 'pending_signoff', channel: 'mailbox' }, actor: 'unitLeader', body: () => ({}) },
  reject_sign_off: { setup: { state: 'pending_signoff', channel: 'mailbox' }, actor: 'unitLeader', body: () => ({ reason: '答复未写明整改时限' }) },
  approve_reply: { setup: { state: 'replied' }, actor: 'supervisor', body: () => ({}) },
  rework: { setup: { state: 'replied' }, actor: 'supervisor', body: () => ({ reason: '答复未说明复查结果' }) },
  request_extension: { setup: { state: 'handling' }, actor: 'unitHandler', body: () => ({ reason: '需协调住建部门', limit: '2wd' }) },
  decide_extension: { setup: { state: 'handling', extension: true }, actor: 'supervisor', body: () => ({ approve: true }) },
  callback: { setup: { state: 'handling' }, actor: 'operator', body: () => ({ type: 'process', reached: true, contacted: true }) },
  close: { setup: { state: 'dissatisfied' }, actor: 'supervisor', body: () => ({ explanation: '已向诉求人解释相关政策' }) },
  urge: { setup: { state: 'handling' }, actor: 'supervisor', body: () => ({ note: '请加快办理' }) },
  supervise: { setup: { state: 'handling' }, actor: 'supervisor', body: () => ({ note: '请三日内书面反馈' }) },
  respond_order: { setup: { state: 'handling', order: true }, actor: 'unitLeader', body: () => ({ response: '已按督办要求完成整改，现书面反馈。' }) },
  instruct: { setup: { state: 'handling' }, actor: 'leader', body: () => ({ instruction: '请尽快解决群众诉求' }) },
  archive: { setup: { state: 'closed' }, actor: 'supervisor', body: () => ({}) },
  keep_promise: {
    setup: { state: 'replied', promise: true },
    actor: 'unitHandler',
    body: async (c) => ({ promiseId: (await t.db.db.selectFrom('promises').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow()).id, note: '已复查完毕' }),
  },
  dispatch_down: { setup: { state: 'dispatched', lead: 'district' }, actor: 'districtHandler', body: () => ({ unit: w.units.street1.code }) },
  link_repeat: { setup: { state: 'registered' }, actor: 'operator', body: async () => ({ of: (await caseIn({ state: 'registered' })).caseNo }) },
  merge: { setup: { state: 'registered' }, actor: 'dispatcher', body: async () => ({ into: (await caseIn({ state: 'dispatched' })).caseNo }) },
};

describe('each step on a case, as the transition table says', () => {
  const routeOf = Object.fromEntries(Object.entries(STEP_ROUTES).map(([path, action]) => [action, path])) as Record<CaseAction, string>;

  for (const [action, sc] of Object.entries(SCENARIOS) as [Exclude<CaseAction, 'evaluate'>, (typeof SCENARIOS)[keyof typeof SCENARIOS]][]) {
    const def = TRANSITIONS[action];
    it(`${action}: only ${def.roles.join(' / ')} (${def.scope}) may take it; another unit gets 404, a wrong role 403`, async () => {
      const c = await caseIn(sc.setup);
      const body = await sc.body(c);
      const truth = await caseTruth(c.id);
      const before = await versionOf(c.id);
      const url = `/api/cases/${c.id}/${routeOf[action]}`;
      const refused: string[] = [];
      const failures: string[] = [];
      for (const key of CALLERS) {
        if (key === sc.actor) continue;
        const outcome = stepOutcome(callers[key], action, truth);
        if (outcome === 'allow') continue; // another who may take it: taking it would spend the case
        const res = await clients[key].post(url, { version: before, ...body });
        if (res.statusCode !== outcome) failures.push(`${key}: expected ${outcome}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
        if (outcome === 404 && res.body.includes(c.caseNo)) failures.push(`${key}: the 404 names the case`);
        refused.push(key);
      }
      expect(failures).toEqual([]);
      expect(refused.length).toBeGreaterThan(5);
      expect(await versionOf(c.id), 'a refused step wrote nothing').toBe(before);

      expect(stepOutcome(callers[sc.actor], action, truth), `${sc.actor} may ${action} by the table`).toBe('allow');
      const res = await clients[sc.actor].post(url, { version: before, ...body });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().version).toBe(before + 1);
      if (typeof def.to === 'string') expect(res.json().state).toBe(def.to);
    });
  }
});

describe('the citizen’s own rating and lookup (the requester scope)', () => {
  it('needs the case number and its query code; staff sessions add nothing', async () => {
    const reg = ok(await clients.operator.post('/api/cases', sampleCase({ title: `评价探针 ${f.uniq()}`, channel: 'sms', citizen: OTHER_CITIZEN })), 201);
    const url = `/api/public/cases/${reg.caseNo}`;
    // the wrong code shows nothing, not even to a supervisor's session
    for (const key of ['anonymous', 'supervisor', 'otherHandler'] as CallerKey[]) {
      const res = await clients[key].get(`${url}?code=WRONG1`);
      expect(res.statusCode, key).toBe(404);
      expect(res.body).not.toContain(reg.title);
    }
    const mine = await clients.anonymous.get(`${url}?code=${reg.queryCode}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().title).toBe(reg.title);
    expect(mine.body).not.toContain(OTHER_CITIZEN.phone);

    // rating before the reply is approved: the table allows evaluate only from pending_callback
    expect((await clients.anonymous.post(`${url}/evaluation`, { code: reg.queryCode, satisfaction: 'satisfied' })).statusCode).toBe(409);
    await step('dispatcher', reg.id, 'dispatch', { units: [w.units.street1.code] });
    await step('unitHandler', reg.id, 'accept');
    await step('unitHandler', reg.id, 'reply', { content: REPLY, ...contacted(t) });
    await step('supervisor', reg.id, 'approve');
    expect((await clients.supervisor.post(`${url}/evaluation`, { code: 'WRONG1', satisfaction: 'satisfied' })).statusCode).toBe(404);
    const rated = await clients.anonymous.post(`${url}/evaluation`, { code: reg.queryCode, satisfaction: 'satisfied' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().state).toBe('closed');
    expect((await clients.anonymous.post(`${url}/evaluation`, { code: reg.queryCode, satisfaction: 'satisfied' })).statusCode, 'rated once').toBe(409);
  });
});
