/**
 * The time-limit policy, its settings and the working-day calendar as the database holds them,
 * cached briefly so that a busy instance does not reload them on every step; an admin's edit is
 * in force on every instance within `ttlMs` (and at once on the instance that made it).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { Executor } from '../cases/cases.repo';
import { WorkCalendar, type CalendarOverride } from '../../core/calendar';
import { DEFAULT_TIME_LIMIT_RULES, computeDue, parseLimit, selectRule, type LimitContext, type TimeLimit, type TimeLimitRule, type Stage } from '../../core/time-limits';
import { DEFAULT_POLICY_SETTINGS, type PolicySettings } from '../../core/policy-settings';
import type { Kind, Channel, Urgency } from '../../core/enums';
import { DEFAULT_REPLY_PHRASES, type ReplyPhrase } from '../../core/reply-quality';

export interface Policy {
  rules: TimeLimitRule[];
  calendar: WorkCalendar;
  settings: PolicySettings;
  closeOfBusiness: string;
  /** The active perfunctory-phrase list (DOMAIN.md §7). */
  phrases: ReplyPhrase[];
}

export interface StageDeadline {
  stage: Stage;
  limit: TimeLimit;
  limitText: string;
  dueAt: Date;
  rule: TimeLimitRule | null;
}

export const POLICY_SETTINGS_KEY = 'policy';

export async function loadPolicySettings(db: Executor): Promise<PolicySettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', POLICY_SETTINGS_KEY).executeTakeFirst();
  return { ...DEFAULT_POLICY_SETTINGS, ...((row?.value as Partial<PolicySettings> | undefined) ?? {}) };
}

export function ruleFromRow(r: {
  id: string;
  name: string;
  stage: string;
  kind: string | null;
  channel: string | null;
  urgency: string | null;
  category_code: string | null;
  limit_text: string;
  max_extension: string | null;
  priority: number;
}): TimeLimitRule {
  return {
    id: r.id,
    name: r.name,
    stage: r.stage as Stage,
    kind: r.kind as Kind | null,
    channel: r.channel as Channel | null,
    urgency: r.urgency as Urgency | null,
    category: r.category_code,
    limit: r.limit_text,
    maxExtension: r.max_extension,
    priority: r.priority,
  };
}

export class PolicyStore {
  private cached: { policy: Policy; at: number } | undefined;

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 5_000,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  async get(now = Date.now()): Promise<Policy> {
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.policy;
    const ruleRows = await this.db.selectFrom('time_limit_rules').selectAll().where('active', '=', true).orderBy('priority', 'desc').execute();
    const overrideRows = await this.db.selectFrom('calendar_overrides').select([sql<string>`day::text`.as('day'), 'workday', 'note']).execute();
    const settings = await loadPolicySettings(this.db);
    const phrases = await this.db.selectFrom('reply_phrases').select(['phrase', 'level']).where('active', '=', true).execute();
    const overrides: CalendarOverride[] = overrideRows.map((o) => ({ date: o.day, workday: o.workday, note: o.note ?? undefined }));
    const policy = { rules: ruleRows.map(ruleFromRow), calendar: new WorkCalendar(overrides), settings, closeOfBusiness: settings.closeOfBusiness, phrases };
    this.cached = { policy, at: now };
    return policy;
  }
}

/**
 * The due time of a stage that starts at `from`: the most specific rule for the case wins;
 * an explicit limit (a leader's instruction, S1 §2) overrides the policy. A policy gap falls back
 * to S4 §2.1's general 5 working days rather than to no limit at all.
 */
export function stageDeadline(policy: Policy, ctx: LimitContext, from: Date, explicitLimit?: string): StageDeadline {
  const rule = explicitLimit ? null : selectRule(policy.rules, ctx);
  const limitText = explicitLimit ?? rule?.limit ?? '5wd';
  const limit = parseLimit(limitText);
  return { stage: ctx.stage, limit, limitText, dueAt: computeDue(from, limit, policy.calendar, { closeOfBusiness: policy.closeOfBusiness }), rule };
}

/** Installs DOMAIN.md §6's defaults and the engine's settings on the first start. */
export async function seedDefaultPolicy(db: Database, now: Date, closeOfBusiness = DEFAULT_POLICY_SETTINGS.closeOfBusiness): Promise<number> {
  await db
    .insertInto('settings')
    .values({ key: POLICY_SETTINGS_KEY, value: JSON.stringify({ ...DEFAULT_POLICY_SETTINGS, closeOfBusiness }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  await seedReplyPhrases(db, now);
  const existing = await db.selectFrom('time_limit_rules').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return 0;
  await db
    .insertInto('time_limit_rules')
    .values(
      DEFAULT_TIME_LIMIT_RULES.map((r) => ({
        id: randomUUID(),
        name: r.name,
        stage: r.stage,
        kind: r.kind ?? null,
        channel: r.channel ?? null,
        urgency: r.urgency ?? null,
        category_code: r.category ?? null,
        limit_text: r.limit,
        max_extension: r.maxExtension ?? null,
        priority: r.priority ?? 0,
        updated_at: now,
      })),
    )
    .execute();
  return DEFAULT_TIME_LIMIT_RULES.length;
}

/** The perfunctory-phrase list's seed, installed once; admins edit it afterwards (deleting all is their right). */
async function seedReplyPhrases(db: Database, now: Date): Promise<void> {
  const marker = await db.insertInto('settings').values({ key: 'reply_phrases_seeded', value: JSON.stringify(true) }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  if (!marker.numInsertedOrUpdatedRows) return;
  await db
    .insertInto('reply_phrases')
    .values(DEFAULT_REPLY_PHRASES.map((p) => ({ id: randomUUID(), phrase: p.phrase, level: p.level, note: p.note, updated_at: now })))
    .onConflict((oc) => oc.column('phrase').doNothing())
    .execute();
}
