/**
 * 登记: a new case with its case number, query code and the first history event.
 * An `externalId` makes registration idempotent per channel: a retry returns the first case.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database';
import type { PolicySettings } from '../../core/policy-settings';
import type { CaseRow, DB } from '../db/schema';
import { searchVector } from '../text/segment';
import { regionOfCase } from '../routing/routing.service';
import { concentrationAlert } from '../routing/concentration';
import { routingData } from '../routing/routing.store';
import { insertAlongside } from '../db/alongside';
import { outboxRow } from '../outbox/outbox.repo';
import type { Executor } from '../cases/cases.repo';
import { loadPolicySettings } from '../policy/policy';
import { districtOf, statsDeltaRows } from '../stats/stats.repo';
import { sessionAt } from '../org/directory.repo';
import { activeWebhooks, webhookMessages } from '../integration/webhooks';
import { noticeOf } from '../realtime/case-events';
import { kickPublishers } from '../realtime/publisher';
import type { AuthUser } from '../auth/auth.repo';
import type { Channel, Kind, Urgency } from '../../core/enums';
import { formatCaseNo, queryCodeFromBytes } from '../../core/case-number';
import { shanghaiDate } from '../../core/calendar';
import { isValidIdNumber, isValidCitizenPhone, normalizePhone } from '../../core/citizen';
import { canRegister } from '../../core/visibility';
import { requiresSignOff } from '../../core/case-lifecycle';
import { DomainError } from '../../core/errors';

export interface RegisterCaseInput {
  channel: Channel;
  source?: string | null;
  externalId?: string | null;
  kind: Kind;
  urgency?: Urgency;
  title: string;
  content: string;
  categoryCode?: string | null;
  address?: string | null;
  location?: { lng: number; lat: number } | null;
  anonymous?: boolean;
  confidential?: boolean;
  citizen?: { name?: string | null; phone?: string | null; idNumber?: string | null; address?: string | null } | null;
  /** The CTI call the operator took it on; the case keeps the call id and the recording link. */
  callId?: string | null;
  /** Tags (issue #12 §3): the leader-answering session, the social liaison or the grassroots activity it came through. */
  leaderSessionId?: string | null;
  liaisonId?: string | null;
  activityId?: string | null;
}

export interface RegisterOptions {
  /**
   * Registered by an intake channel (SMS gateway, mailbox form, another platform) rather than by a
   * person at the centre: the centre has not yet acknowledged it (GB/T 33358 response times).
   */
  intake?: boolean;
  /** When the request reached the platform, when earlier than registration. */
  receivedAt?: Date;
  /** Extra facts for the registration event (what an SMS parser found, the source message ids …). */
  eventPayload?: Record<string, unknown>;
  /** The engine's settings as the caller's policy cache holds them (read from the database when absent). */
  settings?: PolicySettings;
  /** Runs in the registration's transaction: receipts to the outbox, links to inbound messages. */
  afterInsert?: (trx: Transaction<DB>, row: CaseRow) => Promise<void>;
}

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('validation.failed', `${zh}（${field}）`, `${field}: ${en}`, { field });
}

/** Checks the citizen block as Chinese users expect (mobile/landline numbers, GB 11643 ID numbers). */
export function validateCitizen(input: RegisterCaseInput, now: Date): RegisterCaseInput['citizen'] {
  if (input.anonymous) return null; // an anonymous request keeps no personal data at all
  const c = input.citizen ?? {};
  const phone = c.phone ? normalizePhone(c.phone) : null;
  if (c.phone && !isValidCitizenPhone(c.phone)) throw invalid('citizen.phone', '电话号码格式不正确', 'not a valid Chinese mobile or landline number');
  const idNumber = c.idNumber ? c.idNumber.trim().toUpperCase() : null;
  if (idNumber && !isValidIdNumber(idNumber, now)) throw invalid('citizen.idNumber', '身份证号码无效（校验位或出生日期不符合 GB 11643）', 'not a valid GB 11643 identity number');
  const name = c.name?.trim() || null;
  if (!name && !phone) throw invalid('citizen', '非匿名诉求须填写诉求人姓名或联系电话', 'a non-anonymous case needs the citizen’s name or phone');
  return { name, phone, idNumber, address: c.address?.trim() || null };
}

