/**
 * How a case looks through the API: one shape for lists and detail, personal data masked
 * unless the viewer may see it (and then the view is logged), and the steps this viewer may take.
 */
import type { CaseRow } from '../db/schema';
import type { Executor, CaseUnitRow } from './cases.repo';
import { maskIdNumber, maskName, maskPhone } from '../../core/citizen';
import { allowedActions, CASE_STATE_LABELS, type Actor, type CaseFacts, type CaseState, UNIT_CLOCK_STATES } from '../../core/case-lifecycle';
import { seesPersonalData, type Viewer } from '../../core/visibility';
import { deadlineStatus, type DeadlineStatus } from '../../core/time-limits';
import type { Channel } from '../../core/enums';
import { withinResponseTarget } from '../../core/response-times';
import type { AuthUser } from '../auth/auth.repo';

export function toFacts(row: CaseRow, units: readonly CaseUnitRow[], openPromises = 0): CaseFacts {
  return {
    state: row.state as CaseState,
    channel: row.channel as Channel,
    anonymous: row.anonymous,
    leadUnitId: row.lead_unit_id,
    coUnitIds: units.filter((u) => u.role === 'co' && u.active).map((u) => u.unitId),
    extensionPending: row.extension_pending,
    dueAt: row.due_at,
    requiresSignOff: row.requires_signoff,
    openPromises,
    openOrders: row.open_orders,
  };
}

export function actorOf(user: AuthUser): Actor & Viewer {
  return { userId: user.userId, role: user.role, unitId: user.unitId, unitPath: user.unitPath, atCentre: user.atCentre };
}

/** normal / warning / overdue while a unit's clock runs (issue #3 §4); the warning point was fixed when the stage began. */
export function deadlineOf(row: CaseRow, now: Date): DeadlineStatus | null {
  if (!(UNIT_CLOCK_STATES as readonly string[]).includes(row.state) || !row.due_at) return null;
  if (now.getTime() > row.due_at.getTime()) return 'overdue';
  if (row.warn_at && now.getTime() >= row.warn_at.getTime()) return 'warning';
  if (!row.warn_at && row.stage_started_at) return deadlineStatus(now, row.stage_started_at, row.due_at);
  return 'normal';
}

/**
 * The case as `user` may see it. Personal data is unmasked only when `unmask` is asked for and
 * the user may see it; the caller then logs the view (`logPersonalDataView`). Lists never unmask.
 */
export function caseView(row: CaseRow, units: readonly CaseUnitRow[], user: AuthUser, now: Date, lang: 'zh' | 'en' = 'zh', unmask = false, openPromises = 0, leadHasSubUnits = false) {
  const viewer = actorOf(user);
  const unmasked = unmask && seesPersonalData(viewer, row);
  const hidden = row.confidential && !seesPersonalData(viewer, row); // 保密件: nothing of the citizen outside those who may see it
  const lead = units.find((u) => u.role === 'lead' && u.active);
  return {
    id: row.id,
    caseNo: row.case_no,
    queryCode: user.atCentre || row.registered_by === user.userId ? row.query_code : undefined,
    channel: row.channel,
    source: row.source,
    // a staff registration's Idempotency-Key (cases.routes.ts) is not an outside reference
    externalId: row.external_id?.startsWith('key:') ? null : row.external_id,
    kind: row.kind,
    urgency: row.urgency,
    title: row.title,
    content: row.content,
    categoryCode: row.category_code,
    address: row.address,
    location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null,
    anonymous: row.anonymous,
    confidential: row.confidential,
    citizen: row.anonymous
      ? null
      : {
          name: hidden ? maskName(row.citizen_name) : row.citizen_name,
          phone: unmasked ? row.citizen_phone : maskPhone(row.citizen_phone),
          idNumber: unmasked ? row.citizen_id_no : maskIdNumber(row.citizen_id_no),
          address: hidden ? null : row.citizen_address,
          masked: !unmasked,
        },
    state: row.state,
    stateLabel: CASE_STATE_LABELS[row.state as CaseState][lang],
    version: row.version,
    leadUnit: lead ? { id: lead.unitId, code: lead.code, name: lead.name } : null,
    coUnits: units.filter((u) => u.role === 'co' && u.active).map((u) => ({ id: u.unitId, code: u.code, name: u.name })),
    stage: row.stage,
    stageLimit: row.stage_limit,
    stageStartedAt: row.stage_started_at,
    dueAt: row.due_at,
    deadlineStatus: deadlineOf(row, now),
    warnAt: row.warn_at,
    requiresSignOff: row.requires_signoff,
    supervised: row.supervised,
    extensionPending: row.extension_pending,
    reworkCount: row.rework_count,
    urgeCount: row.urge_count,
    satisfaction: row.satisfaction,
    finalReply: row.final_reply,
    closingNote: row.closing_note,
    createdAt: row.created_at,
    receivedAt: row.received_at,
    acknowledgedAt: row.acknowledged_at,
    responseWithinTarget: row.received_at ? withinResponseTarget(row.channel as Channel, row.received_at, row.acknowledged_at, now) : null,
    regionUnitId: row.region_unit_id,
    repeatOf: row.repeat_of,
    mergedInto: row.merged_into,
    callId: row.call_id,
    recordingUrl: row.recording_url,
    updatedAt: row.updated_at,
    dispatchedAt: row.dispatched_at,
    acceptedAt: row.accepted_at,
    repliedAt: row.replied_at,
    closedAt: row.closed_at,
    archivedAt: row.archived_at,
    overdue: row.overdue_at !== null,
    siteCheck: row.site_check,
    leaderSessionId: row.leader_session_id,
    liaisonId: row.liaison_id,
    activityId: row.activity_id,
    openOrders: row.open_orders,
    allowedActions: allowedActions(viewer, { ...toFacts(row, units, openPromises), leadHasSubUnits }, now),
  };
}

/** DOMAIN.md §4: every unmasked view of personal data is recorded. */
export async function logPersonalDataView(db: Executor, user: AuthUser, row: CaseRow, purpose: string, ip: string | undefined, now: Date): Promise<void> {
  if (row.anonymous || (!row.citizen_phone && !row.citizen_id_no)) return;
  const fields = [row.citizen_phone && 'phone', row.citizen_id_no && 'id_number'].filter(Boolean).join(',');
  await db.insertInto('personal_data_access_log').values({ user_id: user.userId, case_id: row.id, fields, purpose, ip: ip ?? null, at: now }).execute();
}
