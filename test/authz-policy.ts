/**
 * The authorization policy of every API route (issue #9 §1), as `test/api/authz-matrix.test.ts`
 * checks it against the running app: who may call the route at all (`who`), which token scope it
 * needs when it declares one, and which object it reveals, so that a caller who may not see that
 * object is answered 404 and learns nothing about it. The steps on a case are not restated here:
 * their rows name the step, and the test derives who may take it from core's `TRANSITIONS`.
 *
 * Where DOMAIN.md is silent, the choice is what a hotline centre would expect; the reason is
 * written beside the row (`why`).
 */
import { ROLES, type Role } from '../src/core/enums';
import { CENTRE_ROLES, TRANSITIONS, type CaseAction } from '../src/core/case-lifecycle';
import { AUTHOR_ROLES, READER_ROLES, REVIEWER_ROLES, ARTICLE_TRANSITIONS, type ArticleAction } from '../src/core/knowledge';
import type { TokenScope } from '../src/core/scopes';
import { mayRevealForContact } from '../src/core/visibility';

/** Everyone who calls in the matrix. */
export const CALLERS = [
  'anonymous',
  'citizen',
  'reporter',
  'operator',
  'dispatcher',
  'supervisor',
  'admin',
  'leader',
  'unitHandler', // 承办人 of street 1, the unit the probe case is dispatched to
  'unitLeader', // 单位负责人 of street 1
  'otherHandler', // 承办人 of street 2: another unit under the same district
  'otherLeader', // 单位负责人 of street 2
  'districtHandler', // 承办人 of the district above street 1: sees its streets' cases, handles none of them
  'readToken', // an API token of the operator with the scope read
  'intakeToken', // an API token of the operator with the scope intake
] as const;
export type CallerKey = (typeof CALLERS)[number];

/** A caller as core sees them (null fields for anonymous). */
export interface Caller {
  key: CallerKey;
  role: Role | null;
  userId: string;
  unitId: string;
  unitPath: string;
  atCentre: boolean;
  /** The scopes of an API token; undefined for a session. */
  scopes?: readonly TokenScope[];
}

/** What the matrix needs to fill paths and bodies: the probe case and the objects made around it. */
export interface Fixtures {
  /** A case dispatched to street 1 and being handled there, with a reply, a promise, a photo, an order, an instruction. */
  probe: { id: string; caseNo: string; queryCode: string; title: string; citizenName: string; phone: string; idNumber: string };
  units: Record<'centre' | 'district' | 'street1' | 'street2' | 'deptA', { id: string; code: string }>;
  attachmentId: string;
  orderId: string;
  submittedReportId: string;
  draftReportId: string;
  periodicReportId: string;
  criticismId: string;
  articleId: string;
  filingId: string;
  webhookId: string;
  platformId: string;
  tokenId: string;
  spareUserId: string;
  spareUsername: string;
  spareUnitId: string;
  ruleId: string;
  categoryCode: string;
  phraseId: string;
  entryId: string;
  leaderSessionId: string;
  liaisonId: string;
  settings: Record<string, unknown>;
  usernames: Record<CallerKey, string>;
  /** A fresh suffix for names that must be unique. */
  uniq(): string;
}

/** Which object a route reveals; a caller who may not see it gets 404. */
export type ObjectKind = 'case' | 'order' | 'article' | 'filing';

export type Audience = 'public' | 'signed-in' | readonly Role[];

export interface RoutePolicy {
  who: Audience;
  /** No session needed to reach the handler (config.public), though `who` refuses everyone without its own credential. */
  open?: true;
  /** The token scope the route declares (config.scope); otherwise read for GET, write for the rest. */
  scope?: TokenScope;
  /** The object the route shows or acts on. */
  object?: ObjectKind;
  /** The object is checked before the role (a case's steps: 404 before 403). */
  objectFirst?: boolean;
  /** A refusal after the role gate and the object (403): a narrower rule of the route. */
  refuse?: (c: Caller, f: Fixtures) => boolean;
  /** A step on a case: who may take it comes from core's TRANSITIONS. */
  step?: CaseAction;
  /** A step on a knowledge article: who may take it comes from core's ARTICLE_TRANSITIONS. */
  articleStep?: ArticleAction;
  params?: (f: Fixtures) => Record<string, string>;
  query?: (f: Fixtures, c: CallerKey) => Record<string, string>;
  /** The body; otherwise the least body the OpenAPI schema accepts. */
  body?: (f: Fixtures, c: CallerKey) => unknown;
  /** What an allowed call answers when success is not the point (a fixture already used, a wrong query code). */
  okStatus?: readonly number[];
  /** Each session caller uses a session of its own (the call ends it). */
  fresh?: true;
  /** A Server-Sent Events stream: only the refusals are called. */
  stream?: true;
  /** Several concrete URLs for the same route (a case by id and by number). */
  variants?: (f: Fixtures) => Record<string, string>[];
  why?: string;
}