/**
 * The tags of issue #12 §3: a case on the leader line during a published session belongs to it (or
 * names one); a liaison's case names an active liaison; a grassroots case names its activity.
 */
async function tagsOf(db: Database, input: RegisterCaseInput, now: Date): Promise<{ session: string | null; liaison: string | null; activity: string | null }> {
  const bad = (field: string, zh: string, en: string) => new DomainError('validation.failed', zh, en, { field });
  let session: string | null = null;
  if (input.leaderSessionId) {
    if (!(await db.selectFrom('leader_sessions').select('id').where('id', '=', input.leaderSessionId).executeTakeFirst())) throw bad('leaderSessionId', '领导接听场次不存在', 'no such leader session');
    session = input.leaderSessionId;
  } else if (input.channel === 'leader_line') {
    session = (await sessionAt(db, now))?.id ?? null;
  }
  let liaison: string | null = null;
  if (input.liaisonId) {
    if (!(await db.selectFrom('liaisons').select('id').where('id', '=', input.liaisonId).where('active', '=', true).executeTakeFirst())) throw bad('liaisonId', '社会联络员不存在或已离任', 'no such active liaison');
    liaison = input.liaisonId;
  }
  let activity: string | null = null;
  if (input.activityId) {
    if (!(await db.selectFrom('grassroots_activities').select('id').where('id', '=', input.activityId).executeTakeFirst())) throw bad('activityId', '走基层活动不存在', 'no such grassroots activity');
    activity = input.activityId;
  }
  return { session, liaison, activity };
}

/**
 * The day's next case number, taken in a statement of its own before the registration's
 * transaction. The counter row is the one row every registration writes: inside the transaction its
 * lock was held until the commit, so concurrent registrations queued behind one another (under load,
 * more than half of the connections' time went to waiting for it: BENCHMARKS.md, Intake). The
 * statement commits asynchronously, which is safe: a case using the number commits after it, and
 * that synchronous commit flushes the counter's earlier WAL record too, so after a crash the counter
 * is never behind a stored case number. Numbers stay unique and increasing; a registration that
 * fails after this point leaves a gap, as a sequence would.
 */
