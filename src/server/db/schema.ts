/**
 * Row types of the tables in migrations/*.sql, hand-kept. `test/schema.test.ts` checks every
 * table and column named here against the migrated database, so the two cannot drift apart.
 */
import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface UnitsTable {
  id: string;
  code: string;
  name: string;
  type: string;
  parent_id: string | null;
  path: string;
  phone: string | null;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  unit_id: string;
  phone: string | null;
  mobile: string | null;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
  email: string | null;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  prefix: string;
  user_id: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  scopes: ColumnType<string[], string | undefined, string>;
}

export interface CategoriesTable {
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  sort: Generated<number>;
  active: Generated<boolean>;
}

export interface CaseNoCountersTable {
  day: ColumnType<Date, string, string>;
  last: number;
}

export interface CasesTable {
  id: string;
  case_no: string;
  query_code: string;
  channel: string;
  source: string | null;
  external_id: string | null;
  kind: string;
  urgency: string;
  title: string;
  content: string;
  category_code: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  anonymous: boolean;
  confidential: boolean;
  citizen_name: string | null;
  citizen_phone: string | null;
  citizen_id_no: string | null;
  citizen_address: string | null;
  state: string;
  version: Generated<number>;
  lead_unit_id: string | null;
  stage: string | null;
  stage_limit: string | null;
  stage_started_at: Timestamp | null;
  due_at: Timestamp | null;
  requires_signoff: Generated<boolean>;
  supervised: Generated<boolean>;
  extension_pending: Generated<boolean>;
  rework_count: Generated<number>;
  consecutive_reworks: Generated<number>;
  urge_count: Generated<number>;
  satisfaction: string | null;
  final_reply: string | null;
  closing_note: string | null;
  registered_by: string | null;
  registered_unit_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  dispatched_at: Timestamp | null;
  accepted_at: Timestamp | null;
  replied_at: Timestamp | null;
  closed_at: Timestamp | null;
  archived_at: Timestamp | null;
  warn_at: Timestamp | null;
  warned_at: Timestamp | null;
  overdue_at: Timestamp | null;
  received_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  call_id: string | null;
  recording_url: string | null;
  search_tokens: ColumnType<string | null, string | null | RawBuilder<unknown>, string | null | RawBuilder<unknown>>;
  region_unit_id: string | null;
  repeat_of: string | null;
  merged_into: string | null;
  site_check: Generated<boolean>;
  open_orders: Generated<number>;
  district_id: string | null;
  /** The region key (013): fixed at insert by a trigger, never updated (docs/scale-out.md). */
  region_id: Generated<string>;
  responded_on_time: boolean | null;
  reply_on_time: boolean | null;
  resolved: boolean | null;
  return_count: Generated<number>;
  extension_count: Generated<number>;
  overdue_count: Generated<number>;
  origin_platform_id: string | null;
  origin_case_ref: string | null;
  leader_session_id: string | null;
  liaison_id: string | null;
  activity_id: string | null;
  anonymised_at: Timestamp | null;
}

export interface CaseUnitsTable {
  case_id: string;
  unit_id: string;
  role: 'lead' | 'co';
  active: Generated<boolean>;
  dispatched_at: Timestamp;
  accepted_at: Timestamp | null;
  /** The case's region key, filled by a trigger (013). */
  region_id: Generated<string>;
  /** The case is not closed or archived: kept by a trigger on cases.state (015). */
  case_open: Generated<boolean>;
  /** The case's registration time, filled by a trigger (017): the queue is sorted in the index. */
  case_created_at: Generated<Date | null>;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  seq: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_unit_id: string | null;
  at: Timestamp;
  payload: Json<Record<string, unknown>>;
  /** The case's region key, filled by a trigger (013). */
  region_id: Generated<string>;
}

export interface AttachmentsTable {
  id: string;
  case_id: string | null;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  uploaded_by: string | null;
  created_at: DefaultTimestamp;
}

export interface CaseRepliesTable {
  id: string;
  case_id: string;
  unit_id: string;
  kind: 'reply' | 'co_reply';
  content: string;
  attachment_ids: Json<string[]>;
  contacted_at: Timestamp | null;
  citizen_attitude: string | null;
  author_id: string;
  created_at: Timestamp;
  status: Generated<string>;
  signed_off_by: string | null;
  signed_off_at: Timestamp | null;
  review_note: string | null;
  checks: ColumnType<unknown[], string | undefined, string>;
}

export interface CallbacksTable {
  id: string;
  case_id: string;
  type: string;
  method: Generated<string>;
  reached: boolean;
  contacted: boolean | null;
  satisfaction: string | null;
  resolved: boolean | null;
  comment: string | null;
  actor_id: string | null;
  at: Timestamp;
}