const ALL = 'signed-in' as const;
const PUBLIC = 'public' as const;
const CENTRE = CENTRE_ROLES;
/** Every role but the citizen: the staff and the media seat. */
const STAFF = ROLES.filter((r) => r !== 'citizen');
const ADMIN = ['admin'] as const;
const EDITORS = ['supervisor', 'admin'] as const;
const FILERS = [...CENTRE, 'unit_handler', 'unit_leader'] as const;
const INTAKE = ['operator', 'dispatcher', 'admin'] as const;
const REPORT_READERS = ['leader', 'supervisor', 'admin'] as const;
const STATS_READERS = ['leader', 'supervisor', 'admin', 'dispatcher'] as const;
const ROUTING_STAFF = ['operator', 'dispatcher', 'supervisor', 'admin', 'leader'] as const;

const noId = '00000000-0000-4000-8000-000000000000';
const later = (days: number) => new Date(Date.UTC(2026, 2, 2, 2) + days * 86_400_000).toISOString();

/** The route paths of the steps on a case and the step each takes (cases.routes.ts, ACTION_ROUTES). */
export const STEP_ROUTES: Record<string, CaseAction> = {
  answer: 'answer_on_spot',
  dispatch: 'dispatch',
  'co-units': 'add_co_unit',
  accept: 'accept',
  return: 'return',
  'reject-return': 'reject_return',
  reply: 'reply',
  'co-reply': 'co_reply',
  'sign-off': 'sign_off',
  'refuse-sign-off': 'reject_sign_off',
  approve: 'approve_reply',
  rework: 'rework',
  'extension-requests': 'request_extension',
  'extension-decision': 'decide_extension',
  callbacks: 'callback',
  close: 'close',
  urges: 'urge',
  supervise: 'supervise',
  'order-response': 'respond_order',
  instructions: 'instruct',
  archive: 'archive',
  'dispatch-down': 'dispatch_down',
  'link-repeat': 'link_repeat',
  merge: 'merge',
  'keep-promise': 'keep_promise',
};

/** A body each step's schema accepts (the refusals come before the step's own checks). */
const STEP_BODIES: Record<CaseAction, (f: Fixtures) => Record<string, unknown>> = {
  answer_on_spot: () => ({ answer: '已当场答复：该问题属于物业管理范围，请联系小区物业服务中心。' }),
  dispatch: (f) => ({ units: [f.units.street2.code] }),
  add_co_unit: (f) => ({ unit: f.units.deptA.code }),
  accept: () => ({}),
  return: () => ({ reason: '该事项不属于本单位职责' }),
  reject_return: () => ({ reason: '经审核属于该单位职责' }),
  reply: () => ({ content: '经现场核查，已责令商户整改油烟净化设施并限定营业时间，复查已整改到位。', contactedAt: later(0), citizenAttitude: '认可' }),
  co_reply: () => ({ content: '协办单位已配合现场核查。' }),
  sign_off: () => ({}),
  reject_sign_off: () => ({ reason: '答复内容不够具体' }),
  approve_reply: () => ({}),
  rework: () => ({ reason: '答复未说明整改时限' }),
  request_extension: () => ({ reason: '需协调多个部门', limit: '2wd' }),
  decide_extension: () => ({ approve: true }),
  callback: () => ({ type: 'process', reached: true, contacted: true }),
  close: () => ({ explanation: '已向诉求人解释政策' }),
  urge: () => ({ note: '请尽快办理' }),
  supervise: () => ({ note: '请于三日内书面反馈' }),
  respond_order: () => ({ response: '已按督办要求完成整改并书面反馈。' }),
  instruct: () => ({ instruction: '请相关部门高度重视' }),
  archive: () => ({}),
  dispatch_down: (f) => ({ unit: f.units.street2.code }),
  link_repeat: (f) => ({ of: f.probe.caseNo }),
  merge: (f) => ({ into: f.probe.caseNo }),
  keep_promise: () => ({ promiseId: noId, note: '已复查' }),
  evaluate: () => ({}),
};

