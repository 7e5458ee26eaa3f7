/**
 * The time-limit policy as data (issue #3 §2): rules, the engine's settings, the calendar's
 * overrides and CSV import. Admins edit; every staff member may read and preview.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { requireRole, requireUser } from '../http/auth';
import { DomainError } from '../../core/errors';
import { STAGES, validateRule, selectRule, resolveMaxExtension, parseLimit, computeDue, formatLimit, type TimeLimitRule, type Stage } from '../../core/time-limits';
import { validatePolicySettings, type PolicySettings } from '../../core/policy-settings';
import { parseCalendarCsv } from '../../core/calendar';
import { calendarStatus } from '../../core/calendar-status';
import { KINDS, CHANNELS, URGENCIES, type Kind, type Channel, type Urgency } from '../../core/enums';
import { POLICY_SETTINGS_KEY, loadPolicySettings, ruleFromRow } from '../policy/policy';
import { enumOf, errorResponses, nullable, str, isoInstant } from './schemas';

const limitText = { type: 'string', pattern: '^(\\d{1,5}(wd|d|h|m)|sameday)$', description: '5wd | 3d | 2h | 15m | sameday' } as const;
const ruleSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    stage: enumOf(STAGES),
    kind: nullable(enumOf(KINDS)),
    channel: nullable(enumOf(CHANNELS)),
    urgency: nullable(enumOf(URGENCIES)),
    category: nullable({ type: 'string' }),
    limit: { type: 'string' },
    maxExtension: nullable({ type: 'string' }),
    priority: { type: 'integer' },
  },
} as const;
const ruleBody = {
  name: str(100),
  stage: enumOf(STAGES),
  kind: nullable(enumOf(KINDS)),
  channel: nullable(enumOf(CHANNELS)),
  urgency: nullable(enumOf(URGENCIES)),
  category: nullable(str(64)),
  limit: limitText,
  maxExtension: nullable(limitText),
  priority: { type: 'integer', minimum: -1000, maximum: 1000 },
};
const settingsSchema = {
  type: 'object',
  properties: {
    closeOfBusiness: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' },
    warningRatio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    escalationUrges: { type: 'integer', minimum: 1, maximum: 20 },
    processCallbackDays: { type: 'integer', minimum: 1, maximum: 30 },
    lookBackDays: { type: 'integer', minimum: 1, maximum: 90 },
    concentrationThreshold: { type: 'integer', minimum: 2, maximum: 1000 },
    replyMinChars: { type: 'integer', minimum: 0, maximum: 2000, description: 'A shorter reply is refused as lacking substance' },
    evaluationDays: { type: 'integer', minimum: 1, maximum: 30, description: 'Days an SMS/online citizen has to rate on the portal before a phone callback' },
    promiseReminderDays: { type: 'integer', minimum: 0, maximum: 30, description: 'Remind the unit this many days before a promise falls due' },
    orderLimit: { type: 'string', pattern: '^\\d{1,4}(wd|d|h|m)$', description: 'Default time limit of a supervision / key-item order' },
    responseHours: { type: 'number', exclusiveMinimum: 0, maximum: 720, description: '响应率: accepted within this many hours of dispatch' },
    satisfactionWeights: {
      type: 'object',
      additionalProperties: false,
      required: ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'],
      description: 'Weight (0–1) of each satisfaction level in the satisfaction rate',
      properties: Object.fromEntries(['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'].map((k) => [k, { type: 'number', minimum: 0, maximum: 1 }])),
    },
    retentionYears: { type: 'integer', minimum: 0, maximum: 100, nullable: true, description: 'Anonymise the citizens of cases archived more than this many years ago (docs/privacy.md); 0 or null keeps them for ever' },
  },
} as const;
const DAY_PARAM = { type: 'object', properties: { date: { type: 'string', format: 'date' } }, required: ['date'] } as const;

export function registerPolicyRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;
  const changed = () => deps.policy.invalidate();

  app.get('/api/time-limit-rules', { schema: { tags: ['time limits'], summary: '时限规则 — the active time-limit rules', response: { 200: { type: 'array', items: ruleSchema } } } }, async (req) => {
    requireUser(req);
    const rows = await db.selectFrom('time_limit_rules').selectAll().where('active', '=', true).orderBy('stage').orderBy('priority', 'desc').orderBy('name').execute();
    return rows.map(ruleFromRow);
  });

  app.post(
    '/api/time-limit-rules',
    {
      schema: {
        tags: ['time limits'],
        summary: '新增时限规则 — add a rule (admin)',
        body: { type: 'object', additionalProperties: false, required: ['name', 'stage', 'limit'], properties: ruleBody },
        response: { 201: ruleSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const b = req.body as TimeLimitRule;
      validateRule(b);
      if (b.category) await requireCategory(b.category);
      const id = randomUUID();
      await db
        .insertInto('time_limit_rules')
        .values({ id, name: b.name, stage: b.stage, kind: b.kind ?? null, channel: b.channel ?? null, urgency: b.urgency ?? null, category_code: b.category ?? null, limit_text: b.limit, max_extension: b.maxExtension ?? null, priority: b.priority ?? 0, updated_at: deps.clock() })
        .execute();
      changed();
      reply.status(201);
      return { ...b, id, priority: b.priority ?? 0 };
    },
  );

  app.patch(
    '/api/time-limit-rules/:id',
    {
      schema: {
        tags: ['time limits'],
        summary: '修改时限规则 — change a rule (admin)',
        params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: ruleBody },
        response: { 200: ruleSchema, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const { id } = req.params as { id: string };
      const row = await db.selectFrom('time_limit_rules').selectAll().where('id', '=', id).where('active', '=', true).executeTakeFirst();
      if (!row) throw new DomainError('not_found', '时限规则不存在', 'no such rule');
      const merged: TimeLimitRule = { ...ruleFromRow(row), ...(req.body as Partial<TimeLimitRule>) };
      validateRule(merged);
      if (merged.category) await requireCategory(merged.category);
      await db
        .updateTable('time_limit_rules')
        .set({ name: merged.name, stage: merged.stage, kind: merged.kind ?? null, channel: merged.channel ?? null, urgency: merged.urgency ?? null, category_code: merged.category ?? null, limit_text: merged.limit, max_extension: merged.maxExtension ?? null, priority: merged.priority ?? 0, updated_at: deps.clock() })
        .where('id', '=', id)
        .execute();
      changed();
      return merged;
    },
  );

  app.delete('/api/time-limit-rules/:id', { schema: { tags: ['time limits'], summary: '停用时限规则 — retire a rule (admin)', params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } }, async (req, reply) => {
    requireRole(req, ['admin']);
    const { id } = req.params as { id: string };
    const res = await db.updateTable('time_limit_rules').set({ active: false, updated_at: deps.clock() }).where('id', '=', id).where('active', '=', true).executeTakeFirst();
    if (!res.numUpdatedRows) throw new DomainError('not_found', '时限规则不存在', 'no such rule');
    changed();
    return reply.status(204).send();
  });

  app.post(
    '/api/time-limit-rules/preview',
    {
      schema: {
        tags: ['time limits'],
        summary: '期限预览 — which rule applies to a case and when it would be due',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'channel'],
          properties: { stage: enumOf(STAGES), kind: enumOf(KINDS), channel: enumOf(CHANNELS), urgency: enumOf(URGENCIES), category: str(64), from: isoInstant },
        },
        response: {
          200: { type: 'object', properties: { rule: nullable(ruleSchema), limit: { type: 'string' }, dueAt: isoInstant, maxExtension: nullable({ type: 'string' }) } },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireUser(req);
      const b = req.body as { stage?: Stage; kind: Kind; channel: Channel; urgency?: Urgency; category?: string; from?: string };
      const policy = await deps.policy.get();
      const ctx = { stage: b.stage ?? (b.kind === 'consultation' ? 'consultation' : 'first_dispatch'), kind: b.kind, channel: b.channel, urgency: b.urgency ?? 'normal', category: b.category ?? null } as const;
      const rule = selectRule(policy.rules, ctx);
      const limit = rule?.limit ?? '5wd';
      const from = b.from ? new Date(b.from) : deps.clock();
      const max = resolveMaxExtension(policy.rules, ctx);
      return { rule, limit, dueAt: computeDue(from, parseLimit(limit), policy.calendar, { closeOfBusiness: policy.closeOfBusiness }), maxExtension: max ? formatLimit(max) : null };
    },
  );

  app.get('/api/policy-settings', { schema: { tags: ['time limits'], summary: '时限引擎设置 — close of business, warning ratio, escalation …', response: { 200: settingsSchema } } }, async (req) => {
    requireUser(req);
    return loadPolicySettings(db);
  });

  app.put(
    '/api/policy-settings',
    {
      schema: {
        tags: ['time limits'],
        summary: '修改时限引擎设置 (admin)',
        body: { ...settingsSchema, additionalProperties: false, minProperties: 1 },
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const merged = validatePolicySettings({ ...(await loadPolicySettings(db)), ...(req.body as Partial<PolicySettings>) });
      await db
        .insertInto('settings')
        .values({ key: POLICY_SETTINGS_KEY, value: JSON.stringify(merged) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(merged) }))
        .execute();
      changed();
      return merged;
    },
  );

  // ---- calendar -------------------------------------------------------------------------------

  app.get(
    '/api/calendar/status',
    {
      schema: {
        tags: ['calendar'],
        summary: '日历覆盖情况 — which years are official and which are estimated',
        response: { 200: { type: 'object', properties: { year: { type: 'integer' }, coveredYears: { type: 'array', items: { type: 'integer' } }, estimatedYears: { type: 'array', items: { type: 'integer' } }, nextYearMissing: { type: 'boolean' } } } },
      },
    },
    async (req) => {
      requireUser(req);
      return calendarStatus(deps.clock(), (await deps.policy.get()).calendar);
    },
  );

  app.get(
    '/api/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: '工作日历 — each day from..to: working day or not, and where that comes from',
        querystring: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
        response: {
          200: {
            type: 'array',
            items: { type: 'object', properties: { date: { type: 'string' }, workday: { type: 'boolean' }, source: enumOf(['override', 'official', 'estimated']), note: nullable({ type: 'string' }) } },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireUser(req);
      const q = req.query as { from: string; to: string };
      const from = Date.parse(`${q.from}T00:00:00Z`);
      const to = Date.parse(`${q.to}T00:00:00Z`);
      if (!(to >= from) || to - from > 400 * 86_400_000) throw new DomainError('validation.failed', '日期范围须在 400 天以内且 from ≤ to', 'the range must be at most 400 days with from ≤ to', { field: 'to' });
      const policy = await deps.policy.get();
      const overrides = new Map((await db.selectFrom('calendar_overrides').select([sql<string>`day::text`.as('day'), 'note']).execute()).map((o) => [o.day, o.note]));
      const out = [];
      for (let t = from; t <= to; t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        const year = Number(date.slice(0, 4));
        out.push({
          date,
          workday: policy.calendar.isWorkday(date),
          source: overrides.has(date) ? 'override' : policy.calendar.isEstimated(year) ? 'estimated' : 'official',
          note: overrides.get(date) ?? null,
        });
      }
      return out;
    },
  );

  app.get('/api/calendar/overrides', { schema: { tags: ['calendar'], summary: '日历调整 — the local overrides' } }, async (req) => {
    requireUser(req);
    const rows = await db.selectFrom('calendar_overrides').select([sql<string>`day::text`.as('day'), 'workday', 'note', 'updated_at']).orderBy('day').execute();
    return rows.map((r) => ({ date: r.day, workday: r.workday, note: r.note, updatedAt: r.updated_at }));
  });

  app.put(
    '/api/calendar/overrides/:date',
    {
      schema: {
        tags: ['calendar'],
        summary: '设置日历调整 — make a day a working day or a day off (admin)',
        params: DAY_PARAM,
        body: { type: 'object', additionalProperties: false, required: ['workday'], properties: { workday: { type: 'boolean' }, note: str(200) } },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, ['admin']);
      const { date } = req.params as { date: string };
      const b = req.body as { workday: boolean; note?: string };
      await db
        .insertInto('calendar_overrides')
        .values({ day: date, workday: b.workday, note: b.note ?? null, updated_at: deps.clock() })
        .onConflict((oc) => oc.column('day').doUpdateSet({ workday: b.workday, note: b.note ?? null, updated_at: deps.clock() }))
        .execute();
      changed();
      return reply.status(204).send();
    },
  );

  app.delete('/api/calendar/overrides/:date', { schema: { tags: ['calendar'], summary: '删除日历调整 (admin)', params: DAY_PARAM } }, async (req, reply) => {
    requireRole(req, ['admin']);
    const { date } = req.params as { date: string };
    const res = await db.deleteFrom('calendar_overrides').where(sql<boolean>`day = ${date}::date`).executeTakeFirst();
    if (!res.numDeletedRows) throw new DomainError('not_found', '该日期没有调整', 'no override on that date');
    changed();
    return reply.status(204).send();
  });

  app.post(
    '/api/calendar/overrides/import',
    {
      schema: {
        tags: ['calendar'],
        summary: '导入年度放假安排 — import a year’s schedule from CSV (date,workday,note) (admin)',
        description: 'Rows `2027-01-01,0,元旦` (0/1, true/false or 休息/上班). With `replaceYears`, the earlier overrides of the years in the file are removed first.',
        body: { type: 'object', additionalProperties: false, required: ['csv'], properties: { csv: { type: 'string', minLength: 1, maxLength: 200_000 }, replaceYears: { type: 'boolean' } } },
        response: { 200: { type: 'object', properties: { imported: { type: 'integer' }, years: { type: 'array', items: { type: 'integer' } } } }, ...errorResponses },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const b = req.body as { csv: string; replaceYears?: boolean };
      const rows = parseCalendarCsv(b.csv);
      if (rows.length === 0) throw new DomainError('validation.failed', 'CSV 中没有日期', 'the CSV has no dates', { field: 'csv' });
      const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))].sort();
      const now = deps.clock();
      await db.transaction().execute(async (trx) => {
        if (b.replaceYears) for (const y of years) await trx.deleteFrom('calendar_overrides').where(sql<boolean>`day BETWEEN ${`${y}-01-01`}::date AND ${`${y}-12-31`}::date`).execute();
        for (const r of rows) {
          await trx
            .insertInto('calendar_overrides')
            .values({ day: r.date, workday: r.workday, note: r.note ?? null, updated_at: now })
            .onConflict((oc) => oc.column('day').doUpdateSet({ workday: r.workday, note: r.note ?? null, updated_at: now }))
            .execute();
        }
      });
      changed();
      return { imported: rows.length, years };
    },
  );

  async function requireCategory(code: string) {
    const c = await db.selectFrom('categories').select('code').where('code', '=', code).executeTakeFirst();
    if (!c) throw new DomainError('validation.failed', `诉求分类不存在：${code}`, `no such category: ${code}`, { field: 'category' });
  }
}