export interface ExtensionRequestsTable {
  id: string;
  case_id: string;
  unit_id: string;
  requested_by: string;
  requested_at: Timestamp;
  reason: string;
  requested_limit: string;
  status: Generated<string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  old_due_at: Timestamp | null;
  new_due_at: Timestamp | null;
}

export interface PersonalDataAccessLogTable {
  id: Generated<number>;
  user_id: string;
  case_id: string;
  fields: string;
  purpose: string;
  ip: string | null;
  at: Timestamp;
}

export interface TimeLimitRulesTable {
  id: string;
  name: string;
  stage: string;
  kind: string | null;
  channel: string | null;
  urgency: string | null;
  category_code: string | null;
  limit_text: string;
  max_extension: string | null;
  priority: Generated<number>;
  active: Generated<boolean>;
  updated_at: DefaultTimestamp;
}

export interface CalendarOverridesTable {
  day: ColumnType<Date, string, string>;
  workday: boolean;
  note: string | null;
  updated_at: DefaultTimestamp;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
}

export interface TimersTable {
  id: string;
  case_id: string;
  kind: 'process_callback' | 'look_back' | 'escalation' | 'promise_reminder' | 'evaluation_fallback' | 'order_due';
  due_at: Timestamp;
  dedupe_key: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  fired_at: Timestamp | null;
  outcome: string | null;
}

export interface OverdueRecordsTable {
  id: Generated<number>;
  case_id: string;
  unit_id: string | null;
  stage: string | null;
  due_at: Timestamp;
  overdue_at: Timestamp;
}