const stepRoutes = Object.fromEntries(
  Object.entries(STEP_ROUTES).map(([path, action]) => [
    `POST /api/cases/:id/${path}`,
    // the roles come from TRANSITIONS; `who` only says that a session or token is needed
    { who: ALL, step: action, object: 'case', objectFirst: true, body: (f: Fixtures) => STEP_BODIES[action](f) } satisfies RoutePolicy,
  ]),
);

const ARTICLE_STEP_ROUTES: Record<string, ArticleAction> = { submit: 'submit', review: 'approve', expire: 'expire', revise: 'revise' };
const articleRoutes = Object.fromEntries(
  Object.entries(ARTICLE_STEP_ROUTES).map(([path, action]) => [
    `POST /api/knowledge/:id/${path}`,
    {
      who: READER_ROLES,
      object: 'article',
      articleStep: action,
      params: (f: Fixtures) => ({ id: f.articleId }),
      body: () => (path === 'review' ? { approve: true } : {}),
      // the probe article moves on (draft → review → published …): a step out of turn is 409
      okStatus: [200, 409],
    } satisfies RoutePolicy,
  ]),
);

const OPEN311_METHODS = ['GET', 'TRACE', 'DELETE', 'OPTIONS', 'PATCH', 'PUT', 'POST', 'QUERY'];