async function nextCaseNumber(db: Database, day: string): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO case_no_counters (day, last)
    SELECT ${day}::date, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
    ON CONFLICT (day) DO UPDATE SET last = case_no_counters.last + 1
    RETURNING last`.execute(db);
  return r.rows[0]!.last;
}

export async function registerCase(db: Database, user: AuthUser | null, input: RegisterCaseInput, now: Date, opts: RegisterOptions = {}): Promise<{ row: CaseRow; created: boolean }> {
  // a null user is the public mailbox form, whose submissions arrive on their own
  if (user && !canRegister(user.role) && !(opts.intake && user.role === 'admin')) {
    throw new DomainError('auth.forbidden', '当前角色无权登记诉求', `role ${user.role} may not register cases`);
  }
  // S4 annex 6: what the media seat files is a media case
  const channel: Channel = user?.role === 'reporter' ? 'media' : input.channel;
  const citizen = validateCitizen(input, now);
  if (input.location && (Math.abs(input.location.lat) > 90 || Math.abs(input.location.lng) > 180)) {
    throw invalid('location', '坐标超出范围', 'coordinates out of range');
  }

  if (input.externalId) {
    const existing = await db.selectFrom('cases').selectAll().where('channel', '=', channel).where('external_id', '=', input.externalId).executeTakeFirst();
    if (existing) return { row: existing, created: false };
  }

  // 属地: where the case lies, from its coordinates or its address (issue #5 §3)
  const regionUnitId = await regionOfCase(db, { location: input.location, address: input.address, content: input.address ? null : input.content });
  const districtId = await districtOf(db, regionUnitId, now.getTime());
  const tags = await tagsOf(db, input, now);
  // the active categories as routing keeps them; one added since (on another instance) is looked up
  if (input.categoryCode && !(await routingData(db)).categories.has(input.categoryCode)) {
    const cat = await db.selectFrom('categories').select('code').where('code', '=', input.categoryCode).where('active', '=', true).executeTakeFirst();
    if (!cat) throw invalid('categoryCode', '诉求分类不存在', 'no such category');
  }
  // refused before the case number is taken: a refused registration must leave no gap (the fuzz test, issue #9 §4)
  if (input.callId && !(await db.selectFrom('calls').select('call_id').where('call_id', '=', input.callId).executeTakeFirst())) {
    throw invalid('callId', '来电记录不存在', 'no such call');
  }
  const { concentrationThreshold } = opts.settings ?? (await loadPolicySettings(db));
  // what the public mailbox form files is registered at the centre
  const centreUnitId = user ? null : ((await db.selectFrom('units').select('id').where('type', '=', 'centre').orderBy('created_at').limit(1).executeTakeFirst())?.id ?? null);
  const hooks = await activeWebhooks(db);
  const day = shanghaiDate(now);
  const caseNo = formatCaseNo(day, await nextCaseNumber(db, day));

  /**
   * The registration's writes in one statement (BENCHMARKS.md, Intake): the case, its first history
   * event, its statistics delta, its real-time notice and its webhook deliveries, each a
   * data-modifying CTE gated on the case's insert (which yields to an earlier case with the same
   * external id), and the concentration alert its cluster may raise.
   */
  const write = async (ex: Executor, call?: { call_id: string; recording_url: string | null }) => {
    const row = newCaseRow({
      id: randomUUID(),
      case_no: caseNo,
      query_code: queryCodeFromBytes(randomBytes(6)),
      channel,
      source: input.source ?? null,
      external_id: input.externalId ?? null,
      kind: input.kind,
      urgency: input.urgency ?? 'normal',
      title: input.title.trim(),
      content: input.content.trim(),
      category_code: input.categoryCode ?? null,
      address: input.address?.trim() || null,
      lng: input.location?.lng ?? null,
      lat: input.location?.lat ?? null,
      anonymous: input.anonymous ?? false,
      confidential: input.confidential ?? false,
      citizen_name: citizen?.name ?? null,
      citizen_phone: citizen?.phone ?? null,
      citizen_id_no: citizen?.idNumber ?? null,
      citizen_address: citizen?.address ?? null,
      requires_signoff: requiresSignOff({ channel, source: input.source ?? null, supervised: false }),
      registered_by: user?.userId ?? null,
      registered_unit_id: user?.unitId ?? centreUnitId,
      created_at: now,
      received_at: opts.receivedAt && opts.receivedAt.getTime() < now.getTime() ? opts.receivedAt : now,
      // a person at the centre registering it has acknowledged it; intake waits for the first step
      acknowledged_at: opts.intake || !user?.atCentre ? null : now,
      call_id: call?.call_id ?? null,
      recording_url: call?.recording_url ?? null,
      region_unit_id: regionUnitId,
      district_id: districtId,
      leader_session_id: tags.session,
      liaison_id: tags.liaison,
      activity_id: tags.activity,
    });
    const { region_id: _regionKey, search_tokens: _tokens, ...values } = row;
    const payload = JSON.stringify({ channel, kind: input.kind, urgency: input.urgency ?? 'normal', ...(opts.intake ? { intake: true } : {}), ...(call ? { callId: call.call_id } : {}), ...opts.eventPayload });
    const deltas = statsDeltaRows([[null, row]]);
    const messages = webhookMessages(hooks, [{ row, seq: 1, action: 'register', fromState: null, toState: 'registered', at: now, actorRole: user?.role ?? 'citizen' }], new Map()).map(outboxRow);
    // 集中诉求 (issue #5 §6): the cluster's alert, raised or grown with the case
    const alert = await concentrationAlert(db, row, now, concentrationThreshold, 'c');
    const inserted = await ex
      .with('c', (db) =>
        db
          .insertInto('cases')
          .values({ ...values, search_tokens: searchVector([input.title, input.content, input.address]) })
          .onConflict((oc) => oc.columns(['channel', 'external_id']).where('external_id', 'is not', null).doNothing())
          .returningAll(),
      )
      .with('e', (db) =>
        db
          .insertInto('case_events')
          .columns(['case_id', 'seq', 'action', 'from_state', 'to_state', 'actor_id', 'actor_role', 'actor_unit_id', 'at', 'payload'])
          .expression((eb) =>
            eb
              .selectFrom('c')
              .select([
                'c.id',
                sql<number>`1`.as('seq'),
                sql<string>`'register'`.as('action'),
                sql<null>`NULL`.as('from_state'),
                sql<string>`'registered'`.as('to_state'),
                sql<string | null>`${user?.userId ?? null}::uuid`.as('actor_id'),
                sql<string>`${user?.role ?? 'citizen'}::text`.as('actor_role'),
                sql<string | null>`${user?.unitId ?? null}::uuid`.as('actor_unit_id'),
                sql<Date>`${now}::timestamptz`.as('at'),
                sql<string>`${payload}::jsonb`.as('payload'),
              ]),
          ),
      )
      .with('d', () => insertAlongside('stats_deltas', deltas, 'c'))
      .with('n', () => insertAlongside('case_notices', [{ payload: JSON.stringify(noticeOf({ row, action: 'register', at: now })) }], 'c'))
      .with('w', () => insertAlongside('outbox', messages, 'c', sql`ON CONFLICT (dedupe_key) DO NOTHING`))
      .with('a', () => alert ?? sql<Record<string, unknown>>`(SELECT 1 WHERE false)`)
      .selectFrom('c')
      .selectAll('c')
      .executeTakeFirst();
    return inserted ? { row: inserted } : null;
  };

  const afterCommit = (res: { row: CaseRow }) => {
    kickPublishers();
    return { row: res.row, created: true };
  };
  const earlier = async (ex: Executor) => ({
    row: await ex.selectFrom('cases').selectAll().where('channel', '=', channel).where('external_id', '=', input.externalId!).executeTakeFirstOrThrow(),
    created: false,
  });

  if (!input.callId && !opts.afterInsert) {
    // the usual registration: one statement, its own transaction
    const res = await write(db);
    // a concurrent retry with the same external id won the race
    return res ? afterCommit(res) : earlier(db);
  }
  const res = await db.transaction().execute(async (trx) => {
    let call: { call_id: string; recording_url: string | null; case_id: string | null } | undefined;
    if (input.callId) {
      call = await trx.selectFrom('calls').select(['call_id', 'recording_url', 'case_id']).where('call_id', '=', input.callId).forUpdate().executeTakeFirst();
      if (!call) throw invalid('callId', '来电记录不存在', 'no such call');
    }
    const written = await write(trx, call);
    if (!written) return null;
    if (call) await trx.updateTable('calls').set({ case_id: written.row.id }).where('call_id', '=', call.call_id).where('case_id', 'is', null).execute();
    await opts.afterInsert?.(trx, written.row);
    return written;
  });
  return res ? afterCommit(res) : earlier(db);
}

/**
 * The row of a newly registered case: the values registration sets and every other column as a
 * new case has it (the schema's defaults), so what goes with the case in its statement — the
 * statistics delta, the notice, the webhook body — is computed before the insert. A test compares
 * it with the stored row (test/api/register-statement.test.ts).
 */
export function newCaseRow(
  v: Pick<
    CaseRow,
    | 'id' | 'case_no' | 'query_code' | 'channel' | 'source' | 'external_id' | 'kind' | 'urgency' | 'title' | 'content' | 'category_code' | 'address' | 'lng' | 'lat'
    | 'anonymous' | 'confidential' | 'citizen_name' | 'citizen_phone' | 'citizen_id_no' | 'citizen_address' | 'requires_signoff' | 'registered_by' | 'registered_unit_id'
    | 'created_at' | 'received_at' | 'acknowledged_at' | 'call_id' | 'recording_url' | 'region_unit_id' | 'district_id' | 'leader_session_id' | 'liaison_id' | 'activity_id'
  >,
): CaseRow {
  return {
    ...v,
    state: 'registered',
    version: 1,
    updated_at: v.created_at,
    lead_unit_id: null,
    stage: null,
    stage_limit: null,
    stage_started_at: null,
    due_at: null,
    supervised: false,
    extension_pending: false,
    rework_count: 0,
    consecutive_reworks: 0,
    urge_count: 0,
    satisfaction: null,
    final_reply: null,
    closing_note: null,
    dispatched_at: null,
    accepted_at: null,
    replied_at: null,
    closed_at: null,
    archived_at: null,
    warn_at: null,
    warned_at: null,
    overdue_at: null,
    search_tokens: null,
    repeat_of: null,
    merged_into: null,
    site_check: false,
    open_orders: 0,
    region_id: '',
    responded_on_time: null,
    reply_on_time: null,
    resolved: null,
    return_count: 0,
    extension_count: 0,
    overdue_count: 0,
    origin_platform_id: null,
    origin_case_ref: null,
    anonymised_at: null,
  };
}