export interface NotificationsTable {
  id: string;
  unit_id: string;
  case_id: string | null;
  kind: string;
  message: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface CallbackTasksTable {
  id: string;
  case_id: string;
  type: 'process' | 'result' | 'look_back';
  created_at: Timestamp;
  due_at: Timestamp | null;
  done_at: Timestamp | null;
  done_by: string | null;
  timer_id: string | null;
  method: ColumnType<'phone' | 'link', 'phone' | 'link' | undefined, 'phone' | 'link'>;
}

export interface PromisesTable {
  id: string;
  case_id: string;
  reply_id: string | null;
  unit_id: string;
  what: string;
  due_date: ColumnType<Date, string, string> | null;
  created_at: Timestamp;
  done_at: Timestamp | null;
  done_note: string | null;
  reminded_at: Timestamp | null;
}

export interface OutboxTable {
  id: string;
  channel: 'sms' | 'email' | 'http';
  recipient: string;
  subject: string | null;
  body: string;
  case_id: string | null;
  purpose: string;
  dedupe_key: string | null;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  sender: string | null;
  provider_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  target_kind: 'webhook' | 'platform' | null;
  target_id: string | null;
}

export interface InboundMessagesTable {
  id: string;
  source: string;
  external_id: string;
  received_at: Timestamp;
  payload: Json<Record<string, unknown>>;
  case_id: string | null;
}

export interface SmsPartsTable {
  sender: string;
  ref: string;
  part: number;
  total: number;
  text: string;
  message_id: string;
  received_at: Timestamp;
}

export interface CallsTable {
  id: string;
  call_id: string;
  caller: string;
  callee: string | null;
  recording_url: string | null;
  started_at: Timestamp;
  received_at: Timestamp;
  case_id: string | null;
}

export interface CaptchasTable {
  id: string;
  answer_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ImportJobsTable {
  id: string;
  filename: string;
  status: 'parsing' | 'importing' | 'done' | 'failed';
  total: Generated<number>;
  processed: Generated<number>;
  created: Generated<number>;
  duplicates: Generated<number>;
  errors: Json<unknown[]>;
  failure: string | null;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
  /** Set every few seconds by the instance running the import (014_import_heartbeat.sql). */
  heartbeat_at: Timestamp | null;
}

export interface RegionsTable {
  unit_id: string;
  name: string;
  aliases: Json<string[]>;
  geometry: Json<unknown>;
  updated_at: Timestamp;
}

export interface UnitDutiesTable {
  id: string;
  unit_id: string;
  item: string;
  category_code: string | null;
  keywords: Json<string[]>;
  basis: string | null;
  created_at: Timestamp;
}

export interface DispatchCatalogueTable {
  id: string;
  category_code: string;
  region_unit_id: string | null;
  territorial: boolean;
  lead_unit_id: string | null;
  co_unit_ids: Json<string[]>;
  note: string | null;
  updated_at: Timestamp;
}

export interface UnitStaffTable {
  id: string;
  unit_id: string;
  duty: 'principal' | 'leader_in_charge' | 'office_director' | 'liaison';
  name: string;
  title: string | null;
  office_phone: string | null;
  mobile: string | null;
  updated_at: Timestamp;
}

export interface RoutingModelsTable {
  kind: 'category' | 'unit';
  model: Json<unknown>;
  docs: number;
  metrics: Json<Record<string, unknown>>;
  trained_at: Timestamp;
}

export interface CaseCorequestersTable {
  case_id: string;
  from_case_id: string;
  name: string | null;
  phone: string | null;
  added_at: Timestamp;
}

export interface AlertsTable {
  id: string;
  kind: string;
  dedupe_key: string;
  region_unit_id: string | null;
  category_code: string | null;
  title: string;
  case_ids: Json<string[]>;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
}

export interface RoutingHistoryTable {
  id: string;
  title: string;
  content: Generated<string>;
  category_code: string | null;
  unit_code: string | null;
  imported_at: Timestamp;
}

export interface ReplyPhrasesTable {
  id: string;
  phrase: string;
  level: Generated<'block' | 'warn'>;
  note: string | null;
  active: Generated<boolean>;
  updated_at: Timestamp;
}

export interface SupervisionOrdersTable {
  id: string;
  order_no: string;
  kind: 'supervision' | 'key_item';
  case_id: string;
  unit_id: string;
  requirement: string;
  due_at: Timestamp;
  issued_by: string | null;
  issued_at: Timestamp;
  status: Generated<'open' | 'responded' | 'closed'>;
  response: string | null;
  responded_by: string | null;
  responded_at: Timestamp | null;
  closed_by: string | null;
  closed_at: Timestamp | null;
  close_note: string | null;
  overdue_at: Timestamp | null;
}

export interface DocumentCountersTable {
  kind: string;
  year: number;
  last: number;
}

export interface CriticismEntriesTable {
  id: string;
  unit_id: string;
  case_id: string | null;
  reason: string;
  detail: string;
  source: 'auto' | 'manual';
  quarter: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoke_note: string | null;
}

export interface SpecialReportsTable {
  id: string;
  report_no: string;
  title: string;
  summary: string;
  status: Generated<'draft' | 'submitted'>;
  cases: Json<unknown[]>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_by: string | null;
  submitted_at: Timestamp | null;
}

export interface SpecialReportCasesTable {
  report_id: string;
  case_id: string;
  position: number;
}

/** The counters of docs/metrics.md, as the stats tables hold them. */
export interface StatsCountersColumns {
  received: Generated<number>;
  on_spot: Generated<number>;
  dispatched: Generated<number>;
  responded: Generated<number>;
  replied: Generated<number>;
  replied_on_time: Generated<number>;
  closed: Generated<number>;
  rated: Generated<number>;
  very_satisfied: Generated<number>;
  satisfied: Generated<number>;
  basically_satisfied: Generated<number>;
  dissatisfied: Generated<number>;
  very_dissatisfied: Generated<number>;
  resolved: Generated<number>;
  resolution_asked: Generated<number>;
  reworked: Generated<number>;
  returned: Generated<number>;
  extended: Generated<number>;
  supervised: Generated<number>;
  overdue: Generated<number>;
}

type StatsDay = ColumnType<string, string, string>;

export interface StatsDeltasTable extends StatsCountersColumns {
  id: Generated<number>;
  day: StatsDay;
  unit: string;
  district: string;
  category: string;
  channel: string;
  kind: string;
}
export interface StatsUnitDailyTable extends StatsCountersColumns {
  day: StatsDay;
  unit: string;
}
export interface StatsDistrictDailyTable extends StatsCountersColumns {
  day: StatsDay;
  district: string;
}
export interface StatsCategoryDailyTable extends StatsCountersColumns {
  day: StatsDay;
  category: string;
}
export interface StatsChannelDailyTable extends StatsCountersColumns {
  day: StatsDay;
  channel: string;
  kind: string;
}

export interface ReportsTable {
  id: string;
  kind: 'weekly' | 'monthly' | 'quarterly' | 'annual';
  period_from: StatsDay;
  period_to: StatsDay;
  title: string;
  data: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface WebhooksTable {
  id: string;
  name: string;
  url: string;
  secret: string;
  events: Json<string[]>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PlatformsTable {
  id: string;
  code: string;
  name: string;
  base_url: string;
  token: string;
  unit_id: string;
  user_id: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface KnowledgeArticlesTable {
  id: string;
  type: 'policy' | 'guide' | 'faq';
  title: string;
  body: string;
  category_code: string | null;
  owner_unit_id: string;
  valid_from: ColumnType<string, string, string> | null;
  valid_to: ColumnType<string, string, string> | null;
  status: Generated<'draft' | 'review' | 'published' | 'expired'>;
  version: Generated<number>;
  search_tokens: ColumnType<string | null, string | null | RawBuilder<unknown>, string | null | RawBuilder<unknown>>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
  published_at: Timestamp | null;
  expired_at: Timestamp | null;
  use_count: Generated<number>;
}

export interface KnowledgeUsesTable {
  id: Generated<number>;
  article_id: string;
  case_id: string;
  user_id: string | null;
  at: Timestamp;
}

export interface FilingsTable {
  id: string;
  unit_id: string;
  type: string;
  title: string;
  content: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  area_unit_ids: Json<string[]>;
  area_polygon: Json<unknown> | null;
  late: Generated<boolean>;
  status: Generated<'active' | 'withdrawn'>;
  search_tokens: ColumnType<string | null, string | null | RawBuilder<unknown>, string | null | RawBuilder<unknown>>;
  filed_by: string | null;
  filed_at: Timestamp;
  withdrawn_at: Timestamp | null;
  withdraw_note: string | null;
}

export interface DirectoryEntriesTable {
  id: string;
  kind: 'emergency' | 'service' | 'media';
  name: string;
  phone: string;
  note: string | null;
  sort: Generated<number>;
  active: Generated<boolean>;
}

export interface LeaderSessionsTable {
  id: string;
  leader_name: string;
  leader_title: string;
  unit_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  topic: string | null;
  published: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface LiaisonsTable {
  id: string;
  name: string;
  phone: string | null;
  area_unit_id: string | null;
  organisation: string | null;
  appointed_on: ColumnType<string, string, string>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface GrassrootsActivitiesTable {
  id: string;
  title: string;
  place: string;
  held_on: ColumnType<string, string, string>;
  unit_ids: Json<string[]>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface DutyRostersTable {
  unit_id: string;
  day: ColumnType<string, string, string>;
  person: string;
  phone: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface DutyCallFailuresTable {
  id: string;
  unit_id: string;
  case_id: string | null;
  phone: string;
  called_at: Timestamp;
  note: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface PrivacyAuditTable {
  id: string;
  kind: string;
  reference: string | null;
  subject: string | null;
  case_nos: Json<string[]>;
  cases: Generated<number>;
  details: Json<Record<string, unknown>>;
  actor_id: string | null;
  at: Timestamp;
}

export interface SchemaMigrationsTable {
  version: string;
  applied_at: DefaultTimestamp;
}

/** Real-time notices waiting for the publisher (016; realtime/publisher.ts). */
export interface CaseNoticesTable {
  id: Generated<string>;
  payload: string;
}

export interface DB {
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  categories: CategoriesTable;
  case_no_counters: CaseNoCountersTable;
  cases: CasesTable;
  case_units: CaseUnitsTable;
  case_notices: CaseNoticesTable;
  case_events: CaseEventsTable;
  attachments: AttachmentsTable;
  case_replies: CaseRepliesTable;
  callbacks: CallbacksTable;
  extension_requests: ExtensionRequestsTable;
  personal_data_access_log: PersonalDataAccessLogTable;
  time_limit_rules: TimeLimitRulesTable;
  calendar_overrides: CalendarOverridesTable;
  settings: SettingsTable;
  timers: TimersTable;
  overdue_records: OverdueRecordsTable;
  notifications: NotificationsTable;
  callback_tasks: CallbackTasksTable;
  promises: PromisesTable;
  outbox: OutboxTable;
  inbound_messages: InboundMessagesTable;
  sms_parts: SmsPartsTable;
  calls: CallsTable;
  captchas: CaptchasTable;
  import_jobs: ImportJobsTable;
  regions: RegionsTable;
  unit_duties: UnitDutiesTable;
  dispatch_catalogue: DispatchCatalogueTable;
  unit_staff: UnitStaffTable;
  routing_models: RoutingModelsTable;
  case_corequesters: CaseCorequestersTable;
  alerts: AlertsTable;
  routing_history: RoutingHistoryTable;
  reply_phrases: ReplyPhrasesTable;
  supervision_orders: SupervisionOrdersTable;
  document_counters: DocumentCountersTable;
  criticism_entries: CriticismEntriesTable;
  special_reports: SpecialReportsTable;
  special_report_cases: SpecialReportCasesTable;
  stats_deltas: StatsDeltasTable;
  stats_unit_daily: StatsUnitDailyTable;
  stats_district_daily: StatsDistrictDailyTable;
  stats_category_daily: StatsCategoryDailyTable;
  stats_channel_daily: StatsChannelDailyTable;
  reports: ReportsTable;
  webhooks: WebhooksTable;
  platforms: PlatformsTable;
  knowledge_articles: KnowledgeArticlesTable;
  knowledge_uses: KnowledgeUsesTable;
  filings: FilingsTable;
  directory_entries: DirectoryEntriesTable;
  leader_sessions: LeaderSessionsTable;
  liaisons: LiaisonsTable;
  grassroots_activities: GrassrootsActivitiesTable;
  duty_rosters: DutyRostersTable;
  duty_call_failures: DutyCallFailuresTable;
  privacy_audit: PrivacyAuditTable;
  schema_migrations: SchemaMigrationsTable;
}

export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type CaseUpdate = Updateable<CasesTable>;
export type UnitRow = Selectable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