/** Every API route, by `METHOD url` as Fastify registers it. */
export const POLICY: Record<string, RoutePolicy> = {
  // ---- auth --------------------------------------------------------------------------------------
  'POST /api/auth/login': {
    who: PUBLIC,
    body: (f, c) => ({ username: f.usernames[c === 'anonymous' ? 'operator' : c] ?? f.usernames.operator, password: 'Test-Password-1' }),
  },
  'POST /api/auth/logout': { who: ALL, fresh: true },
  'GET /api/auth/me': { who: ALL },

  // ---- cases ---------------------------------------------------------------------------------------
  'POST /api/cases': { who: ['operator', 'dispatcher', 'reporter'], why: 'DOMAIN §1: operators register, dispatchers too; the media seat files what the press saw' },
  'GET /api/cases': { who: ALL, why: 'a list filtered by visibility: citizens and the media seat see what they filed, a unit its own cases' },
  'GET /api/cases/:id': {
    who: ALL,
    object: 'case',
    variants: (f) => [{ id: f.probe.id }, { id: f.probe.caseNo }],
  },
  'POST /api/cases/:id/reveal-contact': {
    who: ALL,
    object: 'case',
    objectFirst: true,
    body: () => ({ purpose: '电话联系诉求人核实情况' }),
    refuse: (c, f) => !mayReveal(c, f),
    why: 'DOMAIN §4/§7: the centre, and the lead unit that must contact the citizen; never a co-unit or a leader',
  },
  ...stepRoutes,
  'POST /api/cases/:id/reply-check': { who: ALL, object: 'case', objectFirst: true, body: () => ({ content: '已处理' }) },
  'POST /api/cases/similar': { who: CENTRE, body: () => ({ title: '烧烤油烟' }), why: 'shows other citizens’ open cases: the centre’s desk only' },

  // ---- the citizen's portal and the public lookups --------------------------------------------------
  'GET /api/public/cases/:no': {
    who: PUBLIC,
    params: (f) => ({ no: f.probe.caseNo }),
    query: () => ({ code: 'WRONG1' }),
    okStatus: [404],
    why: 'the query code is the key: without it nobody, signed in or not, learns the case exists',
  },
  'POST /api/public/cases/:no/evaluation': {
    who: PUBLIC,
    params: (f) => ({ no: f.probe.caseNo }),
    body: () => ({ code: 'WRONG1', satisfaction: 'satisfied' }),
    okStatus: [404],
  },
  'GET /api/public/captcha': { who: PUBLIC },
  'POST /api/public/mailbox': { who: PUBLIC, okStatus: [400], why: 'the form needs a solved CAPTCHA: a bare body is refused the same for everyone' },
  'GET /api/public/stats': { who: PUBLIC },
  'GET /api/public/replies': { who: PUBLIC },
  'GET /api/public/directory': { who: PUBLIC },

  // ---- organisation ----------------------------------------------------------------------------------
  'GET /api/units': { who: ALL, why: 'the unit tree is no secret: every signed-in user picks units from it' },
  'POST /api/units': { who: ADMIN, body: (f) => ({ code: `authz-${f.uniq()}`, name: '授权测试单位', type: 'department' }) },
  'PATCH /api/units/:id': { who: ADMIN, params: (f) => ({ id: f.spareUnitId }), body: () => ({ name: '授权测试单位（改）' }) },
  'GET /api/users': { who: ['admin', 'unit_leader', 'supervisor'], why: 'staff phones: the admin, the supervisors who urge units, and a unit leader for the own unit' },
  'POST /api/users': {
    who: ADMIN,
    body: (f) => ({ username: `authz-${f.uniq()}`, displayName: '测试', password: 'Another-Pass-42', role: 'operator', unit: f.units.centre.code }),
  },
  'PATCH /api/users/:id': { who: ADMIN, params: (f) => ({ id: f.spareUserId }), body: () => ({ displayName: '备用账号' }) },
  'GET /api/tokens': { who: ADMIN },
  'POST /api/tokens': { who: ADMIN, body: (f) => ({ name: `authz ${f.uniq()}`, user: f.spareUsername }) },
  'DELETE /api/tokens/:id': { who: ADMIN, params: (f) => ({ id: f.tokenId }), okStatus: [204, 404] },
  'GET /api/categories': { who: ALL },
  'GET /api/access-log': { who: ['admin', 'supervisor'], why: 'who looked at personal data: the admin and quality supervision audit it' },
  'GET /api/access-log/report': { who: ['admin', 'supervisor'] },

  // ---- personal data requests (PIPL) -------------------------------------------------------------------
  'POST /api/privacy/lookup': { who: ADMIN, body: () => ({ phone: '13700000001' }), why: 'a citizen’s request about their data is the admin’s work, under audit' },
  'POST /api/privacy/exports': { who: ADMIN, body: () => ({ reference: '授权测试-001', phone: '13700000001' }) },
  'POST /api/privacy/erasures': { who: ADMIN, body: () => ({ reference: '授权测试-002', phone: '13700000001' }) },
  'GET /api/privacy/audit': { who: ADMIN },
  'GET /api/privacy/retention': { who: ADMIN },
  'POST /api/privacy/retention/run': { who: ADMIN, okStatus: [200, 409] },

  // ---- registries (org-io) -------------------------------------------------------------------------------
  'GET /api/org-io/units/export': { who: ALL },
  'POST /api/org-io/units/import': { who: ADMIN, okStatus: [400], why: 'multipart only: the admin’s JSON call is refused as 400 after the role check' },
  'GET /api/org-io/duties/export': { who: ALL, why: '权责清单 are published duties' },
  'POST /api/org-io/duties/import': { who: ADMIN, okStatus: [400] },
  'GET /api/org-io/catalogue/export': { who: ALL },
  'POST /api/org-io/catalogue/import': { who: ADMIN, okStatus: [400] },
  'GET /api/org-io/staff/export': { who: CENTRE, why: 'the staff registry holds officials’ mobiles: the centre only' },
  'POST /api/org-io/staff/import': { who: ADMIN, okStatus: [400] },
  'POST /api/org-io/catalogue/build-from-duties': { who: ADMIN },
  'GET /api/org-io/duties': { who: ALL },
  'GET /api/org-io/catalogue': { who: ALL },
  'GET /api/org-io/staff': { who: CENTRE },

  // ---- routing -------------------------------------------------------------------------------------------
  'GET /api/regions': { who: ALL },
  'PUT /api/regions': { who: ADMIN, body: () => ({ type: 'FeatureCollection', features: [] }), okStatus: [200, 400] },
  'POST /api/routing/suggest': { who: ROUTING_STAFF },
  'POST /api/routing/train': { who: ADMIN },
  'GET /api/routing/models': { who: ROUTING_STAFF },
  'GET /api/misroute-reviews': { who: ['dispatcher', 'supervisor', 'admin'] },
  'GET /api/reports/misroutes': { who: ['dispatcher', 'supervisor', 'admin', 'leader'] },
  'GET /api/alerts': { who: ['supervisor', 'dispatcher', 'admin', 'leader'] },
  'POST /api/alerts/:id/ack': { who: ['supervisor', 'admin'], params: () => ({ id: noId }), okStatus: [404] },
  'POST /api/categories': { who: ADMIN, body: (f) => ({ code: `authz${f.uniq()}`, name: '授权测试分类' }) },
  'PATCH /api/categories/:code': { who: ADMIN, params: (f) => ({ code: f.categoryCode }), body: () => ({ sort: 99 }) },

  // ---- attachments ------------------------------------------------------------------------------------------
  'POST /api/attachments': { who: ALL, okStatus: [400], why: 'anyone signed in may upload (multipart only); a file is seen only through its case' },
  'GET /api/attachments/:id': { who: ALL, object: 'case', objectFirst: true, params: (f) => ({ id: f.attachmentId }) },

  // ---- time limits and the calendar ---------------------------------------------------------------------------
  'GET /api/calendar/deadline': { who: ALL, query: () => ({ from: later(0), limit: '5wd' }) },
  'GET /api/time-limit-rules': { who: ALL },
  'POST /api/time-limit-rules': { who: ADMIN, body: (f) => ({ name: '授权测试规则', stage: 'first_dispatch', limit: '9wd', category: f.categoryCode }) },
  'PATCH /api/time-limit-rules/:id': { who: ADMIN, params: (f) => ({ id: f.ruleId }), body: () => ({ name: '授权测试规则（改）' }) },
  'DELETE /api/time-limit-rules/:id': { who: ADMIN, params: (f) => ({ id: f.ruleId }), okStatus: [204, 404] },
  'POST /api/time-limit-rules/preview': { who: ALL },
  'GET /api/policy-settings': { who: ALL },
  'PUT /api/policy-settings': { who: ADMIN, body: (f) => f.settings },
  'GET /api/calendar/status': { who: ALL },
  'GET /api/calendar/days': { who: ALL, query: () => ({ from: '2026-03-01', to: '2026-03-07' }) },
  'GET /api/calendar/overrides': { who: ALL },
  'PUT /api/calendar/overrides/:date': { who: ADMIN, params: () => ({ date: '2031-01-06' }), body: () => ({ workday: true }) },
  'DELETE /api/calendar/overrides/:date': { who: ADMIN, params: () => ({ date: '2031-01-06' }), okStatus: [204, 404] },
  'POST /api/calendar/overrides/import': { who: ADMIN, body: () => ({ csv: 'date,workday\n2031-01-07,true\n' }), okStatus: [200, 400] },

  // ---- work queues --------------------------------------------------------------------------------------------------
  'GET /api/notifications': { who: ALL, why: 'each user sees the notifications of their own unit' },
  'POST /api/notifications/:id/read': { who: ALL, params: () => ({ id: noId }), okStatus: [404] },
  'GET /api/callback-tasks': { who: ['operator', 'supervisor'], why: 'DOMAIN §8: the centre calls citizens back' },

  // ---- intake ----------------------------------------------------------------------------------------------------------
  'POST /api/intake/sms': {
    who: INTAKE,
    scope: 'intake',
    body: (f) => ({ messageId: `authz-${f.uniq()}`, from: '13800138000', text: '东华街道幸福小区路灯不亮，请修理' }),
  },
  'POST /api/intake/messages': {
    who: INTAKE,
    scope: 'intake',
    body: (f) => ({ channel: 'online', externalId: `authz-${f.uniq()}`, kind: 'help', title: '路灯不亮', content: '小区路灯坏了一周', anonymous: true }),
  },
  'POST /api/imports': { who: INTAKE, scope: 'intake', okStatus: [400] },
  'GET /api/imports/:id': { who: INTAKE, scope: 'intake', params: () => ({ id: noId }), okStatus: [404] },

  // ---- phone (CTI) ----------------------------------------------------------------------------------------------------------
  'POST /api/cti/calls': { who: ['operator', 'admin'], scope: 'intake', body: (f) => ({ callId: `authz-${f.uniq()}`, caller: '13800138000' }) },
  'GET /api/cti/calls/:callId': { who: CENTRE, params: () => ({ callId: 'authz-no-such-call' }), okStatus: [200, 404], why: 'a caller’s past cases: the centre’s desk only' },
  'GET /api/cti/calls': { who: CENTRE, scope: 'intake' },

  // ---- messages, reports, dashboard ---------------------------------------------------------------------------------------------
  'GET /api/outbox': { who: ADMIN, why: 'message bodies carry case numbers and citizens’ mobiles' },
  'POST /api/outbox/:id/retry': { who: ADMIN, params: () => ({ id: noId }), okStatus: [404] },
  'GET /api/reports/response-times': { who: STATS_READERS },
  'GET /api/dashboard': { who: STATS_READERS },
  'GET /api/stats': { who: [...STATS_READERS, 'unit_leader'], why: 'city-wide figures; DOMAIN §1: a unit leader sees the own unit’s (rows of other units left out, stats.test.ts)' },

  // ---- reply quality ------------------------------------------------------------------------------------------------------------------
  'GET /api/reply-phrases': { who: ALL },
  'POST /api/reply-phrases': { who: ADMIN, body: (f) => ({ phrase: `测试用语${f.uniq()}` }) },
  'PATCH /api/reply-phrases/:id': { who: ADMIN, params: (f) => ({ id: f.phraseId }), body: () => ({ level: 'warn' }) },
  'DELETE /api/reply-phrases/:id': { who: ADMIN, params: (f) => ({ id: f.phraseId }), okStatus: [204, 404] },

  // ---- supervision --------------------------------------------------------------------------------------------------------------------
  'GET /api/supervision-orders': { who: ALL, why: 'filtered: the centre’s staff and leaders see every order, a unit its own and those below it, citizens and the media seat none' },
  'GET /api/supervision-orders/:id': { who: ALL, object: 'order', params: (f) => ({ id: f.orderId }) },
  'GET /api/supervision-orders/:id/pdf': { who: ALL, object: 'order', params: (f) => ({ id: f.orderId }) },
  'POST /api/supervision-orders/:id/close': { who: ['supervisor'], params: (f) => ({ id: f.orderId }), okStatus: [409], why: 'the order is still open: the supervisor is told so (409)' },
  'GET /api/promises': { who: ALL, why: 'filtered like the orders' },
  'GET /api/criticisms': { who: [...CENTRE, 'leader', 'unit_leader'], why: 'DOMAIN §9: a unit leader sees the own unit’s entries' },
  'POST /api/criticisms': { who: ['supervisor'], body: (f) => ({ unit: f.units.deptA.code, reason: 'contradicts_reality', detail: '答复与事实不符，经核查' }) },
  'POST /api/criticisms/:id/revoke': { who: ['supervisor'], params: (f) => ({ id: f.criticismId }), body: () => ({ note: '经复核撤销' }), okStatus: [204, 404] },

  // ---- special reports (专报) and periodic reports ----------------------------------------------------------------------------------------
  'GET /api/special-reports': { who: REPORT_READERS },
  'POST /api/special-reports': { who: EDITORS, body: (f) => ({ title: '授权测试专报', cases: [f.probe.caseNo] }) },
  'GET /api/special-reports/:id': { who: REPORT_READERS, params: (f) => ({ id: f.submittedReportId }) },
  'PATCH /api/special-reports/:id': { who: EDITORS, params: (f) => ({ id: f.draftReportId }), body: () => ({ summary: '补充说明' }) },
  'POST /api/special-reports/:id/submit': { who: EDITORS, params: (f) => ({ id: f.draftReportId }), okStatus: [200, 409] },
  'GET /api/special-reports/:id/pdf': { who: REPORT_READERS, params: (f) => ({ id: f.submittedReportId }) },
  'GET /api/reports': { who: REPORT_READERS },
  'POST /api/reports': { who: EDITORS, body: () => ({ kind: 'weekly' }) },
  'GET /api/reports/:id': { who: REPORT_READERS, params: (f) => ({ id: f.periodicReportId }) },
  'GET /api/reports/:id/:format': { who: REPORT_READERS, params: (f) => ({ id: f.periodicReportId, format: 'pdf' }) },
  'POST /api/reports/:id/send': { who: EDITORS, params: (f) => ({ id: f.periodicReportId }) },
  'GET /api/reports/criticism-notice': { who: REPORT_READERS },
  'GET /api/reports/criticism-notice/:format': { who: REPORT_READERS, params: () => ({ format: 'pdf' }) },

  // ---- integration ---------------------------------------------------------------------------------------------------------------------------
  'GET /api/webhooks': { who: ADMIN },
  'POST /api/webhooks': { who: ADMIN, body: () => ({ name: '授权测试', url: 'https://hooks.example.org/huiyin', events: ['close'] }), okStatus: [201, 400] },
  'PATCH /api/webhooks/:id': { who: ADMIN, params: (f) => ({ id: f.webhookId }), body: () => ({ name: '授权测试（改）' }) },
  'GET /api/webhooks/:id/deliveries': { who: ADMIN, params: (f) => ({ id: f.webhookId }) },
  'POST /api/webhooks/:id/ping': { who: ADMIN, params: (f) => ({ id: f.webhookId }) },
  'GET /api/platforms': { who: ['admin', 'dispatcher', 'supervisor'], why: 'the dispatcher transfers cases to them' },
  'POST /api/platforms': {
    who: ADMIN,
    body: (f) => ({ code: `authz-${f.uniq()}`, name: '授权测试平台', baseUrl: 'https://platform.example.org', token: 'hy_platform_token_0000' }),
  },
  'PATCH /api/platforms/:id': { who: ADMIN, params: (f) => ({ id: f.platformId }), body: () => ({ name: '授权测试平台（改）' }) },
  'POST /api/transfers': {
    who: [],
    scope: 'transfer',
    why: 'only the account a platform calls as (platforms.user_id), with a transfer token; no person, not even the admin',
  },
  'POST /api/transfers/result': { who: [], scope: 'transfer', body: (f) => ({ caseRef: f.probe.caseNo, reply: '已办结' }) },

  // ---- knowledge (资料库) ---------------------------------------------------------------------------------------------------------------------------
  'GET /api/knowledge': { who: READER_ROLES, why: 'staff and the media seat read articles; citizens use the portal' },
  'GET /api/knowledge/stats': { who: READER_ROLES },
  'POST /api/knowledge/suggest': { who: READER_ROLES, scope: 'read' },
  'GET /api/knowledge/:id': { who: READER_ROLES, object: 'article', params: (f) => ({ id: f.articleId }) },
  'POST /api/knowledge': { who: AUTHOR_ROLES, body: () => ({ type: 'faq', title: '授权测试条目', body: '内容' }) },
  'PATCH /api/knowledge/:id': {
    who: READER_ROLES,
    object: 'article',
    articleStep: 'edit',
    params: (f) => ({ id: f.articleId }),
    // version 1 may be stale by then: 409 is an allowed caller's answer, never a refused one's
    body: () => ({ version: 1, body: '修改后的内容' }),
    okStatus: [200, 409],
  },
  ...articleRoutes,

  // ---- filings (信息报备) and the bulletin ------------------------------------------------------------------------------------------------------------
  'POST /api/filings': {
    who: FILERS,
    body: () => ({ type: 'road_closure', title: '道路封闭施工', content: '夜间封闭施工', startsAt: later(5), endsAt: later(6) }),
    okStatus: [201, 400],
    why: 'a unit files for itself; the centre for any unit',
  },
  'GET /api/filings': { who: STAFF, why: 'filtered: the centre’s staff and leaders see all, a unit its own and below, the media seat none' },
  'GET /api/filings/late': { who: [...CENTRE, 'leader'] },
  'GET /api/filings/:id': { who: STAFF, object: 'filing', params: (f) => ({ id: f.filingId }) },
  'POST /api/filings/:id/withdraw': {
    who: FILERS,
    object: 'filing',
    params: (f) => ({ id: f.filingId }),
    body: () => ({ note: '计划取消' }),
    okStatus: [200, 409],
    refuse: (c, f) => !(isCentreStaff(c) || c.unitId === f.units.street1.id),
  },
  'GET /api/bulletin': { who: CENTRE, why: 'DOMAIN §10: the operators’ bulletin board' },
  'POST /api/filings/match': { who: CENTRE },

  // ---- directories and duty ------------------------------------------------------------------------------------------------------------------------------
  'GET /api/directory-entries': { who: ALL },
  'POST /api/directory-entries': { who: ADMIN, body: () => ({ kind: 'service', name: '授权测试热线', phone: '0571-87000000' }) },
  'DELETE /api/directory-entries/:id': { who: ADMIN, params: (f) => ({ id: f.entryId }), okStatus: [204, 404] },
  'GET /api/leader-sessions': { who: ALL },
  'POST /api/leader-sessions': { who: EDITORS, body: () => ({ leaderName: '王某', leaderTitle: '副市长', startsAt: later(10), endsAt: later(10.1) }) },
  'DELETE /api/leader-sessions/:id': { who: EDITORS, params: (f) => ({ id: f.leaderSessionId }), okStatus: [204, 404] },
  'GET /api/liaisons': { who: ALL },
  'POST /api/liaisons': { who: EDITORS, body: () => ({ name: '李联络', appointedOn: '2026-01-05' }) },
  'PATCH /api/liaisons/:id': { who: EDITORS, params: (f) => ({ id: f.liaisonId }), body: () => ({ phone: '13700137000' }) },
  'GET /api/grassroots-activities': { who: ALL },
  'POST /api/grassroots-activities': { who: CENTRE, body: () => ({ title: '走基层', place: '东华街道', heldOn: '2026-02-27' }) },
  'GET /api/duty-rosters': { who: ALL, why: 'filtered: the centre’s staff and leaders see every unit, a unit its own and below, citizens and the media seat none' },
  'PUT /api/duty-rosters/:unit/:day': {
    who: ALL,
    params: (f) => ({ unit: f.units.street1.code, day: '2026-03-03' }),
    body: () => ({ person: '值班员', phone: '13600136000' }),
    refuse: (c, f) => !(c.role === 'admin' || c.role === 'supervisor' || ((c.role === 'unit_handler' || c.role === 'unit_leader') && pathOf(f, 'street1').startsWith(c.unitPath))),
    why: 'a unit sets its own roster (and those below it); the centre’s supervisors and the admin any',
  },
  'GET /api/units/:id/duty': { who: ALL, params: (f) => ({ id: f.units.street1.code }), why: 'the duty phone is shown on urgent cases to whoever handles them' },
  'POST /api/duty-call-failures': { who: CENTRE, body: (f) => ({ unit: f.units.deptA.code, phone: '0571-87000001', calledAt: later(0) }) },
  'GET /api/duty-call-failures': { who: ALL, why: 'filtered like the rosters' },

  // ---- real-time events ----------------------------------------------------------------------------------------------------------------------------------------
  'GET /api/events': { who: ALL, stream: true, why: 'an event stream of the cases the user may see; events.routes tests what it carries' },

  // ---- Open311 GeoReport v2 -------------------------------------------------------------------------------------------------------------------------------------
  'GET /open311/v2/discovery.:format': { who: PUBLIC, scope: 'open311', params: () => ({ format: 'json' }) },
  'GET /open311/v2/services.:format': { who: PUBLIC, scope: 'open311', params: () => ({ format: 'json' }) },
  'GET /open311/v2/services/:service_code.:format': { who: PUBLIC, scope: 'open311', params: (f) => ({ service_code: f.categoryCode, format: 'json' }), okStatus: [200, 404] },
  'POST /open311/v2/requests.:format': {
    who: [],
    open: true,
    scope: 'open311',
    params: () => ({ format: 'json' }),
    body: () => ({ api_key: 'hy_not_a_key', service_code: 'x', description: '路灯不亮', address_string: '东华街道' }),
    why: 'the api_key in the body is the credential (GeoReport v2): without an open311 key everyone is refused (403)',
  },
  'GET /open311/v2/requests.:format': { who: PUBLIC, scope: 'open311', params: () => ({ format: 'json' }), why: 'only requests filed through Open311, without personal data' },
  'GET /open311/v2/requests/:service_request_id.:format': {
    who: PUBLIC,
    scope: 'open311',
    params: (f) => ({ service_request_id: f.probe.caseNo, format: 'json' }),
    okStatus: [404],
    why: 'a case that came by phone is not a public service request: 404 by number',
  },
  'GET /open311/v2/tokens/:token.:format': { who: PUBLIC, scope: 'open311', params: () => ({ token: 'no-such-token', format: 'json' }), okStatus: [404] },
  ...Object.fromEntries(
    OPEN311_METHODS.map((m) => [`${m} /open311/*`, { who: PUBLIC, okStatus: [404], why: 'anything else under /open311 is a 404 in the spec’s shape' } satisfies RoutePolicy]),
  ),
};

/** Centre staff: a centre role at the hotline centre (not a citizen or media account that sits there). */
export function isCentreStaff(c: Caller): boolean {
  return c.atCentre && c.role !== null && (CENTRE_ROLES as readonly Role[]).includes(c.role);
}

/** Filled in by the test: the units' materialised paths. */
export const UNIT_PATHS: Record<string, string> = {};
function pathOf(f: Fixtures, key: keyof Fixtures['units']): string {
  return UNIT_PATHS[f.units[key].id] ?? '';
}

/** DOMAIN §4/§7 as core says it, for the probe case (lead: street 1, named citizen, not confidential). */
function mayReveal(c: Caller, f: Fixtures): boolean {
  return c.role !== null && mayRevealForContact({ ...c, role: c.role }, { confidential: false, anonymous: false, leadUnitId: f.units.street1.id });
}

export { TRANSITIONS, ARTICLE_TRANSITIONS, REVIEWER_ROLES };
