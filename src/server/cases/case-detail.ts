/** Everything on a case's page: the history with names, replies, callbacks, extensions, attachments. */
import { sql } from 'kysely';
import { isUuid, loadCaseUnits, type Executor } from './cases.repo';
import { eventLabel } from '../../core/case-lifecycle';

export async function loadCaseDetail(db: Executor, idOrNo: string, lang: 'zh' | 'en') {
  const row = await db.selectFrom('cases').selectAll().where(isUuid(idOrNo) ? 'id' : 'case_no', '=', idOrNo).executeTakeFirst();
  if (!row) return null;
  const [units, events, replies, callbacks, extensions, attachments, promises, orders, reports] = await Promise.all([
    loadCaseUnits(db, [row.id]).then((m) => m.get(row.id) ?? []),
    db
      .selectFrom('case_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .leftJoin('units as un', 'un.id', 'e.actor_unit_id')
      .select(['e.seq', 'e.action', 'e.from_state', 'e.to_state', 'e.at', 'e.payload', 'e.actor_id', 'e.actor_role', 'u.display_name', 'un.id as unit_id', 'un.code as unit_code', 'un.name as unit_name'])
      .where('e.case_id', '=', row.id)
      .orderBy('e.seq')
      .execute(),
    db
      .selectFrom('case_replies as r')
      .innerJoin('units as un', 'un.id', 'r.unit_id')
      .innerJoin('users as u', 'u.id', 'r.author_id')
      .select(['r.id', 'r.kind', 'r.content', 'r.attachment_ids', 'r.contacted_at', 'r.citizen_attitude', 'r.created_at', 'r.status', 'r.signed_off_at', 'r.review_note', 'r.checks', 'un.name as unit_name', 'u.display_name as author'])
      .where('r.case_id', '=', row.id)
      .orderBy('r.created_at')
      .execute(),
    db.selectFrom('callbacks').selectAll().where('case_id', '=', row.id).orderBy('at').execute(),
    db.selectFrom('extension_requests').selectAll().where('case_id', '=', row.id).orderBy('requested_at').execute(),
    db.selectFrom('attachments').select(['id', 'filename', 'mime', 'size', 'created_at']).where('case_id', '=', row.id).orderBy('created_at').execute(),
    db.selectFrom('promises').select(['id', 'what', sql<string | null>`due_date::text`.as('due_date'), 'created_at', 'done_at', 'done_note']).where('case_id', '=', row.id).orderBy('created_at').execute(),
    db
      .selectFrom('supervision_orders as o')
      .innerJoin('units as un', 'un.id', 'o.unit_id')
      .select(['o.id', 'o.order_no', 'o.kind', 'o.requirement', 'o.due_at', 'o.issued_at', 'o.status', 'o.response', 'o.responded_at', 'o.closed_at', 'o.close_note', 'o.overdue_at', 'un.name as unit_name'])
      .where('o.case_id', '=', row.id)
      .orderBy('o.issued_at')
      .execute(),
    db
      .selectFrom('special_report_cases as rc')
      .innerJoin('special_reports as r', 'r.id', 'rc.report_id')
      .select(['r.id', 'r.report_no', 'r.title', 'r.status'])
      .where('rc.case_id', '=', row.id)
      .execute(),
  ]);
  // an anonymised case (docs/privacy.md): earlier payloads that named the citizen are shown as cleaned then
  const cleaned = Object.assign({}, ...events.filter((e) => e.action === 'anonymise').map((e) => (e.payload as { redactedPayloads?: Record<string, unknown> }).redactedPayloads ?? {})) as Record<string, Record<string, unknown>>;
  for (const e of events) if (cleaned[e.seq]) e.payload = cleaned[e.seq]!;
  return {
    row,
    units,
    events: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      actionLabel: eventLabel(e.action, lang),
      fromState: e.from_state,
      toState: e.to_state,
      actor: e.actor_id ? { id: e.actor_id, name: e.display_name ?? '', role: e.actor_role ?? '' } : null,
      unit: e.unit_id ? { id: e.unit_id, code: e.unit_code ?? '', name: e.unit_name ?? '' } : null,
      at: e.at,
      payload: e.payload,
    })),
    replies: replies.map((r) => ({
      id: r.id,
      kind: r.kind,
      unit: r.unit_name,
      author: r.author,
      content: r.content,
      attachmentIds: r.attachment_ids,
      contactedAt: r.contacted_at,
      citizenAttitude: r.citizen_attitude,
      createdAt: r.created_at,
      status: r.status,
      signedOffAt: r.signed_off_at,
      reviewNote: r.review_note,
      checks: r.checks,
    })),
    // DOMAIN.md §5 (S1): leaders' instructions are shown at the top of the case page
    instructions: events
      .filter((e) => e.action === 'instruct')
      .map((e) => {
        const p = e.payload as { instruction?: string; dueAt?: string | null };
        return { at: e.at, by: e.display_name ?? '', text: String(p.instruction ?? ''), dueAt: p.dueAt ?? null };
      })
      .reverse(),
    orders: orders.map((o) => ({
      id: o.id,
      orderNo: o.order_no,
      kind: o.kind,
      unit: o.unit_name,
      requirement: o.requirement,
      dueAt: o.due_at,
      issuedAt: o.issued_at,
      status: o.status,
      response: o.response,
      respondedAt: o.responded_at,
      closedAt: o.closed_at,
      closeNote: o.close_note,
      overdue: o.overdue_at !== null,
    })),
    specialReports: reports.map((r) => ({ id: r.id, reportNo: r.report_no, title: r.title, status: r.status })),
    callbacks: callbacks.map((c) => ({ id: c.id, type: c.type, method: c.method, reached: c.reached, contacted: c.contacted, satisfaction: c.satisfaction, resolved: c.resolved, comment: c.comment, at: c.at })),
    extensions: extensions.map((x) => ({
      id: x.id,
      reason: x.reason,
      limit: x.requested_limit,
      status: x.status,
      requestedAt: x.requested_at,
      decidedAt: x.decided_at,
      decisionNote: x.decision_note,
      oldDueAt: x.old_due_at,
      newDueAt: x.new_due_at,
    })),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size: a.size, createdAt: a.created_at })),
    promises: promises.map((p) => ({ id: p.id, what: p.what, dueDate: p.due_date, createdAt: p.created_at, doneAt: p.done_at, doneNote: p.done_note })),
  };
}
